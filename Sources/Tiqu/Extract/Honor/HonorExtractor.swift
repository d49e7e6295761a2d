/// Finds honors: titles awarded after an award verb (`荣获`, `被评为`, `入选` …), one fact per
/// title of a list split at 、, between quoted titles side by side, and at 和/及/以及 where both sides
/// are titles. A title ends at an `end` word (称号), and loses a `trim` tail (等多项荣誉). Elsewhere a
/// title is found by its grammar, level + domain + title noun + unit (`全国文明城市`; see
/// `bareTitles`), and a plan word before it (`创建`, `力争`) makes it a goal rather than an honor held.
/// Awards need no verb when quoted (`「卓越獎」`) or listed together (`包括卓越獎1名、優等獎…`; see
/// `awardLists`).
///
/// A title must carry an honor marker (示范, 先进, 文明 …) or be quoted (`“浙江好人”`); its level
/// comes from the earliest level word in it (全国, 浙江省, 市级 …), else from the highest place it
/// names. A person's name right before the verb (a surname and one or two characters) is the
/// `recipient`, as is a place right after a `grant` verb (授予花木街道…称号); titles awarded to the
/// page's subject have none.
public struct HonorExtractor: Extractor, ReadsWholeText, SearchesMarks {
    let verbs: Lexicon<WordRule>
    let markers: Lexicon<WordRule>
    /// Award nouns (奖): a title ending in one names an award.
    let awards: Lexicon<WordRule>
    /// Level and scope words anywhere in a title (全国, 浙江, 全市).
    let levels: Lexicon<WordRule>
    /// Level words that may open a title without a verb (全国, 省级, 浙江); scope words (全市) do not.
    let openers: Lexicon<WordRule>
    /// One-character levels that count only where they open a title (市民营经济先进乡).
    let openings: Lexicon<WordRule>
    let trims: Lexicon<WordRule>
    let cuts: Lexicon<WordRule>
    /// Words that announce a list of honors before a colon (获奖情况：…).
    let announces: Lexicon<WordRule>
    /// Words that introduce a list's items (包括, 分别是): after an `announce` word they open a list
    /// as a colon does, and the first item of a list of awards starts after them.
    let introduces: Lexicon<WordRule>
    /// Introducing words and particles (的): a list item's title starts after the last of them.
    let itemOpeners: Lexicon<WordRule>
    /// Particles a verb leaves before a title (获得了…).
    let leads: Lexicon<WordRule>
    /// Ends of an organisation's name (部, 厅, 联会): one right before a level word gave the title.
    let issuers: Lexicon<WordRule>
    let surnames: Set<Unicode.Scalar>
    /// The grammar of a title without a verb: title nouns, units honored, zones that are no unit,
    /// words that may follow a title, words no title holds, and the words of a plan.
    let titleNouns: Lexicon<WordRule>
    let units: Lexicon<WordRule>
    let zones: Lexicon<WordRule>
    let follows: Lexicon<WordRule>
    let followsReversed: Lexicon<WordRule>
    let breaks: Lexicon<WordRule>
    let goals: Lexicon<WordRule>
    let goalsAfter: Lexicon<WordRule>

    /// Where a list of titles ends.
    static let listEnd = Punctuation.clauseEnds
    /// Joining words that may separate two titles; 和 inside 和谐 does not, so a split needs a title on each side.
    static let joiners: [[Unicode.Scalar]] = [Array("以及".unicodeScalars), ["及"], ["和"], ["与"]]
    /// The honor level a named place implies (浙江省 → provincial); lower places imply none.
    static let levelOfPlace = ["province": "provincial", "city": "municipal", "district": "district"]
    /// The longest title taken (全国和谐社区建设自主创新先进街道 has 16 characters).
    static let maxTitle = 40

