import Foundation

/// When a page was published, found where pages without date meta tags say it: in the page's own
/// address (`/2019-12/10/`, `/20040716/`, `/archive/2004/12/27/`) and in a dateline near the
/// article — a short line holding a full date (`2005-04-05 06:40更新 来源：…`, `发表于 2004年12月27日`,
/// a table cell under the title), the nearest one to the title or the article's start winning
/// over dates in lists of other articles, comment timestamps and copyright footers further away.
struct PageDates {
    /// A line longer than this is prose or a list, not a dateline.
    static let maxDatelineChars = 100
    /// Punctuation of sentences and clauses: a line with it is prose that mentions a date.
    static let sentenceEnds: ScalarSet = ["。", "！", "？", "，", "；"]
    /// A line with more link text than this is an entry of a list of other pages (their titles are links).
    static let maxLinkChars = 12
    /// Datelines further than this many paragraphs from the article's head (or foot) are another
    /// part of the page: a sidebar, a list of posts, a comment thread.
    static let maxDistance = 12
    /// Lines this close above the title are the title's bylines (a date cell above a heading).
    static let nearHead = 3
    /// Inside the body, only the first and last few paragraphs hold a dateline (a source line, a
    /// signature); a date line deeper in is part of the story (a diary entry, a chronology).
    static let bodyEdge = 3
    let paragraphs: [HTMLCleaner.Paragraph]
    let doc: FlatDocument
    /// Words of copyright footers (`page.yaml`, lower-cased), whose years and dates are not the article's.
    let footerWords: [String]

    /// The date of the dateline nearest to the article that runs from paragraph `head` (its title, or its first paragraph)
    /// through `start` (its first paragraph) to `end` (its last).
    func published(head: Int, start: Int, end: Int) -> (date: String, place: Place)? {
        var best: (rank: Int, place: Place, date: String)?
        for (i, p) in paragraphs.enumerated() {
            guard let place = Self.place(i, head: head, start: start, end: end), isDateline(p) else { continue }
            let full = Self.fullDates(in: p.text).first
            guard let date = full ?? Self.monthIssue(p.text) else { continue }
            // A full date anywhere in reach beats a month alone; among equals, the nearer place wins.
            let rank = full == nil ? 1 : 0
            if let b = best, b.rank < rank || (b.rank == rank && !(place < b.place)) { continue }
            best = (rank, place, date)
        }
        return best.map { ($0.date, $0.place) }
    }

    /// A paragraph is taken for a body block when one starts the other and the shorter has at
    /// least this many characters (a paragraph split by the cleaner), so a lone word never is.
    static let minKeyChars = 6

    /// Paragraph indices of an article's head, first and last paragraph.
    typealias Article = (head: Int, start: Int, end: Int)

    /// The article's paragraphs: its head (the title's heading when one comes at most
    /// `maxDistance` paragraphs before the body, else the first body paragraph), first and last.
    func article(body: [Block], title: String?) -> Article? {
        func index(of block: Block?, from: Int) -> Int? {
            guard let block else { return nil }
            let key = String(block.text.prefix(20))
            let least = min(key.characterCount, Self.minKeyChars)
            return paragraphs[from...].firstIndex { p in
                p.text.hasPrefix(key) || (p.text.characterCount(atMost: least) >= least && key.hasPrefix(p.text))
            }
        }
        // The title often opens the body (the cleaner drops it later); the article starts after it.
        let body =
            body.prefix(3).drop { b in title.map { HTMLCleaner.sameTitle(b.text, $0) } ?? false } + body.dropFirst(3)
        guard let start = index(of: body.first, from: 0) else { return nil }
        let end = index(of: body.last, from: start) ?? start
        let lo = max(0, start - Self.maxDistance)
        let head = title.flatMap { t in
            paragraphs[lo...start].lastIndex {
                $0.text.hasCharacters(atLeast: 4)
                    && (HTMLCleaner.sameTitle($0.text, t) || t.hasPrefix($0.text) || $0.text.hasPrefix(t))
            }
        }
        return (head ?? start, start, end)
    }

