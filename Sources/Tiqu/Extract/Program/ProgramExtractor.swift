/// Finds named programs: a name in quotes (“…”, 「…」, 『…』, ‘…’, "…") that the rules say names an
/// initiative, method, brand, organisation, place or event.
///
/// The evidence, strongest first (each from `Rules/program_heads.yaml` or `Rules/program_cues.yaml`):
/// 1. a slogan word right after the quote (`…”总体布局`, `…”为抓手`): a slogan, not a program; so is a
///    quoted list or clause that describes what follows it (`“人人参与、人人受益”的志愿服务理念`);
/// 2. a head noun after the quote, within its clause and before a verb that ends it (`“红色管家”楼宇志愿行动`),
///    also after 等 and a count (`「綠在區區」等回收網絡`, `“群防群治”等8支专项队伍`) or a year
///    (`“在社区·爱成都”2018成都社区志愿服务周活动`): the head joins the name; quotes listed before it
///    (`铜陵市“益路铜行”、铜官区“我爱铜官乐”等志愿服务品牌`) share it;
/// 2a. a predicate that defines it (`“红小二”是社区今年推出的服务品牌`): a naming verb and a head in the clause after 是;
/// 3. an organisation or place noun right before the quote (`助残基地“阳光驿站”`): kept as the `generic` name;
/// 4. a head noun ending the quoted name itself (`“365社区服务工作法”`);
/// 5. a slogan verb right before the quote (`坚持“两手硬”`, `确保“两战赢”`): a slogan;
/// 6. a naming verb just before the quote (`推出企业防疫“十小妙招”`).
/// A list in quotes with no head after it (`“自治、法治、德治、智治”`) is a slogan too.
/// A quote with none of these is a quotation or a scare-quoted word, and a quote inside an honor
/// (`全国“阳光家园”示范区`) belongs to the honor. A quote nested in a program's name names a part of
/// it (`“‘四盯四亮’•东柳擂台”专项行动`). On Hong Kong, Macau and Taiwan pages a scheme is often named
/// without quotes (`長者社區照顧服務券`): see `SchemeNames.swift`.
public struct ProgramExtractor: Extractor, SearchesMarks {
    let heads: Lexicon<WordRule>
    let headsReversed: Lexicon<WordRule>
    /// Heads that name a thing (an organisation, a place): only these make a generic name before a quote.
    let genericHeads: Lexicon<WordRule>
    let names: Lexicon<WordRule>
    let slogans: Lexicon<WordRule>
    let slogansAfter: Lexicon<WordRule>
    let headStopWords: Lexicon<WordRule>
    /// Naming verbs read forwards, for a predicate after the quote (`是社区推出的…品牌`).
    let namesAhead: Lexicon<WordRule>
    /// Scheme heads (计划, 基金, 券 …) of names written without quotes.
    let schemes: Lexicon<WordRule>

