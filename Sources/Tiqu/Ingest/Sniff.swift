import Foundation

/// Tells HTML from plain text, and binary files from both, by content rather than by file name.
enum Sniff {
    /// File signatures of formats that are never a scrape.
    static let signatures: [(magic: [UInt8], name: String)] = [
        ([0x89, 0x50, 0x4E, 0x47], "a PNG image"), ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        (Array("GIF8".utf8), "a GIF image"),
        (Array("%PDF".utf8), "a PDF document"), ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive (or Office file)"),
        ([0x1F, 0x8B], "gzip-compressed data"), (Array("RIFF".utf8), "a RIFF media file"),
        ([0x7F, 0x45, 0x4C, 0x46], "an ELF executable"),
        ([0x42, 0x5A, 0x68], "bzip2-compressed data"), ([0xFD, 0x37, 0x7A, 0x58, 0x5A], "xz-compressed data"),
    ]

    /// What a binary input looks like, or nil when it may be text. A text file has no NUL bytes
    /// (UTF-16 is recognised before this check), so a few in the first 8 KB mean binary.
    static func binaryKind(_ bytes: [UInt8]) -> String? {
        for (magic, name) in signatures where bytes.starts(with: magic) { return name }
        let head = bytes.prefix(8192)
        // Most inputs hold no NUL: `memchr` says so before any byte is counted.
        guard Charset.holdsNUL(bytes, before: head.count) else { return nil }
        let nul = head.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        return nul > 0 ? "binary data (\(nul) NUL bytes in the first \(head.count))" : nil
    }

    /// Tags whose presence near the start means markup, not a text scrape that mentions `<`.
    static let htmlMarkers = [
        "<!doctype html", "<html", "<head", "<body", "<meta ", "<title", "<div", "<p>", "<p ", "<table", "<article",
    ]

    static func format(_ text: String) -> Format {
        // A head (4,096 scalars, at most four bytes each) without a `<` is text: nothing to look for.
        var bytes = text
        guard bytes.withUTF8({ $0.firstIndex(of: UInt8(ascii: "<"), in: 0..<min($0.count, 4096 * 4)) != nil }) else {
            return .text
        }
        let head = lowercasedASCII(text, scalars: 4096)
        let first = text.unicodeScalars.first { !$0.isWhiteSpace && $0 != "\u{FEFF}" }
        guard first == "<" || head.contains(bytes: "<html") || head.contains(bytes: "<!doctype html") else {
            return .text
        }
        return htmlMarkers.contains { head.contains(bytes: $0) } ? .html : .text
    }

    /// The UTF-8 bytes of the first `scalars` scalars of `text`, ASCII letters lower-cased: the
    /// markers sniffing looks for are ASCII, and a byte search needs no String machinery.
    static func lowercasedASCII(_ text: String, scalars: Int) -> [UInt8] {
        var text = text
        return text.withUTF8 { bytes in
            var count = 0
            var end = bytes.count
            for i in bytes.indices where bytes[i] & 0xC0 != 0x80 {
                count += 1
                if count > scalars {
                    end = i
                    break
                }
            }
            return bytes[..<end].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        }
    }

    /// The page's own URL when the scraper recorded one: `<!--https://…-->` opening an HTML file,
    /// or a `# url: …` header line opening a text scrape.
    static func recordedURL(_ text: String, format: Format) -> String? {
        // Most files open with neither: the first scalar says so without cutting Characters.
        let opening = text.unicodeScalars.first { !$0.isWhiteSpace || format == .text }
        guard opening == (format == .html ? "<" : "#") else { return nil }
        let head = format == .text ? Self.headerLines(text, 5).prefix(characters: 2048) : text.prefix(2048)
        switch format {
        case .html:
            // Only a comment opening the file: most pages start with their doctype.
            let start = head.drop(while: \.isWhitespace)
            // The close is looked for after the opener: `<!-->` closes itself.
            guard start.hasPrefix("<!--"), case let rest = start.dropFirst(4), let close = rest.firstRange(of: "-->")
            else { return nil }
            let inner = rest[..<close.lowerBound].trimming(.whitespacesAndNewlines)
            return inner.hasPrefix("http://") || inner.hasPrefix("https://") ? inner : nil
        case .text:
            for line in Self.lines(head).prefix(5) {
                guard line.hasPrefix("#") else { break }
                let body = line.dropFirst().trimming(.whitespaces)
                // The label alone is lower-cased, not the URL after it.
                if body.prefix(4).lowercased() == "url:" { return body.dropFirst(4).trimming(.whitespaces) }
            }
            return nil
        }
    }
}

extension Sniff {
    /// The text's first `count` lines up to the first that does not open with `#` (at most 8,192
    /// scalars, more than the 2,048 Characters sniffing reads): only those can be a header. Found on
    /// the UTF-8: cutting Characters, or walking a String's scalar view, through a whole head costs
    /// more than the rest of sniffing.
    static func headerLines(_ text: String, _ count: Int) -> Substring {
        var text = text
        let end = text.withUTF8 { bytes in
            var (breaks, scanned, i) = (0, 0, 0)
            var previous: Unicode.Scalar = "\n"
            while i < bytes.count {
                let (u, width) = bytes.scalar(at: i)
                let crlf = previous == "\r" && u == "\n"
                if isBreak(previous) && !crlf && u != "#" { break }  // a line that is no header line
                if isBreak(u) && !crlf { breaks += 1 }
                (previous, scanned, i) = (u, scanned + 1, i + width)
                if breaks == count || scanned == 8192 { break }
            }
            return i
        }
        return text[..<text.utf8.index(text.startIndex, offsetBy: end)]
    }

    /// The lines of a head, split where `Character.isNewline` splits them (CR LF is one break; a
    /// line end is always a Character boundary): the breaks `Block.lines` cuts at.
    static func lines(_ head: Substring) -> [Substring] { Block.lines(of: String(head)) }

    /// Line ends as Swift's `Character.isNewline` has them (CR LF is one).
    static func isBreak(_ u: Unicode.Scalar) -> Bool {
        (0x0A...0x0D).contains(u.value) || u.value == 0x85 || u.value == 0x2028 || u.value == 0x2029
    }
}

extension Substring {
    /// The first `count` Characters, cutting Characters only when the bytes or the scalars alone
    /// do not show that all of it fits (a Character holds one scalar or more, of a byte or more).
    func prefix(characters count: Int) -> Substring {
        if utf8.count <= count { return self }
        var scalars = 0
        for _ in unicodeScalars {
            scalars += 1
            if scalars > count { return prefix(count) }
        }
        return self
    }
}
