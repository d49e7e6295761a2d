/// Why a document could not be processed. `code` is stable for machines; `message` is for people.
public struct DocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// A document that took longer than its time budget.
    static func budgetExceeded(after stage: String) -> DocumentError {
        DocumentError(
            "budget_exceeded", "the document took longer than its time budget (stopped after \(stage)); see --budget")
    }
}

/// Counts that let a user judge a record at a glance.
public struct Stats: Sendable, Equatable {
    /// Unicode code points in the body text.
    public var chars: Int
    public var paragraphs: Int
    /// Lines and blocks of page chrome removed (each is listed by `--explain`).
    public var chromeLines: Int
    public var artifactsRemoved: Int
    public var sentences: Int
}

/// The place a page is about (Simplified), with its official code and the units above it (top
/// first) when the page pins it down to one unit of the gazetteer.
public struct Subject: Sendable, Equatable {
    public var name: String
    public var code: String?
    public var chain: [String]

    public init(name: String, code: String? = nil, chain: [String] = []) {
        self.name = name
        self.code = code
        self.chain = chain
    }
}

/// One line of output: a document's record, or the error that stopped it.
public struct Record: Sendable {
    public var id: String
    public var source: Source
    public var meta: Meta
    /// The place the page is about, from its title or first paragraph.
    public var subject: Subject?
    /// Where the page is from (`mainland`, `hk`, `mo`, `tw`), which says what a bare 元 is.
    public var region: String?
    /// The regions' scores that decided it, for `tiqu explain`; not part of the JSON.
    public var regionScores: RegionScores?
    /// The scores written out, highest first: made when asked, not for every record.
    public var regionEvidence: String? { regionScores?.description }
    public var stats: Stats
    public var text: String
    /// Facts in text order within each kind.
    public var facts: [Fact]
    public var sentences: [Sentence]
    public var warnings: [String]
    /// What cleaning removed, kept for `--explain`; not part of the JSON.
    public var dropped: [Dropped]
    public var error: DocumentError?

    public init(
        id: String, source: Source, clean: CleanText, text body: String, chars: Int, sentences: [Sentence],
        facts: [Fact], subject: Subject? = nil, region: String? = nil, regionScores: RegionScores? = nil,
        warnings: [String]
    ) {
        self.id = id
        self.source = source
        self.meta = clean.meta
        self.subject = subject
        self.region = region
        self.regionScores = regionScores
        self.stats = Stats(
            chars: chars, paragraphs: clean.blocks.count,
            chromeLines: clean.dropped.count, artifactsRemoved: clean.artifactsRemoved, sentences: sentences.count)
        self.text = body
        self.facts = facts
        self.sentences = sentences
        self.warnings = warnings
        self.dropped = clean.dropped
        self.error = nil
    }

    /// The record of a document that could not be processed.
    public init(id: String, source: Source, error: DocumentError) {
        self.id = id
        self.source = source
        self.meta = Meta()
        self.subject = nil
        self.stats = Stats(chars: 0, paragraphs: 0, chromeLines: 0, artifactsRemoved: 0, sentences: 0)
        self.text = ""
        self.facts = []
        self.sentences = []
        self.warnings = []
        self.dropped = []
        self.error = error
    }
}

/// Each region's score on a page, kept as numbers: a record's JSON does not carry them, and only
/// `tiqu explain` writes them out (`hk 7 · mainland 3 · mo 1 · tw 0`, highest first).
public struct RegionScores: Sendable, CustomStringConvertible {
    let codes: [String]
    let scores: [Int]

    public var description: String {
        scores.indices.sorted { scores[$0] > scores[$1] }.map { "\(codes[$0]) \(scores[$0])" }
            .joined(separator: " · ")
    }
}