    public init(rules book: RuleBook) {
        let words = book.words
        verbs = words.lexicon(.honor, "verb", "grant")
        markers = words.lexicon(.honor, "marker")
        awards = words.lexicon(.honor, "award")
        levels = words.lexicon(.honor, "level", "scope")
        openers = words.lexicon(.honor, "level")
        openings = words.lexicon(.honor, "opening")
        trims = words.lexicon(.honor, "trim", reversed: true)
        cuts = words.lexicon(.honor, "end")
        leads = words.lexicon(.honor, "lead")
        introduces = words.lexicon(.honor, "introduce", reversed: true)
        itemOpeners = words.lexicon(.honor, "introduce", "lead")
        announces = words.lexicon(.honor, "announce", reversed: true)
        issuers = words.lexicon(.honor, "issuer")
        surnames = Set(words.of(.honor, "surname").flatMap { $0.forms.flatMap(\.unicodeScalars) })
        titleNouns = words.lexicon(.honor, "title")
        units = words.lexicon(.honor, "unit")
        zones = words.lexicon(.honor, "not_unit", reversed: true)
        follows = words.lexicon(.honor, "follow", "trim", "end")
        followsReversed = words.lexicon(.honor, "follow", reversed: true)
        breaks = words.lexicon(.honor, "break")
        goals = words.lexicon(.honor, "goal", reversed: true)
        goalsAfter = words.lexicon(.honor, "goal_after")
    }

    public let finds: Set<FactKind> = [.honors]
    public let reads: Set<FactKind> = [.places]
    var wholeTextLexicons: [any ScannedLexicon] { [verbs, openers, openings, awards] }
    var searchedMarks: [ScalarMarks] { [Self.colon, Self.citeOpener, Self.quoteOpeners] }

    public func matches(in analysis: Analysis, earlier: [Match]) -> [Match] {
        let text = analysis.map.folded
        let places = earlier  // of the kinds it reads alone: places
        assert(places.allSatisfy { $0.kind == .places }, "an honor reads places alone: filter any other kind read")
        // The place extractor gives its places in order of their starts; `level(of:)` searches them so.
        assert(zip(places, places.dropFirst()).allSatisfy { $0.range.lowerBound <= $1.range.lowerBound })
        let (awarded, verbLists) = awardedTitles(text, places: places, lexicons: analysis.lexicons)
        let marks = analysis.marks
        let (announced, announcedLists) = announcedTitles(text, places: places, lists: verbLists, marks: marks)
        let cited = Self.citedSpans(text, marks: marks)
        var taken = Coverage(length: text.count, (awarded + announced).map(\.range) + cited)
        let quoted = quotedAwards(text, places: places, taken: taken, marks: marks)
        taken.cover(quoted.map(\.range))
        let listed = awardLists(text, places: places, taken: taken, lexicons: analysis.lexicons)
        taken.cover(listed.map(\.range))
        let lists = verbLists + announcedLists
        let bare = bareTitles(text, places: places, taken: taken, lists: lists, lexicons: analysis.lexicons)
        taken.cover(bare.map(\.range))
        let found = awarded + announced + quoted + listed + bare
        return found + awardEchoes(text, of: found, taken: taken)
    }

    /// A stretch from an award verb to its list's end: a title found there by its grammar is
    /// awarded by the verb (成功创建国家森林城市 is held, not a plan).
    typealias AwardList = (range: Range<Int>, status: String, rule: WordRule)

    /// Titles after an award verb, and the list each verb opens (`places` in order of their starts).
    func awardedTitles(_ text: [Unicode.Scalar], places: [Match], lexicons: LexiconHits = .none) -> (
        [Match], [AwardList]
    ) {
        var found: [Match] = []
        var lists: [AwardList] = []
        var after = 0
        // The longest verb at each start (先后被评为 over 被评为), verbs in text order.
        let hits = lexicons.all(verbs, in: text).sorted {
            ($0.range.lowerBound, -$0.range.count) < ($1.range.lowerBound, -$1.range.count)
        }
        var blocked = -1
        for verb in hits where verb.range.lowerBound >= after && verb.range.lowerBound != blocked {
            // 获得感: the longest verb here is part of another word, and so are the shorter ones inside it.
            if verb.payload.isBlocked(in: text, at: verb.range.upperBound) {
                blocked = verb.range.lowerBound
                continue
            }
            var end = Self.listEnd(text, from: verb.range.upperBound)
            var recipient = person(before: verb.range.lowerBound, in: text)
            var listStart = verb.range.upperBound
            // 授予花木街道第六批全国环境优美乡镇称号: a verb that gives names its recipient first.
            if verb.payload.role == "grant", let place = places.starting(in: listStart..<(listStart + 1)).first {
                recipient = place.value.place?.name
                listStart = place.range.upperBound
            }
            // 荣获多项荣誉：A、B, 荣获：A、B: a list announced before a colon follows it.
            var items = titles(text, listStart..<end)
            if items.isEmpty, end < text.count, text[end] == ":",
                end == listStart || trims.longestReversed(in: text, endingAt: end, notBefore: listStart) != nil
                    || announces.longestReversed(in: text, endingAt: end, notBefore: listStart) != nil
            {
                listStart = end + 1
                end = Self.listEnd(text, from: listStart)
                items = titles(text, listStart..<end)
            }
            // 力争获评: a verb after a plan word awards nothing yet.
            let status = isGoal(text, before: verb.range.lowerBound) ? Honor.goal : Honor.held
            for item in items {
                let honor = Honor(
                    title: Self.title(text, item), level: level(of: item, in: text, places: places),
                    recipient: recipient, status: status)
                found.append(Match(range: item, rule: verb.payload.id, value: .honor(honor)))
            }
            lists.append((verb.range.lowerBound..<end, status, verb.payload))
            after = end
        }
        return (found, lists)
    }

