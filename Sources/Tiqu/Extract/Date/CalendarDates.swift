import Foundation

/// Numbers that are dates: `2020年`, `1997年1月`, `10月4日`, `2020-12-22`, `1-9月` — read where the
/// quantity scanner meets a number, so that a year never becomes a count.
extension QuantityExtractor {

    /// The years a four-digit number may name as a date (`2020年`, `2019/11/25`).
    static let calendarYears = 1000...2100

    typealias CalendarParts = (year: Int?, month: Int?, day: Int?, end: Int)

    /// 2020年, 1997年1月, 2020年12月22日, 10月4日, 2020-12-22, 2020年1—9月, 2023年上半年, 民國100年,
    /// 113年3月 on a Taiwan page: dates, not quantities. `region` is the page's region code (not the
    /// whole analysis, which would be copied at every number); without it only era names (民國) make a
    /// year of an era.
    func date(_ text: [Unicode.Scalar], _ num: Numeral, region: String? = nil) -> Match? {
        let end = num.range.upperBound
        guard end < text.count, num.value.rounded() == num.value, num.value > 0, num.value < 10_000 else { return nil }
        let v = Int(num.value)
        let looksLikeYear =
            (num.integerDigits == 4 || (!num.arabicOnly && num.scale == 1 && num.value >= 1000))
            && Self.calendarYears.contains(v)
        let parts: CalendarParts
        if looksLikeYear, let iso = isoDate(text, num, year: v) {
            parts = iso
        } else if let year = year(text, num, looksLikeYear: looksLikeYear, region: region) {
            return afterYear(text, year)
        } else if case let at = spaced(text, end, after: num), at < text.count, text[at] == "月", (1...12).contains(v) {
            let after = at + 1 < text.count && text[at + 1] == "份" ? at + 2 : at + 1
            let day = dayAfter(text, at: spaced(text, after))
            parts = (nil, v, day?.value, day?.end ?? after)
        } else if text[end] == "日" || text[end] == "号", (1...31).contains(v), num.arabicOnly {
            parts = (nil, nil, v, end + 1)
        } else {
            return nil
        }
        let range = num.range.lowerBound..<parts.end
        let value = DateValue(year: parts.year, month: parts.month, day: parts.day)
        return Match(range: range, rule: "dates/calendar", value: .date(value))
    }

    /// One space after `p` is skipped (114 年 5 月); after a number, only when it is written in Arabic digits.
    func spaced(_ text: [Unicode.Scalar], _ p: Int, after num: Numeral? = nil) -> Int {
        p < text.count && text[p] == " " && (num?.arabicOnly ?? true) ? p + 1 : p
    }

    /// A year written before 年: its Gregorian value, where its text starts (an era name before it)
    /// and ends (after 年 or 年度), the rule that read it, and where its year came from.
    struct YearRead {
        var year: Int
        var start: Int
        var end: Int
        var rule: String
        var yearFrom: String?
    }

    /// The year a number before 年 names: a calendar year (2020年), a year of the era named before
    /// it (民國100年), or a year of the era the page's region writes without its name (113年3月 on a
    /// Taiwan page, a bare 114年 there unless a duration word makes it one); elsewhere such a
    /// number before a month is read in that era too, as a guess.
    func year(_ text: [Unicode.Scalar], _ num: Numeral, looksLikeYear: Bool, region: String?) -> YearRead? {
        let at = spaced(text, num.range.upperBound, after: num)
        guard at < text.count, text[at] == "年" else { return nil }
        let end = at + 1 < text.count && text[at + 1] == "度" ? at + 2 : at + 1
        let v = Int(num.value)
        if looksLikeYear { return YearRead(year: v, start: num.range.lowerBound, end: end, rule: "dates/calendar") }
        let start = num.range.lowerBound
        if let era = calendar.eras.longestReversed(in: text, endingAt: calendar.spacedBack(text, start)),
            let base = Int(era.payload.value ?? "")
        {
            return YearRead(
                year: base + v, start: era.start, end: end, rule: era.payload.id, yearFrom: DateValue.fromEra)
        }
        // Arabic digits, or Chinese ones read one by one (一一四年 on a Taiwan page), never 一百一十四.
        guard num.arabicOnly || (num.scale == 1 && num.range.count >= 2), !calendar.isCommonEra(text, before: start),
            let era = calendar.impliedEras.first(where: { $0.years?.contains(v) == true }),
            let base = Int(era.value ?? "")
        else { return nil }
        let next = spaced(text, end)
        let dated =
            monthRangeAfter(text, at: next) != nil || monthAfter(text, at: next) != nil
            || calendar.inYear(text, at: next) != nil
        if let region, region == era.region {
            guard dated || !calendar.isDuration(text, before: start, after: end) else { return nil }
            return YearRead(year: base + v, start: start, end: end, rule: era.id, yearFrom: DateValue.fromEra)
        }
        guard dated else { return nil }
        return YearRead(year: base + v, start: start, end: end, rule: era.id, yearFrom: DateValue.guessedEra)
    }

