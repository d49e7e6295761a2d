/// Finds administrative places (`浙江省宁波市鄞州区东柳街道`) and enumerated units
/// (`下辖安居、东海花园…11个社区`).
///
/// A place is a name followed by a level suffix from `Rules/places.yaml` (省, 市, 区, 街道, 社区 …).
/// The name runs back from the suffix over Han characters to the end of the place before it (a
/// chain: 宁波市|鄞州区), to anything that is not Han, or — once it has `minName` characters — to a
/// boundary word (位于, 与, 的 …) or a region name written without its suffix (江苏); phrase-opening
/// prefixes (原, 设) come off its front. A name longer than its level's `max_name` is ambiguous and
/// not taken; so is a candidate ending in a generic word (小区, 城市) unless it sits inside a chain,
/// one right after an opening quote, and one with a count before its suffix (六乡). In a chain each
/// place's parent is the one before it when that one is higher; a `belongs` word (隶属于, 位于) gives
/// the place a sentence opens with the last place of the chain after it.
public struct PlaceExtractor: Extractor, ReadsWholeText {
    /// The level rules, and their suffixes with a rule's number here as payload: a page's thousands
    /// of suffix hits hold no rule to retain and release.
    let levelRules: [WordRule]
    let suffixes: Lexicon<Int>
    /// Each level rule's level as an index into `levels` (0 for none), found once, not compared per suffix.
    let ruleLevels: [Int]
    let generic: Lexicon<WordRule>
    let boundaries: Lexicon<WordRule>
    /// Boundaries and region names: where a name may start.
    let cuts: Lexicon<WordRule>
    let prefixes: Lexicon<WordRule>
    let divisionCues: Lexicon<WordRule>
    let belongs: Lexicon<WordRule>
    let gazetteer: Gazetteer
    /// Province, city and county names without their suffix; the payload indexes `shortUnits`.
    let shortNames: Lexicon<Int>
    /// The units each short name may be (`units(named:)`), found once at load, not at every mention.
    let shortUnits: [[Int]]
    /// The gazetteer's full names by their keys: a walk back from a suffix's end finds the names
    /// that end there without making a String.
    let knownNames: KnownNames
    /// The Han characters the gazetteer's names start with: the walk probes the keys only where
    /// one stands (a bit where the keys' table, a megabyte, is a cache miss).
    let nameStarts: ScalarSet
    /// Every character of the gazetteer's names: the walk back stops at one no name has (a comma,
    /// a space), since no name can run over it.
    let nameScalars: ScalarSet
    /// Words that may follow a short name standing alone (杭州|的).
    let afterName: Lexicon<WordRule>
    /// Words naming an office or body a place's name belongs to (市长, 社区发展协会): a page name
    /// before one is not another mention of the place.
    let offices: Lexicon<WordRule>
    /// Autonomous units' short forms (延边州) to the units they may be, and the rule that finds them.
    let autonomyShort: NameDictionary<[Int]>
    let autonomyLexicon: Lexicon<Int>
    let autonomyRule: String
    /// The rule id of places found by their short name.
    let shortNameRule: String
    /// The regions of the level rules that name them, by rule id.
    let levelRegions: [String: Set<String>]
    /// The units that hold others, numbered (`holders(_:)`).
    let holders: (slots: [Int32], count: Int)

    /// The longest name part taken before a suffix when its rule sets none (`max_name`).
    static let maxName = 5
    /// The shortest: one character before 市 or 区 is a word (城市, 全区, 我县), not a name.
    static let minName = 2
    /// Numerals that, right before a suffix, make it a count of units (六乡, 两区), alone or before a
    /// measure word (六个社区, 三间社区, 六场社区).
    static let countDigits: ScalarSet = [
        "一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十", "百", "几", "多", "各", "个", "個",
    ]
    static let measureWords: ScalarSet = ["个", "個", "间", "座", "场", "家", "所", "处", "批", "项", "項"]
    /// Words between a count and its measure word (二十余项, 十多个).
    static let roughCounts: ScalarSet = ["余", "餘", "多"]
    /// Quotation marks that open a name: a candidate right after one is part of the quoted name.
    static let quoteOpeners = ScalarSet(Array(Punctuation.quotePairs.closing.keys))
    /// The levels from the top down: a parent is always higher than its child.
    static let levels = ["province", "city", "district", "subdistrict", "community"]
    /// The lowest level, `community`.
    static let communityLevel = levels.count - 1

