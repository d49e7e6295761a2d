/// Finds cited documents: every `《…》` title, with its issuer when the sentence gives one —
/// an organisation right before the title (`国家统计局《…》`), or, when an issuing verb (出台, 印发 …)
/// precedes the title in its sentence, the place or organisation the sentence opens with
/// (`东柳街道……先后出台《…》`).
public struct CitationExtractor: Extractor {
    let verbs: Lexicon<WordRule>
    let issuers: Lexicon<WordRule>
    let boundaries: Lexicon<WordRule>
    /// The provenance of a title found with no issuing rule involved: the 《》 mechanism itself.
    static let titleRule = "citations/title"

    /// A title longer than this is not a title (an unclosed 《).
    static let maxTitle = 60
    /// How far back an organisation's name runs before its suffix (宁波市鄞州区人民政府办公室).
    static let maxIssuer = 14

    public init(rules book: RuleBook) {
        verbs = book.words.lexicon(.citation, "verb", reversed: true)
        issuers = book.words.lexicon(.citation, "issuer", reversed: true)
        boundaries = book.words.lexicon(.citation, "boundary", reversed: true)
    }

    public let finds: Set<FactKind> = [.citations]
    public let reads: Set<FactKind> = [.places]

    public func matches(in analysis: Analysis, earlier: [Match]) -> [Match] {
        let text = analysis.map.folded
        let places = earlier.filter { $0.kind == .places }
        var found: [Match] = []
        var i = 0
        while i < text.count {
            guard text[i] == "《" else {
                i += 1
                continue
            }
            var j = i + 1
            while j < text.count, j - i <= Self.maxTitle + 1, text[j] != "》", text[j] != "《", text[j] != "\n" { j += 1 }
            guard j < text.count, text[j] == "》", j > i + 1 else {
                i += 1
                continue
            }
            let title = String(scalars: text[(i + 1)..<j])
            let (issuer, rule) = self.issuer(before: i, in: text, analysis: analysis, places: places)
            found.append(
                Match(
                    range: i..<(j + 1), rule: rule ?? Self.titleRule,
                    value: .citation(Citation(title: title, issuer: issuer))))
            i = j + 1
        }
        return found
    }

    func issuer(before open: Int, in text: [Unicode.Scalar], analysis: Analysis, places: [Match]) -> (String?, String?)
    {
        func name(_ r: Range<Int>) -> String { String(scalars: text[r]) }
        // 国家统计局《…》: an organisation right before the title.
        if let org = organisation(endingAt: open, in: text) { return (name(org.range), org.rule) }
        // An issuing verb before the title in its sentence, then the sentence's opening place or organisation.
        guard let sentence = analysis.sentences.containing(open) else { return (nil, nil) }
        var k = open
        var verb: WordRule?
        var verbStart = k
        while k > sentence.folded.lowerBound {
            if let v = verbs.longestReversed(in: text, endingAt: k, notBefore: sentence.folded.lowerBound) {
                verb = v.payload
                verbStart = v.start
                break
            }
            k -= 1
        }
        guard let verb else { return (nil, nil) }
        // 国务院联防联控机制印发《…》: the organisation right before the verb.
        if let org = organisation(endingAt: verbStart, in: text) { return (name(org.range), verb.id) }
        // The place the sentence opens with: nothing but marks and numbering before it.
        guard let opening = places.first(where: { sentence.folded.contains($0.range.lowerBound) }),
            !text[sentence.folded.lowerBound..<opening.range.lowerBound].contains(where: \.isHan)
        else { return (nil, verb.id) }
        // The place may be the start of an organisation's name: 宁波市人民政府.
        var end = opening.range.upperBound
        var probe = end
        while probe < k, probe - end <= Self.maxIssuer, text[probe].isHan {
            probe += 1
            if issuers.longestReversed(in: text, endingAt: probe, notBefore: end) != nil { end = probe }
        }
        return (name(opening.range.lowerBound..<end), verb.id)
    }

    /// An organisation whose name ends at `position`: a suffix from the rules (局, 委员会, 人民政府 …)
    /// and the Han characters before it, back to a boundary word (按照, 根据) or anything that is not Han.
    func organisation(endingAt position: Int, in text: [Unicode.Scalar]) -> (range: Range<Int>, rule: String)? {
        guard let suffix = issuers.longestReversed(in: text, endingAt: position, notBefore: max(0, position - 8)) else {
            return nil
        }
        var start = suffix.start
        while start > 0, position - start < Self.maxIssuer, text[start - 1].isHan,
            boundaries.longestReversed(in: text, endingAt: start, notBefore: max(0, start - 6)) == nil
        { start -= 1 }
        guard suffix.start - start >= 2 else { return nil }
        return (start..<position, suffix.payload.id)
    }
}
