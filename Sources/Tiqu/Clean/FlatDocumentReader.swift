import CLibXML2
import Foundation

/// Builds a `FlatDocument` from libxml2's SAX events while its HTML parser reads a page. The events
/// are the ones libxml2's own tree builder receives (elements opened and closed, implied ones
/// included, text in pieces), so the arrays are those a walk of the tree would give. A value the
/// callbacks reach through a pointer: a class's properties would be checked for exclusive access
/// at every event.
struct FlatDocumentReader {
    /// What encloses the nodes being read: one frame per open element kept in the arrays.
    struct Frame {
        var element: Int
        var block: Int
        var inLink: Bool
        var bold: Bool
        var inHead: Bool
        /// Nodes below the element so far (elements, text, comments), and whether one is a block
        /// element: a table row is one of data when its cells hold a few inline nodes each.
        var descendants = 0
        var holdsBlock = false
        var isBlock = false
        var isCell = false
        /// For a `<tr>`: its cells, and whether every element child is a cell of inline content.
        var isRow = false
        var cells = 0
        var onlyCells = true
    }

    /// More nodes than this in a cell make it a layout cell, whatever they are.
    static let maxCellNodes = 64

    private(set) var doc = FlatDocument()
    private(set) var failure: DocumentError?
    private(set) var sawRoot = false
    private var rootClosed = false
    /// The root's frame once it closed, and whether elements after it are its children: libxml2's
    /// tree builder hangs an element that comes after the root closed (`</html><div>…`) under the
    /// document's first node, which is the root unless a comment came before it or a doctype came
    /// anywhere.
    private var rootFrame: Frame?
    private var rootAdopts = true
    private var adopting = false
    private var frames: [Frame] = []
    private let deadline: Deadline
    private var steps = 0
    private var parser: htmlParserCtxtPtr?
    /// Open elements inside a skipped one (`<script>`, `<style>` …): counted, nothing kept.
    private var skipped = 0
    /// The text node being read: libxml2 hands one node's text in pieces (around entities, at its
    /// buffer's ends), and a tree would join them.
    private var text: [UInt8] = []
    private var textKind: xmlElementType?
    /// Whether a break (a `<br>` or a block's edge) stands before the next run.
    private var pendingBreak = false
    /// The first `<title>`'s text while it is open: its depth, and its text so far.
    private var titleDepth = 0
    private var title: [UInt8] = []

    init(deadline: Deadline) {
        self.deadline = deadline
    }

    /// Parses `html` (UTF-8) in recover mode, without errors printed and without the network.
    mutating func read(_ html: UnsafeBufferPointer<UInt8>) {
        _ = Self.libxml2Ready
        guard let context = htmlNewParserCtxt() else { return }
        defer { htmlFreeParserCtxt(context) }
        parser = context
        context.pointee.sax.pointee = Self.handler
        let options =
            Int32(
                HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                    | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue) | Int32(XML_PARSE_HUGE.rawValue)
        withUnsafeMutablePointer(to: &self) { reader in
            context.pointee.userData = UnsafeMutableRawPointer(reader)
            html.baseAddress?.withMemoryRebound(to: CChar.self, capacity: html.count) {
                // No document comes back: the handler builds none.
                _ = htmlCtxtReadMemory(context, $0, Int32(clamping: html.count), nil, "UTF-8", options)
            }
        }
        flushText()
    }

    /// libxml2's globals (among them the lock and seed of its dictionaries) are set up once, before
    /// any thread makes a parser context: two workers making their first at once deadlocked.
    private static let libxml2Ready: Void = xmlInitParser()

    /// The callbacks: each passes its event to the reader the parser's user data points to.
    private static var handler: htmlSAXHandler {
        var handler = htmlSAXHandler()
        handler.startElement = { ctx, name, atts in
            FlatDocumentReader.reader(ctx).pointee.start(name, FlatDocument.Attributes(pairs: atts))
        }
        handler.endElement = { ctx, _ in FlatDocumentReader.reader(ctx).pointee.end() }
        handler.characters = { ctx, bytes, count in
            FlatDocumentReader.reader(ctx).pointee.characters(bytes, count, XML_TEXT_NODE)
        }
        handler.cdataBlock = { ctx, bytes, count in
            FlatDocumentReader.reader(ctx).pointee.characters(bytes, count, XML_CDATA_SECTION_NODE)
        }
        handler.comment = { ctx, _ in FlatDocumentReader.reader(ctx).pointee.otherNode() }
        handler.internalSubset = { ctx, _, _, _ in FlatDocumentReader.reader(ctx).pointee.doctype() }
        handler.processingInstruction = { ctx, _, _ in FlatDocumentReader.reader(ctx).pointee.otherNode() }
        return handler
    }