    public init(rules book: RuleBook) {
        levelRules = book.words.of(.place, "level")
        suffixes = Lexicon(levelRules.enumerated().flatMap { number, rule in rule.forms.map { ($0, number) } })
        ruleLevels = levelRules.map { Self.levels.firstIndex(of: $0.value ?? "") ?? 0 }
        generic = book.words.lexicon(.place, "generic", reversed: true)
        boundaries = book.words.lexicon(.place, "boundary", reversed: true)
        cuts = book.words.lexicon(.place, "boundary", "region", reversed: true)
        prefixes = book.words.lexicon(.place, "prefix")
        divisionCues = book.words.lexicon(.place, "divisions")
        belongs = book.words.lexicon(.place, "belongs")
        gazetteer = Self.gazetteer(book)
        let shortForms = gazetteer.shortNames.keys.sorted()
        shortNames = Lexicon(shortForms.enumerated().map { ($1, $0) })
        knownNames = KnownNames(gazetteer)
        holders = Self.holders(gazetteer)
        nameStarts = ScalarSet(gazetteer.names.compactMap { $0.unicodeScalars.first }.filter(\.isHan))
        nameScalars = ScalarSet(gazetteer.names.flatMap(\.unicodeScalars))
        afterName = book.words.lexicon(.place, "after_name")
        offices = book.words.lexicon(.place, "office")
        autonomyShort = NameDictionary(
            Self.autonomyShortNames(gazetteer, peoples: book.words.lexicon(.place, "ethnic")))
        shortUnits = shortForms.map { [gazetteer, autonomyShort] in Self.units(named: $0, gazetteer, autonomyShort) }
        autonomyLexicon = Lexicon(autonomyShort.keys.sorted().map { ($0, 0) })
        autonomyRule = book.words.of(.place, "ethnic").first?.id ?? "places/autonomy-short"
        shortNameRule = book.words.of(.place, "after_name").first?.id ?? "places/short-names"
        levelRegions = Dictionary(
            levelRules.compactMap { r in r.regions.map { (r.id, $0) } },
            uniquingKeysWith: { a, _ in a })
    }

    public let finds: Set<FactKind> = [.places, .divisions]
    public let reads: Set<FactKind> = []
    var wholeTextLexicons: [any ScannedLexicon] { [suffixes, divisionCues, autonomyLexicon, shortNames] }

    public func matches(in analysis: Analysis, earlier: [Match]) -> [Match] {
        let text = analysis.map.folded
        let lexicons = analysis.lexicons
        let suffixed = withShortNames(
            withAutonomyShortNames(
                withSharedSuffixes(
                    withPageNames(places(in: text, lexicons: lexicons), text: text, lexicons: lexicons), text: text,
                    lexicons: lexicons),
                text: text, lexicons: lexicons),
            text: text, region: analysis.region?.code, lexicons: lexicons)
        let absent = absentLevels(in: analysis.region?.code)
        let found = withSpreadParents(
            absent.isEmpty ? suffixed : suffixed.filter { !absent.contains($0.rule) }, text: text,
            sentences: analysis.sentences)
        let divisions = divisions(in: text, lexicons: lexicons)
        let places = withoutRunOnLists(found, text: text)
        return withDivisionItems(places, divisions: divisions, text: text, sentences: analysis.sentences) + divisions
    }

    /// The rules of the levels that do not exist on pages of this region (a rule's `regions`): asked
    /// once a page, since most pages' regions have every level and need no place looked up.
    func absentLevels(in region: String?) -> Set<String> {
        guard let region else { return [] }
        return Set(levelRegions.filter { !$0.value.contains(region) }.keys)
    }

