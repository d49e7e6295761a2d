/// Finds named programs: a name in quotes (“…”, 「…」, 『…』, "…") that the rules say names an
/// initiative, method, brand, organisation, place or event.
///
/// The evidence, strongest first (each from `Rules/program_heads.yaml` or `Rules/program_cues.yaml`):
/// 1. a slogan word right after the quote (`…”总体布局`, `…”为抓手`): a slogan, not a program;
/// 2. a head noun after the quote, within its clause and before a verb that ends it (`“红色管家”楼宇志愿行动`): the head joins the name;
/// 3. an organisation or place noun right before the quote (`助残基地“阳光驿站”`): kept as the `generic` name;
/// 4. a head noun ending the quoted name itself (`“365社区服务工作法”`);
/// 5. a slogan verb right before the quote (`坚持“两手硬”`, `确保“两战赢”`): a slogan;
/// 6. a naming verb just before the quote (`推出企业防疫“十小妙招”`).
/// A list in quotes with no head after it (`“自治、法治、德治、智治”`) is a slogan too.
/// A quote with none of these is a quotation or a scare-quoted word, and a quote inside an honor
/// (`全国“阳光家园”示范区`) belongs to the honor.
public struct ProgramExtractor: Extractor {
    let heads: Lexicon<WordRule>
    let headsReversed: Lexicon<WordRule>
    /// Heads that name a thing (an organisation, a place): only these make a generic name before a quote.
    let genericHeads: Lexicon<WordRule>
    let names: Lexicon<WordRule>
    let slogans: Lexicon<WordRule>
    let slogansAfter: Lexicon<WordRule>
    let headStopWords: Lexicon<WordRule>

    static let pairs: [Unicode.Scalar: Unicode.Scalar] = ["“": "”", "「": "」", "『": "』", "\"": "\""]
    /// A quoted name shorter than this is a pun or a letter (零距“梨”), not a name.
    static let minName = 2
    /// A quoted name longer than this is a quotation.
    static let maxName = 24
    /// How far after the quote a head noun may end (`“漏斗型”矛盾纠纷调处化解东柳运作模式` is 14).
    static let headWindow = 14
    /// How far before the quote a naming verb may end (`开发掌上“乐龄顾问”`, `采用无人机“天眼巡查”`).
    static let cueWindow = 3
    /// How far back a generic name before the quote runs (`社会组织服务中心` is 8).
    static let genericWindow = 10
    /// What ends the search for a head: clause punctuation, another quote, a list (等) or a number.
    static let headStops = Punctuation.clauseEnds.union(Punctuation.nameOpeners).union([
        "”", Punctuation.listComma, "等", " ",
    ])

    public init(rules book: RuleBook) {
        heads = book.words.lexicon(.program_head, "head", "not_head")
        headsReversed = book.words.lexicon(.program_head, "head", reversed: true)
        genericHeads = book.words.lexicon(.program_head, "head", reversed: true) {
            $0.value == "organization" || $0.value == "place"
        }
        names = book.words.lexicon(.program_cue, "names", reversed: true)
        slogans = book.words.lexicon(.program_cue, "slogan", reversed: true)
        slogansAfter = book.words.lexicon(.program_cue, "slogan_after")
        headStopWords = book.words.lexicon(.program_cue, "head_stop")
    }

    public let finds: Set<FactKind> = [.programs]
    public let reads: Set<FactKind> = [.honors]

    public func matches(in analysis: Analysis, earlier: [Match]) -> [Match] {
        let text = analysis.map.folded
        let honors = earlier.filter { $0.kind == .honors }.map(\.range)
        var found: [Match] = []
        var i = 0
        while i < text.count {
            guard let close = Self.pairs[text[i]], let end = closing(close, in: text, after: i) else {
                i += 1
                continue
            }
            defer { i = end + 1 }
            let quote = i..<(end + 1)
            if honors.contains(where: { $0.overlaps(quote) }) { continue }
            if let m = program(text, quote) { found.append(m) }
        }
        return found
    }

    /// The matching close of the quote opened at `open`, on the same line and within `maxName`.
    func closing(_ close: Unicode.Scalar, in text: [Unicode.Scalar], after open: Int) -> Int? {
        var j = open + 1
        while j < text.count, j - open <= Self.maxName + 1, text[j] != "\n" {
            if text[j] == close { return j > open + Self.minName ? j : nil }
            j += 1
        }
        return nil
    }

