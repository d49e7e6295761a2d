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
public struct PlaceExtractor: Extractor {
    let suffixes: Lexicon<WordRule>
    let generic: Lexicon<WordRule>
    let boundaries: Lexicon<WordRule>
    /// Boundaries and region names: where a name may start.
    let cuts: Lexicon<WordRule>
    let prefixes: Lexicon<WordRule>
    let divisionCues: Lexicon<WordRule>
    let belongs: Lexicon<WordRule>

    /// The longest name part taken before a suffix when its rule sets none (`max_name`).
    static let maxName = 5
    /// The shortest: one character before 市 or 区 is a word (城市, 全区, 我县), not a name.
    static let minName = 2
    /// Numerals and measure words that, right before a suffix, make it a count of units (六乡, 两区, 六个社区).
    static let countDigits: Set<Unicode.Scalar> = [
        "一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十", "百", "几", "多", "各", "个", "個",
    ]
    /// The levels from the top down: a parent is always higher than its child.
    static let levels = ["province", "city", "district", "subdistrict", "community"]

    public init(rules book: RuleBook) {
        suffixes = book.words.lexicon(.place, "level")
        generic = book.words.lexicon(.place, "generic", reversed: true)
        boundaries = book.words.lexicon(.place, "boundary", reversed: true)
        cuts = book.words.lexicon(.place, "boundary", "region", reversed: true)
        prefixes = book.words.lexicon(.place, "prefix")
        divisionCues = book.words.lexicon(.place, "divisions")
        belongs = book.words.lexicon(.place, "belongs")
    }

    public let finds: Set<FactKind> = [.places, .divisions]
    public let reads: Set<FactKind> = []

    public func matches(in analysis: Analysis, earlier: [Match]) -> [Match] {
        let text = analysis.map.folded
        return withSpreadParents(places(in: text), text: text, sentences: analysis.sentences) + divisions(in: text)
    }

    /// `城关镇，隶属于甘肃省庆阳市镇原县`, `民众镇位于中山市东北部`: the place a sentence opens with takes as
    /// parent the last place of the chain after a `belongs` word (隶属于, 位于), when that one is higher.
    func withSpreadParents(_ places: [Match], text: [Unicode.Scalar], sentences: [Sentence]) -> [Match] {
        var places = places
        for (i, subject) in places.enumerated() where subject.value.place?.parent == nil {
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
    static func level(_ m: Match) -> Int { levels.firstIndex(of: m.value.place?.level ?? "") ?? 0 }

    typealias SuffixHit = (range: Range<Int>, payload: WordRule)

    /// Places in a text, in order.
    func places(in text: [Unicode.Scalar]) -> [Match] {
        let hits = longestSuffixes(in: text)
        var found: [Match] = []
        var chainEnd = -1
        var previous: (name: String, level: Int)?
        var taken = 0
        for (index, hit) in hits.enumerated() where hit.range.lowerBound >= taken {
            let rule = hit.payload
            if rule.isBlocked(in: text, at: hit.range.upperBound) { continue }
            guard let start = nameStart(text, hit: hit, chainEnd: chainEnd) else { continue }
            let range = start..<hit.range.upperBound
            let level = Self.levels.firstIndex(of: rule.value ?? "") ?? 0
            let continuesChain = start == chainEnd && (previous?.level ?? Int.max) < level
            // Inside a chain, between a higher place and a lower one, a generic ending is a name (漯河市|郾城区|沙北街道).
            let insideChain = continuesChain && isFollowedByChain(text, range, next: hits[(index + 1)...].first, rule)
            if !insideChain,
                generic.longestReversed(in: text, endingAt: range.upperBound, notBefore: range.lowerBound) != nil
            {
                continue
            }
            let name = String(String.UnicodeScalarView(text[range]))
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
    func longestSuffixes(in text: [Unicode.Scalar]) -> [SuffixHit] {
        var hits: [SuffixHit] = []
        for hit in suffixes.all(in: text) {
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
        let maxName = hit.payload.maxName ?? Self.maxName
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
        if start > 0, text[start - 1] == "“" || text[start - 1] == "\"" { return nil }
        // 辐射六乡, 两区: a count of units, not a name.
        if Self.countDigits.contains(text[suffixStart - 1]) { return nil }
        return start
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
    /// place of the first chain in the first paragraph that names one.
    func subject(of analysis: Analysis, places: [Match]) -> String? {
        func name(_ m: Match) -> String? { m.value.place?.name }
        let level = Self.level
        if let title = analysis.meta.title {
            let inTitle = self.places(in: Array(Fold.matching(title).unicodeScalars))
            if let best = inTitle.enumerated().max(by: {
                (level($0.element), -$0.offset) < (level($1.element), -$1.offset)
            })?.element {
                return name(best)
            }
        }
        // The first paragraph that names a place, among the first few (bylines and source lines come first on some pages).
        let opening = analysis.blocks.prefix(Self.openingBlocks).lazy.map { block in
            places.filter { block.range.contains($0.range.lowerBound) }
        }
        guard let inFirst = opening.first(where: { !$0.isEmpty }), var current = inFirst.first else { return nil }
        for next in inFirst.dropFirst()
        where next.range.lowerBound == current.range.upperBound && level(next) > level(current) { current = next }
        return name(current)
    }
}
