extension ReportEntry {
    /// A sample of `tiqu test --report`: the expected text and facts beside the found ones, missing
    /// facts marked on the expected side, unexpected and changed ones on the found side.
    public init(testing record: Record, against expected: ExpectedRecord, _ comparison: Comparison, seconds: Double?) {
        self.init(record: record, seconds: seconds, droppedKnown: true)
        func key(_ fact: Fact) -> String { "\(fact.kind.rawValue) \(fact.start) \(fact.end)" }
        let unexpected = Set(comparison.unexpected.map(key)), missing = Set(comparison.missing.map(key))
        let changedFound = Set(comparison.changed.map { key($0.actual) })
        let changedExpected = Set(comparison.changed.map { key($0.expected) })
        for (i, fact) in record.facts.enumerated() {
            if unexpected.contains(key(fact)) { status[i] = "unexpected" }
            if changedFound.contains(key(fact)) { status[i] = "changed" }
        }
        var wanted: [Int: String] = [:]
        for (i, fact) in expected.facts.enumerated() {
            if missing.contains(key(fact)) { wanted[i] = "missing" }
            if changedExpected.contains(key(fact)) { wanted[i] = "changed" }
        }
        self.expected = Expected(text: expected.text, facts: expected.facts, status: wanted)
        if comparison.textChanged {
            notes.append("the text changed (lines removed and added: \(comparison.textDiff.count))")
        }
        notes += comparison.metaChanges
    }
}
