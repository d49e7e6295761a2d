/// Honors named without an award verb before them that are still plainly honors: a list after a
/// word that announces it (`获奖情况：优等奖、卓越奖`) and an award in quotes (`「卓越獎」`).
extension HonorExtractor {
    /// Titles listed after an `announce` word and a colon, outside the lists award verbs opened; the
    /// lists themselves, so a title found there by its grammar is held. Colons are found in `marks`.
    func announcedTitles(
        _ text: [Unicode.Scalar], places: [Match], lists: [AwardList], marks: MarkPositions
    ) -> ([Match], [AwardList]) {
        var found: [Match] = []
        var announced: [AwardList] = []
        let inLists = Coverage(length: text.count, lists.map(\.range))
        var colon = -1
        while true {
            colon = marks.first(Self.colon, in: text, from: colon + 1)
            guard colon < text.count else { break }
            guard !inLists.contains(colon), let word = announcement(text, endingAt: colon) else { continue }
            let end = Self.listEnd(text, from: colon + 1)
            for item in titles(text, (colon + 1)..<end).compactMap({ described($0, text) }) {
                let honor = Honor(
                    title: Self.title(text, item), level: level(of: item, in: text, places: places), recipient: nil)
                found.append(Match(range: item, rule: word.payload.id, value: .honor(honor)))
            }
            announced.append((word.start..<end, Honor.held, word.payload))
        }
        return (found, announced)
    }

    /// The colon an announced list follows: found in one pass with other extractors' marks (`MarkPositions`).
    static let colon = ScalarMarks([":"])

    /// Later and earlier mentions of an award the page names (`「社区英雄奖」` … `社区英雄奖评审团`): an
    /// award's name of at least `minEcho` characters, ending in its award noun, is the award wherever
    /// it stands outside the facts already found. The names are looked for in one pass over the
    /// text, not one pass each (a page of awards names thousands), and taken in the order of the
    /// facts that name them.
    func awardEchoes(_ text: [Unicode.Scalar], of found: [Match], taken: Coverage) -> [Match] {
        let names = echoNames(of: found)
        guard !names.isEmpty else { return [] }
        var starts = [[Int]](repeating: [], count: names.count)
        for hit in Lexicon(names.indices.map { (names[$0].title, $0) }).all(in: text) {
            starts[hit.payload].append(hit.range.lowerBound)
        }
        var echoes: [Match] = []
        var taken = taken  // and the echoes found
        for (name, starts) in zip(names, starts) {
            for start in starts {
                let range = start..<(start + name.length)
                // 社区英雄奖励计划: the noun is part of another word here.
                guard !name.award.isBlocked(in: text, at: range.upperBound), !taken.overlaps(range) else { continue }
                let honor = Honor(title: name.title, level: name.fact.value.honor?.level, recipient: nil)
                echoes.append(Match(range: range, rule: name.fact.rule, value: .honor(honor)))
                taken.cover(range)
            }
        }
        return echoes
    }

    /// The award names to look for again (see `awardEchoes`), each once, in the order of the facts
    /// that name them: the fact, the name, its length in scalars and its award noun's rule.
    func echoNames(of found: [Match]) -> [(fact: Match, title: String, length: Int, award: WordRule)] {
        var names: [(fact: Match, title: String, length: Int, award: WordRule)] = []
        var seen: Set<String> = []
        for m in found {
            guard let title = m.value.honor?.title else { continue }
            let name = Array(title.unicodeScalars)
            // Most titles name no award: asked before a title is hashed to be looked for among those seen.
            guard name.count >= Self.minEcho, !name.contains(where: { Self.quoteMarks.contains($0) }),
                let award = awards.longestReversed(in: name, endingAt: name.count), seen.insert(title).inserted
            else { continue }
            names.append((m, title, name.count, award.payload))
        }
        return names
    }

    /// The shortest award name taken again where it stands alone (a name of three, 金质奖, may be a
    /// common word).
    static let minEcho = 4

    /// The rule id of the quoted award listed right before `quote` (「…獎」、「…獎」及「…學校」): a quote in
    /// a list of quoted awards names one too, unless words describe it (的).
    func listedAfter(_ previous: Match?, _ quote: Range<Int>, _ text: [Unicode.Scalar]) -> String? {
        guard let previous, previous.range.upperBound < quote.lowerBound,
            isListGap(text, previous.range.upperBound..<quote.lowerBound), !text[quote].contains("的")
        else { return nil }
        return previous.rule
    }

    /// The announce word before a colon (获奖情况：), also with a word introducing the list between
    /// them (新增七个奖项，分别是：).
    func announcement(_ text: [Unicode.Scalar], endingAt colon: Int) -> (payload: WordRule, start: Int)? {
        var end = colon
        if let intro = introduces.longestReversed(in: text, endingAt: colon, notBefore: max(0, colon - 4)) {
            end = intro.start > 0 && text[intro.start - 1] == "," ? intro.start - 1 : intro.start
        }
        return announces.longestReversed(in: text, endingAt: end, notBefore: max(0, end - 8))
    }