    /// `城关镇，隶属于甘肃省庆阳市镇原县`, `民众镇位于中山市东北部`: the place a sentence opens with takes as
    /// parent the last place of the chain after a `belongs` word (隶属于, 位于), when that one is higher.
    func withSpreadParents(_ places: [Match], text: [Unicode.Scalar], sentences: [Sentence]) -> [Match] {
        var places = places
        for (i, subject) in places.enumerated() where (Self.placeField(subject, \.parent) ?? nil) == nil {
            guard let sentence = sentences.containing(subject.range.lowerBound),
                !text[sentence.folded.lowerBound..<subject.range.lowerBound].contains(where: \.isHan)
            else { continue }
            var at = subject.range.upperBound
            while at < sentence.folded.upperBound, text[at] == "," || text[at] == "，" || text[at] == " " { at += 1 }
            guard let cue = belongs.longest(in: text, at: at) else { continue }
            var chain: [Match] = []
            var next = cue.end
            for place in places[(i + 1)...] {
                guard place.range.lowerBound == next else { break }
                chain.append(place)
                next = place.range.upperBound
            }
            if let parent = chain.last, Self.level(parent) < Self.level(subject) {
                places[i].value = .place(
                    Place(
                        name: subject.value.place?.name ?? "", level: subject.value.place?.level ?? "",
                        parent: parent.value.place?.name))
            }
        }
        return places
    }

    /// A place's level as an index into `levels` (0 is the top).
    static func level(_ m: Match) -> Int { levels.firstIndex(of: placeField(m, \.level) ?? "") ?? 0 }

    /// One field of a match's place, read in its value: `value.place` copies the whole place out
    /// (its four strings retained and released) to give one of them.
    @inline(__always) static func placeField<T>(_ m: Match, _ field: KeyPath<Place, T>) -> T? {
        if case .place(let place) = m.value { place[keyPath: field] } else { nil }
    }

    /// A level suffix in the text and the number of its rule in `levelRules`.
    typealias SuffixHit = (range: Range<Int>, payload: Int)

    /// Places in a text, in order.
    func places(in text: [Unicode.Scalar], lexicons: LexiconHits = .none) -> [Match] {
        let hits = longestSuffixes(in: text, lexicons: lexicons)
        var found: [Match] = []
        found.reserveCapacity(hits.count)  // at most one place a suffix: made once, not grown by copying
        var chainEnd = -1
        var previous: (name: String, level: Int)?
        var taken = 0
        for (index, hit) in hits.enumerated() where hit.range.lowerBound >= taken {
            let (rule, ruleLevel) = (levelRules[hit.payload], ruleLevels[hit.payload])
            if rule.isBlocked(in: text, at: hit.range.upperBound) { continue }
            let guess = nameStart(text, hit: hit, chainEnd: chainEnd)
            // A guess that runs past a known name (支持|杭州市) gives way to it; one that is a generic word does not count.
            let runsPast = guess.flatMap { endsGeneric(text, $0..<hit.range.upperBound) ? nil : $0 } ?? Int.max
            // Communities and villages are not in the gazetteer; a township named like one (锦绣社区) is elsewhere.
            let known =
                ruleLevel == Self.communityLevel
                ? nil
                : knownName(text, endingAt: hit.range.upperBound, notBefore: max(taken, chainEnd)).flatMap {
                    k in runsPast <= k.start || startsCleanly(text, at: k.start, chainEnd: chainEnd) ? k : nil
                }
            guard let start = known?.start ?? guess else { continue }
            let range = start..<hit.range.upperBound
            let level = known.map { Self.levels.firstIndex(of: $0.level) ?? 0 } ?? ruleLevel
            let continuesChain = start == chainEnd && (previous?.level ?? Int.max) < level
            // Inside a chain, between a higher place and a lower one, a generic ending is a name (漯河市|郾城区|沙北街道).
            let insideChain = continuesChain && isFollowedByChain(text, range, next: hits[(index + 1)...].first, rule)
            if known == nil, !insideChain, endsGeneric(text, range) { continue }
            let name = String(scalars: text[range])
            let parent = continuesChain ? previous?.name : nil
            let place = Place(name: name, level: Self.levels[level], parent: parent)
            found.append(Match(range: range, rule: rule.id, value: .place(place)))
            chainEnd = range.upperBound
            previous = (name, level)
            taken = range.upperBound
        }
        return found
    }