    /// A year's date with what follows 年: a range of months (2020年1—9月), a month and day, a
    /// named period of the year (2023年上半年), or nothing.
    func afterYear(_ text: [Unicode.Scalar], _ year: YearRead) -> Match {
        let next = spaced(text, year.end)
        var rule = year.rule
        var value = DateValue(year: year.year, month: nil, day: nil)
        var end = year.end
        if let months = monthRangeAfter(text, at: next) {
            let first = DateValue(year: year.year, month: months.first, day: nil).value
            value = DateValue(first + "/" + DateValue(year: year.year, month: months.last, day: nil).value)
            end = months.end
            if rule == "dates/calendar" { rule = "dates/period" }
        } else if let month = monthAfter(text, at: next) {
            let day = dayAfter(text, at: spaced(text, month.end))
            value = DateValue(year: year.year, month: month.value, day: day?.value)
            end = day?.end ?? month.end
        } else if let named = calendar.inYear(text, at: next) {
            value = DateValue(named.rule.value ?? "").placed(in: year.year)
            end = named.end
            if rule == "dates/calendar" { rule = named.rule.id }
        }
        value.yearFrom = year.yearFrom
        let range = year.start..<end
        return Match(range: range, rule: rule, value: .date(value))
    }

    /// `1—9月`, `3至5月`, `1月-6月份` at `p`: the first and last month and where the range ends.
    func monthRangeAfter(_ text: [Unicode.Scalar], at p: Int) -> (first: Int, last: Int, end: Int)? {
        guard let m = numberAt(text, p), case let first = whole(m.value), (1...12).contains(first) else { return nil }
        var q = m.range.upperBound
        if q < text.count, text[q] == "月" { q += 1 }
        q = spaced(text, q)
        guard q < text.count, Self.rangeSeparators.contains(text[q]),
            let last = monthAfter(text, at: spaced(text, q + 1)), last.value > first
        else { return nil }
        let end = last.end < text.count && text[last.end] == "份" ? last.end + 1 : last.end
        return (first, last.value, end)
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

    /// `12月` (or `5 月`) at `p`: the month and where it ends.
    func monthAfter(_ text: [Unicode.Scalar], at p: Int) -> (value: Int, end: Int)? {
        guard let m = numberAt(text, p), case let at = spaced(text, m.range.upperBound, after: m), at < text.count,
            text[at] == "月", (1...12).contains(whole(m.value))
        else { return nil }
        return (whole(m.value), at + 1)
    }

    /// `22日`, `4号` (or `22 日`) at `p`: the day and where it ends.
    func dayAfter(_ text: [Unicode.Scalar], at p: Int) -> (value: Int, end: Int)? {
        guard let d = numberAt(text, p), case let at = spaced(text, d.range.upperBound, after: d), at < text.count,
            text[at] == "日" || text[at] == "号", (1...31).contains(whole(d.value))
        else { return nil }
        return (whole(d.value), at + 1)
    }

    func numberAt(_ text: [Unicode.Scalar], _ p: Int) -> Numeral? {
        p < text.count ? NumeralParser.parse(text, at: p, allowSign: false) : nil
    }

    /// A small whole number as an Int, or 0 (which no calendar field accepts) for anything else.
    func whole(_ v: Double) -> Int { v.rounded() == v && v >= 0 && v < 10_000 ? Int(v) : 0 }

    func periodValue(_ from: Double, _ to: Match) -> DateValue {
        let toValue = to.value.date?.value ?? ""
        // 1-9月 → --01/--09 (months of the document's year).
        if toValue.hasPrefix("--"), toValue.count == 4 {
            return DateValue("--" + whole(from).zeroPadded(2) + "/" + toValue)
        }
        return DateValue("\(from.plain)/\(toValue)")
    }

    /// `1-9月`, `2019-2020年`: a range whose second number is a date is a period of dates; when the
    /// second is a year of an era (113-114年 on a Taiwan page), so is the first.
    func period(_ text: [Unicode.Scalar], _ first: Numeral, _ second: Numeral, region: String? = nil) -> Match? {
        guard let d = date(text, second, region: region), d.range.lowerBound == second.range.lowerBound else {
            return nil
        }
        var from = first.value
        if let to = d.value.date, to.yearFrom != nil, let year = Int(to.value.prefix(4)) {
            from += Double(year) - second.value
        }
        var value = periodValue(from, d)
        value.yearFrom = d.value.date?.yearFrom
        let span = first.range.lowerBound..<d.range.upperBound
        return Match(range: span, rule: d.rule == "dates/calendar" ? "dates/period" : d.rule, value: .date(value))
    }

    /// Yearless dates placed in the document's year; `去年九月份` in the year before it. Placed in
    /// the list, which the scan returns: no match is copied.
    func placeInYear(_ found: inout [Match], text: [Unicode.Scalar], year: Int?) {
        guard let year else { return }
        for k in found.indices {
            guard let date = found[k].value.date, date.isYearless else { continue }
            let shift = relativeYears.longestReversed(in: text, endingAt: found[k].range.lowerBound).flatMap {
                Int($0.payload.value ?? "")
            }
            found[k].value = .date(date.placed(in: year + (shift ?? 0)))
        }
    }
}
