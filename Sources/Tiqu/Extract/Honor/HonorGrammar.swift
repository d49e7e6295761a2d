/// Honors without an award verb: a title is a level (全国, 省级, 浙江, 宁波市, or 市 opening a list
/// item), a domain, a title noun (文明, 示范 …) and the unit honored (城市, 街道 …), and it ends where
/// a list, a joining word, punctuation or a title's tail (称号, 之一) comes next. Anything else after
/// the unit (`全国文明城市测评`, `全国和谐社区建设`) means the words belong to a longer phrase, and no
/// honor is taken: precision comes first.
extension HonorExtractor {
    /// A place of these levels may open a title (宁波市文明单位); a township or community is the unit
    /// honored, never a level.
    /// Compared, not hashed: it is asked of every place.
    static let openingPlaces = ["province", "city", "district"]
    /// The longest title without a verb (浙江省党的十九大维稳安保工作先进集体 has 18 characters).
    static let maxBareTitle = 24
    /// How many characters may stand between a plan word and the title (力争创成国家卫生城市).
    static let goalGap = 2
    /// How long a parenthesis right after a title may be (西宁市最美街道(街区)评选活动).
    static let maxAside = 8
    /// Quote marks a title may sit in or hold.
    /// The curly and corner quotes (a straight quote opens and closes alike, so depth cannot count it).
    static let quotePairs = Punctuation.quotePairs.without("\"")
    static let quoteMarks = ScalarSet(Array(quotePairs.closing.keys) + Array(quotePairs.closing.values))
    /// The marks that open a quote: found in one pass with other extractors' marks (`MarkPositions`).
    static let quoteOpeners = ScalarMarks(Array(quotePairs.closing.keys))
    static let closingQuotes: ScalarSet = ["”", "’", "」", "』"]
    /// Marks that separate titles in a list besides 、 (国家卫生城市/国家园林城市).
    static let listMarks: ScalarSet = [Punctuation.listComma, "/"]

    /// Titles found by their grammar outside `taken`, a list's titles sharing one status: a plan
    /// word before the first (争创全国文明城市、国家园林城市) or after the last makes them all goals.
    /// A title in an award verb's list the verb did not take is the verb's.
    func bareTitles(
        _ text: [Unicode.Scalar], places: [Match], taken: Coverage, lists: [AwardList],
        lexicons: LexiconHits = .none
    ) -> [Match] {
        var found: [(range: Range<Int>, status: String, rule: WordRule)] = []
        var after = 0
        let inPlaces = Coverage(length: text.count, places.map(\.range))
        for opener in openers(text, places: places, lexicons: lexicons)
        where opener.lowerBound >= after && !taken.contains(opener.lowerBound) {
            guard var title = bareTitle(text, opener: opener, inPlaces: inPlaces), !taken.overlaps(title.range)
            else { continue }
            if let list = lists.first(where: { $0.range.contains(title.range.lowerBound) }) {
                (title.status, title.rule) = (list.status, list.rule)
            }
            found.append(title)
            after = title.range.upperBound
        }
        var i = 0
        while i < found.count {
            var j = i
            while j + 1 < found.count, isListGap(text, found[j].range.upperBound..<found[j + 1].range.lowerBound) {
                j += 1
            }
            if let goal = found[i...j].first(where: { $0.status == Honor.goal }) {
                for k in i...j where found[k].status != Honor.goal {
                    (found[k].status, found[k].rule) = (goal.status, goal.rule)
                }
            }
            i = j + 1
        }
        return found.map { item in
            let honor = Honor(
                title: Self.title(text, item.range), level: level(of: item.range, in: text, places: places),
                recipient: nil, status: item.status)
            return Match(range: item.range, rule: item.rule.id, value: .honor(honor))
        }
    }

