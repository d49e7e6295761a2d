/// One step of the flow. Every stage takes the previous stage's value and returns a new one;
/// nothing is shared or mutated in between, so documents can run on any core.
public protocol Stage: Sendable {
    associatedtype Input
    associatedtype Output
    func run(_ input: Input) throws(DocumentError) -> Output
}

/// The whole flow on one screen: ingest → clean → normalize → segment → extract → record.
public struct Pipeline: Sendable {
    public let ingest: Ingest
    public let clean: Clean
    public let normalize = Normalize()
    public let segment = Segment()
    public let extract: Extract

    /// Bodies longer than this are not analysed: no article is this long, and a megabyte-scale line
    /// of numbers would hold one worker for minutes and emit a record nobody can read.
    public static let maxExtractChars = 2_000_000
    /// The default time one document may take before it becomes a `budget_exceeded` error record.
    public static let defaultBudget: Duration = .seconds(20)

    /// How long one document may take. Checked between stages and inside the extractors' loops,
    /// so a pathological page gives up its worker instead of stalling the run.
    public var budget: Duration

    public init(rules: RuleBook, budget: Duration = Pipeline.defaultBudget) {
        ingest = Ingest()
        clean = Clean(rules: rules)
        extract = Extract(rules: rules)
        self.budget = budget
    }

    /// Runs one page to its record. Never throws: a failure becomes the record's `error`. A rule
    /// pattern that ran out of time counted as no match, so the record says which and how often.
    public func process(_ page: Page) -> Record {
        var (record, timeouts) = Pattern.Timeouts.collect { processCounted(page) }
        if record.error == nil { record.warnings += timeouts.map(\.warning) }
        return record
    }

    func processCounted(_ page: Page) -> Record {
        let deadline = ContinuousClock.now + budget
        do throws(DocumentError) {
            let decoded = try ingest.run(page)
            try Self.check(deadline, after: "decoding")
            let clean = try clean.run(decoded)
            try Self.check(deadline, after: "cleaning")
            let chars = clean.blocks.reduce(0) { $0 + $1.text.unicodeScalars.count + 1 }
            guard chars <= Self.maxExtractChars else {
                throw DocumentError("budget_exceeded", "the body has \(chars) characters, over the budget of \(Self.maxExtractChars) for one document")
            }
            var analysis = analyze(clean)
            analysis.deadline = deadline
            try Self.check(deadline, after: "segmenting")
            let extraction = try extract.run(analysis)
            return Record(id: page.id, source: decoded.source, clean: clean, sentences: analysis.sentences, facts: extraction.facts,
                          subject: extraction.subject, warnings: decoded.warnings + clean.warnings + extraction.warnings)
        } catch {
            return Record(id: page.id, source: page.source, error: error)
        }
    }

    static func check(_ deadline: ContinuousClock.Instant, after stage: String) throws(DocumentError) {
        if ContinuousClock.now > deadline { throw DocumentError.budgetExceeded(after: stage) }
    }

    /// Normalize and segment clean text: what extractors read.
    public func analyze(_ clean: CleanText) -> Analysis {
        let map = normalize.run(clean)
        var blocks: [(kind: Block.Kind, range: Range<Int>)] = []
        var start = 0
        var index = 0
        for (i, s) in map.folded.enumerated() where s == "\n" {
            blocks.append((clean.blocks[index].kind, start..<i))
            index += 1
            start = i + 1
        }
        if !clean.blocks.isEmpty { blocks.append((clean.blocks[index].kind, start..<map.folded.count)) }
        return Analysis(map: map, sentences: segment.run(map), blocks: blocks, meta: clean.meta)
    }
}
