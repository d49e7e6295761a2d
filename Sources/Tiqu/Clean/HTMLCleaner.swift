import Foundation

/// Finds the article in an HTML page and returns its paragraphs, with every other block of
/// text accounted for as dropped chrome.
///
/// The article is the element whose paragraphs score highest: long text, Chinese sentence
/// punctuation and few links raise a paragraph's score, which flows to its ancestors; class and
/// id words from `Rules/html.yaml` raise or lower an element. Inside the article, link lists,
/// chrome-marked elements, captions and byline or footer lines are dropped.
struct HTMLCleaner {
    let hints: HTMLHints
    let classifier: LineClassifier
    /// Writers' names and datelines where no byline label says them (`Rules/page.yaml`).
    let page: PageRules
    /// When the document's time budget runs out; checked between the steps of the search and
    /// inside their loops over runs and paragraphs.
    let deadline: Deadline
    /// The address the scrape recorded for the page, if any: its date is the page's.
    var pageURL: String? = nil

    /// A paragraph shorter than this adds nothing to its ancestors' score: single words and
    /// buttons say nothing about where the article is.
    static let minScoringChars = 10
    /// A paragraph's score is capped at this many points for length (one per 100 characters), so
    /// one huge block (keyword stuffing, a legal notice) cannot outweigh a page of real paragraphs.
    static let maxLengthPoints = 3.0
    /// How much a class/id word moves an element's score: content words double it, chrome words
    /// halve it. A factor, not a bonus, so a class name alone cannot lift an element with no prose.
    static let hintFactor = 2.0
    /// An element whose text is more than half link text is a list of links (related articles,
    /// navigation), not prose.
    static let linkListDensity = 0.5
    /// A sibling of the best element joins the article when it scores at least this share of it:
    /// articles split into several containers (a lead, a body, a continuation) stay whole.
    static let siblingShare = 0.2
    /// A chrome-marked element inside the article is kept only when it is long prose; below this
    /// many characters the class word wins.
    static let chromeMarkedProse = 200

    struct Paragraph {
        var kind: Block.Kind
        var text: String
        var block: Int
        var runs: Range<Int>
    }

    /// The page's article as body blocks, every other block of text dropped with its reason, and
    /// the metadata of meta tags and bylines; nil when libxml2 finds no document.
    func clean(_ html: String) throws(DocumentError) -> CleanText? {
        guard let doc = try FlatDocument(html: Controls.withC1ReferencesMapped(html), deadline: deadline) else {
            return nil
        }
        let paragraphs = try Self.paragraphs(doc, deadline: deadline)
        let tags = metaFromTags(doc)
        var search = ArticleSearch(
            doc: doc, paragraphs: paragraphs, hints: hints, title: tags.title, deadline: deadline)
        search.dropTextlessSubtrees()
        try search.countText()
        try search.countLinkLedItems()
        try search.scoreParagraphs()
        search.chooseBest()
        search.markArticle()
        search.markChromeInside()
        try deadline.check("scoring the HTML")
        var (clean, bylineMeta, credits) = try verdicts(search)
        clean.warnings += search.warnings
        clean.meta = metadata(doc, tags: tags, paragraphs: search.paragraphs, byline: bylineMeta, clean: clean)
        clean.meta.author = clean.meta.author ?? page.creditAuthor(credits)
        // The article often repeats its title as its first heading; the title lives in meta.
        if let title = clean.meta.title,
            let first = clean.blocks.prefix(3).firstIndex(where: { Self.sameTitle($0.text, title) })
        {
            clean.dropped.append(Dropped(text: clean.blocks[first].text, rule: "html/title"))
            clean.blocks.remove(at: first)
        }
        return clean
    }

