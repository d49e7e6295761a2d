import Foundation

/// Numbers that are dates: `2020年`, `1997年1月`, `10月4日`, `2020-12-22`, `1-9月` — read where the
/// quantity scanner meets a number, so that a year never becomes a count.
extension QuantityExtractor {

    /// The years a four-digit number may name as a date (`2020年`, `2019/11/25`).
    static let calendarYears = 1000...2100

    typealias CalendarParts = (year: Int?, month: Int?, day: Int?, end: Int)

    /// 2020年, 1997年1月, 2020年12月22日, 10月4日, 2020-12-22: dates, not quantities.
    func date(_ text: [Unicode.Scalar], _ num: Numeral) -> Found? {
        let end = num.range.upperBound
        guard end < text.count, num.value.rounded() == num.value, num.value > 0, num.value < 10_000 else { return nil }
        let v = Int(num.value)
        let looksLikeYear =
            (num.integerDigits == 4 || (!num.arabicOnly && num.scale == 1 && num.value >= 1000))
            && Self.calendarYears.contains(v)
        let parts: CalendarParts
        if looksLikeYear, let iso = isoDate(text, num, year: v) {
            parts = iso
        } else if looksLikeYear, text[end] == "年" {
            var after = end + 1
            if after < text.count, text[after] == "度" { after += 1 }
            let month = monthAfter(text, at: after)
            let day = month.flatMap { dayAfter(text, at: $0.end) }
            parts = (v, month?.value, day?.value, day?.end ?? month?.end ?? after)
        } else if text[end] == "月", (1...12).contains(v) {
            let after = end + 1 < text.count && text[end + 1] == "份" ? end + 2 : end + 1
            let day = dayAfter(text, at: after)
            parts = (nil, v, day?.value, day?.end ?? after)
        } else if text[end] == "日" || text[end] == "号", (1...31).contains(v), num.arabicOnly {
            parts = (nil, nil, v, end + 1)
        } else {
            return nil
        }
        let range = num.range.lowerBound..<parts.end
        let value = DateValue(year: parts.year, month: parts.month, day: parts.day)
        return Found(range: range, match: Match(range: range, rule: "dates/calendar", value: .date(value)))
    }

    /// ISO-like: 2020-12-22, 2019/11/25, 2019.09 (the same separator twice).
    func isoDate(_ text: [Unicode.Scalar], _ year: Numeral, year v: Int) -> CalendarParts? {
        let separator = text[year.range.upperBound]
        guard separator == "-" || separator == "/" || separator == ".",
            let m = numberAt(text, year.range.upperBound + 1), (1...12).contains(whole(m.value)),
            m.value.rounded() == m.value
        else { return nil }
        var end = m.range.upperBound
        var day: Int?
        if end < text.count, text[end] == separator, let d = numberAt(text, end + 1), (1...31).contains(whole(d.value))
        {
            day = whole(d.value)
            end = d.range.upperBound
        }
        return (v, whole(m.value), day, end)
    }

    /// `12月` at `p`: the month and where it ends.
    func monthAfter(_ text: [Unicode.Scalar], at p: Int) -> (value: Int, end: Int)? {
        guard let m = numberAt(text, p), m.range.upperBound < text.count, text[m.range.upperBound] == "月",
            (1...12).contains(whole(m.value))
        else { return nil }
        return (whole(m.value), m.range.upperBound + 1)
    }

    /// `22日`, `4号` at `p`: the day and where it ends.
    func dayAfter(_ text: [Unicode.Scalar], at p: Int) -> (value: Int, end: Int)? {
        guard let d = numberAt(text, p), d.range.upperBound < text.count,
            text[d.range.upperBound] == "日" || text[d.range.upperBound] == "号", (1...31).contains(whole(d.value))
        else { return nil }
        return (whole(d.value), d.range.upperBound + 1)
    }

    func numberAt(_ text: [Unicode.Scalar], _ p: Int) -> Numeral? {
        p < text.count ? NumeralParser.parse(text, at: p, allowSign: false) : nil
    }

    /// A small whole number as an Int, or 0 (which no calendar field accepts) for anything else.
    func whole(_ v: Double) -> Int { v.rounded() == v && v >= 0 && v < 10_000 ? Int(v) : 0 }

    func periodValue(_ from: Double, _ to: Found) -> DateValue {
        let toValue = to.match.value.date?.value ?? ""
        // 1-9月 → --01/--09 (months of the document's year).
        if toValue.hasPrefix("--"), toValue.count == 4 {
            return DateValue(String(format: "--%02d/", whole(from)) + toValue)
        }
        return DateValue("\(from.plain)/\(toValue)")
    }

    /// `1-9月`, `2019-2020年`: a range whose second number is a date is a period of dates.
    func period(_ text: [Unicode.Scalar], _ first: Numeral, _ second: Numeral) -> Found? {
        guard let d = date(text, second), d.range.lowerBound == second.range.lowerBound else { return nil }
        let span = first.range.lowerBound..<d.range.upperBound
        return Found(
            range: span, match: Match(range: span, rule: "dates/period", value: .date(periodValue(first.value, d))))
    }

    /// Yearless dates placed in the document's year; `去年九月份` in the year before it.
    func placedInYear(_ found: [Found], text: [Unicode.Scalar], year: Int?) -> [Match] {
        guard let year else { return found.map(\.match) }
        return found.map { f in
            guard let date = f.match.value.date, date.isYearless else { return f.match }
            let shift = relativeYears.longestReversed(in: text, endingAt: f.range.lowerBound).flatMap {
                Int($0.payload.value ?? "")
            }
            var match = f.match
            match.value = .date(date.placed(in: year + (shift ?? 0)))
            return match
        }
    }
}