    /// Where titles may open: level words, a place of a high enough level, and a one-character
    /// level at the start of a clause or list item or after a word that may end a title (是, 和);
    /// in text order.
    func openers(_ text: [Unicode.Scalar], places: [Match], lexicons: LexiconHits = .none) -> [Range<Int>] {
        var starts = lexicons.all(openers, in: text).map(\.range)
        for k in places.indices {
            guard case .place(let p) = places[k].value, Self.openingPlaces.contains(p.level) else { continue }
            starts.append(places[k].range)
        }
        for hit in lexicons.all(openings, in: text) {
            // Where the level stands is asked first: most one-character levels stand inside a word.
            let at = hit.range.lowerBound
            guard at == 0 || !text[at - 1].isHan || followsReversed.longestReversed(in: text, endingAt: at) != nil,
                !hit.payload.isBlocked(in: text, at: hit.range.upperBound)
            else { continue }
            starts.append(hit.range)
        }
        // The longest first at each start; a shorter one is tried when it opens no title (a place
        // 国家园林县 found in 国家园林县城 gives way to 国家). A range found twice (a level word that
        // is also a place) stands next to itself once sorted, and is tried once.
        starts.sort { ($0.lowerBound, -$0.count) < ($1.lowerBound, -$1.count) }
        var once: [Range<Int>] = []
        once.reserveCapacity(starts.count)
        for start in starts where start != once.last { once.append(start) }
        return once
    }

    /// The title opened by `opener`: the nearest unit after a title noun whose next words may end
    /// a title, and whether a plan word before or after makes it a goal. `inPlaces` covers the
    /// page's places.
    func bareTitle(_ text: [Unicode.Scalar], opener: Range<Int>, inPlaces: Coverage)
        -> (range: Range<Int>, status: String, rule: WordRule)?
    {
        let start = opener.lowerBound, levelEnd = opener.upperBound
        var limit = levelEnd
        while limit < text.count, limit - start < Self.maxBareTitle,
            text[limit].isHan || Self.quoteMarks.contains(text[limit])
        {
            // 成都市 is one word: a break word (都) inside a place is none.
            if breaks.longest(in: text, at: limit) != nil, !inPlaces.contains(limit) {
                break
            }
            limit += 1
        }
        let units = units.all(in: text, range: levelEnd..<limit)
        guard !units.isEmpty else { return nil }  // no unit, no title: its nouns are not looked for
        let noun = firstNoun(text, levelEnd..<limit)
        // The nearest unit that ends a title: 国家园林城市 in 国家园林城市和国家卫生城市, 街道 past 社区建设.
        for unit in units {
            let end = unit.range.upperBound
            guard zones.longestReversed(in: text, endingAt: end, notBefore: levelEnd) == nil,
                let noun, noun.range.upperBound <= end,
                Self.quotesBalance(text, start..<end)
            else { continue }
            var range = Self.edition(text, before: start)..<end
            // “全国文明城市”: a title alone in quotes takes them, and ends there whatever follows
            // (“中国特色小镇”数量).
            let quoted = start > 0 && end < text.count && Self.quotePairs[text[start - 1]] == text[end]
            if quoted { range = (start - 1)..<(end + 1) }
            switch ending(text, at: range.upperBound) ?? (quoted ? .held : nil) {
            case nil: continue
            case .goal(let rule)?: return (range, Honor.goal, rule)
            case .held?:
                if let goal = goalBefore(text, range.lowerBound) { return (range, Honor.goal, goal) }
                return (range, Honor.held, noun.payload)
            }
        }
        return nil
    }

    /// The title noun in `range` that ends first (the longest of those ending there): the one a unit
    /// must end after. Kept alone, where a list of them all was made for each opener.
    func firstNoun(_ text: [Unicode.Scalar], _ range: Range<Int>) -> (range: Range<Int>, payload: WordRule)? {
        var first: (range: Range<Int>, payload: WordRule)?
        titleNouns.forEachHit(in: text, range: range) { hit, payload in
            if first == nil { first = (hit, payload) }
        }
        return first
    }

