/// One document of a report: its record (with its text and the lines cleaning dropped, when known),
/// how long it took, notes on how the report got it, and for `tiqu test` the expected side.
public struct ReportEntry: Sendable {
    public var record: Record
    /// Seconds the pipeline took on it, when the report ran it.
    public var seconds: Double?
    /// What the reader should know: re-run from its file, dropped lines unknown, a fact off its span.
    public var notes: [String] = []
    /// Whether `record.dropped` is known (a record read from JSONL does not carry it).
    public var droppedKnown: Bool
    public var expected: Expected?
    /// How found facts differ from the expected ones (`unexpected`, `changed`), by index in `record.facts`.
    public var status: [Int: String] = [:]

    /// The expected record of a test: its text and facts, with how each differs (`missing`, `changed`).
    public struct Expected: Sendable {
        public var text: String
        public var facts: [Fact]
        public var status: [Int: String]

        public init(text: String, facts: [Fact], status: [Int: String]) {
            self.text = text
            self.facts = facts
            self.status = status
        }
    }

    public init(record: Record, seconds: Double? = nil, droppedKnown: Bool) {
        self.record = record
        self.seconds = seconds
        self.droppedKnown = droppedKnown
    }

    /// A record with what running its page again adds: the dropped lines when the text is the same,
    /// the text when the record has none (its facts kept if they fit it, else the new run's).
    public init(reading record: Record, again: Record, seconds: Double) {
        guard record.text.isEmpty else {
            let same = again.text == record.text
            var entry = ReportEntry(record: record, seconds: seconds, droppedKnown: same)
            entry.record.dropped = again.dropped
            if !same { entry.notes.append("the page cleans differently with these rules now: dropped lines not shown") }
            self = entry
            return
        }
        var withText = record
        (withText.text, withText.dropped) = (again.text, again.dropped)
        self.init(record: withText, seconds: seconds, droppedKnown: true)
        notes.append("the record has no text: the text is the page run again")
        if !offSpan.isEmpty {
            notes.append(
                "\(offSpan.count) of the record's facts do not fit that text (other rules?): the new run's facts shown")
            self.record.facts = again.facts
        }
    }

    /// Facts whose span does not give back their text (a record made with other rules than the
    /// text's): the report marks none of them and says how many.
    var offSpan: [Fact] {
        let scalars = Array(record.text.unicodeScalars)
        return record.facts.filter { !$0.fits(scalars) }
    }
}

extension Fact {
    /// Whether the fact's span of this text (its scalars) gives back the fact's text.
    func fits(_ scalars: [Unicode.Scalar]) -> Bool {
        start >= 0 && start < end && end <= scalars.count
            && String(scalars: scalars[start..<end]) == text
    }
}

extension FactKind {
    /// The kind's name for one fact (`quantity`), as reports mark it in `data-fact`.
    public var singular: String {
        switch self {
        case .quantities: "quantity"
        default: String(rawValue.dropLast())
        }
    }
}
