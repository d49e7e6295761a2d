/// Finds cited documents: every `《…》` and `〈…〉` title, with its issuer when the sentence gives one —
/// an organisation right before the title (`国家统计局《…》`), or, when an issuing verb (出台, 印发 …)
/// precedes the title in its sentence, the place or organisation the sentence opens with
/// (`东柳街道……先后出台《…》`).
public struct CitationExtractor: Extractor, SearchesMarks {
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
    var searchedMarks: [ScalarMarks] { [Self.titleOpeners] }

    public func matches(in analysis: Analysis, earlier: [Match]) -> [Match] {
        let text = analysis.map.folded
        // Read at the first title: most pages cite nothing.
        lazy var places = earlier.filter { $0.kind == .places }
        // In order of their starts, as the place extractor gives them: a sentence's first is found by a search.
        assert(zip(places, places.dropFirst()).allSatisfy { $0.range.lowerBound <= $1.range.lowerBound })
        var found: [Match] = []
        var scan = SentenceScan()
        var (i, opens) = (0, 0)
        while true {
            // Most of a text opens no title: passed in one search.
            i = analysis.marks.first(Self.titleOpeners, in: text, from: i)
            guard i < text.count else { break }
            guard let close = Self.titleMarks[text[i]] else {
                i += 1
                continue
            }
            opens += 1
            if opens & 1023 == 0, analysis.expired { break }
            guard let j = titleEnd(opening: i, closedBy: close, in: text), isTitle(text[(i + 1)..<j], closedBy: close)
            else {
                i += 1
                continue
            }
            let title = String(scalars: text[(i + 1)..<j])
            let (issuer, rule) = self.issuer(before: i, in: text, analysis: analysis, places: places, scan: &scan)
            found.append(
                Match(
                    range: i..<(j + 1), rule: rule ?? Self.titleRule,
                    value: .citation(Citation(title: title, issuer: issuer))))
            found += innerTitles(in: (i + 1)..<j, of: text)
            i = j + 1
        }
        return found
    }

    /// The title marks, each with its closing one: 《…》, and 〈…〉 (a title of its own on Taiwan pages,
    /// or one cited inside another: 《〈…〉实施办法》).
    static let titleMarks: ScalarPairs = ["《": "》", "〈": "〉"]

    /// The marks that open a title: found in one pass with other extractors' marks (`MarkPositions`).
    static let titleOpeners = ScalarMarks(Array(titleMarks.closing.keys))

    /// Whether the words between the marks are a title: anything in 《…》; in 〈…〉, which also holds
    /// notes and credits (〈完〉, 〈记者 王小明/摄影〉) and maths (〈x,y〉), two Han characters or more, no
    /// space and no clause punctuation.
    func isTitle(_ words: ArraySlice<Unicode.Scalar>, closedBy close: Unicode.Scalar) -> Bool {
        guard close == "〉" else { return true }
        let twoHan = words.lazy.filter(\.isHan).prefix(2).count == 2
        return twoHan && !words.contains { $0.properties.isWhitespace || Self.notInTitles.contains($0) }
    }

    static let notInTitles: ScalarSet = [",", "，", "。", "；", ";", "：", ":", "/", "／", "、"]

    /// The 〈…〉 titles inside a 《…》 title: cited too, by the document the outer title names (no issuer).
    func innerTitles(in range: Range<Int>, of text: [Unicode.Scalar]) -> [Match] {
        var inner: [Match] = []
        var k = range.lowerBound
        while k < range.upperBound {
            if text[k] == "〈", let m = titleEnd(opening: k, closedBy: "〉", in: text), m < range.upperBound,
                isTitle(text[(k + 1)..<m], closedBy: "〉")
            {
                let title = Citation(title: String(scalars: text[(k + 1)..<m]), issuer: nil)
                inner.append(Match(range: k..<(m + 1), rule: Self.titleRule, value: .citation(title)))
                k = m
            }
            k += 1
        }
        return inner
    }