    /// At each end position the longest suffix (社区 over 区); the hits come in order of their ends.
    /// A longer suffix that ends later (街道 after 道) comes later.
    func longestSuffixes(in text: [Unicode.Scalar], lexicons: LexiconHits = .none) -> [SuffixHit] {
        let all = lexicons.all(suffixes, in: text)
        var hits: [SuffixHit] = []
        hits.reserveCapacity(all.count)  // at most one a hit: made once, not grown by copying
        for hit in all {
            if let last = hits.last, last.range.upperBound == hit.range.upperBound {
                if hit.range.count > last.range.count { hits[hits.count - 1] = hit }
            } else {
                hits.append(hit)
            }
        }
        return hits
    }

    /// Where the name before a suffix starts, or nil when there is no name there.
    ///
    /// A boundary word right before the suffix means there is no name (位于县城, 组建社区, 与街道); one
    /// character in, it is part of the name (并请县 is caught as generic); from `minName` characters
    /// in, a boundary or a region name written without its suffix (江苏昆山市) ends the name.
    func nameStart(_ text: [Unicode.Scalar], hit: SuffixHit, chainEnd: Int) -> Int? {
        let maxName = levelRules[hit.payload].maxName ?? Self.maxName
        let suffixStart = hit.range.lowerBound
        if boundaries.longestReversed(in: text, endingAt: suffixStart, notBefore: max(0, suffixStart - 8)) != nil {
            return nil
        }
        var start = suffixStart
        while start > 0, text[start - 1].isHan, start != chainEnd, suffixStart - start < maxName + 1,
            suffixStart - start < Self.minName
                || cuts.longestReversed(in: text, endingAt: start, notBefore: max(0, start - 8)) == nil
        {
            start -= 1
        }
        // 原青浦镇, 设桐村乡, 辖金村: a word that only ever starts a phrase is not part of the name.
        let unprefixed = start
        while let prefix = prefixes.longest(in: text, at: start), prefix.end < suffixStart { start = prefix.end }
        if start != unprefixed, suffixStart - start < Self.minName { return nil }
        guard suffixStart - start >= Self.minName, suffixStart - start <= maxName else { return nil }
        if opensQuotedName(text, at: start) { return nil }
        if followsCount(text, at: start) { return nil }
        // 辐射六乡, 两区: a count of units, not a name.
        if Self.countDigits.contains(text[suffixStart - 1]) { return nil }
        if suffixStart - start >= 2, Self.measureWords.contains(text[suffixStart - 1]) {
            var count = suffixStart - 2
            if count > start, Self.roughCounts.contains(text[count]) { count -= 1 }
            if Self.countDigits.contains(text[count]) || Self.isNumeric(text[count]) { return nil }
        }
        return start
    }

    /// Whether a name starting here is what a number before it counts or ranks: digits (2离岛乡,
    /// 6万多山区, 1950年建乡), or any numeral before 大 (10大绿色照顾社区, 十大…). Digits after a date's
    /// separator (4·7下沙社区) are a date or a code, not a count.
    func followsCount(_ text: [Unicode.Scalar], at start: Int) -> Bool {
        guard start > 0 else { return false }
        // A Han numeral counts only before 大: the character is compared before ICU is asked of it.
        if text[start - 1].isHan { return text[start] == "大" && Self.isNumeric(text[start - 1]) }
        guard Self.isNumeric(text[start - 1]) else { return false }
        if text[start] == "大" { return true }
        var at = start - 1
        while at > 0, !text[at - 1].isHan, Self.isNumeric(text[at - 1]) { at -= 1 }
        return at == 0 || !Self.dateSeparators.contains(text[at - 1])
    }

