/// A number with its unit and what it measures: `户籍人口17.3万人` → 173000 person, attribute 户籍人口.
public struct Quantity: Sendable, Equatable, CustomStringConvertible {
    /// How a qualifier makes a number approximate (`近` nearly, `余` more_than, `左右` about).
    public enum Approx: String, Sendable, CaseIterable {
        case more_than, nearly, about, less_than, at_least
    }

    /// The single value, or nil for a range.
    public var value: Double?
    public var min: Double?
    public var max: Double?
    /// The normalized unit (`person`, `km2`, `CNY`, `percent`).
    public var unit: String
    /// The classifier as written, for counts (`个`, `座`).
    public var classifier: String?
    public var approx: Approx?
    /// What the number measures: the nearest indicator in its clause, or the words bound to it.
    /// A qualified indicator stays qualified (城镇常住人口, 粮食种植面积); a change takes the attribute
    /// of what changed.
    public var attribute: String?
    /// The attribute's words as the page writes them (Traditional stays Traditional).
    public var attributeText: String?
    /// `increase` or `decrease` when a change word touches the number.
    public var change: String?
    /// What a change is measured against (`同比`).
    public var basis: String?
    /// The period its sentence states, as written (`1-9月`).
    public var period: String?
    /// The rate's denominator word (`每`, `人均`).
    public var per: String?
    /// The unit of a rate (`person/km2`, `kg/mu`, `CNY/person`) when its denominator is a unit;
    /// `unit` stays the numerator's, so sums by `unit` must leave rates out.
    public var rateUnit: String?
    /// Where a currency came from: `text` when the words name it (港元, 美金…元), `page` when a bare
    /// 元 takes the currency of the page's region.
    public var currencyFrom: String?

    public init(
        value: Double?, min: Double? = nil, max: Double? = nil, unit: String, classifier: String? = nil,
        approx: Approx? = nil
    ) {
        self.value = value
        self.min = min
        self.max = max
        self.unit = unit
        self.classifier = classifier
        self.approx = approx
    }

    /// `88000 person more_than`, `30000-50000 person`.
    public var description: String {
        var s = value.map(\.plain) ?? "\(min?.plain ?? "null")-\(max?.plain ?? "null")"
        s += " " + unit
        if let approx { s += " " + approx.rawValue }
        return s
    }
}
