/// One page's search for its article, in named steps over the flat document's elements: which
/// subtrees hold no readable text, how much text and link text each element holds, how its
/// paragraphs score, which element is best and which siblings join it, and what inside the
/// article is chrome. `HTMLCleaner` runs the steps in order and then judges each paragraph.
struct ArticleSearch {
    typealias Cleaner = HTMLCleaner
    typealias Paragraph = HTMLCleaner.Paragraph
    let doc: FlatDocument
    let paragraphs: [Paragraph]
    let hints: HTMLHints
    /// Counting and scoring look at it as they go: a page of a million runs takes seconds.
    let deadline: Deadline
    /// Each element's class/id hint groups.
    let hintsOf: [[HTMLHints.Group]]
    /// The first run after each image: where a caption would start.
    let imageTextStarts: Set<Int>
    /// The rule that dropped an element's subtree (a non-text tag, hidden, a marked container).
    var droppedBy: [String?]
    /// Visible characters under each element, and those inside links.
    var chars: [Int]
    var linkChars: [Int]
    var score: [Double]
    var best = -1
    var bestScore = 0.0
    var inArticle: [Bool]
    /// The rule that marks an element inside the article as chrome (a link list, a chrome word).
    var chromeInside: [String?]
    /// The page's title from its tags: it names the page's own article among several.
    let title: String?
    /// Doubts about the choice of article, for the record.
    var warnings: [String] = []
    /// The longest block when another article won over it: it never joins as a sibling.
    var rejected = -1
    /// Elements inside a landmark or a `drop`-marked container: their short lines are no headings.
    var markedSubtree: [Bool] = []

    init(doc: FlatDocument, paragraphs: [Paragraph], hints: HTMLHints, title: String?, deadline: Deadline) {
        self.doc = doc
        self.title = title
        self.paragraphs = paragraphs
        self.hints = hints
        self.deadline = deadline
        let n = doc.elements.count
        hintsOf = doc.elements.map { hints.groups(for: $0.classAndID) }
        imageTextStarts = Set(doc.images.map { doc.elements[$0].textStart })
        droppedBy = [String?](repeating: nil, count: n)
        chars = [Int](repeating: 0, count: n)
        linkChars = [Int](repeating: 0, count: n)
        score = [Double](repeating: 0, count: n)
        inArticle = [Bool](repeating: false, count: n)
        chromeInside = [String?](repeating: nil, count: n)
    }

    func linkDensity(_ e: Int) -> Double { chars[e] == 0 ? 0 : Double(linkChars[e]) / Double(chars[e]) }

    /// Subtrees that never hold readable text: non-text tags and hidden elements.
    mutating func dropTextlessSubtrees() {
        for (i, e) in doc.elements.enumerated() {
            if let parent = droppedBy[safe: e.parent], let p = parent {
                droppedBy[i] = p
                continue
            }
            if hints.dropTags.contains(e.tag) {
                droppedBy[i] = "html/tag-\(e.tag)"
            } else if e.hidden {
                droppedBy[i] = "html/hidden"
            }
        }
    }

    /// Text statistics per element over its live runs.
    mutating func countText() throws(DocumentError) {
        for (index, run) in doc.runs.enumerated() where droppedBy[run.element] == nil {
            try deadline.check(step: index, "counting text run \(index) of \(doc.runs.count)")
            let c = run.visible
            var e = run.element
            while e >= 0 {
                chars[e] += c
                if run.inLink { linkChars[e] += c }
                e = doc.elements[e].parent
            }
        }
    }

    /// A paragraph led by a link with only a little text after it (a date, an author, a count) is
    /// an item of a listing, a headline list or a reply list: all of it counts as link text.
    mutating func countLinkLedItems() throws(DocumentError) {
        for (index, p) in paragraphs.enumerated() where droppedBy[p.block] == nil && doc.runs[p.runs.lowerBound].inLink
        {
            try deadline.check(step: index, "weighing listing item \(index) of \(paragraphs.count)")
            let lead = doc.runs[p.runs].prefix { $0.inLink }.reduce(0) { $0 + $1.visible }
            let rest = doc.runs[p.runs].drop { $0.inLink }.reduce(0) { $0 + $1.visible }
            guard lead >= Self.itemLinkChars, rest > 0, rest <= Self.itemTailChars else { continue }
            var e = p.block
            while e >= 0 {
                linkChars[e] += rest
                e = doc.elements[e].parent
            }
        }
    }