    /// Whether a character has a numeric value (`numericType`), told without asking ICU for most
    /// characters before a name: in ASCII only the digits have one, and none of the punctuation
    /// Chinese text quotes and lists with does (General Punctuation, U+2000–206F; the CJK marks
    /// U+3000–3006 and U+3008–3020, of which 〇 and the Hangzhou numerals stand apart; the
    /// full-width marks U+FF01–FF0F and U+FF1A–FF20, around the full-width digits).
    static func isNumeric(_ u: Unicode.Scalar) -> Bool {
        if u.isASCII { return u.value &- 0x30 < 10 }
        let v = u.value
        if v &- 0x2000 < 0x70 || v &- 0x3000 < 7 || v &- 0x3008 < 0x19 || v &- 0xFF01 < 0xF || v &- 0xFF1A < 7 {
            return false
        }
        return hasNumericValue(u)
    }

    /// ICU's answer, apart: inlined, its resilient types are looked up at every call of the
    /// function it is in, whether it is asked or not.
    @inline(never) static func hasNumericValue(_ u: Unicode.Scalar) -> Bool { u.properties.numericType != nil }

    static let dateSeparators: Set<Unicode.Scalar> = ["·", "•", ".", "．", "-", "/", "月"]

    /// Whether a name starting here opens a quoted name: right after the opening quote, or after it
    /// and a year (「114年金卓越社区选拔」, “2019年度…”).
    func opensQuotedName(_ text: [Unicode.Scalar], at start: Int) -> Bool {
        var at = start
        if at >= 2, text[at - 2] == "年", text[at - 1] == "度" {
            at -= 2
        } else if at >= 1, text[at - 1] == "年" {
            at -= 1
        }
        if at < start { while at > 0, !text[at - 1].isHan, Self.isNumeric(text[at - 1]) { at -= 1 } }
        return at > 0 && Self.quoteOpeners.contains(text[at - 1])
    }

    /// The longest name of the gazetteer that ends at `end` and starts at or after `floor`: a known
    /// unit is a place whatever the word before it (同意|杭州市) or its ending (东城区 ends in 城区).
    /// A generic word that is also a unit's name (城区, 郊区) is not taken, nor a two-character
    /// name run into the word before it (华|北区), nor one right after an opening quote.
    func knownName(_ text: [Unicode.Scalar], endingAt end: Int, notBefore floor: Int) -> (start: Int, level: String)? {
        guard let (first, start) = longestKnownName(text, endingAt: end, notBefore: floor) else { return nil }
        if generic.longestReversed(in: text, endingAt: end, notBefore: start)?.start == start { return nil }
        if start > 0, Self.quoteOpeners.contains(text[start - 1]) { return nil }
        if end - start == Self.minName, !startsCleanly(text, at: start, chainEnd: -1) { return nil }
        if suffixes.longest(in: text, at: start)?.end == end { return nil }
        return (start, gazetteer.entries[first].level)
    }

    func endsGeneric(_ text: [Unicode.Scalar], _ range: Range<Int>) -> Bool {
        generic.longestReversed(in: text, endingAt: range.upperBound, notBefore: range.lowerBound) != nil
    }

    /// Whether a name may start here without the guess from suffixes agreeing: at the start of the
    /// text or of a Han run, where a chain goes on, or after a boundary word or a region name
    /// (江苏|昆山市). Elsewhere a known name may be the tail of other words (招宝|山城区).
    func startsCleanly(_ text: [Unicode.Scalar], at start: Int, chainEnd: Int) -> Bool {
        start == 0 || !text[start - 1].isHan || start == chainEnd
            || cuts.longestReversed(in: text, endingAt: start, notBefore: max(0, start - 8)) != nil
    }

    /// The longest name of a unit looked up in the gazetteer.
    static let longestKnownName = 14

    /// A name's key, hashed from its last character back (FNV-1a), so the keys of all names that
    /// end at one place come out of one backward walk.
    @inline(__always) static func nameKey(_ key: UInt64, _ scalar: Unicode.Scalar) -> UInt64 {
        (key ^ UInt64(scalar.value)) &* 0x100_0000_01b3
    }

