/// A paragraph-level unit of body text. Table rows are their own blocks (cells joined by tabs).
public struct Block: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case heading, paragraph, tableRow = "table_row"
    }
    public var kind: Kind
    public var text: String

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}

/// Page metadata pulled from meta tags, bylines and editor lines.
public struct Meta: Sendable, Equatable {
    public var title: String?
    /// ISO 8601 date (`2020-12-22`).
    public var published: String?
    public var outlet: String?
    public var author: String?
    public var editor: String?

    public init(title: String? = nil, published: String? = nil, outlet: String? = nil, author: String? = nil, editor: String? = nil) {
        self.title = title
        self.published = published
        self.outlet = outlet
        self.author = author
        self.editor = editor
    }

    /// Fills each field still empty from `other`: earlier, stronger evidence wins.
    mutating func fill(from other: Meta) {
        title = title ?? other.title
        published = published ?? other.published
        outlet = outlet ?? other.outlet
        author = author ?? other.author
        editor = editor ?? other.editor
    }
}

/// A piece of the page that cleaning removed, and the rule that removed it (shown by `--explain`).
public struct Dropped: Sendable, Equatable {
    public var text: String
    public var rule: String
}

/// The output of the clean stage: body blocks, metadata, and an account of everything removed.
public struct CleanText: Sendable {
    public var blocks: [Block]
    public var meta: Meta
    public var dropped: [Dropped]
    /// Scrape artifacts repaired (pinyin ruby and the like).
    public var artifactsRemoved: Int
    public var warnings: [String]

    /// The body as one string: blocks separated by newlines. Fact spans index into this.
    public var body: String { blocks.map(\.text).joined(separator: "\n") }
}
