/// Everything an extractor may look at: the text in both forms and its sentences.
public struct Analysis: Sendable {
    public var map: TextMap
    public var sentences: [Sentence]
    /// The blocks' spans in the folded view, with their kinds (tables matter to quantities).
    public var blocks: [(kind: Block.Kind, range: Range<Int>)]
    /// The page's metadata: its title names the subject, its date gives yearless dates a year.
    public var meta: Meta
    /// The page's own URL, when the scrape recorded one (its domain says where the page is from).
    public var url: String?
    /// Where the page is from (`Rules/regions.yaml`), decided before the extractors run.
    public var region: RegionRule?
    /// When the document's time budget runs out; extractors stop early after it.
    public var deadline: ContinuousClock.Instant?
    /// The extractors' whole-text lexicons read over `map.folded` in one pass (`LexiconScan`).
    var lexicons: LexiconHits = .none
    /// Where `map.folded` holds the marks the extractors search for, found in one pass (`MarkPositions`).
    var marks: MarkPositions = .none

    /// Whether the time budget has run out (cheap enough to ask every thousand steps).
    public var expired: Bool { deadline.map { ContinuousClock.now > $0 } ?? false }

    /// The publication year, which `1-9月` and `6月` belong to when the text gives no other.
    public var year: Int? { meta.published.flatMap { Int($0.prefix(4)) } }
}
