/// Lists of communities that write the level suffix once, on the last item:
/// `竹崎乡鹿满、狮埜、湾桥社区`, `后龙镇水尾、头屋乡明德及三义乡胜兴社区`. Each item before the
/// last is a community too, named as written (鹿满). A list of words that ends in a community
/// (党员、群众和幸福社区) is no such list: its first item must come right after a township or a
/// higher place, and every item must be a short run of Han characters that no boundary word ends.
extension PlaceExtractor {
    /// The places with the items of shared-suffix lists added, in order.
    func withSharedSuffixes(_ places: [Match], text: [Unicode.Scalar]) -> [Match] {
        var out = places
        for (i, last) in places.enumerated() where last.value.place?.level == "community" {
            guard let items = listItems(before: i, places, text: text) else { continue }
            for item in items where !out.contains(where: { $0.range.overlaps(item.range) }) {
                let name = String(String.UnicodeScalarView(text[item.range]))
                let place = Place(name: name, level: "community", parent: item.parent)
                out.append(Match(range: item.range, rule: last.rule, value: .place(place)))
            }
        }
        return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    typealias ListItem = (range: Range<Int>, parent: String?)

    /// The items written before the community `places[last]`, from the nearest back, or nil when
    /// they are not a list of community names that starts right after a township or higher place.
    func listItems(before last: Int, _ places: [Match], text: [Unicode.Scalar]) -> [ListItem]? {
        var items: [ListItem] = []
        let ends = Set(places.map(\.range.upperBound))
        var end = places[last].range.lowerBound
        // 三义乡|胜兴社区: the last item's own township comes before the separator.
        if let own = places.last(where: { $0.range.upperBound == end }) { end = own.range.lowerBound }
        while let separator = separatorStart(endingAt: end, text: text) {
            guard let start = itemStart(endingAt: separator, text: text, placeEnds: ends) else { return nil }
            let township = places.last { $0.range.upperBound == start && Self.level($0) <= Self.townshipLevel }
            items.append((start..<separator, township?.value.place?.name))
            guard let township else {
                end = start
                continue
            }
            end = township.range.lowerBound
            // The list goes on before this item's own township (头屋乡明德、) or starts here.
            if separatorStart(endingAt: end, text: text) == nil { return items }
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
    func itemStart(endingAt end: Int, text: [Unicode.Scalar], placeEnds: Set<Int>) -> Int? {
        var start = end
        while start > 0, text[start - 1].isHan, end - start < Self.longestListItem, !placeEnds.contains(start),
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
