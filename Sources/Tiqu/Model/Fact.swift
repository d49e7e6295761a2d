/// The families of facts a record holds, each under its own key.
public enum FactKind: String, Sendable, CaseIterable, Comparable {
    case quantities, ranks, dates, programs, citations, honors, places, divisions

    public static func < (a: FactKind, b: FactKind) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// What an extractor found, in the folded view's coordinates. The extract stage maps it back.
public struct Match: Sendable {
    public var kind: FactKind
    public var range: Range<Int>
    public var rule: String
    /// The normalized value as fields, in output order (`value`, `unit`, `approx` …).
    public var fields: [(String, JSON)]
    /// A one-line form of the value, for rule examples, `explain` and test diffs: `88000 person more_than`.
    public var summary: String

    public init(kind: FactKind, range: Range<Int>, rule: String, fields: [(String, JSON)], summary: String) {
        self.kind = kind
        self.range = range
        self.rule = rule
        self.fields = fields
        self.summary = summary
    }
}

extension Match {
    /// A field's value by name (`.null` when absent).
    func field(_ name: String) -> JSON { fields.first { $0.0 == name }?.1 ?? .null }

    /// Sets a field that is already present, keeping the field order.
    mutating func set(_ name: String, _ value: JSON) {
        if let i = fields.firstIndex(where: { $0.0 == name }) { fields[i].1 = value }
    }
}

/// A fact as the record carries it: the exact source text, its span in the record's `text`
/// (Unicode code points, so Python's `text[start:end]` gives `text` back), its sentence and rule.
public struct Fact: Sendable {
    public var kind: FactKind
    public var text: String
    public var start: Int
    public var end: Int
    public var sentence: Int
    public var rule: String
    public var fields: [(String, JSON)]
    public var summary: String

    /// The value part of a fact as one line, the unit tests and diffs compare: `88000 person more_than`,
    /// `30000-50000 person`, `2020-12`, `4`.
    public static func summary(_ kind: FactKind, _ fields: [(String, JSON)]) -> String {
        func field(_ k: String) -> JSON { fields.first { $0.0 == k }?.1 ?? .null }
        switch kind {
        case .quantities:
            var s: String
            if field("value") != .null { s = field("value").plain } else { s = "\(field("min").plain)-\(field("max").plain)" }
            s += " " + field("unit").plain
            if field("approx") != .null { s += " " + field("approx").plain }
            return s
        case .programs, .places:
            return field("name").plain
        case .citations, .honors:
            return field("title").plain
        case .divisions:
            let names: [String] = if case .array(let items) = field("names") { items.map(\.plain) } else { [] }
            return "\(field("count").plain) \(field("level").plain): \(names.joined(separator: "、"))"
        case .quantities, .ranks, .dates:
            return field("value").plain
        }
    }

    public var json: JSON {
        .object([("text", .string(text))] + fields + [("sentence", .int(sentence)), ("start", .int(start)), ("end", .int(end)), ("rule", .string(rule))])
    }
}

/// Everything an extractor may look at: the text in both forms and its sentences.
public struct Analysis: Sendable {
    public var map: TextMap
    public var sentences: [Sentence]
    /// The blocks' spans in the folded view, with their kinds (tables matter to quantities).
    public var blocks: [(kind: Block.Kind, range: Range<Int>)]
    /// The page's metadata: its title names the subject, its date gives yearless dates a year.
    public var meta: Meta
    /// When the document's time budget runs out; extractors stop early after it.
    public var deadline: ContinuousClock.Instant?

    /// Whether the time budget has run out (cheap enough to ask every thousand steps).
    public var expired: Bool { deadline.map { ContinuousClock.now > $0 } ?? false }

    /// The publication year, which `1-9月` and `6月` belong to when the text gives no other.
    public var year: Int? { meta.published.flatMap { Int($0.prefix(4)) } }
}
