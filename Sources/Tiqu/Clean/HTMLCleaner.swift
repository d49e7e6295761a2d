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

    func clean(_ html: String) -> CleanText? {
        guard let doc = FlatDocument(html: html) else { return nil }
        let paragraphs = Self.paragraphs(doc)
        let hintsOf = doc.elements.map { hints.groups(for: $0.classAndID) }

        // Subtrees that never hold readable text: non-text tags and hidden elements.
        var droppedBy = [String?](repeating: nil, count: doc.elements.count)
        for (i, e) in doc.elements.enumerated() {
            if let parent = droppedBy[safe: e.parent], let p = parent { droppedBy[i] = p; continue }
            if hints.dropTags.contains(e.tag) { droppedBy[i] = "html/tag-\(e.tag)" } else if e.hidden { droppedBy[i] = "html/hidden" }
        }

        // Text statistics per element over its live runs.
        let n = doc.elements.count
        var chars = [Int](repeating: 0, count: n), linkChars = [Int](repeating: 0, count: n)
        for run in doc.runs where droppedBy[run.element] == nil {
            let c = Self.visibleCount(run.text)
            var e = run.element
            while e >= 0 {
                chars[e] += c
                if run.inLink { linkChars[e] += c }
                e = doc.elements[e].parent
            }
        }
        func linkDensity(_ e: Int) -> Double { chars[e] == 0 ? 0 : Double(linkChars[e]) / Double(chars[e]) }

        // Paragraph scores flow to the block's ancestors, less at each level.
        var score = [Double](repeating: 0, count: n)
        for p in paragraphs where droppedBy[p.block] == nil {
            let length = Self.visibleCount(p.text)
            guard length >= Self.minScoringChars else { continue }
            let punctuation = p.text.reduce(0) { $0 + (Self.clausePunctuation.contains($1) ? 1 : 0) }
            let s = 1 + Double(punctuation) + min(Double(length) / 100, Self.maxLengthPoints)
            var e = p.block, level = 1.0
            while e >= 0 && level <= 3 {
                score[e] += s / level
                e = doc.elements[e].parent
                level += 1
            }
        }
        // Landmark tags (nav, footer, form …) and `drop` words mark chrome containers.
        let marked: [String?] = doc.elements.indices.map { i in
            if hints.landmarkTags.contains(doc.elements[i].tag) { return "html/tag-\(doc.elements[i].tag)" }
            return hintsOf[i].first(where: { $0.effect == .drop })?.id
        }
        var best = -1
        var bestScore = 0.0
        for i in 0..<n where droppedBy[i] == nil && score[i] > 0 {
            var s = score[i] * (1 - linkDensity(i))
            for g in hintsOf[i] {
                if g.effect == .content { s *= Self.hintFactor } else { s /= Self.hintFactor }
            }
            if marked[i] != nil, hintsOf[i].allSatisfy({ $0.effect != .drop }) { s /= Self.hintFactor }
            score[i] = s
            if s > bestScore { bestScore = s; best = i }
        }
        // A marked container is dropped with its contents, unless it holds the article: pages
        // wrap everything in a <form>, and a share-button script may mark the article's own div.
        var holdsBest = [Bool](repeating: false, count: n)
        var up = best
        while up >= 0 { holdsBest[up] = true; up = doc.elements[up].parent }
        for i in 0..<n where droppedBy[i] == nil {
            if let parent = droppedBy[safe: doc.elements[i].parent], let p = parent { droppedBy[i] = p; continue }
            if let m = marked[i], !holdsBest[i] { droppedBy[i] = m }
        }

        // The article: the best element plus siblings that score close to it.
        var inArticle = [Bool](repeating: false, count: n)
        if best >= 0 {
            var roots = [best]
            let parent = doc.elements[best].parent
            if parent >= 0 {
                var child = parent + 1
                while child < doc.elements[parent].end {
                    if child != best, droppedBy[child] == nil, score[child] > 0, score[child] >= bestScore * Self.siblingShare, linkDensity(child) < Self.linkListDensity {
                        roots.append(child)
                    }
                    child = doc.elements[child].end
                }
            }
            for r in roots { for i in r..<doc.elements[r].end { inArticle[i] = true } }
        }

        // Inside the article: elements that read like link lists or carry chrome words.
        var chromeInside = [String?](repeating: nil, count: n)
        for i in 0..<n where inArticle[i] {
            if let parent = chromeInside[safe: doc.elements[i].parent], let p = parent { chromeInside[i] = p; continue }
            if i == best { continue }
            if chars[i] > 0, linkDensity(i) > Self.linkListDensity {
                chromeInside[i] = "html/link-list"
            } else if let g = hintsOf[i].first(where: { $0.effect == .chrome }), chars[i] < Self.chromeMarkedProse {
                chromeInside[i] = g.id
            }
        }

        // A caption is the first text after an image (or inside a centred block).
        let firstTextAfterImage = Set(doc.images.map { doc.elements[$0].textStart })
        // A caption is a short line that is not a heading, next to an image or centred under one.
        func elementsOf(_ p: Paragraph) -> [Int] {
            var chain: [Int] = []
            var e = doc.runs[p.runs.lowerBound].element
            while e >= 0 && chain.count < 8 {
                chain.append(e)
                if e == p.block { break }
                e = doc.elements[e].parent
            }
            return chain
        }
        func isCaption(_ p: Paragraph, _ matching: String) -> Bool {
            guard p.kind == .paragraph, p.text.count <= Self.captionMaxChars else { return false }
            let line = matching.hasSuffix("。") ? String(matching.dropLast()) : matching
            guard LineClassifier.isCaptionShaped(line) else { return false }
            return !elementsOf(p).contains { Self.headingTags.contains(doc.elements[$0].tag) || !HTMLHints.words(doc.elements[$0].classAndID).allSatisfy { !Self.headingWords.contains($0) } }
        }
        func bold(_ p: Paragraph) -> Bool { doc.runs[p.runs].allSatisfy(\.bold) }
        func centered(_ p: Paragraph) -> Bool {
            var chain = elementsOf(p)
            if let top = chain.last, doc.elements[top].parent >= 0 { chain.append(doc.elements[top].parent) }
            return chain.contains { doc.elements[$0].centered }
        }

        var clean = CleanText(blocks: [], meta: Meta(), dropped: [], artifactsRemoved: 0, warnings: [])
        var bylineMeta = Meta()
        for p in paragraphs {
            // What the markup already says, first: most of a page is navigation links, and the line
            // rules (regular expressions over folded text) are only worth running where they can
            // change the outcome — on lines still in play, and on dropped lines that are not all
            // links (a byline or editor line there still yields the outlet, author and editor).
            var rule: String?
            let allLink = doc.runs[p.runs].allSatisfy(\.inLink)
            if let d = droppedBy[p.block] ?? droppedBy[doc.runs[p.runs.lowerBound].element] {
                rule = d
            } else if !inArticle[p.block] {
                rule = "html/outside-article"
            } else if let c = chromeInside[p.block] {
                rule = c
            } else if allLink, Self.visibleCount(p.text) < Self.linkParagraphChars {
                rule = "html/link"
            }
            guard rule == nil || !allLink else {
                clean.dropped.append(Dropped(text: p.text, rule: rule!))
                continue
            }
            let (text, repaired) = classifier.repair(p.text)
            clean.artifactsRemoved += repaired
            let matching = Fold.matching(text)
            let verdict = classifier.classify(text, matching: matching, inHead: true, shapes: false)
            if rule == nil {
                if Self.visibleCount(p.text) <= Self.widgetLabelChars, !p.text.allSatisfy({ $0.isNumber || $0.isWhitespace }) {
                    rule = "html/widget-label"
                } else if isCaption(p, matching), centered(p) || (firstTextAfterImage.contains(p.runs.lowerBound) && !bold(p)) {
                    rule = "html/caption"
                }
            }
            if case .heading = verdict, rule == "html/caption" { rule = nil }
            if case .chrome(let chromeRule, let meta) = verdict {
                bylineMeta.fill(from: meta)
                if rule == nil || rule == "html/outside-article" { rule = chromeRule.id }
            }
            if let rule {
                clean.dropped.append(Dropped(text: text, rule: rule))
            } else {
                clean.blocks.append(Block(p.kind, text))
            }
        }
        // Meta tags know the title and date best; bylines name the outlet, author and editor
        // (a page's `author` tag is usually the site).
        var tags = metaFromTags(doc)
        // A page heading that starts the title is the title without the site's name after it.
        if let title = tags.title, let heading = paragraphs.first(where: { p in
            p.text.count >= 6 && title.hasPrefix(p.text) && p.text.count < title.count
                && (p.kind == .heading || title.dropFirst(p.text.count).first.map { $0.isWhitespace || "_-|－—".contains($0) } == true)
        }) {
            tags.title = heading.text
        }
        // An author tag that names the site (it appears in <title> only as the site suffix) is no author.
        if let author = tags.author, let titleTag = doc.titleTag, titleTag.contains(author), !(tags.title ?? "").contains(author) {
            tags.author = nil
        }
        clean.meta = Meta(title: tags.title, published: tags.published)
        clean.meta.fill(from: bylineMeta)
        clean.meta.fill(from: tags)
        // The article often repeats its title as its first heading; the title lives in meta.
        if let title = clean.meta.title, let first = clean.blocks.prefix(3).firstIndex(where: { Self.sameTitle($0.text, title) }) {
            clean.dropped.append(Dropped(text: clean.blocks[first].text, rule: "html/title"))
            clean.blocks.remove(at: first)
        }
        return clean
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

    static let clausePunctuation: Set<Character> = ["，", "。", "；", "！", "？", "、", "：", ",", ";"]

    static func visibleCount(_ s: String) -> Int { s.unicodeScalars.reduce(0) { $0 + ($1.properties.isWhitespace ? 0 : 1) } }

    static func sameTitle(_ text: String, _ title: String) -> Bool {
        let a = text.filter { !$0.isWhitespace }, b = title.filter { !$0.isWhitespace }
        return !a.isEmpty && (a == b || (a.count >= 6 && b.hasPrefix(a)) || (b.count >= 6 && a.hasPrefix(b) && a.count <= b.count + 2))
    }

    /// Groups runs into paragraphs: one per block element, split at `<br>`; a data-table row is
    /// one paragraph of tab-separated cells.
    static func paragraphs(_ doc: FlatDocument) -> [Paragraph] {
        var out: [Paragraph] = []
        var i = 0
        let runs = doc.runs
        while i < runs.count {
            let start = i
            let r = runs[i]
            if r.row >= 0 {
                var cells: [String] = []
                var currentCell = -2
                while i < runs.count, runs[i].row == r.row {
                    let t = collapse(runs[i].text)
                    if runs[i].cell != currentCell { cells.append(t); currentCell = runs[i].cell } else { cells[cells.count - 1] = join(cells[cells.count - 1], t) }
                    i += 1
                }
                out.append(Paragraph(kind: .tableRow, text: cells.joined(separator: "\t"), block: r.row, runs: start..<i))
                continue
            }
            var text = collapse(r.text)
            i += 1
            while i < runs.count, runs[i].block == r.block, !runs[i].breakBefore, runs[i].row < 0 {
                text = join(text, collapse(runs[i].text))
                i += 1
            }
            text = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { continue }
            let tag = doc.elements[r.block].tag
            let kind: Block.Kind = (tag.count == 2 && tag.hasPrefix("h") && tag.last!.isNumber) ? .heading : .paragraph
            out.append(Paragraph(kind: kind, text: text, block: r.block, runs: start..<i))
        }
        return out
    }

    /// HTML white space: runs collapse to one space; a run that holds a line break is dropped
    /// between two CJK characters, since it only came from the wrapping of the source.
    static func collapse(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        var pendingBreak = false
        for u in s.unicodeScalars {
            if u == "\u{FEFF}" || u == "\u{200B}" { continue }
            if u.properties.isWhitespace && u != "\u{3000}" {
                pendingSpace = !out.isEmpty
                pendingBreak = pendingBreak || u == "\n" || u == "\r"
                continue
            }
            if pendingSpace, let last = out.last, !(pendingBreak && isCJK(last) && isCJK(u)) { out.append(" ") }
            pendingSpace = false
            pendingBreak = false
            out.append(u)
        }
        if pendingSpace { out.append(" ") }
        return String(out)
    }

    static func join(_ a: String, _ b: String) -> String {
        guard let last = a.unicodeScalars.last, let first = b.unicodeScalars.first else { return a + b }
        if last == " " && (first == " " || isCJK(first)) { return String(a.dropLast()) + b }
        return a + b
    }

    static func isCJK(_ u: Unicode.Scalar) -> Bool {
        LineClassifier.isHan(u) || (0x3000...0x303F).contains(u.value) || (0xFF00...0xFFEF).contains(u.value) || u == "“" || u == "”"
    }

    /// Title, date, author and outlet from `<meta>` tags and `<title>`.
    func metaFromTags(_ doc: FlatDocument) -> Meta {
        var meta = Meta()
        let t = doc.metaTags
        func first(_ keys: [String]) -> String? { keys.lazy.compactMap { t[$0] }.first { !$0.isEmpty } }
        meta.title = first(["og:title", "twitter:title", "title", "headline"]).map(Self.collapse) ?? doc.titleTag.map(Self.titleWithoutSite)
        meta.published = first(["article:published_time", "og:release_date", "pubdate", "publishdate", "publish_date", "datepublished",
                                "published_time", "weibo:article:create_at", "og:article:published_time", "release_date", "date"]).flatMap(DateText.iso)
        meta.author = first(["author", "article:author", "og:article:author"]).flatMap(Self.personName)
        meta.outlet = first(["source", "og:site_name", "application-name", "site"]).map(Self.withoutLabel)
        return meta
    }

    /// An author tag worth keeping: not a URL, an e-mail template or a numeric user id.
    static func personName(_ value: String) -> String? {
        let v = value.trimmingCharacters(in: .whitespaces)
        guard !v.isEmpty, !v.hasPrefix("http"), !v.contains("@"), !v.allSatisfy({ $0.isNumber }) else { return nil }
        return v
    }

    /// `来源：人民网-文化频道` → `人民网-文化频道`.
    static func withoutLabel(_ value: String) -> String {
        var v = Substring(value.trimmingCharacters(in: .whitespaces))
        for label in ["来源", "來源", "稿源"] where v.hasPrefix(label) {
            v = v.dropFirst(label.count).drop { $0 == ":" || $0 == "：" || $0.isWhitespace }
        }
        return String(v)
    }

    /// `文章标题_网易财经` → `文章标题`: the site's name follows a separator at the end.
    static func titleWithoutSite(_ raw: String) -> String {
        let title = collapse(raw).trimmingCharacters(in: .whitespaces)
        let separators = ["_", " - ", " | ", "|", "－", "——", " – ", "-"]
        for sep in separators {
            let parts = title.components(separatedBy: sep).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count > 1, let head = parts.first, head.count >= 4 { return head }
        }
        return title
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