    /// A listing item's link is a headline; what follows it is a date, an author or a count.
    static let itemLinkChars = 6
    static let itemTailChars = 40

    /// Paragraph scores flow to the block's ancestors, less at each level.
    mutating func scoreParagraphs() throws(DocumentError) {
        for (index, p) in paragraphs.enumerated() where droppedBy[p.block] == nil {
            try deadline.check(step: index, "scoring paragraph \(index) of \(paragraphs.count)")
            let length = Cleaner.visibleCount(p.text)
            guard length >= Cleaner.minScoringChars else { continue }
            var punctuation = 0
            for u in p.text.unicodeScalars where Cleaner.clausePunctuation.contains(u) { punctuation += 1 }
            let s = 1 + Double(punctuation) + min(Double(length) / 100, Cleaner.maxLengthPoints)
            var e = p.block, level = 1.0
            while e >= 0 && level <= 3 {
                score[e] += s / level
                e = doc.elements[e].parent
                level += 1
            }
        }
    }

    /// The best element: its score less its link share, moved by its hint words. Landmark tags
    /// (nav, footer, form …) and `drop` words mark chrome containers, which are dropped with
    /// their contents unless they hold the best element.
    mutating func chooseBest() {
        let marked: [String?] = doc.elements.indices.map { i in
            if hints.landmarkTags.contains(doc.elements[i].tag) { return "html/tag-\(doc.elements[i].tag)" }
            return hintsOf[i].first(where: { $0.effect == .drop })?.id
        }
        for i in doc.elements.indices where droppedBy[i] == nil && score[i] > 0 {
            var s = score[i] * (1 - linkDensity(i))
            for g in hintsOf[i] {
                if g.effect == .content { s *= Cleaner.hintFactor } else { s /= Cleaner.hintFactor }
            }
            if marked[i] != nil, hintsOf[i].allSatisfy({ $0.effect != .drop }) { s /= Cleaner.hintFactor }
            score[i] = s
            if s > bestScore {
                bestScore = s
                best = i
            }
        }
        reconsiderBest(title: title, marked: marked)
        dropMarked(marked)
    }

    /// A marked container is dropped with its contents, unless it holds the article: pages wrap
    /// everything in a <form>, and a share-button script may mark the article's own div.
    mutating func dropMarked(_ marked: [String?]) {
        var holdsBest = [Bool](repeating: false, count: doc.elements.count)
        var up = best
        while up >= 0 {
            holdsBest[up] = true
            up = doc.elements[up].parent
        }
        for i in doc.elements.indices where droppedBy[i] == nil {
            if let parent = droppedBy[safe: doc.elements[i].parent], let p = parent {
                droppedBy[i] = p
                continue
            }
            if let m = marked[i], !holdsBest[i] { droppedBy[i] = m }
        }
    }

    /// The article: the best element plus siblings that score close to it.
    mutating func markArticle() {
        guard best >= 0 else { return }
        var roots = [best]
        let parent = doc.elements[best].parent
        if parent >= 0 {
            var child = parent + 1
            while child < doc.elements[parent].end {
                if child != best, droppedBy[child] == nil, score[child] > 0, !encloses(child, rejected),
                    score[child] >= bestScore * Cleaner.siblingShare,
                    linkDensity(child) < Cleaner.linkListDensity
                {
                    roots.append(child)
                }
                child = doc.elements[child].end
            }
        }
        if let table = tableAfter(wrapper(of: best)) { roots.append(table) }
        for r in roots { for i in r..<doc.elements[r].end { inArticle[i] = true } }
    }

    /// The outermost element that holds nothing but `element`'s text (a cell in its row, its table).
    func wrapper(of element: Int) -> Int {
        var e = element
        for _ in 0..<4 {
            let parent = doc.elements[e].parent
            guard parent >= 0, chars[parent] == chars[e] else { break }
            e = parent
        }
        return e
    }

