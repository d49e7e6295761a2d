import Foundation

/// Where a document came from; carried unchanged into its record.
public struct Source: Sendable, Equatable {
    /// The file path (or `-` for stdin) the document was read from.
    public var path: String
    /// `html` or `text`, once sniffed.
    public var format: Format?
    /// The charset the bytes were decoded from, once decided.
    public var encoding: String?
    /// The page's own URL, when the scrape recorded one.
    public var url: String?
    /// Fields a JSONL input line carried besides the page (crawl time, site, …), passed through.
    public var extra: JSON?

    public init(path: String, format: Format? = nil, encoding: String? = nil, url: String? = nil) {
        self.path = path
        self.format = format
        self.encoding = encoding
        self.url = url
    }
}

/// The two shapes a scrape comes in.
public enum Format: String, Sendable {
    case html
    case text
}

/// One input document as raw bytes: nothing has been decided about it yet.
public struct Page: Sendable {
    public var id: String
    public var source: Source
    /// The bytes; setting them drops `text`.
    public var bytes: [UInt8] { didSet { text = nil } }
    /// The bytes' text when the input held it decoded (a JSONL line's string): ingest takes it
    /// rather than validate the same UTF-8 again. Only `init(id:source:text:…)` sets it.
    public private(set) var text: String?
    /// A charset named by the transport (HTTP `Content-Type`), weaker than a BOM, stronger than the page.
    public var declaredCharset: String?
    /// What reading the page found worth telling (a renamed id, a repaired JSONL line): carried into its record.
    public var warnings: [String]
    /// Metadata the input states (a JSONL line's `title`, `published`): it wins over what the page shows.
    public var given: Meta
    /// Metadata for pages that show none (`--published`): the page's own wins over it.
    public var fallback: Meta

    public init(
        id: String, source: Source, bytes: [UInt8], declaredCharset: String? = nil, warnings: [String] = [],
        given: Meta = Meta(), fallback: Meta = Meta()
    ) {
        self.id = id
        self.source = source
        self.bytes = bytes
        self.declaredCharset = declaredCharset
        self.warnings = warnings
        self.given = given
        self.fallback = fallback
    }

    /// A page the input held as text: its bytes are the text's UTF-8, read as UTF-8.
    public init(id: String, source: Source, text: String, warnings: [String] = [], given: Meta = Meta()) {
        self.init(
            id: id, source: source, bytes: Array(text.utf8), declaredCharset: "utf-8", warnings: warnings,
            given: given)
        self.text = text
    }
}

/// A page decoded to Unicode and sniffed: the input of the clean stage.
public struct DecodedPage: Sendable {
    public var id: String
    public var source: Source
    public var format: Format
    public var text: String
    public var warnings: [String]
}
