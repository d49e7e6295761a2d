/// Receives a fact value's fields in output order. The order is written once, in `write(to:)`;
/// `FieldPairs` collects the fields as JSON values (stores, reports, `explain`), `JSON.FieldBytes`
/// writes them straight into a record's line, with no tree of values to build and free per fact.
public protocol FieldSink {
    /// A string, or `null` when nil.
    mutating func string(_ name: StaticString, _ value: String?)
    /// A number, or `null` when nil.
    mutating func number(_ name: StaticString, _ value: Double?)
    mutating func int(_ name: StaticString, _ value: Int)
    mutating func strings(_ name: StaticString, _ values: [String])
}

/// The fields as (name, JSON value) pairs.
public struct FieldPairs: FieldSink {
    public var pairs: [(String, JSON)] = []

    public mutating func string(_ name: StaticString, _ value: String?) {
        pairs.append((name.description, .optional(value)))
    }
    public mutating func number(_ name: StaticString, _ value: Double?) {
        pairs.append((name.description, value.map(JSON.double) ?? .null))
    }
    public mutating func int(_ name: StaticString, _ value: Int) { pairs.append((name.description, .int(value))) }
    public mutating func strings(_ name: StaticString, _ values: [String]) {
        pairs.append((name.description, .array(values.map(JSON.string))))
    }
}

/// Facts as the record writes them: each family's fields in a fixed order, and read back from an
/// expected record (for regression tests) by the same names.
extension FactValue {
    /// The value's fields, in output order.
    public var fields: [(String, JSON)] {
        var pairs = FieldPairs()
        write(to: &pairs)
        return pairs.pairs
    }

    /// Hands the value's fields to `sink` in output order. A field that is absent when nil
    /// (`year_from`, `generic`) is not handed over; one written as `null` is.
    public func write(to sink: inout some FieldSink) {
        switch self {
        case .quantity(let q): q.write(to: &sink)
        case .rank(let r): sink.number("value", r.value)
        case .date(let d):
            sink.string("value", d.value)
            if let year = d.yearFrom { sink.string("year_from", year) }
        case .program(let p):
            sink.string("name", p.name)
            sink.string("head", p.head)
            sink.string("kind", p.kind)
            if let generic = p.generic { sink.string("generic", generic) }
        case .citation(let c):
            sink.string("title", c.title)
            sink.string("issuer", c.issuer)
        case .honor(let h):
            sink.string("title", h.title)
            sink.string("level", h.level)
            sink.string("recipient", h.recipient)
            sink.string("status", h.status)
        case .place(let p):
            sink.string("name", p.name)
            sink.string("level", p.level)
            sink.string("parent", p.parent)
            sink.string("code", p.code)
            sink.int("candidates", p.candidates)
        case .division(let d):
            sink.int("count", d.count)
            sink.string("level", d.level)
            sink.string("unit", d.unit)
            sink.strings("names", d.names)
        }
    }

    /// A value of `kind` from a record's fields (by name; unknown names are ignored).
    public init(kind: FactKind, fields: [String: JSON]) {
        func string(_ key: String) -> String? { if case .string(let s)? = fields[key] { s } else { nil } }
        func number(_ key: String) -> Double? {
            switch fields[key] {
            case .double(let d)?: d
            case .int(let i)?: Double(i)
            default: nil
            }
        }
        switch kind {
        case .quantities:
            var q = Quantity(
                value: number("value"), min: number("min"), max: number("max"), unit: string("unit") ?? "",
                classifier: string("classifier"), approx: string("approx").flatMap(Quantity.Approx.init))
            (q.attribute, q.change, q.basis) = (string("attribute"), string("change"), string("basis"))
            (q.period, q.per) = (string("period"), string("per"))
            (q.attributeText, q.rateUnit) = (string("attribute_text"), string("rate_unit"))
            q.currencyFrom = string("currency_from")
            self = .quantity(q)
        case .ranks: self = .rank(Rank(number("value") ?? 0))
        case .dates: self = .date(DateValue(string("value") ?? "", yearFrom: string("year_from")))
        case .programs:
            self = .program(
                Program(
                    name: string("name") ?? "", head: string("head"), kind: string("kind"),
                    generic: string("generic")))
        case .citations: self = .citation(Citation(title: string("title") ?? "", issuer: string("issuer")))
        case .honors:
            self = .honor(
                Honor(
                    title: string("title") ?? "", level: string("level"), recipient: string("recipient"),
                    status: string("status") ?? Honor.held))
        case .places:
            self = .place(
                Place(
                    name: string("name") ?? "", level: string("level") ?? "", parent: string("parent"),
                    code: string("code"), candidates: Int(number("candidates") ?? 0)))
        case .divisions:
            let names: [String] =
                if case .array(let items)? = fields["names"] {
                    items.compactMap { if case .string(let s) = $0 { s } else { nil } }
                } else { [] }
            self = .division(
                Division(
                    count: Int(number("count") ?? 0), level: string("level") ?? "",
                    unit: string("unit") ?? "", names: names))
        }
    }
}

