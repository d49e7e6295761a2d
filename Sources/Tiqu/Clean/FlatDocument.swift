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

    /// Parses with libxml2 in recover mode. The text is already decoded, so libxml2 is told
    /// UTF-8 and told to ignore the page's own (often wrong) charset declaration.
    init?(html: String, deadline: Deadline = Deadline(nil)) throws(DocumentError) {
        let options =
            Int32(
                HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                    | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
            | Int32(XML_PARSE_HUGE.rawValue)
        // A native string's UTF-8 is contiguous: libxml2 reads it in place, without a copy of the page.
        var html = html
        guard
            let doc = html.withUTF8({ buf in
                buf.baseAddress.flatMap { base in
                    base.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                        htmlReadMemory($0, Int32(clamping: buf.count), nil, "UTF-8", options)
                    }
                }
            })
        else { return nil }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc) else { return nil }
        try deadline.check("parsing the HTML")
        try flatten(root, deadline: deadline)
    }

    /// What encloses the children an element's frame walks.
    private struct Frame {
        var node: xmlNodePtr?
        var element: Int
        var block: Int
        var row: Int
        var cell: Int
        var inLink: Bool
        var bold: Bool
        var inHead: Bool
    }

    /// The attributes scoring reads, with their names as C strings for libxml2's comparison; the
    /// others are never copied out of libxml2.
    static let scoredAttributes: [(name: String, bytes: [xmlChar])] = ["class", "id", "style", "hidden", "align"].map {
        ($0, Array($0.utf8) + [0])
    }

    /// Tags that never hold text and are not worth an element.
    static let skippedTags: Set<String> = ["script", "style", "template", "svg"]

    /// Whether a break (a `<br>` or a block's edge) stands before the next run; set while flattening.
    private var pendingBreak = false

    /// Walks the tree with a stack of frames, each walking one element's children; an element's
    /// bookkeeping closes when its frame pops.
    private mutating func flatten(_ root: xmlNodePtr, deadline: Deadline) throws(DocumentError) {
        var stack = [open(root, parent: nil)]
        var steps = 0
        while !stack.isEmpty {
            steps += 1
            try deadline.check(step: steps, "flattening node \(steps) of the HTML tree")
            guard let node = stack[stack.count - 1].node else {
                close(stack.removeLast())
                continue
            }
            stack[stack.count - 1].node = node.pointee.next
            let frame = stack[stack.count - 1]
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                let tag = node.pointee.name.map { String(cString: $0) } ?? ""
                if !Self.skippedTags.contains(tag) { stack.append(open(node, parent: frame)) }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                addRun(node, in: frame)
            default:
                continue  // comments, processing instructions
            }
        }
    }

    /// Adds an element and returns the frame that walks its children.
    private mutating func open(_ node: xmlNodePtr, parent: Frame?) -> Frame {
        let tag = node.pointee.name.map { String(cString: $0) } ?? ""
        let index = elements.count
        let (classAndID, hidden, centered) = Self.attributes(of: node, tag: tag)
        elements.append(
            Element(
                tag: tag, parent: parent?.element ?? -1, end: index + 1, textStart: runs.count, textEnd: runs.count,
                classAndID: classAndID, hidden: hidden, centered: centered))
        var frame =
            parent
            ?? Frame(node: nil, element: -1, block: index, row: -1, cell: -1, inLink: false, bold: false, inHead: false)
        frame.node = node.pointee.children
        frame.element = index
        if Self.blockTags.contains(tag) { frame.block = index }
        if tag == "a" { frame.inLink = true }
        if tag == "strong" || tag == "b" { frame.bold = true }
        if tag == "head" { frame.inHead = true }
        if tag == "tr", Self.isDataRow(node) { frame.row = index }
        if tag == "td" || tag == "th", frame.row >= 0, frame.row == parent?.row { frame.cell = index }
        if tag == "img" { images.append(index) }
        if tag == "br" || Self.blockTags.contains(tag) { pendingBreak = true }
        if tag == "meta" { recordMeta(node) }
        if let url = Self.selfURL(node, tag: tag) { selfURLs.append(url) }
        if tag == "title", titleTag == nil, let content = xmlNodeGetContent(node) {
            titleTag = String(cString: content)
            xmlFree(content)
        }
        return frame
    }

    /// Closes an element whose children are all walked: its subtree's ends are known now.
    private mutating func close(_ done: Frame) {
        elements[done.element].end = elements.count
        elements[done.element].textEnd = runs.count
        if Self.blockTags.contains(elements[done.element].tag) { pendingBreak = true }
    }

    /// A text node outside `<head>` with something visible in it becomes a run.
    private mutating func addRun(_ node: xmlNodePtr, in frame: Frame) {
        guard !frame.inHead, let content = node.pointee.content else { return }
        // Most text nodes of a page are the white space between tags: look at the bytes first.
        let bytes = UnsafeBufferPointer(
            start: content, count: strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self)))
        guard bytes.contains(where: { $0 >= 0x80 || !(0x09...0x0D ~= $0 || $0 == 0x20) }) else { return }
        let (text, visible) = HTMLCleaner.collapsed(String(decoding: bytes, as: UTF8.self))
        guard visible > 0 else { return }
        runs.append(
            Run(
                text: text, visible: visible, element: frame.element, block: frame.block,
                row: frame.row, cell: frame.cell,
                inLink: frame.inLink, bold: frame.bold, breakBefore: pendingBreak))
        pendingBreak = false
    }

    /// The attributes scoring needs: class and id words, whether the element is hidden, whether centred.
    private static func attributes(of node: xmlNodePtr, tag: String) -> (
        classAndID: String, hidden: Bool, centered: Bool
    ) {
        var classAndID = ""
        var hidden = false
        var centered = tag == "center"
        var attr = node.pointee.properties
        while let a = attr {
            defer { attr = a.pointee.next }
            guard let raw = a.pointee.name,
                let name = scoredAttributes.first(where: { xmlStrcasecmp(raw, $0.bytes) == 0 })?.name
            else { continue }
            let value = Self.value(of: a)
            switch name {
            case "class", "id": classAndID += classAndID.isEmpty ? value : " " + value
            case "hidden": hidden = true
            case "align": centered = centered || value.lowercased() == "center"
            default:
                let style = squeezed(value)
                if style.containsLiteral("display:none") || style.containsLiteral("visibility:hidden") { hidden = true }
                if style.containsLiteral("text-align:center") { centered = true }
            }
        }
        return (classAndID, hidden, centered)
    }

    /// An attribute's value: read in place when it is one text node, as nearly every value is.
    private static func value(of attribute: xmlAttrPtr) -> String {
        guard let child = attribute.pointee.children else { return "" }
        if child.pointee.type == XML_TEXT_NODE, child.pointee.next == nil {
            return child.pointee.content.map { String(cString: $0) } ?? ""
        }
        guard let v = xmlNodeGetContent(UnsafeMutableRawPointer(attribute).assumingMemoryBound(to: xmlNode.self))
        else { return "" }
        defer { xmlFree(v) }
        return String(cString: v)
    }

    /// A style declaration in lower case without white space (`display: none` → `display:none`).
    private static func squeezed(_ style: String) -> String {
        if style.utf8.allSatisfy({ $0 < 0x80 }) {
            let bytes = style.utf8.filter { !($0 == 0x20 || (0x09...0x0D).contains($0)) }
            return String(decoding: bytes.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
        }
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
    private static func selfURL(_ node: xmlNodePtr, tag: String) -> String? {
        func attribute(_ name: String) -> String? {
            guard let v = xmlGetProp(node, name) else { return nil }
            defer { xmlFree(v) }
            return String(cString: v)
        }
        let value: String?
        switch tag {
        case "link": value = attribute("rel")?.lowercased() == "canonical" ? attribute("href") : nil
        case "base": value = attribute("href")
        default: value = attribute("id")
        }
        guard let value, value.hasPrefix("http://") || value.hasPrefix("https://") else { return nil }
        return value
    }

    private mutating func recordMeta(_ node: xmlNodePtr) {
        func attribute(_ name: String) -> String? {
            guard let v = xmlGetProp(node, name) else { return nil }
            defer { xmlFree(v) }
            return String(cString: v)
        }
        guard let content = attribute("content")?.trimmingCharacters(in: .whitespacesAndNewlines), !content.isEmpty
        else { return }
        for key in ["name", "property", "itemprop"] {
            if let name = attribute(key)?.lowercased(), metaTags[name] == nil { metaTags[name] = content }
        }
    }

    /// A row of a data table (statistics), not of a layout table: its cells hold only inline
    /// content, so each cell is a value and the row is one line of tab-separated cells.
    static func isDataRow(_ row: xmlNodePtr) -> Bool {
        var cells = 0
        var cell = row.pointee.children
        while let c = cell {
            defer { cell = c.pointee.next }
            guard c.pointee.type == XML_ELEMENT_NODE else { continue }
            let tag = String(cString: c.pointee.name)
            guard tag == "td" || tag == "th" else { return false }
            cells += 1
            if hasBlockDescendant(c, budget: 64) { return false }
        }
        return cells >= 2
    }

    static func hasBlockDescendant(_ node: xmlNodePtr, budget: Int) -> Bool {
        var seen = 0
        var stack: [xmlNodePtr] = []
        var child = node.pointee.children
        while let c = child {
            stack.append(c)
            child = c.pointee.next
        }
        while let n = stack.popLast() {
            seen += 1
            if seen > budget { return true }
            guard n.pointee.type == XML_ELEMENT_NODE else { continue }
            let tag = String(cString: n.pointee.name)
            if tag != "br", blockTags.contains(tag) { return true }
            var c = n.pointee.children
            while let x = c {
                stack.append(x)
                c = x.pointee.next
            }
        }
        return false
    }
}

/// libxml2's HTML parser alone on a page's raw bytes, the document freed and nothing else done:
/// the floor no HTML pipeline built on it can beat (`tiqu bench` measures against it).
public enum ParseFloor {
    public static func parse(_ bytes: [UInt8]) -> Bool {
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