    /// Where a list that starts at `start` ends: at clause punctuation outside quotes.
    static func listEnd(_ text: [Unicode.Scalar], from start: Int) -> Int {
        // The sets are read once: each read of a static goes through its one-time initializer.
        let (ends, opens, closes, marks) = (listEnd, quotePairs, closingQuotes, listEndOrQuote)
        var end = start
        var depth = 0
        while end < text.count {
            // Most of a clause is neither a quote nor its end: one bit test a character.
            while end < text.count, !marks.contains(text[end]) { end += 1 }
            guard end < text.count, depth > 0 || !ends.contains(text[end]) else { break }
            if opens[text[end]] != nil {
                depth += 1
            } else if closes.contains(text[end]) {
                depth = max(0, depth - 1)
            }
            end += 1
        }
        return end
    }

    /// The marks `listEnd` stops at: clause ends and quotes.
    static let listEndOrQuote = listEnd.union(quoteMarks).union(closingQuotes)

    /// The quote depth after `s`: any opening mark (“ ‘ 「 『) opens, any closing one closes, so a
    /// quoted list inside a title (全省‘文明社区、和谐家园’活动四星社区党组织) stays one title.
    static func quoteDepth(after s: Unicode.Scalar, _ depth: Int) -> Int {
        if quotePairs[s] != nil { return depth + 1 }
        if closingQuotes.contains(s) { return max(0, depth - 1) }
        return depth
    }

    /// A title as the record gives it: without double quotes, the quotes around it, and spaces.
    static func title(_ text: [Unicode.Scalar], _ range: Range<Int>) -> String {
        var inner = range
        if inner.count > 2, let close = quotePairs[text[inner.lowerBound]], text[inner.upperBound - 1] == close,
            quotesBalance(text, (inner.lowerBound + 1)..<(inner.upperBound - 1))
        {
            inner = (inner.lowerBound + 1)..<(inner.upperBound - 1)
        }
        // Filtered as it is written: no array of the kept scalars is made first.
        return String(scalars: text[inner].lazy.filter { $0 != "“" && $0 != "”" && $0 != " " })
    }

    /// The titles in a list: split at 、 and / (outside quotes), then at joining words with a title on each side, trimmed.
    func titles(_ text: [Unicode.Scalar], _ range: Range<Int>) -> [Range<Int>] {
        listPieces(text, range).compactMap { trim($0, text) }.filter { isTitle($0, text) }
    }