extension Quantity {
    func write(to sink: inout some FieldSink) {
        sink.number("value", value)
        sink.number("min", min)
        sink.number("max", max)
        sink.string("unit", unit)
        sink.string("classifier", classifier)
        sink.string("approx", approx?.rawValue)
        sink.string("currency_from", currencyFrom)
        sink.string("attribute", attribute)
        sink.string("attribute_text", attributeText)
        sink.string("change", change)
        sink.string("basis", basis)
        sink.string("period", period)
        sink.string("per", per)
        sink.string("rate_unit", rateUnit)
    }
}

extension Fact {
    /// The fact as the record writes it.
    public var json: JSON {
        var pairs = FieldPairs()
        write(to: &pairs)
        return .object(pairs.pairs)
    }

    /// Hands the fact's fields to `sink`: its text, its value's fields, then where it came from.
    public func write(to sink: inout some FieldSink) {
        sink.string("text", text)
        value.write(to: &sink)
        sink.int("sentence", sentence)
        sink.int("start", start)
        sink.int("end", end)
        sink.string("rule", rule)
    }

    /// A field of the value by name, as the record writes it.
    public func field(_ name: String) -> JSON? { value.fields.first { $0.0 == name }?.1 }
}

/// Fields written as the members of a JSON object straight into a line's bytes.
struct FieldBytes: FieldSink {
    let out: JSONBytes
    var opened = false

    /// `,"name":` (or `{"name":` for the first member). Field names are the code's own lower-case
    /// ASCII words (`attribute_text`): written as they are, with nothing to escape.
    mutating func key(_ name: StaticString) {
        out.appendKey(name, after: opened ? UInt8(ascii: ",") : UInt8(ascii: "{"))
        opened = true
    }

    /// `,"name":null`, written at once.
    mutating func null(_ name: StaticString) {
        out.appendNull(name, after: opened ? UInt8(ascii: ",") : UInt8(ascii: "{"))
        opened = true
    }

    /// Ends the object (`{}` when it has no members).
    mutating func close() {
        if !opened { out.append(UInt8(ascii: "{")) }
        out.append(UInt8(ascii: "}"))
        opened = false
    }

    mutating func string(_ name: StaticString, _ value: String?) {
        guard let value else { return null(name) }
        key(name)
        JSON.writeString(value, to: out)
    }

    mutating func number(_ name: StaticString, _ value: Double?) {
        guard let value else { return null(name) }
        key(name)
        JSON.writeDouble(value, to: out)
    }

    mutating func int(_ name: StaticString, _ value: Int) {
        key(name)
        JSON.writeInt(value, to: out)
    }

    mutating func strings(_ name: StaticString, _ values: [String]) {
        key(name)
        out.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSON.writeString(value, to: out)
        }
        out.append(UInt8(ascii: "]"))
    }
}

extension JSON {
    /// A field value as an example writes it: strings bare, numbers without `.0`, `null`.
    public var plain: String {
        switch self {
        case .null: "null"
        case .string(let s): s
        case .int(let i): String(i)
        case .double(let d): d.plain
        case .bool(let b): b ? "true" : "false"
        default: serialized()
        }
    }
}

extension FactKind {
    /// Every field a fact of this kind can write, in output order, with an example value of its type:
    /// the columns of the kind's table in a store. Read off a value with every optional field set, so a
    /// field added to `fields` becomes a column by itself.
    public var fieldTypes: [(String, JSON)] {
        let full: FactValue
        switch self {
        case .quantities:
            var q = Quantity(value: 0, min: 0, max: 0, unit: "", classifier: "", approx: .about)
            (q.attribute, q.attributeText, q.change, q.basis, q.period, q.per) = ("", "", "", "", "", "")
            (q.rateUnit, q.currencyFrom) = ("", "")
            full = .quantity(q)
        case .ranks: full = .rank(Rank(0))
        case .dates: full = .date(DateValue("", yearFrom: ""))
        case .programs: full = .program(Program(name: "", head: "", kind: "", generic: ""))
        case .citations: full = .citation(Citation(title: "", issuer: ""))
        case .honors: full = .honor(Honor(title: "", level: "", recipient: ""))
        case .places: full = .place(Place(name: "", level: "", parent: "", code: "", candidates: 0))
        case .divisions: full = .division(Division(count: 0, level: "", unit: "", names: []))
        }
        return full.fields
    }
}