    /// A data table right after the article is its table (a list of figures or of programmes): its
    /// short cells score little, but it belongs with the prose above it.
    func tableAfter(_ element: Int) -> Int? {
        var next = doc.elements[element].end
        let parent = doc.elements[element].parent
        while next < doc.elements.count, doc.elements[next].parent == parent, chars[next] == 0 {
            next = doc.elements[next].end
        }
        guard next < doc.elements.count, doc.elements[next].parent == parent, droppedBy[next] == nil,
            linkDensity(next) < Cleaner.linkListDensity
        else { return nil }
        // Columns make a table of data; rows of one or two cells are a list (comments, links).
        let runs = doc.runs[doc.elements[next].textStart..<doc.elements[next].textEnd].filter { $0.row >= 0 }
        let rows = Set(runs.map(\.row)).count, cells = Set(runs.map(\.cell)).count
        return rows > 0 && cells >= rows * Self.tableColumns ? next : nil
    }

    /// Columns a table after the article needs, on average, to count as its table of data.
    static let tableColumns = 2

    /// Inside the article: elements that read like link lists or carry chrome words.
    mutating func markChromeInside() {
        for i in doc.elements.indices where inArticle[i] {
            if let parent = chromeInside[safe: doc.elements[i].parent], let p = parent {
                chromeInside[i] = p
                continue
            }
            if i == best { continue }
            if chars[i] > 0, linkDensity(i) > Cleaner.linkListDensity {
                chromeInside[i] = "html/link-list"
            } else if let g = hintsOf[i].first(where: { $0.effect == .chrome }), chars[i] < Cleaner.chromeMarkedProse {
                chromeInside[i] = g.id
            }
        }
    }

    /// The rule the markup alone drops a paragraph by, or nil when the markup keeps it in play.
    func markupVerdict(_ p: Paragraph) -> String? {
        if let d = droppedBy[p.block] ?? droppedBy[doc.runs[p.runs.lowerBound].element] { return d }
        if !inArticle[p.block] { return "html/outside-article" }
        if let c = chromeInside[p.block] { return c }
        if doc.runs[p.runs].allSatisfy(\.inLink), Cleaner.visibleCount(p.text) < Cleaner.linkParagraphChars {
            return "html/link"
        }
        return nil
    }

    /// A kept paragraph's shape: a widget's label, or a caption beside an image or centred under one.
    func shapeVerdict(_ p: Paragraph, matching: String) -> String? {
        if Cleaner.visibleCount(p.text) <= Cleaner.widgetLabelChars,
            !p.text.allSatisfy({ $0.isNumber || $0.isWhitespace })
        {
            return "html/widget-label"
        }
        // A caption is the first text after an image (or inside a centred block).
        let afterImage = imageTextStarts.contains(p.runs.lowerBound)
        if isCaption(p, matching), centered(p) || (afterImage && !bold(p)) { return "html/caption" }
        return nil
    }

    /// The elements from a paragraph's first run up to its block (at most eight).
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

    /// A caption is a short line that is not a heading.
    func isCaption(_ p: Paragraph, _ matching: String) -> Bool {
        guard p.kind == .paragraph, p.text.hasCharacters(atMost: Cleaner.captionMaxChars) else { return false }
        let line = matching.hasSuffix("。") ? String(matching.dropLast()) : matching
        guard LineClassifier.isCaptionShaped(line) else { return false }
        return !elementsOf(p).contains { e in
            Cleaner.headingTags.contains(doc.elements[e].tag)
                || !HTMLHints.words(doc.elements[e].classAndID).allSatisfy { !Cleaner.headingWords.contains($0) }
        }
    }

    func bold(_ p: Paragraph) -> Bool { doc.runs[p.runs].allSatisfy(\.bold) }

    func centered(_ p: Paragraph) -> Bool {
        var chain = elementsOf(p)
        if let top = chain.last, doc.elements[top].parent >= 0 { chain.append(doc.elements[top].parent) }
        return chain.contains { doc.elements[$0].centered }
    }
}
