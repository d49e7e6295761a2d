/// One step of the flow. Every stage takes the previous stage's value and returns a new one;
/// nothing is shared or mutated in between, so documents can run on any core.
public protocol Stage: Sendable {
    associatedtype Input
    associatedtype Output
    func run(_ input: Input) throws(DocumentError) -> Output
}

/// The whole flow on one screen: ingest → clean → emit.
///
/// Later stages (normalize, segment, extract) slot in between clean and emit.
public struct Pipeline: Sendable {
    public let ingest: Ingest
    public let clean: Clean

    public init(rules: RuleBook) {
        ingest = Ingest()
        clean = Clean(rules: rules)
    }

    /// Runs one page to its record. Never throws: a failure becomes the record's `error`.
    public func process(_ page: Page) -> Record {
        do {
            let decoded = try ingest.run(page)
            let clean = try clean.run(decoded)
            return Record(id: page.id, source: decoded.source, clean: clean, warnings: decoded.warnings + clean.warnings)
        } catch {
            return Record(id: page.id, source: page.source, error: error)
        }
    }
}
