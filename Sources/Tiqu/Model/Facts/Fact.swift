import Foundation

/// The families of facts a record holds, each under its own key.
public enum FactKind: String, Sendable, CaseIterable, Comparable {
    case quantities, ranks, dates, programs, citations, honors, places, divisions

    public static func < (a: FactKind, b: FactKind) -> Bool { a.index < b.index }

    /// The kind's place in `allCases` (the order records write the kinds in).
    public var index: Int {
        switch self {
        case .quantities: 0
        case .ranks: 1
        case .dates: 2
        case .programs: 3
        case .citations: 4
        case .honors: 5
        case .places: 6
        case .divisions: 7
        }
    }
}

/// A fact's normalized value: one typed case per family. Emit alone turns it into JSON; its
/// `description` is the one-line form rule examples, `explain` and test diffs compare
/// (`88000 person more_than`, `2020-12`, `红色管家`). Its cases are boxed (`indirect`): a value
/// travels with its match through every extractor's passes and into its fact, and copying a box
/// is one retain where copying a place's fields was several. A quantity is not: it is one
/// reference to its own box already, and a second box cost an allocation for every quantity.
public enum FactValue: Sendable, Equatable, CustomStringConvertible {
    case quantity(Quantity)
    indirect case rank(Rank)
    indirect case date(DateValue)
    indirect case program(Program)
    indirect case citation(Citation)
    indirect case honor(Honor)
    indirect case place(Place)
    indirect case division(Division)

    public var kind: FactKind {
        switch self {
        case .quantity: .quantities
        case .rank: .ranks
        case .date: .dates
        case .program: .programs
        case .citation: .citations
        case .honor: .honors
        case .place: .places
        case .division: .divisions
        }
    }

    public var description: String {
        switch self {
        case .quantity(let q): q.description
        case .rank(let r): r.value.plain
        case .date(let d): d.value
        case .program(let p): p.name
        case .citation(let c): c.title
        case .honor(let h): h.status == Honor.goal ? "\(h.title) goal" : h.title
        case .place(let p): p.name
        case .division(let d): "\(d.count) \(d.level): \(d.names.joined(separator: "、"))"
        }
    }

    public var quantity: Quantity? { if case .quantity(let v) = self { v } else { nil } }
    public var date: DateValue? { if case .date(let v) = self { v } else { nil } }
    public var program: Program? { if case .program(let v) = self { v } else { nil } }
    public var citation: Citation? { if case .citation(let v) = self { v } else { nil } }
    public var honor: Honor? { if case .honor(let v) = self { v } else { nil } }
    public var place: Place? { if case .place(let v) = self { v } else { nil } }
    public var division: Division? { if case .division(let v) = self { v } else { nil } }
}

/// What an extractor found, in the folded view's coordinates. The extract stage maps it back.
public struct Match: Sendable {
    public var range: Range<Int>
    public var rule: String
    public var value: FactValue
    /// Other rules that set a field of the value (a quantity's indicator, qualifier, change word):
    /// shown by `tiqu explain`, not written to records.
    public var helpers: [String] = []

    public var kind: FactKind { value.kind }

    public init(range: Range<Int>, rule: String, value: FactValue) {
        self.range = range
        self.rule = rule
        self.value = value
    }
}

extension Array where Element == Match {
    /// Of matches in order of their starts, those that start in `starts`: found by a binary search,
    /// for a question asked of a page's places for each of thousands of mentions.
    func starting(in starts: Range<Int>) -> ArraySlice<Match> {
        let first = partitioningIndex { $0.range.lowerBound >= starts.lowerBound }
        let end = partitioningIndex { $0.range.lowerBound >= starts.upperBound }
        return self[first..<end]
    }
}

/// A fact as the record carries it: the exact source text, its span in the record's `text`
/// (Unicode code points, so Python's `text[start:end]` gives `text` back), its sentence and rule.
public struct Fact: Sendable {
    public var text: String
    public var start: Int
    public var end: Int
    public var sentence: Int
    public var rule: String
    public var value: FactValue
    /// Other rules that set a field of the value (see `Match.helpers`).
    public var helpers: [String] = []

    public var kind: FactKind { value.kind }

    public init(text: String, start: Int, end: Int, sentence: Int, rule: String, value: FactValue) {
        self.text = text
        self.start = start
        self.end = end
        self.sentence = sentence
        self.rule = rule
        self.value = value
    }
}

extension Double {
    /// A number as people write it: no trailing `.0`, at most 10 decimals.
    public var plain: String {
        if rounded() == self, abs(self) < 1e15 { return String(Int64(self)) }
        var s = String(format: "%.10f", self)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
