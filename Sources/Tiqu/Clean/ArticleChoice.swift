/// The second look at the best element: whose article is it?
///
/// Length alone picks the wrong article when a page renders a whole recommended story (its own
/// heading, byline and paragraphs) below a short real one, or lists several blog posts. Headings
/// tell articles apart: the page's title names its own article, and a block that starts under
/// another heading is another article. So the search moves to the block under the page's title
/// when the longest block sits under a different heading; on a page of posts whose title names
/// none of them, it takes the first post (the newest). When two articles score close and nothing
/// tells them apart, the record says so.
extension ArticleSearch {
    /// A heading is a short line; anything longer is prose.
    static let headingMaxChars = 80
    /// A heading names something: a label of a few characters (分享, 评论) is a widget's.
    static let headingMinChars = 4
    /// Short lines (a byline, a date, a share bar) may stand between a heading and its article.
    static let headingGapChars = 200
    /// A post before the longest one is the article when it scores at least this share of it.
    static let postShare = 0.05
    /// A second article scoring at least this share of the best one is a close call.
    static let closeShare = 0.8

    /// Moves `best` to the block under the page's title, or to the first of a page's posts.
    mutating func reconsiderBest(title: String?, marked: [String?]) {
        markedSubtree = doc.elements.indices.reduce(into: []) { flags, i in
            let parent = doc.elements[i].parent
            flags.append(marked[i] != nil || (parent >= 0 && flags[parent]))
        }
        guard best >= 0, let head = heading(of: best) else { return }
        let titled = title.flatMap { titleHeading($0) }
        if let titled {
            guard titled < head, !Self.isSectionHeading(paragraphs[head].text),
                !Cleaner.sameTitle(paragraphs[head].text, title!), hasProse(between: titled, and: head),
                !contains(best, paragraphs[titled]), let choice = bestElement(underHeading: titled)
            else { return }
            switchBest(to: choice, why: "under the page's title")
        } else if let first = firstPost(like: best, headedBy: head) {
            switchBest(to: first, why: "the first of the page's posts")
        } else if let rival = closeRival(head: head) {
            warnings.append(
                "two articles score close (\(Int(score[rival] / bestScore * 100))%): kept the longer one; the other starts "
                    + "\"\(paragraphs[heading(of: rival) ?? 0].text.prefix(30))\"")
        }
    }

    mutating func switchBest(to element: Int, why: String) {
        let share = Int(score[element] / bestScore * 100)
        warnings.append(
            "article: took the block \(why), not a longer one under another heading (\(share)% of its score)")
        rejected = best
        best = element
        bestScore = score[element]
    }

    /// The first heading-shaped paragraph that repeats the page's title.
    func titleHeading(_ title: String) -> Int? {
        paragraphs.indices.first { i in
            droppedBy[paragraphs[i].block] == nil && isHeading(paragraphs[i])
                && Cleaner.sameTitle(paragraphs[i].text, title)
        }
    }

    /// The highest-scoring element whose text starts under paragraph `h`.
    func bestElement(underHeading h: Int) -> Int? {
        var choice: Int?
        for i in doc.elements.indices
        where droppedBy[i] == nil && score[i] > 0 && !encloses(i, best) && heading(of: i) == h {
            if choice == nil || score[i] > score[choice!] { choice = i }
        }
        return choice
    }

    /// A post before `element`: the same tag and class, under a heading of the same markup,
    /// outside it, and with prose enough. The first in the page wins.
    func firstPost(like element: Int, headedBy head: Int) -> Int? {
        let e = doc.elements[element]
        guard !e.classAndID.isEmpty else { return nil }
        let headShape = shape(of: paragraphs[head])
        return doc.elements.indices.first { i in
            i < element && doc.elements[i].end <= element && droppedBy[i] == nil
                && doc.elements[i].tag == e.tag && doc.elements[i].classAndID == e.classAndID
                && score[i] >= bestScore * Self.postShare
                && heading(of: i).map { shape(of: paragraphs[$0]) == headShape && $0 != head } == true
        }
    }

    /// Another element under another heading, outside the best one, scoring close to it.
    func closeRival(head: Int) -> Int? {
        doc.elements.indices.first { i in
            droppedBy[i] == nil && score[i] >= bestScore * Self.closeShare && i != best
                && !contains(i, paragraphs[head]) && !encloses(best, i) && !encloses(i, best)
                && heading(of: i).map { $0 != head } == true && linkDensity(i) < Cleaner.linkListDensity
        }
    }

