/// Ingest: raw bytes → decoded, sniffed page. Decides the charset and the format, and rejects
/// what is not a scrape (empty, binary) with a clear reason.
public struct Ingest: Stage {
    public init() {}

    public func run(_ page: Page) throws(DocumentError) -> DecodedPage {
        guard !page.bytes.isEmpty else { throw DocumentError("empty", "the input is empty (0 bytes)") }
        // UTF-16 and UTF-32 are full of NUL bytes, which otherwise say binary.
        let wide = Charset.unicodeBOM(page.bytes) != nil || Charset.bomlessUTF16(page.bytes) != nil
        if !wide, let kind = Sniff.binaryKind(page.bytes) {
            throw DocumentError("binary", "the input is \(kind), not an HTML page or a text scrape")
        }
        var declared: [String] = []
        if let transport = page.declaredCharset { declared.append(transport) }
        if let markup = Charset.declaredInMarkup(page.bytes) { declared.append(markup) }
        let decoded = Charset.decode(page.bytes, declared: declared, text: page.text)
        guard decoded.text.contains(where: { !$0.isWhitespace }) else {
            throw DocumentError("empty", "the input holds only white space (\(page.bytes.count) bytes)")
        }
        var warnings = page.warnings
        if decoded.invalidSequences > 0 {
            warnings.append(
                "\(decoded.invalidSequences) invalid byte sequence(s) for \(decoded.encoding) replaced with U+FFFD")
        }
        if let first = declared.first.flatMap(Charset.canonical), first != decoded.encoding {
            warnings.append(
                "declared charset \(declared.first!) does not match the bytes; decoded as \(decoded.encoding)")
        }
        let format = Sniff.format(decoded.text)
        var source = page.source
        source.format = format
        source.encoding = decoded.encoding
        source.url = source.url ?? Sniff.recordedURL(decoded.text, format: format)
        return DecodedPage(id: page.id, source: source, format: format, text: decoded.text, warnings: warnings)
    }
}