    private static func reader(_ context: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<FlatDocumentReader> {
        context!.assumingMemoryBound(to: FlatDocumentReader.self)
    }

    /// Counts an event against the document's time budget; past it, the parser is stopped.
    private mutating func step() -> Bool {
        guard failure == nil else { return false }
        steps += 1
        do {
            try deadline.check(step: steps, "reading node \(steps) of the HTML")
            return true
        } catch {
            failure = error
            xmlStopParser(parser)
            return false
        }
    }

    /// What the reader asks of a tag name, worked out once per name a page uses.
    struct Tag {
        enum Kind { case link, bold, head, image, lineBreak, meta, title, row, cell, other }
        let name: String
        let bytes: [UInt8]
        let kind: Kind
        let isBlock: Bool
        let isSkipped: Bool

        static let kinds: [String: Kind] = [
            "a": .link, "strong": .bold, "b": .bold, "head": .head, "img": .image, "br": .lineBreak,
            "meta": .meta, "title": .title, "tr": .row, "td": .cell, "th": .cell,
        ]

        /// `written` is the name as the page writes it; a prefix goes (`o:p` is `p`), as in libxml2's tree.
        init(_ written: String) {
            var name = written
            if let colon = name.firstIndex(of: ":"), colon != name.startIndex, name.index(after: colon) != name.endIndex
            {
                name = String(name[name.index(after: colon)...])
            }
            (self.name, bytes, kind) = (name, Array(written.utf8), Self.kinds[name] ?? .other)
            isBlock = FlatDocument.blockTags.contains(name)
            isSkipped = FlatDocument.skippedTags.contains(name)
        }
    }

    /// The tags met so far, in 64 slots by length and first and last letter: a page uses a few
    /// dozen names, and a slot's name is compared before it is used.
    private var tags = [Tag?](repeating: nil, count: 64)

    private mutating func tag(_ name: UnsafePointer<xmlChar>) -> Tag {
        let length = strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
        let slot = length == 0 ? 0 : (length &* 31 &+ Int(name[0]) &* 7 &+ Int(name[length - 1])) & 63
        if let cached = tags[slot], cached.bytes.count == length, memcmp(cached.bytes, name, length) == 0 {
            return cached
        }
        let tag = Tag(String(cString: name))
        tags[slot] = tag
        return tag
    }

    // MARK: Events

    private mutating func start(_ name: UnsafePointer<xmlChar>?, _ attributes: FlatDocument.Attributes) {
        guard step(), let name else { return }
        if rootClosed {
            guard rootAdopts, let root = rootFrame else { return }
            (frames, rootClosed, adopting) = ([root], false, true)
        }
        flushText()
        let tag = tag(name)
        if titleDepth > 0 { titleDepth += 1 }
        countNode(isBlock: tag.isBlock)
        if skipped > 0 || tag.isSkipped {
            if skipped == 0, frames.last?.isRow == true { frames[frames.count - 1].onlyCells = false }
            skipped += 1
            return
        }
        open(tag, attributes)
    }

    private mutating func end() {
        guard step(), !rootClosed else { return }
        flushText()
        if titleDepth > 0 {
            titleDepth -= 1
            if titleDepth == 0 { doc.titleTag = String(decoding: title, as: UTF8.self) }
        }
        if skipped > 0 {
            skipped -= 1
            return
        }
        guard var frame = frames.popLast() else { return }
        close(frame)
        if adopting, frames.count == 1 {  // an element after the root closed: the root closes again
            frame = frames.removeLast()
            close(frame)
            adopting = false
        }
        if frames.isEmpty { (rootClosed, rootFrame) = (true, frame) }
    }

    private mutating func characters(_ bytes: UnsafePointer<xmlChar>?, _ count: Int32, _ kind: xmlElementType) {
        guard failure == nil, !rootClosed, !frames.isEmpty, let bytes, count > 0 else { return }
        let piece = UnsafeBufferPointer(start: bytes, count: Int(count))
        if titleDepth > 0 { title += piece }
        if textKind != kind { flushText() }
        textKind = kind
        if skipped == 0 { text += piece }
    }

    /// A doctype, wherever it stands: libxml2 makes it the document's first node, so no element after
    /// the root closed is the root's any more.
    private mutating func doctype() {
        rootAdopts = false
    }

    /// A comment or processing instruction: nothing to keep, but a node of its element.
    private mutating func otherNode() {
        if !sawRoot { rootAdopts = false }
        guard failure == nil, !rootClosed, !frames.isEmpty else { return }
        flushText()
        countNode(isBlock: false)
    }

    // MARK: Elements

    /// Adds an element and the frame for what it holds.
    private mutating func open(_ tag: Tag, _ attributes: FlatDocument.Attributes) {
        let index = doc.elements.count
        let parent = frames.last
        let (classAndID, hidden, centered) = FlatDocument.scored(attributes, tag: tag.name)
        doc.elements.append(
            FlatDocument.Element(
                tag: tag.name, parent: parent?.element ?? -1, end: index + 1, textStart: doc.runs.count,
                textEnd: doc.runs.count, classAndID: classAndID, hidden: hidden, centered: centered))
        var frame = parent ?? Frame(element: -1, block: index, inLink: false, bold: false, inHead: false)
        frame.element = index
        (frame.descendants, frame.holdsBlock, frame.cells, frame.onlyCells) = (0, false, 0, true)
        (frame.isRow, frame.isCell, frame.isBlock) = (tag.kind == .row, tag.kind == .cell, tag.isBlock)
        if tag.isBlock { frame.block = index }
        switch tag.kind {
        case .link: frame.inLink = true
        case .bold: frame.bold = true
        case .head: frame.inHead = true
        case .image: doc.images.append(index)
        case .meta: doc.recordMeta(attributes)
        case .title where doc.titleTag == nil && titleDepth == 0: (titleDepth, title) = (1, [])
        default: break
        }
        if tag.kind == .lineBreak || tag.isBlock { pendingBreak = true }
        if let url = FlatDocument.selfURL(attributes, tag: tag.name) { doc.selfURLs.append(url) }
        if parent?.isRow == true, tag.kind != .cell { frames[frames.count - 1].onlyCells = false }
        frames.append(frame)
        sawRoot = true
    }

    /// Closes an element whose content is read: its subtree's ends are known now, and its parent
    /// learns how many nodes it held.
    private mutating func close(_ done: Frame) {
        doc.elements[done.element].end = doc.elements.count
        doc.elements[done.element].textEnd = doc.runs.count
        if done.isBlock { pendingBreak = true }
        if done.isRow, done.onlyCells, done.cells >= 2 { markDataRow(done.element) }
        guard !frames.isEmpty else { return }
        let parent = frames.count - 1
        frames[parent].descendants += done.descendants
        frames[parent].holdsBlock = frames[parent].holdsBlock || done.holdsBlock
        if frames[parent].isRow, done.isCell {
            frames[parent].cells += 1
            if done.descendants > Self.maxCellNodes || done.holdsBlock { frames[parent].onlyCells = false }
        }
    }

    /// A row of a data table (statistics), not of a layout table: its cells hold only inline
    /// content, so each cell is a value and the row is one line of tab-separated cells. Its runs
    /// learn their row, and their cell: the row's child they are in.
    private mutating func markDataRow(_ row: Int) {
        for r in doc.elements[row].textStart..<doc.runs.count {
            var e = doc.runs[r].element
            while e != row, doc.elements[e].parent != row { e = doc.elements[e].parent }
            doc.runs[r].row = row
            doc.runs[r].cell = e != row && ["td", "th"].contains(doc.elements[e].tag) ? e : -1
        }
    }

    /// A node of the open element: a child, and a descendant of everything around it.
    private mutating func countNode(isBlock: Bool) {
        guard !frames.isEmpty else { return }
        frames[frames.count - 1].descendants += 1
        if isBlock { frames[frames.count - 1].holdsBlock = true }
    }

    // MARK: Text

    /// Ends the text node being read: a node of its element, and a run when it is outside `<head>`
    /// and not all white space.
    private mutating func flushText() {
        guard textKind != nil else { return }
        textKind = nil
        countNode(isBlock: false)
        defer { text.removeAll(keepingCapacity: true) }
        guard skipped == 0, let frame = frames.last, !frame.inHead else { return }
        // Most text nodes of a page are the white space between tags: look at the bytes first.
        guard text.contains(where: { $0 >= 0x80 || !(0x09...0x0D ~= $0 || $0 == 0x20) }) else { return }
        let (collapsed, visible) = HTMLCleaner.collapsed(String(decoding: text, as: UTF8.self))
        guard visible > 0 else { return }
        doc.runs.append(
            FlatDocument.Run(
                text: collapsed, visible: visible, element: frame.element, block: frame.block, row: -1, cell: -1,
                inLink: frame.inLink, bold: frame.bold, breakBefore: pendingBreak))
        pendingBreak = false
    }
}