    /// Each paragraph kept as a block or dropped with its rule, the metadata its bylines give, and
    /// that of the credits repaired out of kept paragraphs (`(通讯员:林小海)`).
    func verdicts(_ search: ArticleSearch) throws(DocumentError) -> (CleanText, Meta, credits: Meta) {
        var clean = CleanText(blocks: [], meta: Meta(), dropped: [], artifactsRemoved: 0, warnings: [])
        var bylineMeta = Meta(), credits = Meta()
        for (index, p) in search.paragraphs.enumerated() {
            try deadline.check(step: index, "judging paragraph \(index) of \(search.paragraphs.count)")
            // What the markup already says, first: most of a page is navigation links, and the line
            // rules (regular expressions over folded text) are only worth running where they can
            // change the outcome — on lines still in play, and on dropped lines that are not all
            // links (a byline or editor line there still yields the outlet, author and editor).
            var rule = search.markupVerdict(p)
            let allLink = search.doc.runs[p.runs].allSatisfy(\.inLink)
            guard rule == nil || !allLink else {
                clean.dropped.append(Dropped(text: p.text, rule: rule!))
                continue
            }
            let (text, repaired, credit) = classifier.repairWithCredits(p.text)
            clean.artifactsRemoved += repaired
            let matching = Fold.lineMatching(text)
            // A paragraph the markup dropped matters only for the metadata a byline may give.
            if let marked = rule, !classifier.mayGiveMeta(matching) {
                clean.dropped.append(Dropped(text: text, rule: marked))
                continue
            }
            let verdict = classifier.classify(text, matching: matching, inHead: true, shapes: false)
            if rule == nil { rule = search.shapeVerdict(p, matching: matching) }
            if case .heading = verdict, rule == "html/caption" { rule = nil }
            if case .chrome(let chromeRule, let meta) = verdict {
                bylineMeta.fill(from: meta)
                if rule == nil || rule == "html/outside-article" { rule = chromeRule.id }
            }
            if let rule {
                clean.dropped.append(Dropped(text: text, rule: rule))
            } else {
                clean.blocks.append(Block(p.kind, text))
                credits.fill(from: credit)
            }
        }
        return (clean, bylineMeta, credits)
    }

    /// Meta tags (`tags`, from `metaFromTags`) know the title and date best; bylines name the
    /// outlet, author and editor (a page's `author` tag is usually the site).
    func metadata(_ doc: FlatDocument, tags: Meta, paragraphs: [Paragraph], byline: Meta, clean: CleanText? = nil)
        -> Meta
    {
        let body = clean?.blocks ?? []
        var tags = tags
        // A page heading that starts the title is the title without the site's name after it.
        if let title = tags.title,
            let heading = paragraphs.first(where: { p in
                title.hasPrefix(p.text) && p.text.characterCount >= 6 && p.text.characterCount < title.characterCount
                    && (p.kind == .heading
                        || title.dropFirst(p.text.count).first.map { $0.isWhitespace || "_-|－—".contains($0) } == true)
            })
        {
            tags.title = heading.text
        }
        // An author tag that names the site (it appears in <title> only as the site suffix) is no author.
        if let author = tags.author, let titleTag = doc.titleTag, titleTag.contains(author),
            !(tags.title ?? "").contains(author)
        {
            tags.author = nil
        }
        if let author = tags.author, !Self.isShown(author, paragraphs: paragraphs, doc: doc) { tags.author = nil }
        tags.author = tags.author.flatMap(PersonName.cleaned)
        var byline = byline
        byline.author = byline.author.flatMap(PersonName.cleaned)
        var meta = Meta(title: tags.title, published: tags.published)
        // Where the article lies among the paragraphs: found once for the dateline, name line and signature.
        lazy var article = PageDates(paragraphs: paragraphs, doc: doc, footerWords: page.footerWords).article(
            body: body, title: tags.title)
        meta.published = meta.published ?? pagePublished(doc, paragraphs: paragraphs, article: article)
        meta.fill(from: byline)
        meta.author =
            meta.author ?? tags.author
            ?? clean.flatMap { nameLine(doc, paragraphs: paragraphs, clean: $0, title: tags.title, article: article) }
            ?? clean.flatMap { _ in signature(paragraphs: paragraphs, article: article) }
        meta.fill(from: tags)
        return meta
    }

