/// The whole flow on one screen: ingest → clean → normalize → segment → extract → record.
public struct Pipeline: Sendable {
    public let ingest: Ingest
    public let clean: Clean
    public let normalize = Normalize()
    public let segment = Segment()
    public let extract: Extract

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

    /// The metadata of a record: what the input states wins over what the page shows, which wins
    /// over the run's fallback (`--published`). A stated date that is no date is left out and said.
    static func meta(stated page: Page, found: Meta, warnings: inout [String]) -> Meta {
        var meta = page.given
        if let written = meta.published {
            meta.published = DateText.iso(written)
            if meta.published == nil { warnings.append("the stated date '\(written)' is not a date; left out") }
        }
        meta.fill(from: found)
        var fallback = page.fallback
        fallback.published = fallback.published.flatMap(DateText.iso)
        meta.fill(from: fallback)
        return meta
    }

    /// The steps a page goes through, as `process(_:observe:)` reports them.
    public enum Step: String, Sendable, CaseIterable {
        case ingest, clean, analyze, extract
    }

    /// Runs one page to its record. Never throws: a failure becomes the record's `error`.
    /// `observe` hears how long each step took (the benchmark's stage table). A rule pattern that
    /// ran out of time counted as no match, so the record says which and how often.
    public func process(_ page: Page, observe: ((Step, Duration) -> Void)? = nil) -> Record {
        var (record, timeouts) = Pattern.Timeouts.collect { processCounted(page, observe: observe) }
        if record.error == nil { record.warnings += timeouts.map(\.warning) }
        return record
    }

    func processCounted(_ page: Page, observe: ((Step, Duration) -> Void)?) -> Record {
        let deadline = ContinuousClock.now + budget
        func step<T>(_ step: Step, _ body: () throws(DocumentError) -> T) throws(DocumentError) -> T {
            let start = ContinuousClock.now
            let result = try body()
            observe?(step, ContinuousClock.now - start)
            try Self.check(deadline, after: step.rawValue)
            return result
        }
        do throws(DocumentError) {
            let decoded = try step(.ingest) { () throws(DocumentError) in try ingest.run(page) }
            var clean = try step(.clean) { () throws(DocumentError) in try self.clean.run(decoded, deadline: deadline) }
            clean.meta = Self.meta(stated: page, found: clean.meta, warnings: &clean.warnings)
            let body = clean.body  // joined once: the text that is folded and the record's text
            // A body of no more bytes than the budget has no more characters: counted only past that. The count the
            // record gives is the text map's length: the map reads the body's scalars anyway.
            if body.utf8.count > CleanText.maxBodyChars {
                let chars = body.scalarCount
                guard chars <= CleanText.maxBodyChars else { throw CleanText.overBudget(chars) }
            }
            var analysis = try step(.analyze) { () throws(DocumentError) -> Analysis in analyze(clean, body: body) }
            let chars = analysis.map.original.count
            (analysis.deadline, analysis.url) = (deadline, decoded.source.url)
            let extraction = try step(.extract) { () throws(DocumentError) in try extract.run(analysis) }
            return Record(
                id: page.id, source: decoded.source, clean: clean, text: body, chars: chars,
                sentences: analysis.sentences,
                facts: extraction.facts,
                subject: extraction.subject, region: extraction.region,
                regionScores: extraction.regionScores,
                warnings: decoded.warnings + clean.warnings + extraction.warnings)
        } catch {
            return Record(id: page.id, source: page.source, error: error)
        }
    }

    /// The facts of a text given as clean body text, one paragraph per line: the flow after cleaning,
    /// where rule examples and peers' cases start. Held to the budget like a page: a text past it has no facts.
    public func facts(of text: String) -> [Fact] {
        let blocks = Block.lines(of: text).filter { !$0.isEmpty }.map { Block(.paragraph, String($0)) }
        let clean = CleanText(blocks: blocks, meta: Meta(), dropped: [], artifactsRemoved: 0, warnings: [])
        var analysis = analyze(clean)
        analysis.deadline = ContinuousClock.now + budget
        return (try? extract.run(analysis).facts) ?? []
    }

    static func check(_ deadline: ContinuousClock.Instant, after stage: String) throws(DocumentError) {
        if ContinuousClock.now > deadline { throw DocumentError.budgetExceeded(after: stage) }
    }

    /// What ends a block in the folded body: searched for eight scalars at a time.
    static let lineBreak = ScalarMarks(["\n"])

    /// Normalize and segment clean text: what extractors read.
    public func analyze(_ clean: CleanText) -> Analysis { analyze(clean, body: clean.body) }

    /// `analyze(_:)` with the body already joined.
    func analyze(_ clean: CleanText, body: String) -> Analysis {
        let map = normalize.run(body)
        var blocks: [(kind: Block.Kind, range: Range<Int>)] = []
        blocks.reserveCapacity(clean.blocks.count)
        var start = 0
        var index = 0
        // Blocks hold no line break (`Block.text`), so the n-th line of the folded text is the n-th block;
        // the breaks are looked for eight scalars at a time.
        while index + 1 < clean.blocks.count {
            let end = Self.lineBreak.first(in: map.folded, from: start)
            guard end < map.folded.count else { break }
            blocks.append((clean.blocks[index].kind, start..<end))
            index += 1
            start = end + 1
        }
        if !clean.blocks.isEmpty { blocks.append((clean.blocks[index].kind, start..<map.folded.count)) }
        return Analysis(map: map, sentences: segment.run(map), blocks: blocks, meta: clean.meta)
    }
}
