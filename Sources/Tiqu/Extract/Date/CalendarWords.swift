/// What the calendar reader knows besides digits, from `Rules/dates.yaml` and `Rules/periods.yaml`:
/// era names (民國) and the era a region writes without its name (113年 on a Taiwan page), the
/// duration words that make such a bare year a length of time (近114年, 114年歷史), and the named
/// periods of a year (上半年, 一季度, 全年) with the words for the same period a year back (去年同期).
struct CalendarWords: Sendable {
    /// Era names, reversed (they end where the year's number starts), each to its rule.
    let eras: Lexicon<WordRule>
    /// Eras whose years a region's pages write without the name.
    let impliedEras: [WordRule]
    /// Words right before a bare year that make it a duration (近, 長達), reversed.
    let durationBefore: Lexicon<WordRule>
    /// Words right after a bare year's 年 that make it a duration (歷史, 以來, 前).
    let durationAfter: Lexicon<WordRule>
    /// Words right before a year that name the common era (公元前180年, 西元), reversed.
    let commonEra: Lexicon<WordRule>
    /// Periods of a year (`in_year`) and the same period another year (`same_period`).
    let namedPeriods: Lexicon<WordRule>

    init(rules book: RuleBook) {
        eras = book.words.lexicon(.date, "era", reversed: true)
        impliedEras = book.words.of(.date, "implied_era")
        durationBefore = book.words.lexicon(.date, "duration_before", reversed: true)
        durationAfter = book.words.lexicon(.date, "duration_after")
        commonEra = book.words.lexicon(.date, "common_era", reversed: true)
        namedPeriods = book.words.lexicon(.named_period, "in_year", "same_period")
    }

    /// A period of a year starting at `p` (上半年, 一季度), not blocked by the word after it (全年级).
    func inYear(_ text: [Unicode.Scalar], at p: Int) -> (rule: WordRule, end: Int)? {
        guard p < text.count, let hit = namedPeriods.longest(in: text, at: p), hit.payload.role == "in_year",
            !hit.payload.isBlocked(in: text, at: hit.end)
        else { return nil }
        return (hit.payload, hit.end)
    }

    /// Whether a duration word stands right before `start` or right after `end` (近114年, 114年以來).
    func isDuration(_ text: [Unicode.Scalar], before start: Int, after end: Int) -> Bool {
        durationBefore.longestReversed(in: text, endingAt: spacedBack(text, start)) != nil
            || durationAfter.longest(in: text, at: end) != nil
    }

    /// Whether a word of the common era stands right before `start` (公元前180年): no year of another era.
    func isCommonEra(_ text: [Unicode.Scalar], before start: Int) -> Bool {
        commonEra.longestReversed(in: text, endingAt: spacedBack(text, start)) != nil
    }

    /// `start`, or the position before one space right before it.
    func spacedBack(_ text: [Unicode.Scalar], _ start: Int) -> Int {
        start > 0 && text[start - 1] == " " ? start - 1 : start
    }
}

extension DateValue {
    /// The value with every year moved by `years` (2020-01/2020-09 a year back: 2019-01/2019-09);
    /// yearless parts stay as they are.
    func shifted(by years: Int) -> DateValue {
        let parts = value.split(separator: "/").map { part -> String in
            guard let year = Int(part.prefix(4)), part.prefix(4).allSatisfy(\.isNumber) else { return String(part) }
            return (year + years).zeroPadded(4) + part.dropFirst(4)
        }
        return DateValue(parts.joined(separator: "/"), yearFrom: yearFrom)
    }
}