    /// The heading an element's text starts under: its own first paragraph when that is a
    /// heading, else the nearest heading before it across short lines only.
    func heading(of element: Int) -> Int? {
        let start = doc.elements[element].textStart
        guard let first = firstParagraph(from: start), paragraphs[first].runs.lowerBound < doc.elements[element].textEnd
        else { return nil }
        if isHeading(paragraphs[first]) { return first }
        var gap = 0
        for i in stride(from: first - 1, through: 0, by: -1) {
            if isHeading(paragraphs[i]) { return i }
            gap += Cleaner.visibleCount(paragraphs[i].text)
            if gap > Self.headingGapChars { return nil }
        }
        return nil
    }

    /// A short line marked as a heading: an `<h1>`–`<h6>` or a class/id word such as title.
    func isHeading(_ p: Paragraph) -> Bool {
        guard p.text.hasCharacters(atMost: Self.headingMaxChars), !markedSubtree[p.block], !p.text.hasSuffix("："),
            Cleaner.visibleCount(p.text) >= Self.headingMinChars, !Self.startsWithYear(p.text),
            elementsOf(p).allSatisfy({ e in hintsOf[e].allSatisfy { $0.effect != .chrome } })
        else { return false }
        return p.kind == .heading
            || elementsOf(p).contains { e in
                !HTMLHints.words(doc.elements[e].classAndID).allSatisfy { !Cleaner.headingWords.contains($0) }
            }
    }

    /// A line that starts with a date (`2019-12-10 07:57 来源：…`, `2019年09月11日 …`) is a byline,
    /// never a heading.
    static func startsWithYear(_ text: String) -> Bool {
        let head = Array(text.unicodeScalars.prefix(5))
        return head.count == 5 && head[..<4].allSatisfy { $0.properties.numericType == .decimal }
            && "年-/.".unicodeScalars.contains(head[4])
    }

    /// A real story between two headings: a paragraph of prose that is neither chrome nor a heading.
    func hasProse(between a: Int, and b: Int) -> Bool {
        paragraphs[(a + 1)..<b].contains { p in
            !markedSubtree[p.block] && p.kind == .paragraph
                && Cleaner.visibleCount(p.text) >= Self.headingMaxChars / 2
                && p.text.unicodeScalars.contains { Cleaner.clausePunctuation.contains($0) }
        }
    }

    /// `1. 概述`, `一、背景`, `（二）做法`, `第三章 …`: a numbered section of the same article, not
    /// another article's heading.
    static func isSectionHeading(_ text: String) -> Bool {
        let numerals = "0123456789０１２３４５６７８９一二三四五六七八九十百"
        var rest = Substring(text.trimming(.whitespaces))
        let opened = rest.first.map { "（(".contains($0) } == true
        if opened || rest.first == "第" { rest = rest.dropFirst() }
        let number = rest.prefix { numerals.contains($0) }
        guard !number.isEmpty, let after = rest.dropFirst(number.count).first else { return false }
        if text.hasPrefix("第") { return "章节部分篇条".contains(after) }
        return opened ? "）)".contains(after) : "、.．)） ".contains(after)
    }

    /// A paragraph's markup: the tag and class of its block.
    func shape(of p: Paragraph) -> String {
        doc.elements[p.block].tag + "." + doc.elements[p.block].classAndID
    }

    func contains(_ element: Int, _ p: Paragraph) -> Bool {
        let e = doc.elements[element]
        return p.runs.lowerBound >= e.textStart && p.runs.lowerBound < e.textEnd
    }

    /// Elements are in preorder: `a`'s subtree is `a..<end`.
    func encloses(_ a: Int, _ b: Int) -> Bool { a >= 0 && b >= a && b < doc.elements[a].end }

    /// The first paragraph starting at or after text run `run` (paragraphs are in run order).
    func firstParagraph(from run: Int) -> Int? {
        var (low, high) = (0, paragraphs.count)
        while low < high {
            let mid = (low + high) / 2
            if paragraphs[mid].runs.lowerBound < run { low = mid + 1 } else { high = mid }
        }
        return low < paragraphs.count ? low : nil
    }
}