    /// Where a paragraph lies: between the title and the first paragraph (where bylines are), in
    /// the body (a source line or a signature), or outside; and how far from the article's head.
    struct Place: Comparable {
        enum Part: Int { case head, nearHead, body, outside }
        var part: Part
        var distance: Int
        static func < (a: Place, b: Place) -> Bool { (a.part.rawValue, a.distance) < (b.part.rawValue, b.distance) }
    }

    /// A line that is a year and month alone, perhaps after a dash and a publication's name, and
    /// perhaps naming an issue: `2003年5月`, `——《北京之春》1998年3月号` → `2003-05`, `1998-03`.
    static func monthIssue(_ text: String) -> String? {
        // Most lines: no string work. 年 or its compatibility form, which compares equal as a Character.
        guard text.unicodeScalars.contains(where: { $0 == "年" || $0 == "\u{F98E}" }) else { return nil }
        var rest = Substring(text).drop { $0.isWhitespace || "—-－─".contains($0) }
        if rest.first == "《", let close = rest.firstIndex(of: "》") { rest = rest[rest.index(after: close)...] }
        let chars = Array(rest.trimming(.whitespaces))
        guard chars.count >= 7, chars.count <= 9, chars.prefix(4).allSatisfy(\.isASCIIDigit), chars[4] == "年" else {
            return nil
        }
        let tail = String(chars[5...])
        let month = tail.prefix { $0.isASCIIDigit }
        let after = tail.dropFirst(month.count)
        guard let m = Int(month), (1...12).contains(m), after == "月" || after == "月号" || after == "月刊",
            let year = Int(String(chars.prefix(4))), (1900...2100).contains(year)
        else { return nil }
        return year.zeroPadded(4) + "-" + m.zeroPadded(2)
    }

    /// Where paragraph `i` lies relative to the article's head (title to first paragraph) and end;
    /// nil when too far to say anything about the article.
    static func place(_ i: Int, head: Int, start: Int, end: Int) -> Place? {
        let lo = min(head, start)
        if i < lo {
            let d = lo - i
            return d > maxDistance ? nil : Place(part: d <= nearHead ? .nearHead : .outside, distance: d)
        }
        if i <= start { return Place(part: .head, distance: i - lo) }
        if i <= end {
            let d = min(i - start, end - i)
            return d > bodyEdge ? nil : Place(part: .body, distance: d)
        }
        return i - end > maxDistance ? nil : Place(part: .outside, distance: i - end)
    }

    func isDateline(_ p: HTMLCleaner.Paragraph) -> Bool {
        guard Self.isDateline(p.text, footerWords: footerWords) else { return false }
        let linkChars = doc.runs[p.runs].filter(\.inLink).reduce(0) { $0 + $1.visible }
        return linkChars <= Self.maxLinkChars
    }

    /// A short line that is no sentence and no copyright footer: where a page dates itself.
    static func isDateline(_ text: String, footerWords: [String]) -> Bool {
        guard text.hasCharacters(atMost: maxDatelineChars), !text.unicodeScalars.contains(where: sentenceEnds.contains)
        else {
            return false
        }
        let lower = text.lowercased()
        return !footerWords.contains { lower.containsLiteral($0) }
    }

    /// Full dates (year, month and day) in a line, as ISO `YYYY-MM-DD`: `2005-4-5`, `2005/04/05`,
    /// `2005.04.05`, `2005年4月5日`, `2005 年 4 月 5 日`; a digit right before the year or after the
    /// day means an id or a longer number, not a date.
    static func fullDates(in text: String) -> [String] {
        let chars = Array(text)
        var found: [String] = []
        var i = 0
        while i + 4 <= chars.count {
            guard chars[i].isASCIIDigit, i == 0 || !chars[i - 1].isASCIIDigit,
                let (date, next) = date(in: chars, at: i)
            else {
                i += 1
                continue
            }
            found.append(date)
            i = next
        }
        return found
    }

    /// What may follow a date's year, and what must then follow its month.
    static let firstSeparators: [Character] = ["-", "/", ".", "年"]
    static let secondSeparators: [Character] = ["-", "/", ".", "月"]

