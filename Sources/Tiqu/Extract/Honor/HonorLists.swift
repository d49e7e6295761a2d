/// Honors named without an award verb before them that are still plainly honors: a list after a
/// word that announces it (`获奖情况：优等奖、卓越奖`) and an award in quotes (`「卓越獎」`).
extension HonorExtractor {
    /// Titles listed after an `announce` word and a colon, outside the lists award verbs opened; the
    /// lists themselves, so a title found there by its grammar is held.
    func announcedTitles(_ text: [Unicode.Scalar], places: [Match], lists: [AwardList]) -> ([Match], [AwardList]) {
        var found: [Match] = []
        var announced: [AwardList] = []
        for colon in text.indices where text[colon] == ":" && !lists.contains(where: { $0.range.contains(colon) }) {
            guard let word = announces.longestReversed(in: text, endingAt: colon, notBefore: max(0, colon - 8))
            else { continue }
            let end = Self.listEnd(text, from: colon + 1)
            for item in titles(text, (colon + 1)..<end) {
                let honor = Honor(
                    title: Self.title(text, item), level: level(of: item, in: text, places: places), recipient: nil)
                found.append(Match(range: item, rule: word.payload.id, value: .honor(honor)))
            }
            announced.append((word.start..<end, Honor.held, word.payload))
        }
        return (found, announced)
    }

    /// Awards in quotes (`「卓越獎」`, `“金唱片奖”`): a name ending in an award noun, or at most
    /// `awardTail` characters after one, is an honor wherever it stands.
    func quotedAwards(_ text: [Unicode.Scalar], places: [Match], taken: [Range<Int>]) -> [Match] {
        var found: [Match] = []
        var i = 0
        while i < text.count {
            guard let close = Self.quotePairs[text[i]] else {
                i += 1
                continue
            }
            var j = i + 1
            while j < text.count, j - i <= Self.maxTitle, text[j] != close, text[j] != "\n" { j += 1 }
            guard j < text.count, text[j] == close, j > i + 2 else {
                i += 1
                continue
            }
            let quote = i..<(j + 1), inner = (i + 1)..<j
            if !taken.contains(where: { $0.overlaps(quote) }), let award = awardEnding(text, inner) {
                let level = level(of: inner, in: text, places: places)
                let honor = Honor(title: Self.title(text, quote), level: level, recipient: nil)
                found.append(Match(range: quote, rule: award.id, value: .honor(honor)))
            }
            i = j + 1
        }
        return found
    }
}
