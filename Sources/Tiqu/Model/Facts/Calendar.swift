import Foundation

/// A date or a period, ISO-like: `2020-12-22`, `2020-12`, `--09` (a month with no year),
/// `2021/2025` (a five-year plan), `--01/--09` (January to September).
public struct DateValue: Sendable, Equatable {
    public var value: String
    /// `published` when a yearless date took the document's year; `era` when the year was written
    /// in an era (民國100年, 113年 on a Taiwan page); `era_guess` when a number before 年 and a month
    /// was read as an era's year on a page not of that era's region (the record warns).
    public var yearFrom: String?

    public static let fromEra = "era"
    public static let guessedEra = "era_guess"

    public init(_ value: String, yearFrom: String? = nil) {
        self.value = value
        self.yearFrom = yearFrom
    }

    /// A calendar date from its parts; a missing year is written `-`, a missing month `-` too.
    public init(year: Int?, month: Int?, day: Int?) {
        var value = year.map { $0.zeroPadded(4) } ?? "-"
        if let month { value += "-" + month.zeroPadded(2) } else if year == nil { value += "-" }
        if let day { value += "-" + day.zeroPadded(2) }
        self.init(value)
    }

    /// Whether some part lacks its year (`--09`, `--01/--09`).
    public var isYearless: Bool { value.hasPrefix("--") }

    /// The yearless parts placed in `year`; the others unchanged.
    public func placed(in year: Int) -> DateValue {
        guard isYearless else { return self }
        let parts = value.split(separator: "/").map { part in
            part.hasPrefix("--") && part.dropFirst(2).first?.isNumber == true
                ? year.zeroPadded(4) + part.dropFirst(1) : String(part)
        }
        return DateValue(parts.joined(separator: "/"), yearFrom: "published")
    }
}

/// A position in a ranking: `第4位` → 4.
public struct Rank: Sendable, Equatable {
    public var value: Double

    public init(_ value: Double) { self.value = value }
}

extension Int {
    /// The number in decimal, zero-padded to `width` characters, as `%0*d` writes it (a minus sign
    /// counts toward the width): dates are written for every fact, and `String(format:)` goes
    /// through Foundation's formatter each time.
    public func zeroPadded(_ width: Int) -> String {
        let digits = String(magnitude)
        let sign = self < 0 ? "-" : ""
        // Counted in bytes, not Characters (the digits and the sign are ASCII); most numbers need no zeros.
        let zeros = Swift.max(0, width - sign.utf8.count - digits.utf8.count)
        return zeros == 0 && sign.isEmpty ? digits : sign + String(repeating: "0", count: zeros) + digits
    }
}
