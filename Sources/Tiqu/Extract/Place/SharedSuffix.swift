/// Lists of communities that write the level suffix once, on the last item or after 等:
/// `竹崎乡鹿满、狮埜、湾桥社区`, `后龙镇水尾、头屋乡明德及三义乡胜兴社区`, `城关镇东关、西关等社区`. Each item before the
/// last is a community too, named as written (鹿满). A list of words that ends in a community
/// (党员、群众和幸福社区) is no such list: its first item must come right after a township or a
/// higher place, and every item must be a short run of Han characters that no boundary word ends.
extension PlaceExtractor {
    /// The places with the items of shared-suffix lists added, in order.
    func withSharedSuffixes(_ places: [Match], text: [Unicode.Scalar], lexicons: LexiconHits = .none) -> [Match] {
        let lists = sharedSuffixLists(places, text: text, lexicons: lexicons)
        guard !lists.isEmpty else { return places }
        var out = places
        var taken = Coverage(length: text.count, places.map(\.range))
        for list in lists {
            for item in list.items where !taken.overlaps(item.range) {
                let name = String(scalars: text[item.range])
                let place = Place(name: name, level: "community", parent: item.parent)
                out.append(Match(range: item.range, rule: list.rule, value: .place(place)))
                taken.cover(item.range)
            }
        }
        return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    typealias ListItem = (range: Range<Int>, parent: String?)

    /// The lists before a community place (…狮埜、湾桥社区) and before 等 and a community suffix
    /// (六脚乡三义等社区), each with the rule of its suffix.
    func sharedSuffixLists(_ places: [Match], text: [Unicode.Scalar], lexicons: LexiconHits = .none) -> [(
        items: [ListItem], rule: String
    )] {
        var lists: [(items: [ListItem], rule: String)] = []
        // Made when a list is looked for: most pages have no community, nor 等 before a community suffix.
        lazy var index = PlaceIndex(places, length: text.count)
        for last in places where Self.placeField(last, \.level) == "community" {
            var end = last.range.lowerBound
            // 三义乡|胜兴社区: the last item's own township comes before the separator.
            if let own = index.last(endingAt: end) { end = places[own].range.lowerBound }
            if let separator = separatorStart(endingAt: end, text: text),
                let items = listItems(endingAt: separator, places, index, text: text)
            {
                lists.append((items, last.rule))
            }
        }
        var previous = -1
        for i in etcBeforeSuffixes(text, lexicons: lexicons) where i != previous {
            previous = i
            guard let suffix = suffixes.longest(in: text, at: i + 1), levelRules[suffix.payload].value == "community",
                let items = listItems(endingAt: i, places, index, text: text)
            else { continue }
            lists.append((items, levelRules[suffix.payload].id))
        }
        return lists
    }

    /// Where 等 stands right before a level suffix, in order (a place twice when two suffixes start
    /// after it): found among the suffixes the page's scan found, not by reading every character.
    func etcBeforeSuffixes(_ text: [Unicode.Scalar], lexicons: LexiconHits) -> [Int] {
        lexicons.all(suffixes, in: text).compactMap { hit in
            let i = hit.range.lowerBound - 1
            return i >= 0 && text[i] == "等" ? i : nil
        }.sorted()
    }

    /// The items of a list whose last item ends at `end`, from the nearest back, or nil when they
    /// are not community names with a township or higher place right before the first (or before
    /// an item after which the list goes on with places: 新埤社区以及六脚乡三义).
    /// `index` is that of `places`.
    func listItems(endingAt end: Int, _ places: [Match], _ index: PlaceIndex, text: [Unicode.Scalar]) -> [ListItem]? {
        var items: [ListItem] = []
        var itemEnd: Int? = end
        while let end = itemEnd {
            if index.last(endingAt: end) != nil { return items.contains { $0.parent != nil } ? items : nil }
            guard let start = itemStart(endingAt: end, text: text, places: index) else { return nil }
            let township = index.last(endingAt: start) { Self.level(places[$0]) <= Self.townshipLevel }.map {
                places[$0]
            }
            items.append((start..<end, township?.value.place?.name))
            guard let township else {
                itemEnd = separatorStart(endingAt: start, text: text)
                continue
            }
            // The list goes on before this item's own township (头屋乡明德、) or starts here.
            guard let separator = separatorStart(endingAt: township.range.lowerBound, text: text) else { return items }
            itemEnd = separator
        }
        return nil
    }

    /// The level index of a township: items of a list name places below it.
    static let townshipLevel = levels.firstIndex(of: "subdistrict") ?? 3

    /// The list separators (、, 及, 和, 以及); the longest one ending at `end`, its start.
    func separatorStart(endingAt end: Int, text: [Unicode.Scalar]) -> Int? {
        for separator in Self.listSeparators where end >= separator.count {
            if text[(end - separator.count)..<end].elementsEqual(separator) { return end - separator.count }
        }
        return nil
    }

    /// The end of the list separator starting at `start`, if one does.
    func separatorEnd(startingAt start: Int, text: [Unicode.Scalar]) -> Int? {
        Self.listSeparators.first {
            start + $0.count <= text.count && text[start..<(start + $0.count)].elementsEqual($0)
        }
        .map { start + $0.count }
    }

    static let listSeparators = ["以及", "、", "及", "和", "与"].map { Array($0.unicodeScalars) }

    /// Where a list item of Han characters ending at `end` starts: after a separator, a place, or
    /// anything that is not Han; nil when it is no name (too long, too short, a boundary word ends it).
    func itemStart(endingAt end: Int, text: [Unicode.Scalar], places: PlaceIndex) -> Int? {
        var start = end
        while start > 0, text[start - 1].isHan, end - start < Self.longestListItem, places.last(endingAt: start) == nil,
            separatorStart(endingAt: start, text: text) == nil
        {
            start -= 1
        }
        guard end - start >= Self.minName,
            boundaries.longestReversed(in: text, endingAt: end, notBefore: start) == nil,
            !endsGeneric(text, start..<end)
        else { return nil }
        return start
    }

    /// The longest community name written without its suffix in such a list.
    static let longestListItem = 4
}