    /// Where the title opened at `open` closes: its closing mark within `maxTitle`, with no opening
    /// mark of its kind (nor a 《 inside 〈…〉: 〈《红楼梦》的版本〉 cites 红楼梦) or line break before it and
    /// something between; nil when it does not close.
    func titleEnd(opening open: Int, closedBy close: Unicode.Scalar, in text: [Unicode.Scalar]) -> Int? {
        let opener = text[open]
        var j = open + 1
        while j < text.count, j - open <= Self.maxTitle + 1, text[j] != close, text[j] != opener, text[j] != "\n",
            opener == "《" || text[j] != "《"
        {
            j += 1
        }
        guard j < text.count, text[j] == close, j > open + 1 else { return nil }
        return j
    }

    func issuer(
        before open: Int, in text: [Unicode.Scalar], analysis: Analysis, places: [Match], scan: inout SentenceScan
    ) -> (String?, String?) {
        func name(_ r: Range<Int>) -> String { String(scalars: text[r]) }
        // 国家统计局《…》: an organisation right before the title.
        if let org = organisation(endingAt: open, in: text) { return (name(org.range), org.rule) }
        // An issuing verb before the title in its sentence, then the sentence's opening place or organisation.
        guard let sentence = analysis.sentences.containing(open) else { return (nil, nil) }
        scan.enter(sentence.folded)
        guard let verb = nearestVerb(before: open, in: text, scan: &scan) else { return (nil, nil) }
        // 国务院联防联控机制印发《…》: the organisation right before the verb.
        if let org = organisation(endingAt: verb.start, in: text) { return (name(org.range), verb.rule.id) }
        guard let opening = openingPlace(in: text, places: places, scan: &scan) else { return (nil, verb.rule.id) }
        // The place may be the start of an organisation's name: 宁波市人民政府.
        var end = opening.upperBound
        var probe = end
        while probe < verb.end, probe - end <= Self.maxIssuer, text[probe].isHan {
            probe += 1
            if issuers.longestReversed(in: text, endingAt: probe, notBefore: end) != nil { end = probe }
        }
        return (name(opening.lowerBound..<end), verb.rule.id)
    }

    typealias Verb = (rule: WordRule, start: Int, end: Int)

    /// What the titles of one sentence share, found once for them all, so that a sentence of
    /// thousands of titles costs what its length does.
    struct SentenceScan {
        private(set) var sentence = 0..<0
        /// Where the last walk back for an issuing verb started, and the verb nearest before it.
        var from = 0
        var verb: Verb?
        /// The place the sentence opens with, once looked for.
        var opening: Range<Int>?
        var openingRead = false

        /// Starts over at a new sentence.
        mutating func enter(_ sentence: Range<Int>) {
            guard sentence != self.sentence else { return }
            self = SentenceScan(sentence: sentence, from: sentence.lowerBound)
        }
    }

    /// The issuing verb that ends nearest before `open` in the sentence: a walk back to where the
    /// last title's walk started, whose answer holds beyond.
    func nearestVerb(before open: Int, in text: [Unicode.Scalar], scan: inout SentenceScan) -> Verb? {
        var k = open
        while k > scan.from {
            if let v = verbs.longestReversed(in: text, endingAt: k, notBefore: scan.sentence.lowerBound) {
                scan.verb = (v.payload, v.start, k)
                break
            }
            k -= 1
        }
        scan.from = open
        return scan.verb
    }

    /// The place the sentence opens with: its first, with nothing but marks and numbering before it.
    func openingPlace(in text: [Unicode.Scalar], places: [Match], scan: inout SentenceScan) -> Range<Int>? {
        if !scan.openingRead {
            let start = scan.sentence.lowerBound
            let first = places.starting(in: scan.sentence).first?.range
            scan.opening = first.flatMap { text[start..<$0.lowerBound].contains(where: \.isHan) ? nil : $0 }
            scan.openingRead = true
        }
        return scan.opening
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