    /// A paragraph that is nothing but a short link (图集, +1, a topic page) is navigation, not prose.
    static let linkParagraphChars = 20
    /// A paragraph of one or two characters that is not a section number is a widget's label
    /// (图集, +1, 赞); no sentence is that short.
    static let widgetLabelChars = 2
    /// Captions are short: a line of a photo description, not a paragraph.
    static let captionMaxChars = 40
    /// Markup that makes a short line a heading, never a caption.
    static let headingTags: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]
    static let headingWords: Set<String> = ["h", "title", "subtitle", "heading", "subhead", "headline"]

    /// Scalars, with the one canonically equal to one of them (U+037E is `;`), as Characters compared.
    static let clausePunctuation: ScalarSet = ["，", "。", "；", "！", "？", "、", "：", ",", ";", "\u{037E}"]

    static func withoutWhiteSpace(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: \.isWhiteSpace) else { return s }
        return String(scalars: s.unicodeScalars.filter { !$0.isWhiteSpace })
    }

    /// Scalars of `s` that are not white space.
    static func visibleCount(_ s: String) -> Int {
        var s = s
        return s.withUTF8(scan).visible
    }

    static func sameTitle(_ text: String, _ title: String) -> Bool {
        let b = withoutWhiteSpace(title)
        let titleLength = b.characterCount
        // Each way of being the title needs a text at most two characters longer: a paragraph of
        // the body is not copied, counted through, nor compared.
        guard !hasVisibleCharacters(text, moreThan: titleLength + 2) else { return false }
        let a = withoutWhiteSpace(text)
        guard !a.isEmpty, a.hasCharacters(atMost: titleLength + 2) else { return false }
        let length = a.characterCount
        return a == b || (length >= 6 && b.hasPrefix(a)) || (titleLength >= 6 && a.hasPrefix(b))
    }

    /// Whether `text` without its white space surely has more than `n` Characters: more than `n`
    /// of its scalars that are no white space are read, each a Character of its own
    /// (`isCharacterAlone`), before any that may not be one (false then: Characters must be cut).
    /// Read off the UTF-8, no further than that: the first block is most often a long paragraph.
    static func hasVisibleCharacters(_ text: String, moreThan n: Int) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var (visible, i) = (0, 0)
            while i < bytes.count {
                let (u, width) = bytes.scalar(at: i)
                i += width
                guard !u.isWhiteSpace else { continue }
                guard u.isCharacterAlone else { return false }
                visible += 1
                if visible > n { return true }
            }
            return false
        }
    }

    /// Groups runs into paragraphs: one per block element, split at `<br>`; a data-table row is
    /// one paragraph of tab-separated cells.
    static func paragraphs(_ doc: FlatDocument, deadline: Deadline) throws(DocumentError) -> [Paragraph] {
        var out: [Paragraph] = []
        var i = 0
        var steps = 0
        let runs = doc.runs
        while i < runs.count {
            steps += 1
            try deadline.check(step: steps, "grouping text run \(i) of \(runs.count) into paragraphs")
            let start = i
            let r = runs[i]
            if r.row >= 0 {
                var cells: [String] = []
                var currentCell = -2
                while i < runs.count, runs[i].row == r.row {
                    if runs[i].cell != currentCell {
                        cells.append("")
                        currentCell = runs[i].cell
                    }
                    join(&cells[cells.count - 1], runs[i].text)
                    i += 1
                }
                out.append(
                    Paragraph(kind: .tableRow, text: cells.joined(separator: "\t"), block: r.row, runs: start..<i))
                continue
            }
            var text = r.text
            i += 1
            while i < runs.count, runs[i].block == r.block, !runs[i].breakBefore, runs[i].row < 0 {
                join(&text, runs[i].text)
                i += 1
            }
            guard let trimmed = trimmed(text) else { continue }
            let tag = doc.elements[r.block].tag
            let kind: Block.Kind = (tag.count == 2 && tag.hasPrefix("h") && tag.last!.isNumber) ? .heading : .paragraph
            out.append(Paragraph(kind: kind, text: trimmed, block: r.block, runs: start..<i))
        }
        return out
    }

    /// HTML white space: runs collapse to one space; a run that holds a line break is dropped
    /// between two CJK characters, since it only came from the wrapping of the source.
    static func collapse(_ s: String) -> String { collapsed(s).text }

    /// The collapsed text, and how many scalars of `s` are not white space.
    static func collapsed(_ s: String) -> (text: String, visible: Int) {
        var s = s
        let (visible, plain) = s.withUTF8(scan)
        // Most text of a Chinese page has no white space to collapse: it is returned as it is.
        guard !plain else { return (s, visible) }
        return (s.withUTF8(collapsing), visible)
    }

    /// The collapse itself, over valid UTF-8: the bytes between white space are copied a run at a time.
    static func collapsing(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var last: Unicode.Scalar?
        var pendingSpace = false
        var pendingBreak = false
        var run = 0  // where the bytes not yet copied start
        var i = 0
        while i < bytes.count {
            let (u, width) = bytes.scalar(at: i)
            if isZeroWidth(u) || isCollapsible(u) {
                out += UnsafeBufferPointer(rebasing: bytes[run..<i])
                if isCollapsible(u) {
                    pendingSpace = last != nil
                    pendingBreak = pendingBreak || u == "\n" || u == "\r"
                }
                i += width
                run = i
                continue
            }
            if pendingSpace, let last, !(pendingBreak && isCJK(last) && isCJK(u)) { out.append(0x20) }
            pendingSpace = false
            pendingBreak = false
            last = u
            i += width
        }
        out += UnsafeBufferPointer(rebasing: bytes[run...])
        if pendingSpace { out.append(0x20) }
        return String(decoding: out, as: UTF8.self)
    }

    /// How many scalars of valid UTF-8 are not white space, and whether none is white space HTML
    /// collapses or a zero-width space. One pass over the bytes that decodes only after the lead
    /// bytes such scalars start with (C2, E1, E2, E3, EF): Han text goes three bytes a step.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> (visible: Int, plain: Bool) {
        var visible = 0
        var plain = true
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            guard b >= 0x80 else {
                if b == 0x20 || (0x09...0x0D).contains(b) { plain = false } else { visible += 1 }
                i += 1
                continue
            }
            guard b == 0xC2 || b == 0xE1 || b == 0xE2 || b == 0xE3 || b == 0xEF else {
                visible += 1
                i += b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                continue
            }
            let (u, width) = bytes.scalar(at: i)
            if !u.isWhiteSpace { visible += 1 }
            if isZeroWidth(u) || isCollapsible(u) { plain = false }
            i += width
        }
        return (visible, plain)
    }

    /// White space HTML collapses: all of Unicode's but the ideographic space, which is typeset.
    private static func isCollapsible(_ u: Unicode.Scalar) -> Bool { u.isWhiteSpace && u != "\u{3000}" }

    /// The zero-width no-break space and zero-width space, dropped from text.
    private static func isZeroWidth(_ u: Unicode.Scalar) -> Bool { u == "\u{FEFF}" || u == "\u{200B}" }

    /// Appends a run's collapsed text to its paragraph's: a space the paragraph ends with goes
    /// before CJK text.
    static func join(_ text: inout String, _ piece: String) {
        if text.unicodeScalars.last == " ", let first = piece.unicodeScalars.first, first == " " || isCJK(first) {
            text.unicodeScalars.removeLast()
        }
        text += piece
    }

    /// The text without white space and line ends at either end (Unicode's Z categories, tab to
    /// carriage return, NEL: what Foundation's `whitespacesAndNewlines` holds, which is Unicode's
    /// White_Space); nil when nothing is left.
    static func trimmed(_ string: String) -> String? {
        let text = string.unicodeScalars
        guard let first = text.firstIndex(where: { !$0.isWhiteSpace }),
            let last = text.lastIndex(where: { !$0.isWhiteSpace })
        else { return nil }
        if first == text.startIndex && last == text.index(before: text.endIndex) { return string }
        return String(text[first...last])
    }

    static func isCJK(_ u: Unicode.Scalar) -> Bool {
        u.isHan || (0x3000...0x303F).contains(u.value) || (0xFF00...0xFFEF).contains(u.value) || u == "“" || u == "”"
    }

    /// Title, date, author and outlet from `<meta>` tags and `<title>`.
    func metaFromTags(_ doc: FlatDocument) -> Meta {
        var meta = Meta()
        let t = doc.metaTags
        func first(_ keys: [String]) -> String? { keys.lazy.compactMap { t[$0] }.first { !$0.isEmpty } }
        meta.title =
            first(["og:title", "twitter:title", "title", "headline"]).map(Self.collapse)
            ?? doc.titleTag.map(Self.titleWithoutSite)
        meta.published = first([
            "article:published_time", "og:release_date", "pubdate", "publishdate", "publish_date", "datepublished",
            "published_time", "weibo:article:create_at", "og:article:published_time", "release_date", "date",
            "citation_publication_date", "citation_date", "dcterms.issued", "dc.date.issued", "dc.date",
        ]).flatMap(DateText.iso)
        meta.author = first(["author", "article:author", "og:article:author"]).flatMap(Self.personName)
        meta.outlet = first(["source", "og:site_name", "application-name", "site"]).map(Self.withoutLabel)
        return meta
    }

    /// An author tag worth keeping: not a URL, an e-mail template or a numeric user id.
    static func personName(_ value: String) -> String? {
        let v = value.trimming(.whitespaces)
        guard !v.isEmpty, !v.hasPrefix("http"), !v.contains("@"), !v.allSatisfy({ $0.isNumber }) else { return nil }
        return v
    }

    /// `来源：人民网-文化频道` → `人民网-文化频道`.
    static func withoutLabel(_ value: String) -> String {
        var v = Substring(value.trimming(.whitespaces))
        for label in ["来源", "來源", "稿源"] where v.hasPrefix(label) {
            v = v.dropFirst(label.count).drop { $0 == ":" || $0 == "：" || $0.isWhitespace }
        }
        return String(v)
    }

    /// `文章标题_网易财经` → `文章标题`: the site's name follows a separator at the end.
    static func titleWithoutSite(_ raw: String) -> String {
        let title = collapse(raw).trimming(.whitespaces)
        let separators = ["_", " - ", " | ", "|", "－", "——", " – ", "-"]
        for sep in separators {
            let parts = title.components(separatedBy: sep).map { $0.trimming(.whitespaces) }
            if parts.count > 1, let head = parts.first, head.count >= 4 { return head }
        }
        return title
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
