import Foundation

/// Limits on markup that libxml2 would take far too long over: it compares each attribute's name
/// with every earlier one on the element (100,000 attributes on one tag take half a minute), and
/// a page of millions of elements is no article. A cheap scan of the bytes refuses such a page
/// before it is parsed, as `too_complex`.
enum MarkupLimits {
    /// No real element has this many attributes; the quadratic check stays in milliseconds below it.
    static let maxAttributesPerElement = 1_000
    /// Ten times the largest real pages seen (portal front pages hold about 50,000).
    static let maxElements = 1_000_000

    /// What makes the page too complex, or nil.
    static func problem(in html: String) -> String? {
        var html = html
        return html.withUTF8 { problem(in: $0) }
    }

    static func problem(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var scan = Scan(bytes: bytes)
        // memchr finds each `<`: the text between tags is passed over at memory speed.
        while scan.i < bytes.count, let tag = bytes.firstIndex(of: UInt8(ascii: "<"), in: scan.i..<bytes.count) {
            scan.i = tag
            scan.tag()
            if scan.elements > maxElements { return "the page has over \(maxElements) elements" }
            if scan.mostAttributes > maxAttributesPerElement {
                return "an element has over \(maxAttributesPerElement) attributes"
            }
        }
        return nil
    }

    /// A forward scan over tags: counts elements, and the attributes of each start tag.
    struct Scan {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0
        var elements = 0
        var mostAttributes = 0

        /// Reads the tag that starts at `i` (a `<`): a comment is skipped whole; a start tag's
        /// attributes are the names that are not the value after an `=`; a script's or style's
        /// text after its start tag is skipped to its end tag.
        mutating func tag() {
            i += 1
            guard i < bytes.count else { return }
            if bytes[i] == UInt8(ascii: "!") { return skipComment() }
            guard Self.isLetter(bytes[i]) else { return }
            elements += 1
            var attributes = 0
            var expectValue = false
            let nameStart = i
            while i < bytes.count, !Self.isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">") { i += 1 }
            let rawText = Self.rawTextTags.first { matches($0, at: nameStart) && nameStart + $0.count == i }
            defer { if let rawText { skipRawText(closedBy: rawText) } }
            while i < bytes.count, bytes[i] != UInt8(ascii: ">") {
                let b = bytes[i]
                if Self.isSpace(b) || b == UInt8(ascii: "/") {
                    i += 1
                } else if b == UInt8(ascii: "=") {
                    expectValue = true
                    i += 1
                } else if expectValue {
                    skipValue()
                    expectValue = false
                } else {
                    attributes += 1
                    while i < bytes.count, !Self.isSpace(bytes[i]), bytes[i] != UInt8(ascii: "="),
                        bytes[i] != UInt8(ascii: ">")
                    { i += 1 }
                }
                if attributes > MarkupLimits.maxAttributesPerElement { break }
            }
            mostAttributes = max(mostAttributes, attributes)
        }

        mutating func skipValue() {
            let quote = bytes[i]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                // Quoted values (links, styles) are most of a tag's bytes: memchr finds the close.
                // Past the close, or at the page's end when the value is never closed (a cut page).
                i = bytes.firstIndex(of: quote, in: (i + 1)..<bytes.count).map { $0 + 1 } ?? bytes.count
            } else {
                while i < bytes.count, !Self.isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">") { i += 1 }
            }
        }

        /// Script and style hold text, not tags (libxml2 reads them so): a `<` in CSS or code opens
        /// no element, and its words are no attributes.
        static let rawTextTags = ["script", "style"].map { Array($0.utf8) }

        /// Whether the lower-case ASCII `word` is at `at`, in any case.
        func matches(_ word: [UInt8], at: Int) -> Bool {
            at + word.count <= bytes.count && word.indices.allSatisfy { bytes[at + $0] | 0x20 == word[$0] }
        }

        /// Skips a script's or style's text, to its end tag (`</script`) or the end of the page.
        mutating func skipRawText(closedBy name: [UInt8]) {
            while i < bytes.count, let lt = bytes.firstIndex(of: UInt8(ascii: "<"), in: i..<bytes.count) {
                i = lt + 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "/"), matches(name, at: i + 1) {
                    i = lt
                    return
                }
            }
            i = bytes.count
        }

        /// Skips a comment that opens at `i`, to the end of the text when it is never closed.
        mutating func skipComment() {
            guard i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "-"), bytes[i + 2] == UInt8(ascii: "-") else {
                return
            }
            i += 3
            // From one `-` to the next by memchr, until one opens `-->`.
            while let dash = bytes.firstIndex(of: UInt8(ascii: "-"), in: i..<bytes.count) {
                if dash + 2 < bytes.count, bytes[dash + 1] == UInt8(ascii: "-"), bytes[dash + 2] == UInt8(ascii: ">") {
                    i = dash + 3
                    return
                }
                i = dash + 1
            }
            i = bytes.count
        }

        static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
        static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }
    }
}
