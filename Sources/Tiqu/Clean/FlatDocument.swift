import CLibXML2
import Foundation

/// An HTML page parsed by libxml2 and flattened into arrays in document order, so that scoring
/// and output are plain loops over indices (no recursion: nesting depth cannot blow the stack).
struct FlatDocument {
    struct Element {
        var tag: String
        var parent: Int
        /// One past the last element of this element's subtree (elements are in preorder).
        var end: Int
        /// This subtree's text runs are `textStart..<textEnd`.
        var textStart: Int
        var textEnd: Int
        var classAndID: String
        /// Hidden by `hidden`, `display:none` or `visibility:hidden`.
        var hidden: Bool
        /// Centred by `<center>`, `align=center` or `text-align:center`: how CMSs lay out captions.
        var centered: Bool
    }

    /// A piece of text with what encloses it.
    struct Run {
        /// The text with HTML's white space collapsed (`HTMLCleaner.collapse`).
        var text: String
        /// Scalars that are not white space, in the text as the page has it.
        var visible: Int
        var element: Int
        /// The nearest block-level ancestor: runs of one block make one paragraph.
        var block: Int
        /// The nearest data-table row and cell, or -1.
        var row: Int
        var cell: Int
        var inLink: Bool
        /// Inside `<strong>` or `<b>`: a short bold line is a subheading unless it is centred.
        var bold: Bool
        /// `<br>`s between the previous run and this one: each starts a new paragraph.
        var breakBefore: Bool
    }

    var elements: [Element] = []
    var runs: [Run] = []
    /// `<meta>` name/property/itemprop → content, first occurrence wins.
    var metaTags: [String: String] = [:]
    var titleTag: String?
    /// Addresses the page gives for itself: `<link rel=canonical>`, `<base href>`, and a scrape
    /// wrapper's `id` that is an absolute URL (`<text id="http://…">`), in document order.
    var selfURLs: [String] = []
    var images: [Int] = []

    static let blockTags: Set<String> = [
        "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5",
        "h6",
        "blockquote", "pre", "table", "tr", "td", "th", "tbody", "thead", "tfoot", "caption", "figure", "figcaption",
        "center", "header", "footer", "nav", "aside", "form", "address", "hr", "body", "html", "fieldset", "legend",
        "details", "summary", "iframe", "noscript",
    ]

    /// An empty document, for the reader to fill.
    init() {}

    /// Parses with libxml2 in recover mode, the arrays built from its SAX events: libxml2's tree
    /// cost more than all the cleaning after it, and the arrays are all the cleaner reads. The text
    /// is already decoded, so libxml2 is told UTF-8 and told to ignore the page's own (often wrong)
    /// charset declaration. Nil when libxml2 finds no element.
    init?(html: String, deadline: Deadline = Deadline(nil)) throws(DocumentError) {
        var reader = FlatDocumentReader(deadline: deadline)
        var html = html
        html.withUTF8 { reader.read($0) }
        if let failure = reader.failure { throw failure }
        guard reader.sawRoot else { return nil }
        self = reader.doc
    }

    /// The attributes scoring reads, with their names as C strings for libxml2's comparison.
    static let scoredAttributes: [(name: String, bytes: [xmlChar])] = ["class", "id", "style", "hidden", "align"].map {
        ($0, Array($0.utf8) + [0])
    }

    /// Tags that never hold text and are not worth an element.
    static let skippedTags: Set<String> = ["script", "style", "template", "svg"]

    /// A start tag's attributes as libxml2's SAX parser hands them: name, value, name, value …,
    /// then a null; a value is null when the attribute has none (`<div hidden>`), read as "".
    struct Attributes {
        let pairs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

        /// Each attribute's name and value, in the order the tag writes them.
        func forEach(_ body: (UnsafePointer<xmlChar>, UnsafePointer<xmlChar>?) -> Void) {
            guard let pairs else { return }
            var i = 0
            while let name = pairs[i] {
                body(name, pairs[i + 1])
                i += 2
            }
        }

        /// The value of the attribute named exactly `name` (libxml2 lower-cases HTML's names).
        subscript(name: String) -> String? { raw(name).map { $0.map { String(cString: $0) } ?? "" } }

