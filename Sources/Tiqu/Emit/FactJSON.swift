/// Facts as the record writes them: each family's fields in a fixed order, and read back from an
/// expected record (for regression tests) by the same names.
extension FactValue {
    /// The value's fields, in output order.
    public var fields: [(String, JSON)] {
        switch self {
        case .quantity(let q): q.fields
        case .rank(let r): [("value", .double(r.value))]
        case .date(let d): [("value", .string(d.value))] + (d.yearFrom.map { [("year_from", .string($0))] } ?? [])
        case .program(let p):
            [("name", .string(p.name)), ("head", .optional(p.head)), ("kind", .optional(p.kind))]
                + (p.generic.map { [("generic", .string($0))] } ?? [])
        case .citation(let c): [("title", .string(c.title)), ("issuer", .optional(c.issuer))]
        case .honor(let h):
            [
                ("title", .string(h.title)), ("level", .optional(h.level)), ("recipient", .optional(h.recipient)),
                ("status", .string(h.status)),
            ]
        case .place(let p):
            [
                ("name", .string(p.name)), ("level", .string(p.level)), ("parent", .optional(p.parent)),
                ("code", .optional(p.code)), ("candidates", .int(p.candidates)),
            ]
        case .division(let d):
            [
                ("count", .int(d.count)), ("level", .string(d.level)), ("unit", .string(d.unit)),
                ("names", .array(d.names.map(JSON.string))),
            ]
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
    var fields: [(String, JSON)] {
        let number: (Double?) -> JSON = { $0.map(JSON.double) ?? .null }
        return [
            ("value", number(value)), ("min", number(min)), ("max", number(max)), ("unit", .string(unit)),
            ("classifier", .optional(classifier)), ("approx", .optional(approx?.rawValue)),
            ("currency_from", .optional(currencyFrom)), ("attribute", .optional(attribute)),
            ("attribute_text", .optional(attributeText)), ("change", .optional(change)),
            ("basis", .optional(basis)), ("period", .optional(period)), ("per", .optional(per)),
            ("rate_unit", .optional(rateUnit)),
        ]
    }
}

extension Fact {
    /// The fact as the record writes it: its text, its value's fields, then where it came from.
    public var json: JSON {
        let fields = value.fields
        var pairs: [(String, JSON)] = []
        pairs.reserveCapacity(fields.count + 5)  // one array, not three joined
        pairs.append(("text", .string(text)))
        pairs += fields
        pairs += [("sentence", .int(sentence)), ("start", .int(start)), ("end", .int(end)), ("rule", .string(rule))]
        return .object(pairs)
    }

    /// A field of the value by name, as the record writes it.
    public func field(_ name: String) -> JSON? { value.fields.first { $0.0 == name }?.1 }
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