    static let emptyNameKey: UInt64 = 0xcbf2_9ce4_8422_2325

    /// A whole name's key, hashed from its last scalar back as a walk from a suffix reads it.
    static func nameKey(of name: some BidirectionalCollection<Unicode.Scalar>) -> UInt64 {
        name.reversed().reduce(emptyNameKey, nameKey)
    }

    /// The longest name of the gazetteer, starting with a Han character, in `floor..<end`; its first unit.
    func longestKnownName(_ text: [Unicode.Scalar], endingAt end: Int, notBefore floor: Int) -> (Int, start: Int)? {
        var key = Self.emptyNameKey
        var best: (Int, start: Int)?
        var start = end
        while start > max(0, floor), end - start < Self.longestKnownName, nameScalars.contains(text[start - 1]) {
            start -= 1
            key = Self.nameKey(key, text[start])
            guard end - start >= Self.minName, nameStarts.contains(text[start]),
                let first = knownNames.unit(named: text[start..<end], key: key, in: gazetteer)
            else { continue }
            best = (first, start)
        }
        return best
    }

    /// Whether the next suffix closes a name of Han characters right after this place.
    func isFollowedByChain(_ text: [Unicode.Scalar], _ range: Range<Int>, next: SuffixHit?, _ rule: WordRule) -> Bool {
        guard let next else { return false }
        let maxName = rule.maxName ?? Self.maxName
        let gap = next.range.lowerBound - range.upperBound
        return gap >= Self.minName && gap <= maxName
            && text[range.upperBound..<next.range.lowerBound].allSatisfy(\.isHan)
    }

    /// How many opening blocks may hold the paragraph that names the subject.
    static let openingBlocks = 5

    /// The place a page is about: the most specific place its title names, else the most specific
    /// place of the first chain in the first paragraph that names one; with the code and chain of
    /// its unit when the title's chain, the page or the name alone pins one down.
    func subject(of analysis: Analysis, places: [Match]) -> Subject? {
        guard let found = subjectPlace(of: analysis, places: places) else { return nil }
        let code = found.code ?? places.lazy.compactMap { Self.code(of: $0, named: found.name) }.first
        let units = units(named: found.name)
        let coded = code.flatMap { c in units.first { gazetteer.entries[$0].code == c } }
        guard let unit = coded ?? (units.count == 1 ? units.first : nil) else { return Subject(name: found.name) }
        let chain = gazetteer.lineage(unit).dropFirst().reversed().map { gazetteer.entries[$0].name }
        return Subject(name: found.name, code: gazetteer.entries[unit].code, chain: chain)
    }

    /// The code of a place with this name, if it has one: the code is read first, and the name
    /// only of a coded place, neither by copying the place out.
    static func code(of place: Match, named name: String) -> String? {
        guard let code = placeField(place, \.code) ?? nil, placeField(place, \.name) == name else { return nil }
        return code
    }

    func subjectPlace(of analysis: Analysis, places: [Match]) -> Place? {
        let level = Self.level
        if let title = analysis.meta.title {
            let text = Array(Fold.matching(title).unicodeScalars)
            let inTitle = resolved(
                withShortNames(self.places(in: text), text: text, region: analysis.region?.code), text: text)
            if let best = inTitle.enumerated().max(by: {
                (level($0.element), -$0.offset) < (level($1.element), -$1.offset)
            })?.element {
                return best.value.place
            }
        }
        // The first paragraph that names a place, among the first few (bylines and source lines come first on some pages).
        let opening = analysis.blocks.prefix(Self.openingBlocks).lazy.map { block in
            places.filter { block.range.contains($0.range.lowerBound) }
        }
        guard let inFirst = opening.first(where: { !$0.isEmpty }), var current = inFirst.first else { return nil }
        for next in inFirst.dropFirst()
        where next.range.lowerBound == current.range.upperBound && level(next) > level(current) { current = next }
        return current.value.place
    }
}