    static let pairs = Punctuation.quotePairs
    /// The marks that open a quote: found in one pass with other extractors' marks (`MarkPositions`).
    static let quoteOpeners = ScalarMarks(Array(pairs.closing.keys))
    /// A quoted name shorter than this is a pun or a letter (零距“梨”), not a name.
    static let minName = 2
    /// A quoted name longer than this is a quotation (an event's full name with its edition may run to 26).
    static let maxName = 28
    /// The longest quoted name that holds clause punctuation (`“一次受理,集成服务”`).
    static let maxPhrase = 24
    /// The kinds of head that a quoted list before them names (`打造“…、…”的服务品牌`); a platform or
    /// a mechanism after such a list is described by it (`“组织联建、资源联享”的志愿服务平台`).
    static let namedKinds: Set<String> = ["brand", "project"]
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
        namesAhead = book.words.lexicon(.program_cue, "names")
        schemes = book.words.lexicon(.program_head, "scheme")
    }

    public let finds: Set<FactKind> = [.programs]
    public let reads: Set<FactKind> = [.honors]
    var searchedMarks: [ScalarMarks] { [Self.quoteOpeners] }

    public func matches(in analysis: Analysis, earlier: [Match]) -> [Match] {
        let text = analysis.map.folded
        let honors = Coverage(length: text.count, earlier.lazy.filter { $0.kind == .honors }.map(\.range))
        var judged: [(quote: Range<Int>, program: Match?)] = []
        var inHonors: [Range<Int>] = []
        for quote in quotes(in: text, marks: analysis.marks) {
            if honors.overlaps(quote) {
                inHonors.append(quote)
            } else {
                judged.append((quote, program(text, quote)))
            }
        }
        let shared = withSharedHeads(judged, text: text)
        let spelled = withNumberedParts(shared, text: text)
        let quoted = withEchoes(spelled, text: text, honors: earlier).compactMap(\.program)
        let nested = quoted.flatMap { parts(of: $0, in: text) } + inHonors.flatMap { namedInHonor($0, text: text) }
        let outlying = isOutlying(analysis.region?.code)
        let unquoted = outlying ? schemeNames(in: text, outside: honors.covering(quoted.map(\.range))) : []
        return (quoted + nested + unquoted).sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The quotes of a text, outermost only, in order; its quote marks found in `marks` when they were
    /// read there.
    func quotes(in text: [Unicode.Scalar], marks: MarkPositions = .none) -> [Range<Int>] {
        var out: [Range<Int>] = []
        let openers = Self.quoteOpeners
        var i = 0
        while true {
            // Most of a text opens no quote: passed in one search.
            i = marks.first(openers, in: text, from: i)
            guard i < text.count else { break }
            guard let close = Self.pairs[text[i]], let end = closing(close, in: text, after: i) else {
                i += 1
                continue
            }
            out.append(i..<(end + 1))
            i = end + 1
        }
        return out
    }

    /// Quotes listed before a program that took its head after them (`A“…”、B“…”等…品牌`) share it.
    func withSharedHeads(_ judged: [(quote: Range<Int>, program: Match?)], text: [Unicode.Scalar]) -> [(
        quote: Range<Int>, program: Match?
    )] {
        var out = judged
        for i in out.indices.reversed() {
            guard let m = out[i].program, let p = m.value.program, p.head != nil,
                m.range.upperBound > out[i].quote.upperBound
            else { continue }
            var j = i - 1
            while j >= 0, out[j].program == nil,
                isListed(text, from: out[j].quote.upperBound, to: out[j + 1].quote.lowerBound)
            {
                let inner = (out[j].quote.lowerBound + 1)..<(out[j].quote.upperBound - 1)
                let name = String(scalars: text[inner])
                out[j].program = Match(
                    range: out[j].quote, rule: m.rule, value: .program(Program(name: name, head: p.head, kind: p.kind)))
                j -= 1
            }
        }
        return out
    }

    /// Whether two quotes are items of one list: a 、 and at most a short name between them (铜官区).
    func isListed(_ text: [Unicode.Scalar], from: Int, to: Int) -> Bool {
        guard from < to, text[from] == Punctuation.listComma else { return false }
        return to - from - 1 <= Self.listItemPrefix && text[(from + 1)..<to].allSatisfy(\.isHan)
    }

    /// How long a name may stand before a listed quote (`枞阳县“…”`).
    static let listItemPrefix = 6

    /// The quotes nested in a program's name (`“‘四盯四亮’•东柳擂台”`) name parts of it.
    func parts(of program: Match, in text: [Unicode.Scalar]) -> [Match] {
        guard let p = program.value.program, let open = (program.range).first(where: { Self.pairs[text[$0]] != nil }),
            let close = Self.pairs[text[open]]
        else { return [] }
        var inner = (open + 1)..<program.range.upperBound
        if let end = inner.last(where: { text[$0] == close }) { inner = (open + 1)..<end }
        // A part is a name of Han characters (a pun in letters, 『Teen』, is not).
        return quotes(in: Array(text[inner])).filter { q in
            text[(q.lowerBound + inner.lowerBound)..<(q.upperBound + inner.lowerBound)].contains(where: \.isHan)
        }.map { q in
            let range = (q.lowerBound + inner.lowerBound)..<(q.upperBound + inner.lowerBound)
            let name = String(scalars: text[(range.lowerBound + 1)..<(range.upperBound - 1)])
            return Match(
                range: range, rule: program.rule, value: .program(Program(name: name, head: nil, kind: p.kind)))
        }
    }

    func isOutlying(_ region: String?) -> Bool { region != nil && region != "mainland" }

    /// The matching close of the quote opened at `open`, on the same line and within `maxName`.
    /// Past `maxPhrase` characters a name holds no clause punctuation: a longer quote with a comma
    /// is a quotation or a clause between two quotes.
    func closing(_ close: Unicode.Scalar, in text: [Unicode.Scalar], after open: Int) -> Int? {
        var j = open + 1
        var clauses = false
        while j < text.count, j - open <= Self.maxName + 1, text[j] != "\n" {
            if text[j] == close {
                guard j > open + Self.minName, !clauses || j - open - 1 <= Self.maxPhrase else { return nil }
                return j
            }
            clauses = clauses || Punctuation.clauseEnds.contains(text[j])
            j += 1
        }
        return nil
    }

    /// The program a quote names, by the rules in order (see the type's comment), or nil.
    func program(_ text: [Unicode.Scalar], _ quote: Range<Int>) -> Match? {
        let inner = (quote.lowerBound + 1)..<(quote.upperBound - 1)
        let name = String(scalars: text[inner])
        func match(_ range: Range<Int>, _ rule: WordRule, head: Range<Int>?, generic: Range<Int>? = nil, kind: String?)
            -> Match
        {
            func str(_ r: Range<Int>?) -> String? { r.map { String(scalars: text[$0]) } }
            let program = Program(name: name, head: str(head), kind: kind ?? rule.value, generic: str(generic))
            return Match(range: range, rule: rule.id, value: .program(program))
        }
        // 1. A slogan word after the quote, or a quoted list or clause that describes what follows (“…、…”的).
        if slogansAfter.longest(in: text, at: quote.upperBound) != nil { return nil }
        // An award (「…優等獎」) is an honor's, not a program.
        if text[inner.upperBound - 1] == "奖" { return nil }
        // Unless a naming verb before it and a brand or project after it name it (打造“…、…”的服务品牌).
        if quote.upperBound < text.count, text[quote.upperBound] == "的",
            text[inner].contains(where: { $0 == Punctuation.listComma || Punctuation.clauseEnds.contains($0) }),
            namingCue(text, before: quote) == nil
                || !Self.namedKinds.contains(headAfter(text, quote)?.payload.value ?? "")
        {
            return nil
        }
        // 2. A head noun after it: the one that ends furthest within the window.
        if let head = headAfter(text, quote) {
            let headStart = text[quote.upperBound] == "的" ? quote.upperBound + 1 : afterListEnd(text, quote.upperBound)
            let range = quote.lowerBound..<head.range.upperBound
            return match(range, head.payload, head: headStart..<head.range.upperBound, kind: nil)
        }
        // 2a. A predicate that defines it: 是 … a naming verb … a head, in its clause.
        if let head = definedBy(text, quote) { return match(quote, head.payload, head: head.range, kind: nil) }
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

    /// The head noun after a quote that ends furthest within the window (before a stop): right
    /// after it, after 等 and a count (等8支), with a year skipped (2018).
    func headAfter(_ text: [Unicode.Scalar], _ quote: Range<Int>) -> (range: Range<Int>, payload: WordRule)? {
        let start = afterListEnd(text, quote.upperBound)
        var limit = start
        var skipped = 0
        while limit < text.count, limit - start - skipped < Self.headWindow, !Self.headStops.contains(text[limit]),
            !isHeadStop(text, at: limit)
        {
            if NumeralParser.isASCIIDigit(text[limit]) {
                guard isYear(text, at: limit) else { break }
                (limit, skipped) = (limit + 4, skipped + 4)
                continue
            }
            limit += 1
        }
        let window = heads.all(in: text, range: start..<limit)
        let notHeads = window.filter { $0.payload.role == "not_head" }.map(\.range)
        return window.filter { h in h.payload.role == "head" && !notHeads.contains { $0.overlaps(h.range) } }
            .max { $0.range.upperBound < $1.range.upperBound }
    }

    /// Where a head may start after a quote: right after it, or after 等 and a count (等8支, 等多个).
    func afterListEnd(_ text: [Unicode.Scalar], _ at: Int) -> Int {
        guard at < text.count, text[at] == "等" else { return at }
        var i = at + 1
        while i < text.count, NumeralParser.isASCIIDigit(text[i]) || "一二两三四五六七八九十百多几".unicodeScalars.contains(text[i]) {
            i += 1
        }
        if i > at + 1, i < text.count, Self.countWords.contains(text[i]) { i += 1 }
        return i
    }

    static let countWords: ScalarSet = ["支", "个", "项", "家", "类", "场", "名", "种", "批", "处", "所"]

    func isYear(_ text: [Unicode.Scalar], at i: Int) -> Bool {
        i + 4 <= text.count && text[i..<(i + 4)].allSatisfy(NumeralParser.isASCIIDigit)
            && (text[i] == "1" || text[i] == "2") && (i + 4 == text.count || !NumeralParser.isASCIIDigit(text[i + 4]))
    }

    /// A verb that ends the search for a head, unless a word it starts says otherwise (为 in 为民服务).
    func isHeadStop(_ text: [Unicode.Scalar], at i: Int) -> Bool {
        guard let stop = headStopWords.longest(in: text, at: i) else { return false }
        return !stop.payload.isBlocked(in: text, at: stop.end)
    }

    /// `“红小二”是社区今年推出的服务品牌`: after 是, a naming verb, then a head ending the clause.
    func definedBy(_ text: [Unicode.Scalar], _ quote: Range<Int>) -> (range: Range<Int>, payload: WordRule)? {
        guard quote.upperBound < text.count, text[quote.upperBound] == "是" else { return nil }
        var end = quote.upperBound + 1
        while end < text.count, end - quote.upperBound < Self.predicateWindow, !Self.headStops.contains(text[end]) {
            end += 1
        }
        let clause = (quote.upperBound + 1)..<end
        guard clause.contains(where: { namesAhead.longest(in: text, at: $0) != nil }),
            let head = headsReversed.longestReversed(in: text, endingAt: end, notBefore: clause.lowerBound)
        else { return nil }
        // The head is what the clause names after its last 的 (推出的|服务品牌).
        let start = clause.last(where: { text[$0] == "的" && $0 < head.start }).map { $0 + 1 } ?? head.start
        return (start..<end, head.payload)
    }

    /// How far the clause after 是 may run (`是社区今年推出的服务品牌` is 12).
    static let predicateWindow = 24

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