    /// An item's title after the words describing it (傑出系列中的「傑出青年義工計劃」, 由…推出的「…獎」):
    /// it starts after the last introducing word or 的 outside quotes, and must still be a title.
    func described(_ item: Range<Int>, _ text: [Unicode.Scalar]) -> Range<Int>? {
        var depth = 0, lo = item.lowerBound
        for i in item {
            if depth == 0, let word = itemOpeners.longest(in: text, at: i), word.end < item.upperBound { lo = word.end }
            depth = Self.quoteDepth(after: text[i], depth)
        }
        let r = lo..<item.upperBound
        return lo == item.lowerBound || isTitle(r, text) ? r : nil
    }

    /// Lists of awards named without a verb (`而當中的傑出青年義工計劃獎、團隊獎和青年義工時數獎`,
    /// `包括卓越獎1名、優等獎及甲等獎各7名`): a clause split into list items, each a title, at least
    /// `minAwards` of them ending in an award noun with a name before it. The first item starts
    /// after the words that introduce it (包括, 的).
    func awardLists(_ text: [Unicode.Scalar], places: [Match], taken: Coverage, lexicons: LexiconHits) -> [Match] {
        var found: [Match] = []
        // The awards of the whole text, by end: a clause's are those that lie inside it.
        let awardHits = lexicons.all(awards, in: text).map(\.range)
        // Most texts name fewer awards than a list holds: no clause to walk.
        guard awardHits.count >= Self.minAwards else { return [] }
        var start = 0
        while start < text.count {
            let end = Self.listEnd(text, from: start)
            let clause = start..<end
            start = end + 1
            guard !taken.overlaps(clause),
                Self.count(awardHits, inside: clause, atLeast: Self.minAwards)
            else { continue }
            found += awardList(text, clause, places: places)
        }
        return found
    }

    /// Whether at least `n` of these ranges (sorted by end) lie inside `clause`.
    static func count(_ ranges: [Range<Int>], inside clause: Range<Int>, atLeast n: Int) -> Bool {
        var found = 0
        // From the first that ends after the clause starts.
        for r in ranges[ranges.partitioningIndex { $0.upperBound > clause.lowerBound }...] {
            guard r.upperBound <= clause.upperBound else { break }
            if r.lowerBound >= clause.lowerBound { found += 1 }
            if found >= n { return true }
        }
        return false
    }

    /// How many awards make a list of awards: one alone may be a word (頒獎).
    static let minAwards = 2

    /// The titles of a clause when it is a list of awards (see `awardLists`), else none.
    func awardList(_ text: [Unicode.Scalar], _ clause: Range<Int>, places: [Match]) -> [Match] {
        var pieces = listPieces(text, clause)
        guard pieces.count >= Self.minAwards, let first = itemStart(text, pieces[0]) else { return [] }
        pieces[0] = first
        let items = pieces.compactMap { trim($0, text) }
        guard items.count == pieces.count, items.allSatisfy({ isTitle($0, text) }) else { return [] }
        // An award has a name before its noun (優等獎) or is a marker itself (金奖); 颁奖 is an act.
        let awarded = items.filter { item in
            awards.longestReversed(in: text, endingAt: item.upperBound, notBefore: item.lowerBound) != nil
                && (item.count > 2 || markers.longest(in: text, at: item.lowerBound)?.end == item.upperBound)
        }
        guard let award = awarded.first.flatMap({ awardEnding(text, $0) }), awarded.count >= Self.minAwards
        else { return [] }
        return items.map { item in
            let honor = Honor(
                title: Self.title(text, item), level: level(of: item, in: text, places: places), recipient: nil)
            return Match(range: item, rule: award.id, value: .honor(honor))
        }
    }

    /// Where a clause's first item starts: after the last word introducing it (包括, 的, 了). With
    /// none the words before the award may be a verb's (设立一等奖), and no list is taken.
    func itemStart(_ text: [Unicode.Scalar], _ piece: Range<Int>) -> Range<Int>? {
        itemOpeners.all(in: text, range: piece).last { $0.range.upperBound < piece.upperBound }
            .map { $0.range.upperBound..<piece.upperBound }
    }

    /// Awards in quotes (`「卓越獎」`, `“金唱片奖”`): a name ending in an award noun, or at most
    /// `awardTail` characters after one, is an honor wherever it stands. Quote marks are found in `marks`.
    func quotedAwards(_ text: [Unicode.Scalar], places: [Match], taken: Coverage, marks: MarkPositions) -> [Match] {
        var found: [Match] = []
        let (pairs, openers) = (Self.quotePairs, Self.quoteOpeners)  // read once: each read of a static copies it
        var i = 0
        while true {
            // Most of a text opens no quote: passed in one search.
            i = marks.first(openers, in: text, from: i)
            guard i < text.count else { break }
            guard let close = pairs[text[i]] else {
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
            if !taken.overlaps(quote),
                let rule = awardEnding(text, inner)?.id ?? listedAfter(found.last, quote, text)
            {
                let level = level(of: inner, in: text, places: places)
                let honor = Honor(title: Self.title(text, quote), level: level, recipient: nil)
                found.append(Match(range: quote, rule: rule, value: .honor(honor)))
            }
            i = j + 1
        }
        return found
    }
}
