/// A number with its unit and what it measures: `户籍人口17.3万人` → 173000 person, attribute 户籍人口.
public struct Quantity: Sendable, Equatable, CustomStringConvertible {
    /// How a qualifier makes a number approximate (`近` nearly, `余` more_than, `左右` about).
    public enum Approx: String, Sendable, CaseIterable {
        case more_than, nearly, about, less_than, at_least
    }

    /// The single value, or nil for a range.
    public var value: Double? {
        get { box.fields.value }
        set { edit { $0.value = newValue } }
    }
    public var min: Double? {
        get { box.fields.min }
        set { edit { $0.min = newValue } }
    }
    public var max: Double? {
        get { box.fields.max }
        set { edit { $0.max = newValue } }
    }
    /// The normalized unit (`person`, `km2`, `CNY`, `percent`).
    public var unit: String {
        get { box.fields.unit }
        set { edit { $0.unit = newValue } }
    }
    /// The classifier as written, for counts (`个`, `座`).
    public var classifier: String? {
        get { box.fields.classifier }
        set { edit { $0.classifier = newValue } }
    }
    public var approx: Approx? {
        get { box.fields.approx }
        set { edit { $0.approx = newValue } }
    }
    /// What the number measures: the nearest indicator in its clause, or the words bound to it.
    /// A qualified indicator stays qualified (城镇常住人口, 粮食种植面积); a change takes the attribute
    /// of what changed.
    public var attribute: String? {
        get { box.fields.attribute }
        set { edit { $0.attribute = newValue } }
    }
    /// The attribute's words as the page writes them (Traditional stays Traditional).
    public var attributeText: String? {
        get { box.fields.attributeText }
        set { edit { $0.attributeText = newValue } }
    }
    /// `increase` or `decrease` when a change word touches the number.
    public var change: String? {
        get { box.fields.change }
        set { edit { $0.change = newValue } }
    }
    /// What a change is measured against (`同比`).
    public var basis: String? {
        get { box.fields.basis }
        set { edit { $0.basis = newValue } }
    }
    /// The period its sentence states, as written (`1-9月`).
    public var period: String? {
        get { box.fields.period }
        set { edit { $0.period = newValue } }
    }
    /// The rate's denominator word (`每`, `人均`).
    public var per: String? {
        get { box.fields.per }
        set { edit { $0.per = newValue } }
    }
    /// The unit of a rate (`person/km2`, `kg/mu`, `CNY/person`) when its denominator is a unit;
    /// `unit` stays the numerator's, so sums by `unit` must leave rates out.
    public var rateUnit: String? {
        get { box.fields.rateUnit }
        set { edit { $0.rateUnit = newValue } }
    }
    /// Where a currency came from: `text` when the words name it (港元, 美金…元), `page` when a bare
    /// 元 takes the currency of the page's region.
    public var currencyFrom: String? {
        get { box.fields.currencyFrom }
        set { edit { $0.currencyFrom = newValue } }
    }

    /// The fields in one box, shared by copies until one changes: a quantity passes from its
    /// reading through its context to the record, and each copy of fourteen fields retained ten
    /// strings.
    private var box: Box

    public init(
        value: Double?, min: Double? = nil, max: Double? = nil, unit: String, classifier: String? = nil,
        approx: Approx? = nil
    ) {
        box = Box(Fields(value: value, min: min, max: max, unit: unit, classifier: classifier, approx: approx))
    }

    public static func == (a: Quantity, b: Quantity) -> Bool { a.box === b.box || a.box.fields == b.box.fields }

    private struct Fields: Equatable {
        var value, min, max: Double?
        var unit: String
        var classifier: String?
        var approx: Approx?
        var attribute, attributeText, change, basis, period, per, rateUnit, currencyFrom: String?
    }

    /// Written only through `edit`, on a box no other quantity holds: as safe to share as the
    /// struct it stands for.
    private final class Box: @unchecked Sendable {
        var fields: Fields

        init(_ fields: Fields) { self.fields = fields }
    }

    private mutating func edit(_ change: (inout Fields) -> Void) {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
        change(&box.fields)
    }

    /// `88000 person more_than`, `30000-50000 person`.
    public var description: String {
        var s = value.map(\.plain) ?? "\(min?.plain ?? "null")-\(max?.plain ?? "null")"
        s += " " + unit
        if let approx { s += " " + approx.rawValue }
        return s
    }
}
