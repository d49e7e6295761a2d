/// Schemes named without quotes, as Hong Kong, Macau and Taiwan pages name them (`長者社區照顧服務券`,
/// `共建關愛社會資助計劃`, `關愛基金`): a run of Han characters ending in a `scheme` head (计划, 基金, 券 …)
/// that starts cleanly — after punctuation, a naming verb or a function word — and is more than a
/// generic word (`该计划`, `工作计划`). Only on those pages: mainland pages quote their programs, and
/// there an unquoted `…计划` is as often a plan as a name.
extension ProgramExtractor {
    /// Characters that end a name running back from its head: particles, conjunctions, determiners.
    static let schemeStops: ScalarSet = [
        "的", "和", "及", "与", "或", "由", "为", "该", "此", "这", "每", "各", "本", "其", "有", "是", "将", "把", "向",
        "对", "从", "于", "了", "个", "项", "期", "也", "都", "已", "并", "以", "处", "局", "署", "府", "奖",
    ]
    /// The most Han characters a scheme's name takes before its head.
    static let schemeName = 8

    func schemeNames(in text: [Unicode.Scalar], outside taken: Coverage) -> [Match] {
        var out: [Match] = []
        // At each start the longest head (资助计划 over 资助).
        let hits = Dictionary(grouping: schemes.all(in: text), by: \.range.lowerBound).values
            .compactMap { $0.max { $0.range.count < $1.range.count } }.sorted {
                $0.range.lowerBound < $1.range.lowerBound
            }
        for hit in hits where !taken.overlaps(hit.range) {
            // 義工協作計劃獎: a scheme's name before 奖 names an award, the honors' business.
            if hit.range.upperBound < text.count, text[hit.range.upperBound] == "奖" { continue }
            guard let start = schemeStart(text, head: hit.range), out.last.map({ $0.range.upperBound <= start }) ?? true
            else { continue }
            if let last = out.last, last.range.upperBound > hit.range.lowerBound { continue }
            let name = String(scalars: text[start..<hit.range.upperBound])
            let head = String(scalars: text[hit.range])
            out.append(
                Match(
                    range: start..<hit.range.upperBound, rule: hit.payload.id,
                    value: .program(Program(name: name, head: head, kind: hit.payload.value))))
        }
        return out
    }

    /// Where the name before a scheme head starts, or nil when it is not a name.
    func schemeStart(_ text: [Unicode.Scalar], head: Range<Int>) -> Int? {
        var start = head.lowerBound
        while start > 0, text[start - 1].isHan, !Self.schemeStops.contains(text[start - 1]),
            names.longestReversed(in: text, endingAt: start, notBefore: max(0, start - 6)) == nil
        {
            start -= 1
            if head.lowerBound - start > Self.schemeName { return nil }
        }
        // 资助计划, 工作计划: a head, or a generic phrase the rules name (`not_head`), is no name.
        if let plain = heads.longest(in: text, at: start), plain.payload.role == "not_head",
            plain.end == head.upperBound
        {
            return nil
        }
        guard head.lowerBound - start >= 2,
            headsReversed.longestReversed(
                in: text, endingAt: head.lowerBound, notBefore: start)?.start != start,
            schemes.longest(in: text, at: start) == nil
        else { return nil }
        return start
    }
}