    /// A date starting at `i`: four digits of year, a separator, one or two of month, the same kind
    /// of separator, one or two of day.
    static func date(in chars: [Character], at i: Int) -> (String, Int)? {
        var j = i
        func number(_ maxDigits: Int) -> Int? {
            var digits = ""
            while j < chars.count, chars[j].isASCIIDigit, digits.count < maxDigits {
                digits.append(chars[j])
                j += 1
            }
            return digits.isEmpty ? nil : Int(digits)
        }
        func skipSpaces() { while j < chars.count, chars[j] == " " { j += 1 } }
        guard let year = number(4), j - i == 4, (1900...2100).contains(year) else { return nil }
        skipSpaces()
        guard j < chars.count, let kind = Self.firstSeparators.firstIndex(of: chars[j]) else { return nil }
        j += 1
        skipSpaces()
        guard let month = number(2), (1...12).contains(month) else { return nil }
        skipSpaces()
        guard j < chars.count, chars[j] == Self.secondSeparators[kind] else { return nil }
        j += 1
        skipSpaces()
        guard let day = number(2), (1...31).contains(day), j == chars.count || !chars[j].isASCIIDigit,
            !isRange(chars, at: j)
        else { return nil }
        return (year.zeroPadded(4) + "-" + month.zeroPadded(2) + "-" + day.zeroPadded(2), j)
    }

    /// A dash or 至 with a digit after it: the date opens a range of days (`12月11－12日`), an event's, not a page's.
    static func isRange(_ chars: [Character], at j: Int) -> Bool {
        guard j + 1 < chars.count, "-－~～至到".contains(chars[j]) else { return false }
        return chars[j + 1].isNumber
    }

    /// The date in a page address's path: `/2019-12/10/`, `/2019-12-10/`, `/2019/12/10/`,
    /// `/20191210/`, `/201912/10/`, `/2019/1210/`. Runs of digits are read in order; ids (runs of
    /// other lengths) are skipped, and the host is never read.
    static func inURL(_ url: String) -> String? {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let path = rest[slash...].prefix { $0 != "?" && $0 != "#" }
        let runs = path.split { !$0.isASCIIDigit }.map(String.init)
        for (k, run) in runs.enumerated() {
            let next = runs[safe: k + 1], after = runs[safe: k + 2]
            let parts: [String]
            switch run.count {
            case 8: parts = [String(run.prefix(4)), String(run.dropFirst(4).prefix(2)), String(run.suffix(2))]
            case 6 where next?.count == 2: parts = [String(run.prefix(4)), String(run.suffix(2)), next!]
            case 4 where next?.count == 4: parts = [run, String(next!.prefix(2)), String(next!.suffix(2))]
            case 4 where (1...2).contains(next?.count ?? 0) && (1...2).contains(after?.count ?? 0):
                parts = [run, next!, after!]
            default: continue
            }
            let n = parts.compactMap { Int($0) }
            if n.count == 3, (1990...2100).contains(n[0]), (1...12).contains(n[1]), (1...31).contains(n[2]) {
                return n[0].zeroPadded(4) + "-" + n[1].zeroPadded(2) + "-" + n[2].zeroPadded(2)
            }
        }
        return nil
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension HTMLCleaner {
    /// The page's date from its own address or the dateline nearest its article (see `PageDates`).
    func pagePublished(_ doc: FlatDocument, paragraphs: [Paragraph], article: PageDates.Article?) -> String? {
        let dates = PageDates(paragraphs: paragraphs, doc: doc, footerWords: page.footerWords)
        let urls = ([pageURL, doc.metaTags["og:url"]] + doc.selfURLs.map(Optional.some)).compactMap { $0 }
        let inURL = urls.lazy.compactMap(PageDates.inURL).first
        let dateline = article.flatMap {
            dates.published(head: $0.head, start: $0.start, end: $0.end)
        }
        // A dateline between the title and the text is the page's own word; an address's date can
        // be the day it was filed (a day late), but it beats a dateline further away.
        if let dateline, dateline.place.part == .head || dateline.place.part == .nearHead { return dateline.date }
        return inURL ?? dateline?.date
    }
}
