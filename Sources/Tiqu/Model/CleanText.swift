/// A paragraph-level unit of body text. Table rows are their own blocks (cells joined by tabs).
public struct Block: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case heading, paragraph, tableRow = "table_row"
    }
    public var kind: Kind
    /// One line: the record's text joins blocks with `\n`, so a block never holds a line break. The
    /// initializer makes it so; code that extends a block appends text split by `lines(of:)`, which
    /// holds none either (a check on every append would rescan a growing paragraph each time).
    public var text: String

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = Self.oneLine(text)
    }

    /// A block of a line of `lines(of:)` (or of its cells): it holds no line break, and is not read
    /// for one again. The text cleaner makes a block of nearly every line.
    init(_ kind: Kind, line: String) {
        self.kind = kind
        self.text = line
    }

    /// Every scalar that ends a line somewhere: LF, CR (alone or before LF), VT, FF, NEL and the
    /// Unicode line and paragraph separators.
    public static let lineBreaks: ScalarSet = [
        "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}",
    ]

    /// The text with each line break inside it turned into a space. Asked of every block made, so
    /// whether there is one is read off the bytes.
    static func oneLine(_ text: String) -> String {
        guard !lineBreakOffsets(text).isEmpty else { return text }
        return String(scalars: text.unicodeScalars.map { lineBreaks.contains($0) ? " " : $0 })
    }

    /// The lines of a text, split at every line break (CRLF counts once), not by Characters: Swift's
    /// `Character` makes `\r\n` one character that `split(separator: "\n")` never finds.
    public static func lines(of text: String) -> [Substring] {
        let cuts = lineBreakOffsets(text)
        let utf8 = text.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        var lines: [Substring] = []
        lines.reserveCapacity(cuts.count + 1)
        var start = 0
        for cut in cuts {
            lines.append(text[index(start)..<index(cut.lowerBound)])
            start = cut.upperBound
        }
        lines.append(text[index(start)...])
        return lines
    }

    /// The bytes a line break may start with: LF, VT, FF, CR, and the leads of NEL and U+2028/9.
    static let breakStarts: [Bool] = (0...255).map { [0x0A, 0x0B, 0x0C, 0x0D, 0xC2, 0xE2].contains($0) }

    /// The first byte at or after `i` that may start a break (a control up to CR, or 0xC2, 0xE2),
    /// or where fewer than eight bytes are left: the text is read eight bytes at a time.
    @inline(__always) static func skipNoBreakStart(_ bytes: UnsafeBufferPointer<UInt8>, from i: Int) -> Int {
        ByteWord.skipUnmarked(bytes, from: i) { word in
            ByteWord.bytes(below: 0x0E, in: word) | ByteWord.bytes(equalTo: 0xC2, in: word)
                | ByteWord.bytes(equalTo: 0xE2, in: word)
        }
    }

    /// Where the line breaks are, as UTF-8 byte ranges (CR LF as one), found on the bytes: every
    /// break is one of `lineBreaks`, each a fixed byte sequence.
    static func lineBreakOffsets(_ text: String) -> [Range<Int>] {
        let breakStarts = Self.breakStarts
        var text = text
        return text.withUTF8 { bytes in
            var cuts: [Range<Int>] = []
            var i = 0
            while i < bytes.count {
                i = skipNoBreakStart(bytes, from: i)
                guard i < bytes.count else { break }
                // One table look per byte; the bytes that start a break are few.
                guard breakStarts[Int(bytes[i])] else {
                    i += 1
                    continue
                }
                let width: Int
                switch bytes[i] {
                case 0x0A, 0x0B, 0x0C: width = 1
                case 0x0D: width = i + 1 < bytes.count && bytes[i + 1] == 0x0A ? 2 : 1
                case 0xC2 where i + 1 < bytes.count && bytes[i + 1] == 0x85: width = 2  // NEL
                case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] | 1) == 0xA9:
                    width = 3  // U+2028, U+2029
                default:
                    i += 1
                    continue
                }
                cuts.append(i..<(i + width))
                i += width
            }
            return cuts
        }
    }
}

extension CleanText {
    /// Bodies longer than this are not analysed: no article is this long, and a megabyte-scale line
    /// of numbers would hold one worker for minutes and emit a record nobody can read.
    public static let maxBodyChars = 2_000_000

    /// The error of a body over `maxBodyChars`.
    static func overBudget(_ chars: Int, _ what: String = "the body has") -> DocumentError {
        DocumentError(
            "budget_exceeded", "\(what) \(chars) characters, over the budget of \(maxBodyChars) for one document")
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

    public init(
        title: String? = nil, published: String? = nil, outlet: String? = nil, author: String? = nil,
        editor: String? = nil
    ) {
        self.title = title
        self.published = published
        self.outlet = outlet
        self.author = author
        self.editor = editor
    }

    /// Fills each field still empty from `other`: earlier, stronger evidence wins. A field is
    /// written only when it is empty and `other` has it (asked of every body line, most of whose
    /// credits are empty: nothing is copied then).
    mutating func fill(from other: Meta) {
        if title == nil, let value = other.title { title = value }
        if published == nil, let value = other.published { published = value }
        if outlet == nil, let value = other.outlet { outlet = value }
        if author == nil, let value = other.author { author = value }
        if editor == nil, let value = other.editor { editor = value }
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

    /// The body as one string: blocks separated by newlines. Fact spans index into this. Appended
    /// into room made once: `joined(separator:)` is generic, and cost several times as much.
    public var body: String {
        var body = ""
        body.reserveCapacity(blocks.reduce(blocks.count) { $0 + $1.text.utf8.count })
        for (i, block) in blocks.enumerated() {
            if i > 0 { body.append("\n") }
            body.append(block.text)
        }
        return body
    }
}