    /// Where the title's edition starts when one stands right before its level (第二批全国…, 首批,
    /// 第六届): the title says it, so it is part of it; else `start`.
    static func edition(_ text: [Unicode.Scalar], before start: Int) -> Int {
        guard start >= 2, editionWords.contains(text[start - 1]) else { return start }
        if text[start - 2] == "首" { return start - 2 }
        var k = start - 1
        while k > 0, NumeralParser.canStart(text[k - 1]) { k -= 1 }
        return k < start - 1 && k > 0 && text[k - 1] == "第" ? k - 1 : start
    }

    /// The words that close an edition (第二批, 第六届).
    static let editionWords: ScalarSet = ["批", "届"]

    /// What the words after a title say about it.
    enum TitleEnd {
        /// They may end a title: punctuation, 、, 和, 称号, 之一.
        case held
        /// A plan word (创建工作) makes it a goal.
        case goal(WordRule)
    }

    /// How the words after a title end it, or nil when they continue another phrase
    /// (全国文明城市测评).
    func ending(_ text: [Unicode.Scalar], at position: Int) -> TitleEnd? {
        let f = afterAside(text, position)
        guard f < text.count else { return .held }
        for at in text[f] == "的" ? [f, f + 1] : [f] {
            if let plan = goalsAfter.longest(in: text, at: at) { return .goal(plan.payload) }
        }
        if !text[f].isHan || follows.longest(in: text, at: f) != nil { return .held }
        return nil
    }

    /// The position after a short parenthesis that opens at `position` (`(2022年)`), else `position`.
    func afterAside(_ text: [Unicode.Scalar], _ position: Int) -> Int {
        guard position < text.count, text[position] == "(" else { return position }
        var j = position + 1
        while j < text.count, j - position <= Self.maxAside, text[j] != "\n" {
            if text[j] == ")" { return j + 1 }
            j += 1
        }
        return position
    }

    /// The plan word just before a title (创建全国文明城市, 力争创成…), if any.
    func goalBefore(_ text: [Unicode.Scalar], _ start: Int) -> WordRule? {
        for gap in 0...Self.goalGap {
            let at = start - gap
            guard at > 0, gap == 0 || text[at].isHan else { break }
            if let goal = goals.longestReversed(in: text, endingAt: at, notBefore: max(0, at - 4)) {
                return goal.payload
            }
        }
        return nil
    }

    /// Whether a plan word ends right at `position` (力争获评).
    func isGoal(_ text: [Unicode.Scalar], before position: Int) -> Bool {
        goals.longestReversed(in: text, endingAt: position, notBefore: max(0, position - 4)) != nil
    }

    /// Whether the words between two titles join them into one list (、, /, 和, 及, 以及, 与).
    func isListGap(_ text: [Unicode.Scalar], _ gap: Range<Int>) -> Bool {
        if gap.isEmpty || (gap.count == 1 && Self.listMarks.contains(text[gap.lowerBound])) { return true }
        return Self.joiners.contains { $0.elementsEqual(text[gap]) }
    }

    /// Whether every quote opened in `range` closes in it.
    static func quotesBalance(_ text: [Unicode.Scalar], _ range: Range<Int>) -> Bool {
        var open: [Unicode.Scalar] = []
        for s in text[range] where quoteMarks.contains(s) {
            if let close = quotePairs[s] {
                open.append(close)
            } else if open.last == s {
                open.removeLast()
            } else {
                return false
            }
        }
        return open.isEmpty
    }

    /// The mark that opens a cited title: found in one pass with other extractors' marks (`MarkPositions`).
    static let citeOpener = ScalarMarks(["《"])

    /// The spans of 《…》 titles: a title named inside a cited document's name is the document's.
    static func citedSpans(_ text: [Unicode.Scalar], marks: MarkPositions) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        let first = marks.first(Self.citeOpener, in: text, from: 0)
        guard first < text.count else { return spans }  // most texts cite nothing
        var open: Int?
        for i in first..<text.count {
            let s = text[i]
            if s == "《" {
                open = i
            } else if s == "》", let o = open {
                spans.append(o..<(i + 1))
                open = nil
            } else if s == "\n" {
                open = nil
            }
        }
        return spans
    }
}