    /// The program a quote names, by the rules in order (see the type's comment), or nil.
    func program(_ text: [Unicode.Scalar], _ quote: Range<Int>) -> Match? {
        let inner = (quote.lowerBound + 1)..<(quote.upperBound - 1)
        let name = String(String.UnicodeScalarView(text[inner]))
        func match(_ range: Range<Int>, _ rule: WordRule, head: Range<Int>?, generic: Range<Int>? = nil, kind: String?)
            -> Match
        {
            func str(_ r: Range<Int>?) -> String? { r.map { String(String.UnicodeScalarView(text[$0])) } }
            let program = Program(name: name, head: str(head), kind: kind ?? rule.value, generic: str(generic))
            return Match(range: range, rule: rule.id, value: .program(program))
        }
        // 1. A slogan word after the quote.
        if slogansAfter.longest(in: text, at: quote.upperBound) != nil { return nil }
        // 2. A head noun after it: the one that ends furthest within the window.
        if let head = headAfter(text, quote) {
            let headStart = text[quote.upperBound] == "的" ? quote.upperBound + 1 : quote.upperBound
            let range = quote.lowerBound..<head.range.upperBound
            return match(range, head.payload, head: headStart..<head.range.upperBound, kind: nil)
        }
        // 3. A generic name before the quote, ending in a head noun that names an organisation or place.
        if let generic = genericBefore(text, quote) {
            let range = generic.start..<quote.upperBound
            return match(range, generic.rule, head: nil, generic: generic.start..<quote.lowerBound, kind: nil)
        }
        // 4. A head noun ending the name.
        if let own = headsReversed.longestReversed(in: text, endingAt: inner.upperBound, notBefore: inner.lowerBound),
            own.start > inner.lowerBound
        {
            return match(quote, own.payload, head: nil, kind: nil)
        }
        // A list in quotes (“自治、法治、德治”) with no head after it is a slogan.
        if text[inner].contains("、") { return nil }
        // 5. A slogan verb right before it.
        if slogans.longestReversed(in: text, endingAt: quote.lowerBound, notBefore: max(0, quote.lowerBound - 6)) != nil
        {
            return nil
        }
        // 6. A naming verb just before it.
        return namingCue(text, before: quote).map { cue in
            match(quote, cue, head: nil, kind: cue.value ?? "initiative")
        }
    }

    /// The head noun after a quote that ends furthest within the window (before a stop).
    func headAfter(_ text: [Unicode.Scalar], _ quote: Range<Int>) -> (range: Range<Int>, payload: WordRule)? {
        var limit = quote.upperBound
        while limit < text.count, limit - quote.upperBound < Self.headWindow, !Self.headStops.contains(text[limit]),
            !NumeralParser.isASCIIDigit(text[limit]), headStopWords.longest(in: text, at: limit) == nil
        {
            limit += 1
        }
        let window = heads.all(in: text, range: quote.upperBound..<limit)
        let notHeads = window.filter { $0.payload.role == "not_head" }.map(\.range)
        return window.filter { h in h.payload.role == "head" && !notHeads.contains { $0.overlaps(h.range) } }
            .max { $0.range.upperBound < $1.range.upperBound }
    }

    /// An organisation or place name right before the quote (`社会组织服务中心“乐邻空间”`): where it
    /// starts, and the head rule it ends in.
    func genericBefore(_ text: [Unicode.Scalar], _ quote: Range<Int>) -> (start: Int, rule: WordRule)? {
        let floor = max(0, quote.lowerBound - Self.genericWindow)
        guard let generic = genericHeads.longestReversed(in: text, endingAt: quote.lowerBound, notBefore: floor) else {
            return nil
        }
        var start = generic.start
        while start > 0, quote.lowerBound - start < Self.genericWindow, text[start - 1].isHan,
            names.longestReversed(in: text, endingAt: start, notBefore: max(0, start - 6)) == nil
        {
            start -= 1
        }
        return (start, generic.payload)
    }

    /// A naming verb at most `cueWindow` Han characters before the quote (`推出企业防疫“十小妙招”`).
    func namingCue(_ text: [Unicode.Scalar], before quote: Range<Int>) -> WordRule? {
        for gap in 0...Self.cueWindow {
            let at = quote.lowerBound - gap
            guard at > 0, gap == 0 || text[at].isHan else { break }
            if let cue = names.longestReversed(in: text, endingAt: at, notBefore: max(0, at - 6)) { return cue.payload }
        }
        return nil
    }
}
