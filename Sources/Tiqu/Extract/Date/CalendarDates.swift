import Foundation

/// Numbers that are dates: `2020年`, `1997年1月`, `10月4日`, `2020-12-22`, `1-9月` — read where the
/// quantity scanner meets a number, so that a year never becomes a count.
extension QuantityExtractor {

    /// 2020年, 1997年1月, 2020年12月22日, 10月4日, 2020-12-22: dates, not quantities.
    func date(_ text: [Unicode.Scalar], _ num: Numeral) -> Found? {
        let n = text.count
        var end = num.range.upperBound
        guard end < n, num.value.rounded() == num.value, num.value > 0, num.value < 10_000 else { return nil }
        let v = Int(num.value)
        var year: Int?, month: Int?, day: Int?
        func number(at p: Int) -> Numeral? { p < n ? NumeralParser.parse(text, at: p, allowSign: false) : nil }
        let looksLikeYear = (num.integerDigits == 4 || (!num.arabicOnly && num.scale == 1 && num.value >= 1000)) && (1000...2100).contains(v)
        if looksLikeYear, text[end] == "-" || text[end] == "/" || text[end] == ".", let m = number(at: end + 1), (1...12).contains(whole(m.value)), m.value.rounded() == m.value {
            // ISO-like: 2020-12-22, 2019/11/25, 2019.09
            year = v; month = whole(m.value); end = m.range.upperBound
            if end < n, text[end] == text[num.range.upperBound], let d = number(at: end + 1), (1...31).contains(whole(d.value)) { day = whole(d.value); end = d.range.upperBound }
        } else if looksLikeYear, text[end] == "年" {
            year = v; end += 1
            if end < n, text[end] == "度" { end += 1 }
            if let m = number(at: end), end < n, m.range.upperBound < n, text[m.range.upperBound] == "月", (1...12).contains(whole(m.value)) {
                month = whole(m.value); end = m.range.upperBound + 1
                if let d = number(at: end), d.range.upperBound < n, text[d.range.upperBound] == "日" || text[d.range.upperBound] == "号", (1...31).contains(whole(d.value)) {
                    day = whole(d.value); end = d.range.upperBound + 1
                }
            }
        } else if text[end] == "月", (1...12).contains(v) {
            month = v; end += 1
            if end < n, text[end] == "份" { end += 1 }
            if let d = number(at: end), d.range.upperBound < n, text[d.range.upperBound] == "日" || text[d.range.upperBound] == "号", (1...31).contains(whole(d.value)) {
                day = whole(d.value); end = d.range.upperBound + 1
            }
        } else if text[end] == "日" || text[end] == "号", (1...31).contains(v), num.arabicOnly {
            day = v; end += 1
        } else {
            return nil
        }
        let range = num.range.lowerBound..<end
        return Found(range: range, match: Match(range: range, rule: "dates/calendar",
                                                value: .date(DateValue(year: year, month: month, day: day))))
    }

    /// A small whole number as an Int, or 0 (which no calendar field accepts) for anything else.
    func whole(_ v: Double) -> Int { v.rounded() == v && v >= 0 && v < 10_000 ? Int(v) : 0 }

    func periodValue(_ from: Double, _ to: Found) -> DateValue {
        let toValue = to.match.value.date?.value ?? ""
        // 1-9月 → --01/--09 (months of the document's year).
        if toValue.hasPrefix("--"), toValue.count == 4 { return DateValue(String(format: "--%02d/", whole(from)) + toValue) }
        return DateValue("\(from.plain)/\(toValue)")
    }

    /// `1-9月`, `2019-2020年`: a range whose second number is a date is a period of dates.
    func period(_ text: [Unicode.Scalar], _ first: Numeral, _ second: Numeral) -> Found? {
        guard let d = date(text, second), d.range.lowerBound == second.range.lowerBound else { return nil }
        let span = first.range.lowerBound..<d.range.upperBound
        return Found(range: span, match: Match(range: span, rule: "dates/period", value: .date(periodValue(first.value, d))))
    }

    /// Yearless dates placed in the document's year; `去年九月份` in the year before it.
    func placedInYear(_ found: [Found], text: [Unicode.Scalar], year: Int?) -> [Match] {
        guard let year else { return found.map(\.match) }
        return found.map { f in
            guard let date = f.match.value.date, date.isYearless else { return f.match }
            let shift = relativeYears.longestReversed(in: text, endingAt: f.range.lowerBound).flatMap { Int($0.payload.value ?? "") }
            var match = f.match
            match.value = .date(date.placed(in: year + (shift ?? 0)))
            return match
        }
    }
}
