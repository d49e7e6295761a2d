/// Finds named periods, such as five-year plans (`十四五` → 2021/2025), from `Rules/periods.yaml`.
/// They are dates; a period inside a date another extractor found is that date's.
public struct PeriodExtractor: Extractor, ReadsWholeText {
    let periods: Lexicon<WordRule>

    public init(rules book: RuleBook) {
        periods = book.words.lexicon(.named_period, "period")
    }

    public let finds: Set<FactKind> = [.dates]
    public let reads: Set<FactKind> = [.dates]
    var wholeTextLexicons: [any ScannedLexicon] { [periods] }

    public func matches(in analysis: Analysis, earlier: [Match]) -> [Match] {
        let text = analysis.map.folded
        let dates = Coverage(length: text.count, earlier.lazy.filter { $0.kind == .dates }.map(\.range))
        var found: [Match] = []
        var after = 0
        for hit in analysis.lexicons.all(periods, in: text).sorted(by: {
            ($0.range.lowerBound, -$0.range.count) < ($1.range.lowerBound, -$1.range.count)
        })
        where hit.range.lowerBound >= after && !dates.overlaps(hit.range) {
            // 二十四五 is not 十四五: a numeral right before the form makes it another number.
            if hit.range.lowerBound > 0, NumeralParser.isNumeralScalar(text[hit.range.lowerBound - 1]) { continue }
            let value = hit.payload.value ?? ""
            found.append(Match(range: hit.range, rule: hit.payload.id, value: .date(DateValue(value))))
            after = hit.range.upperBound
        }
        return found
    }
}