        /// The value as libxml2 holds it (nil inside when the attribute has none), not yet a String.
        func raw(_ name: String) -> UnsafePointer<xmlChar>?? {
            var name = name
            return name.withUTF8 { want in
                var found: UnsafePointer<xmlChar>??
                forEach { n, v in
                    if found == nil, xmlStrncmp(n, want.baseAddress, Int32(want.count)) == 0, n[want.count] == 0 {
                        found = .some(v)
                    }
                }
                return found
            }
        }
    }

    /// The attributes scoring needs: class and id words, whether the element is hidden, whether centred.
    static func scored(_ attributes: Attributes, tag: String) -> (classAndID: String, hidden: Bool, centered: Bool) {
        var classAndID = ""
        var hidden = false
        var centered = tag == "center"
        attributes.forEach { raw, v in
            // Compared in full only with the names starting with the same letter: most attributes
            // (href, src, width …) are none of them.
            let first = raw[0] | 0x20
            guard
                let name = scoredAttributes.first(where: { $0.bytes[0] == first && xmlStrcasecmp(raw, $0.bytes) == 0 })?
                    .name
            else { return }
            switch name {
            case "class", "id":
                let value = v.map { String(cString: $0) } ?? ""
                classAndID += classAndID.isEmpty ? value : " " + value
            case "hidden": hidden = true
            case "align": centered = centered || xmlStrcasecmp(v, Self.center) == 0
            default:
                guard let v else { return }
                let style = squeezed(v)
                if style.contains(bytes: "display:none") || style.contains(bytes: "visibility:hidden") {
                    hidden = true
                }
                if style.contains(bytes: "text-align:center") { centered = true }
            }
        }
        return (classAndID, hidden, centered)
    }

    static let center = Array("center".utf8) + [0]

    /// A style declaration's bytes in lower case without white space (`display: none` →
    /// `display:none`); one that is not all ASCII is lowered by Unicode.
    private static func squeezed(_ value: UnsafePointer<xmlChar>) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while value[i] != 0 {
            let b = value[i]
            guard b < 0x80 else { return Array(squeezed(String(cString: value)).utf8) }
            if !(b == 0x20 || (0x09...0x0D).contains(b)) { out.append((0x41...0x5A).contains(b) ? b + 0x20 : b) }
            i += 1
        }
        return out
    }

    /// A style declaration in lower case without white space, by Unicode scalars.
    private static func squeezed(_ style: String) -> String {
        var out = String.UnicodeScalarView()
        for u in style.unicodeScalars where !u.isWhiteSpace {
            if u.value < 0x80 {
                out.append(u.value >= 0x41 && u.value <= 0x5A ? Unicode.Scalar(u.value + 0x20)! : u)
            } else {
                out.append(contentsOf: String(u).lowercased().unicodeScalars)
            }
        }
        return String(out)
    }

    /// The page's own address when this element states it.
    static func selfURL(_ attributes: Attributes, tag: String) -> String? {
        let value: String?
        switch tag {
        case "link": value = attributes["rel"]?.lowercased() == "canonical" ? attributes["href"] : nil
        case "base": value = attributes["href"]
        default:
            // An id is a URL on a few archived pages only: no String for the others.
            guard let id = attributes.raw("id"), let id, xmlStrncmp(id, "http", 4) == 0 else { return nil }
            value = String(cString: id)
        }
        guard let value, value.hasPrefix("http://") || value.hasPrefix("https://") else { return nil }
        return value
    }

    mutating func recordMeta(_ attributes: Attributes) {
        guard let content = attributes["content"]?.trimming(.whitespacesAndNewlines), !content.isEmpty
        else { return }
        for key in ["name", "property", "itemprop"] {
            if let name = attributes[key]?.lowercased(), metaTags[name] == nil { metaTags[name] = content }
        }
    }
}

/// libxml2's HTML parser alone on a page's raw bytes, the document freed and nothing else done:
/// the floor no HTML pipeline built on it can beat (`tiqu bench` measures against it).
public enum ParseFloor {
    public static func parse(_ bytes: [UInt8]) -> Bool {
        // The options silence the parser, not its input layer, which reports bytes invalid in a
        // page's declared charset ("I/O error : encoder error") on stderr, amid the bench's table.
        xmlSetStructuredErrorFunc(nil) { _, _ in }
        let options =
            Int32(
                HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                    | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue) | Int32(XML_PARSE_HUGE.rawValue)
        let doc = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                htmlReadMemory($0, Int32(clamping: buf.count), nil, nil, options)
            }
        }
        guard let doc else { return false }
        xmlFreeDoc(doc)
        return true
    }
}
