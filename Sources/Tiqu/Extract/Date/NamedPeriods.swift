/// Named periods of a year, read where the quantity scanner stands (`Rules/periods.yaml`): 上半年,
/// 一季度, 前三季度, 全年 are months of a year — the page's, or the one a relative year names
/// (去年一季度) — and the period of the quantities after them; 去年同期 is the period stated before
/// it in its sentence a year back. A year written right before a named period (2023年上半年) is
/// read with it by `date`. What a comparison names (比去年同期, 较去年上半年) is a date but neither
/// the period nor the clause of the number after it, whose basis it is: such dates are added after
/// the scan (`comparedPeriods`).
extension QuantityExtractor {
    /// The named period starting at `i`, and whether it is the period of what follows (else a
    /// comparison's base, which the scan passes over and `comparedPeriods` adds).
    func namedPeriod(_ scan: Scan, at i: Int) -> (found: Match, isPeriod: Bool)? {
        let text = scan.text
        guard let hit = calendar.namedPeriods.longest(in: text, at: i), !hit.payload.isBlocked(in: text, at: hit.end)
        else { return nil }
        // 二十一季度 is no 一季度: a numeral right before a form that starts with one makes another number.
        if i > 0, NumeralParser.isNumeralScalar(text[i - 1]), NumeralParser.isNumeralScalar(text[i]) { return nil }
        let rule = hit.payload
        let range = i..<hit.end
        func found(_ value: DateValue) -> Match {
            Match(range: range, rule: rule.id, value: .date(value))
        }
        if rule.role == "in_year" { return (found(DateValue(rule.value ?? "")), !isComparisonBase(scan, range)) }
        guard let years = Int(rule.value ?? ""), let value = samePeriod(scan, before: i, years: years) else {
            return nil
        }
        return (found(value), false)
    }

    /// Whether a comparison word (比, 较去年, 比上年同期) ends where the period starts or runs into it.
    func isComparisonBase(_ scan: Scan, _ range: Range<Int>) -> Bool {
        scan.modifierHits.ending(in: range.lowerBound...range.upperBound).contains {
            rules.modifiers[$0.payload].role == .basis && $0.range.lowerBound < range.lowerBound
        }
    }

    /// The named periods the scan passed over as comparison bases, as dates.
    func comparedPeriods(_ scan: Scan) -> [Match] {
        var found: [Match] = []
        var after = 0
        let hits = scan.analysis.lexicons.all(calendar.namedPeriods, in: scan.text).sorted {
            ($0.range.lowerBound, -$0.range.count) < ($1.range.lowerBound, -$1.range.count)
        }
        for hit in hits where hit.range.lowerBound >= after {
            guard let named = namedPeriod(scan, at: hit.range.lowerBound), !named.isPeriod,
                !scan.found.contains(where: { $0.range.overlaps(named.found.range) })
            else { continue }
            found.append(named.found)
            after = named.found.range.upperBound
        }
        return found
    }

    /// The period stated before `i` in its sentence (placed in the page's year when it has none),
    /// moved by `years`; with none, the page's year so moved.
    func samePeriod(_ scan: Scan, before i: Int, years: Int) -> DateValue? {
        let sentenceStart = scan.analysis.sentences.containing(i)?.folded.lowerBound ?? 0
        guard
            let stated = scan.dates.last(where: { $0.range.lowerBound >= sentenceStart && $0.range.upperBound <= i })?
                .value.date
        else {
            return scan.analysis.year.map { DateValue(($0 + years).zeroPadded(4), yearFrom: "published") }
        }
        guard stated.isYearless else { return DateValue(stated.value).shifted(by: years) }
        // With no year to move, 上年同期 would read as the same months as the period it compares with.
        return scan.analysis.year.map { stated.placed(in: $0).shifted(by: years) }
    }
}
