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

    /// Bodies longer than this are cleaned but not analysed: no article is this long, and a
    /// megabyte-scale line of numbers would hold one worker for minutes and emit a record nobody can read.
    public static let maxExtractChars = 2_000_000

    public init(rules: RuleBook) {
        ingest = Ingest()
        clean = Clean(rules: rules)
        extract = Extract(rules: rules)
    }

    /// Runs one page to its record. Never throws: a failure becomes the record's `error`.
    public func process(_ page: Page) -> Record {
        do {
            let decoded = try ingest.run(page)
            let clean = try clean.run(decoded)
            let chars = clean.blocks.reduce(0) { $0 + $1.text.unicodeScalars.count + 1 }
            guard chars <= Self.maxExtractChars else {
                let warning = "the body has \(chars) characters, over the extraction budget of \(Self.maxExtractChars): cleaned, but no sentences or facts extracted"
                return Record(id: page.id, source: decoded.source, clean: clean, sentences: [], facts: [], warnings: decoded.warnings + clean.warnings + [warning])
            }
            let analysis = analyze(clean)
            let extraction = extract.run(analysis)
            return Record(id: page.id, source: decoded.source, clean: clean, sentences: analysis.sentences, facts: extraction.facts,
                          subject: extraction.subject, warnings: decoded.warnings + clean.warnings + extraction.warnings)
        } catch {
            return Record(id: page.id, source: page.source, error: error)
        }
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