    /// The items of a list before trimming: split at 、 and / outside quotes, between quoted titles
    /// side by side, and at joining words with a title on each side.
    func listPieces(_ text: [Unicode.Scalar], _ range: Range<Int>) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = range.lowerBound, depth = 0
        for i in range {
            depth = Self.quoteDepth(after: text[i], depth)
            if Self.listMarks.contains(text[i]), depth == 0 {
                pieces.append(start..<i)
                start = i + 1
            }
            // “全国社区教育示范街道”“全国学雷锋活动示范点”: quoted titles side by side.
            if text[i] == "“", depth == 1, i > start, text[i - 1] == "”" {
                pieces.append(start..<i)
                start = i
            }
        }
        pieces.append(start..<range.upperBound)
        return pieces.flatMap { split($0, text) }
    }

    func split(_ piece: Range<Int>, _ text: [Unicode.Scalar]) -> [Range<Int>] {
        var i = piece.lowerBound + 1
        while i < piece.upperBound {
            // The first scalar is compared first: most characters start no joining word.
            for joiner in Self.joiners
            where text[i] == joiner[0] && i + joiner.count < piece.upperBound
                && text[i..<(i + joiner.count)].elementsEqual(joiner)
            {
                let left = piece.lowerBound..<i, right = (i + joiner.count)..<piece.upperBound
                if let l = trim(left, text), isTitle(l, text), let r = trim(right, text), isTitle(r, text) {
                    return [left] + split(right, text)
                }
            }
            i += 1
        }
        return [piece]
    }

    /// A piece without the list's tail (等多项荣誉, 称号), a count after it (1名) or a month before it (11月).
    func trim(_ piece: Range<Int>, _ text: [Unicode.Scalar]) -> Range<Int>? {
        var lo = piece.lowerBound, hi = piece.upperBound
        while lo < hi, text[lo] == " " { lo += 1 }
        // A title ends at its 称号 (获得“最美街道”称号的街道…), and before a counted tail (等十余项省级以上).
        if let cut = cuts.all(in: text, range: lo..<hi).first {
            // 类别既包括工业强镇: what follows an end word is no title.
            guard cut.range.lowerBound > lo else { return nil }
            hi = cut.range.lowerBound
        }
        if lo < hi, let counted = (lo + 1..<hi).first(where: { text[$0] == "等" && Self.opensCount(text, at: $0 + 1) }) {
            hi = counted
        }
        // 所获荣誉: a list's tail alone names no title.
        if let t = trims.longestReversed(in: text, endingAt: hi, notBefore: lo), t.start == lo { return nil }
        while true {
            while hi > lo, text[hi - 1] == " " { hi -= 1 }
            // A quote closed after the title that it did not open (获得…奖(…)”。).
            if hi > lo, Self.closingQuotes.contains(text[hi - 1]), !Self.quotesBalance(text, lo..<hi) {
                hi -= 1
                continue
            }
            if let t = trims.longestReversed(in: text, endingAt: hi, notBefore: lo), t.start > lo {
                hi = t.start
                continue
            }
            guard let count = Self.countStart(text, lo, hi) else { break }
            hi = count
        }
        // 2003年被市授予爱国卫生工作先进单位: a title starts after the last award verb inside it.
        if let inner = verbs.all(in: text, range: lo..<hi).last, inner.range.upperBound < hi {
            lo = inner.range.upperBound
        }
        // A particle left by the verb (获得了…), then a month (11月“中国好人榜”候选人) or a year
        // (2019年度全国…) before the title; a year inside its quotes is the title's.
        while lo < hi, let lead = leads.longest(in: text, at: lo), lead.end < hi { lo = lead.end }
        if lo < hi { (lo, hi) = awardBounds(text, lo, hi) }
        // 民政部全国和谐社区建设示范社区: the organisation that gave the title is not part of it.
        if let level = openers.all(in: text, range: lo..<hi).first, level.range.lowerBound > lo,
            issuers.all(in: text, range: lo..<level.range.lowerBound).contains(where: {
                $0.range.upperBound == level.range.lowerBound
            })
        {
            lo = level.range.lowerBound
        }
        if let month = NumeralParser.parse(text, at: lo, allowSign: false), month.range.upperBound < hi,
            text[month.range.upperBound] == "月"
        {
            lo = month.range.upperBound + 1
        }
        if let year = Self.yearPrefix(text, lo..<hi) { lo = year }
        if let count = Self.countPrefix(text, lo..<hi) { lo = count }
        return lo < hi && hi - lo <= Self.maxTitle ? lo..<hi : nil
    }

    /// Where a count after a title starts (“最美战疫志愿者”1名, 甲等奖各7名, …奖5项), if one ends it.
    static func countStart(_ text: [Unicode.Scalar], _ lo: Int, _ hi: Int) -> Int? {
        guard hi > lo, countWords.contains(text[hi - 1]) else { return nil }
        var k = hi - 1
        while k > lo, NumeralParser.isASCIIDigit(text[k - 1]) { k -= 1 }
        guard k < hi - 1, k > lo else { return nil }
        return k > lo + 1 && text[k - 1] == "各" ? k - 1 : k
    }

    /// The end of a count opening `range` (20个, 一批), if one does and a title follows: what is
    /// counted is the title (表彰了20个先进集体). An edition (第二批) opens with 第 and is the title's.
    static func countPrefix(_ text: [Unicode.Scalar], _ range: Range<Int>) -> Int? {
        guard let n = NumeralParser.parse(text, at: range.lowerBound, allowSign: false),
            n.range.upperBound + 1 < range.upperBound, leadingCountWords.contains(text[n.range.upperBound])
        else { return nil }
        return n.range.upperBound + 1
    }

    /// The classifiers of a count before a title (20个, 50名, 一批).
    static let leadingCountWords: ScalarSet = ["个", "名", "批", "家", "位", "支", "项"]

    /// The classifiers of a count after a title (1名, 5项).
    static let countWords: ScalarSet = ["名", "个", "人", "项"]

    /// An award's own words: a quoted award ends at its quote (「卓越組卓越獎」後龍鎮…協會 is given to
    /// the association after it), and neither the body that gives it (衛福部, 香港社會服務聯會) nor a
    /// category before it (健康城市類) is part of it.
    func awardBounds(_ text: [Unicode.Scalar], _ lo: Int, _ hi: Int) -> (Int, Int) {
        var (lo, hi) = (lo, hi)
        if let quote = quotedAwardAfterPrefix(text, lo, hi) { lo = quote }
        if let close = Self.quotePairs[text[lo]], let end = text[(lo + 1)..<hi].firstIndex(of: close), end + 1 < hi,
            awardEnding(text, (lo + 1)..<end) != nil
        {
            hi = end + 1
        }
        guard !Self.quoteMarks.contains(text[lo]), awardEnding(text, lo..<hi) != nil else { return (lo, hi) }
        if let category = text[lo..<hi].lastIndex(of: "类"), category + 2 < hi { lo = category + 1 }
        if let body = issuers.all(in: text, range: lo..<hi).first(where: {
            $0.range.lowerBound > lo && $0.range.upperBound + 2 < hi
        }) {
            lo = body.range.upperBound
        }
        return (lo, hi)
    }

    /// Where a quoted award starts when only its category (健康城市类) or the body that gives it
    /// (卫福部) stands before it: `衛福部「健康城市暨高齡友善城市獎」5項獎` names the quoted award.
    func quotedAwardAfterPrefix(_ text: [Unicode.Scalar], _ lo: Int, _ hi: Int) -> Int? {
        let pairs = Self.quotePairs
        guard let open = (lo..<hi).first(where: { pairs[text[$0]] != nil }), open > lo,
            let close = text[(open + 1)..<hi].firstIndex(of: pairs[text[open]]!),
            awardEnding(text, (open + 1)..<close) != nil
        else { return nil }
        let isCategory = text[open - 1] == "类"
        let isBody = issuers.all(in: text, range: lo..<open).contains { $0.range.upperBound == open }
        return isCategory || isBody ? open : nil
    }

    /// How many masked digits (`*`) write a year.
    static let maskedYear = 4

    /// Whether a count starts at `position` (十余项, 20多个, 多项): what 等 before it closes is a list.
    static func opensCount(_ text: [Unicode.Scalar], at position: Int) -> Bool {
        guard position < text.count else { return false }
        return NumeralParser.canStart(text[position]) || ["多", "数", "几", "若"].contains(text[position])
    }

    /// The end of a year or a span of years opening `range` (2019年度, 2013—2016年), if one does and
    /// a title follows.
    static func yearPrefix(_ text: [Unicode.Scalar], _ range: Range<Int>) -> Int? {
        var k = range.lowerBound
        // ****年: a page that hides its digits still writes a year.
        while k < range.upperBound, text[k] == "*" { k += 1 }
        if k - range.lowerBound != maskedYear {
            guard let first = NumeralParser.parse(text, at: range.lowerBound, allowSign: false),
                NumeralParser.isASCIIDigit(text[range.lowerBound])
            else { return nil }
            k = first.range.upperBound
        }
        if k + 1 < range.upperBound, ["—", "-", "–", "至", "~"].contains(text[k]),
            let last = NumeralParser.parse(text, at: k + 1, allowSign: false)
        {
            k = last.range.upperBound
        }
        guard k < range.upperBound, text[k] == "年" else { return nil }
        k += 1
        if k < range.upperBound, text[k] == "度" { k += 1 }
        return k < range.upperBound ? k : nil
    }

    /// A title carries an honor marker, or is all in quotes.
    /// A title carries an honor marker, or is all in quotes, or names an award (优等奖, 健康平等奖佳作;
    /// 500万元的体彩巨奖 describes a prize, 金鸡奖的韦廉 a person).
    func isTitle(_ r: Range<Int>, _ text: [Unicode.Scalar]) -> Bool {
        guard r.count >= 2 else { return false }
        if let close = Self.quotePairs[text[r.lowerBound]], text[r.upperBound - 1] == close { return true }
        if markers.all(in: text, range: r).contains(where: { !$0.payload.isBlocked(in: text, at: $0.range.upperBound) })
        {
            return true
        }
        return awardEnding(text, r) != nil
    }

    /// The award rule when `r` names an award: it ends in an award noun or at most `awardTail`
    /// characters after one, and holds no 的.
    func awardEnding(_ text: [Unicode.Scalar], _ r: Range<Int>) -> WordRule? {
        guard !text[r].contains("的") else { return nil }
        // 香港義工獎2023: the edition's year after an award is the award's.
        let end = Self.yearTail(text, r) ?? r.upperBound
        return awards.all(in: text, range: r).first {
            end - $0.range.upperBound <= Self.awardTail
                && !$0.payload.isBlocked(in: text, at: $0.range.upperBound)
        }?.payload
    }

    /// Where a four-digit year (and a space before it) ending `r` starts, if one does.
    static func yearTail(_ text: [Unicode.Scalar], _ r: Range<Int>) -> Int? {
        let digits = r.upperBound - 4
        guard digits > r.lowerBound, text[digits..<r.upperBound].allSatisfy(NumeralParser.isASCIIDigit),
            !NumeralParser.isASCIIDigit(text[digits - 1])
        else { return nil }
        return text[digits - 1] == " " ? digits - 1 : digits
    }

    /// How far an award's title may run past its award noun (佳作, 金奖 in 海报奖金奖).
    static let awardTail = 2

    /// The level of the title at `r`: a level word opening it or standing first in it, else the
    /// level of the highest place inside it (`places` come in order of their starts).
    func level(of r: Range<Int>, in text: [Unicode.Scalar], places: [Match]) -> String? {
        let first = r.lowerBound + (Self.quoteMarks.contains(text[r.lowerBound]) ? 1 : 0)
        // 市民营经济先进乡: a one-character level where the title opens.
        if first < r.upperBound, let opening = openings.longest(in: text, at: first),
            !opening.payload.isBlocked(in: text, at: opening.end)
        {
            return opening.payload.value
        }
        if let word = levels.all(in: text, range: r).min(by: {
            ($0.range.lowerBound, -$0.range.count) < ($1.range.lowerBound, -$1.range.count)
        }) {
            return word.payload.value
        }
        let inside = places.starting(in: r).filter { $0.range.upperBound <= r.upperBound }
        let top = inside.map(PlaceExtractor.level).min()
        return top.flatMap { Self.levelOfPlace[PlaceExtractor.levels[$0]] }
    }

    /// A person's name right before the verb: a surname and one or two more characters, with no
    /// other Han character before it (潘明杰获评, “毛衣奶奶”韩翠菊成功推选为).
    func person(before position: Int, in text: [Unicode.Scalar]) -> String? {
        for length in [3, 2] {
            let start = position - length
            guard start >= 0, surnames.contains(text[start]), text[start..<position].allSatisfy(\.isHan) else {
                continue
            }
            if start > 0, text[start - 1].isHan { continue }
            return String(scalars: text[start..<position])
        }
        return nil
    }
}
