/// What the page as a whole says about its places. A name the page writes as a place once is that
/// place wherever the page writes it again, before words that alone would make its suffix part of
/// another word (丹英社区|党委, 包河区|民政局) or after words that alone would run into it
/// (标志着|五里堡南社区); and chains written back to back with nothing between them are a list that
/// lost its separators, not the places the text is about.
extension PlaceExtractor {
    /// The places with every further mention of a page name added, and a place that is a page name
    /// with a word run into its front (回顾|北街社区) cut back to that name.
    ///
    /// A page name is the name of a place found with a level suffix, starting cleanly (after
    /// punctuation, a boundary word or the place before it in a chain) and not right after an
    /// opening quote; short names (黄骅) are words too often to count.
    func withPageNames(_ places: [Match], text: [Unicode.Scalar], lexicons: LexiconHits = .none) -> [Match] {
        let firsts = pageNames(places, text: text)
        guard !firsts.isEmpty else { return places }
        // A first place's text is its name: the table takes the scalars there, not the name decoded again.
        let names = PageNameTable(firsts.map { text[$0.range] })
        let trimmed = places.map { trimmedToPageName($0, names: names, firsts: firsts, text: text) }
        let suffixHits = lexicons.all(suffixes, in: text)
        let hits =
            firsts.allSatisfy { endsInSuffix($0, suffixHits) }
            ? names.all(in: text, endingAt: suffixHits.lazy.map(\.range.upperBound))
            : names.all(in: text)
        // Most pages write their names only where they were found: then no index of the places is made.
        let taken = Coverage(length: text.count, trimmed.map(\.range))
        guard hits.contains(where: { !taken.overlaps($0.range) }) else { return trimmed }
        var out = trimmed
        var index = PlaceIndex(trimmed, length: text.count)
        for hit in hits where !index.covers(hit.range) {
            if hit.range.lowerBound > 0, Self.quoteOpeners.contains(text[hit.range.lowerBound - 1]) { continue }
            if offices.longest(in: text, at: hit.range.upperBound) != nil { continue }
            // 骅中街道|信誉楼社区: right after a higher place, the mention continues its chain.
            let before = index.last(endingAt: hit.range.lowerBound).map { out[$0] }
            let first = firsts[hit.payload]
            let parent = before.flatMap { Self.level($0) < Self.level(first) ? $0.value.place?.name : nil }
            out.append(mention(of: first, at: hit.range, parent: parent))
            index.add(hit.range)
        }
        return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Whether a place ends in a level suffix of the page's (`suffixHits`, all of them), as one found
    /// with a suffix does unless it is a known name shorter than the suffix. When every page name's
    /// first place (whose text is the name) does, the name's mentions end where the page's scan
    /// found a suffix, and only there need the text be read for them.
    func endsInSuffix(_ place: Match, _ suffixHits: [(range: Range<Int>, payload: Int)]) -> Bool {
        let end = place.range.upperBound
        return suffixHits.ending(in: end...end).contains { $0.range.lowerBound >= place.range.lowerBound }
    }

    /// The first match of each name of the places found with a suffix at a clean start, in the
    /// order they come.
    func pageNames(_ places: [Match], text: [Unicode.Scalar]) -> [Match] {
        var firsts: [Match] = []
        var seen = NameDictionary<Bool>()
        // Both made at their size, not grown by copying (the table by placing every name again).
        seen.reserveCapacity(places.count)
        firsts.reserveCapacity(places.count)
        var chainEnd = -1
        for place in places {
            defer { chainEnd = place.range.upperBound }
            // The name is looked up last: the tests of the place and the text before it are cheaper.
            let start = place.range.lowerBound
            guard place.range.count > Self.minName, place.rule != shortNameRule,
                startsCleanly(text, at: start, chainEnd: chainEnd),
                start == 0 || !Self.quoteOpeners.contains(text[start - 1]),
                let name = Self.placeField(place, \.name)
            else { continue }
            // Added, not looked up first: a name new to the page is one more in the table.
            let seenBefore = seen.count
            seen.update(true, for: name)
            guard seen.count > seenBefore else { continue }
            firsts.append(place)
        }
        return firsts
    }

    /// `使|瑞景社区`: a place that ends in another page name, with at most `maxRunIn` characters in
    /// front that are no place of their own, is that page name; the characters belong to the word before.
    func trimmedToPageName(_ place: Match, names: PageNameTable, firsts: [Match], text: [Unicode.Scalar]) -> Match {
        let range = place.range
        guard range.count >= Self.minName + 2 else { return place }
        for start in (range.lowerBound + 1)...min(range.lowerBound + Self.maxRunIn, range.upperBound - 1) {
            guard let hit = names.longest(in: text, at: start), hit.end == range.upperBound else { continue }
            return mention(of: firsts[hit.payload], at: start..<range.upperBound, parent: nil)
        }
        return place
    }

    /// Another mention of a page name: the same rule and level, its own place in the text and chain.
    func mention(of first: Match, at range: Range<Int>, parent: String?) -> Match {
        let place = first.value.place
        return Match(
            range: range, rule: first.rule,
            value: .place(Place(name: place?.name ?? "", level: place?.level ?? "", parent: parent)))
    }

    /// The most characters of another word that may run into the front of a page name (使, 回顾).
    static let maxRunIn = 2

    /// `湖南长沙浏阳市荷花街道河南周口川汇区荷花街道`: where a chain ends and a new one starts with
    /// nothing between them (a place no lower than the one before it, right after a place that
    /// continues a chain), the places are a list whose separators the page lost (a site's links to
    /// other places), not places the text names; none of the run is taken, and since the codes are
    /// settled again without them, none of it pins down a unit for the page's other mentions.
    func withoutRunOnLists(_ places: [Match], text: [Unicode.Scalar]) -> [Match] {
        let resolvedPlaces = resolved(places, text: text)
        let dropped = Set(runOnLists(resolvedPlaces).map(\.range))
        guard !dropped.isEmpty else { return resolvedPlaces }
        return resolved(places.filter { !dropped.contains($0.range) }, text: text)
    }

    /// The places of run-on lists.
    func runOnLists(_ places: [Match]) -> [Match] {
        var runs: [Range<Int>] = []
        var start = 0
        for i in places.indices.dropFirst() where places[i - 1].range.upperBound != places[i].range.lowerBound {
            runs.append(start..<i)
            start = i
        }
        if !places.isEmpty { runs.append(start..<places.count) }
        let dropped = runs.filter { run in
            run.dropFirst(2).contains { i in
                Self.level(places[i - 2]) < Self.level(places[i - 1])
                    && Self.level(places[i]) <= Self.level(places[i - 1])
            }
        }
        return dropped.flatMap { $0.map { places[$0] } }
    }
}
