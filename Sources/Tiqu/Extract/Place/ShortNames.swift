/// Places written without their level suffix (`江苏昆山`, `浙江宁波市`, `来到杭州，`). A short name
/// is often a word too (大同, 中山, 和平), so it is a place only where the page says so: in a chain
/// with a place it contains or that contains it, or — for provinces and prefectures, and on Hong
/// Kong, Macau and Taiwan pages their districts — standing alone between a boundary word or
/// punctuation and an `after_name` word or punctuation. A mainland province's short name (浙江) is
/// no other word: it needs only the clear end (届时|浙江的), or a count after it (,浙江8个小镇).
extension PlaceExtractor {
    /// The places with the short names the chains and boundaries allow added, in order.
    func withShortNames(_ places: [Match], text: [Unicode.Scalar], region: String?, lexicons: LexiconHits = .none)
        -> [Match]
    {
        guard !gazetteer.shortNames.isEmpty else { return places }
        let written = longestShortNames(in: text, lexicons: lexicons)
        // A page that writes no short name needs no index of its places.
        guard !written.isEmpty else { return places }
        var out = places
        var index = PlaceIndex(places, length: text.count)
        let hits = written.filter { !index.covers($0.range) }
        for (i, hit) in hits.enumerated() where !index.covers(hit.range) {
            // 雨城|区民: the suffix is written and the suffix rules said no.
            if suffixes.longest(in: text, at: hit.range.upperBound) != nil { continue }
            let units = shortUnits[hit.payload]
            // 江苏|昆山: two short names, the second inside the first, are both places. The hits are
            // apart and in order, so only the next one can start where this one ends.
            if let next = hits.dropFirst(i + 1).first, next.range.lowerBound == hit.range.upperBound {
                let nextUnits = shortUnits[next.payload]
                if let outer = units.first(where: { holds($0, any: nextUnits) }),
                    let inner = nextUnits.first(where: { gazetteer.contains(outer, $0) })
                {
                    out.append(shortMatch(hit.range, text: text, level: gazetteer.entries[outer].level, parent: nil))
                    let name = String(scalars: text[hit.range])
                    out.append(shortMatch(next.range, text: text, level: gazetteer.entries[inner].level, parent: name))
                    index.add(hit.range)
                    index.add(next.range)
                    continue
                }
            }
            guard let place = shortPlace(hit.range, units: units, among: out, index, text: text, region: region) else {
                continue
            }
            out.append(place.match)
            if let child = place.child, var inner = out[child].value.place, inner.parent == nil {
                inner.parent = place.match.value.place?.name
                out[child].value = .place(inner)
            }
            index.add(place.match.range)
        }
        // None added: the places are in order as they came.
        guard out.count > places.count else { return places }
        return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Left to right, the longest short name at each place one starts, the search going on after
    /// it, read off the hits of every short name that the page's one scan of its text found.
    func longestShortNames(in text: [Unicode.Scalar], lexicons: LexiconHits) -> [(range: Range<Int>, payload: Int)] {
        Lexicon.longestEach(of: lexicons.all(shortNames, in: text))
    }

    /// The place a short name is here, if any, and the index of the place after it that it heads;
    /// `index` is that of `places`.
    func shortPlace(
        _ range: Range<Int>, units: [Int], among places: [Match], _ index: PlaceIndex, text: [Unicode.Scalar],
        region: String?,
    ) -> (match: Match, child: Int?)? {
        func place(_ level: String, parent: String?) -> Match {
            shortMatch(range, text: text, level: level, parent: parent)
        }
        // 浙江|宁波市: the place right after lies inside one of the units.
        if let next = index.first(startingAt: range.upperBound),
            case let after = self.units(named: places[next]), let unit = units.first(where: { holds($0, any: after) })
        {
            return (place(gazetteer.entries[unit].level, parent: nil), next)
        }
        // 江苏|昆山: the place right before holds one of the units.
        if let before = index.last(endingAt: range.lowerBound).map({ places[$0] }),
            case let outer = self.units(named: before),
            let unit = units.first(where: { u in outer.contains { gazetteer.contains($0, u) } })
        {
            return (place(gazetteer.entries[unit].level, parent: before.value.place?.name), nil)
        }
        // Hong Kong, Macau and Taiwan pages name their districts alone too (沙田, 葵青); the mainland's are words as often.
        let outlying = region != nil && region != "mainland"
        let high = units.filter {
            ["province", "city"].contains(gazetteer.entries[$0].level)
                || (outlying && gazetteer.entries[$0].code == nil)
        }
        if let unit = high.first, standsAlone(range, text: text) {
            return (place(gazetteer.entries[unit].level, parent: nil), nil)
        }
        // 香港|港岛东区, 北京|三里屯社区: a lower place the gazetteer does not hold still goes on the chain.
        if let unit = high.first(where: { ["province", "city"].contains(gazetteer.entries[$0].level) }),
            startsClear(range.lowerBound, text: text),
            let next = index.first(startingAt: range.upperBound),
            self.units(named: places[next]).isEmpty,
            Self.level(places[next]) > Self.levels.firstIndex(of: gazetteer.entries[unit].level) ?? Int.max
        {
            return (place(gazetteer.entries[unit].level, parent: nil), next)
        }
        // Where a province is home (香港賽馬會, 「香港義工獎」), its name opens the names of bodies and events.
        let province = outlying ? nil : units.first { gazetteer.entries[$0].level == "province" }
        guard let unit = province, endsClearly(range.upperBound, text: text, counts: true), !isListed(range, text: text)
        else { return nil }
        return (place(gazetteer.entries[unit].level, parent: nil), nil)
    }

    /// Whether `unit` contains one of `inner`.
    func holds(_ unit: Int, any inner: [Int]) -> Bool { inner.contains { gazetteer.contains(unit, $0) } }

    func shortMatch(_ range: Range<Int>, text: [Unicode.Scalar], level: String, parent: String?) -> Match {
        let name = String(scalars: text[range])
        return Match(range: range, rule: shortNameRule, value: .place(Place(name: name, level: level, parent: parent)))
    }

    /// Between the start of a Han run or a boundary word, and the end of one, an `after_name` word or
    /// a count (,深圳|1个社区).
    func standsAlone(_ range: Range<Int>, text: [Unicode.Scalar]) -> Bool {
        startsClear(range.lowerBound, text: text) && endsClearly(range.upperBound, text: text, counts: true)
            && (!isListed(range, text: text) || hasListedPlace(range, text: text))
    }

    /// Whether a name starting here follows the start of a Han run or a boundary word.
    func startsClear(_ start: Int, text: [Unicode.Scalar]) -> Bool {
        start == 0 || !text[start - 1].isHan
            || boundaries.longestReversed(in: text, endingAt: start, notBefore: max(0, start - 8)) != nil
    }

    /// Whether a name ending here is followed by the end of a Han run or an `after_name` word, or
    /// with `counts`, by a number (浙江|8个小镇).
    func endsClearly(_ end: Int, text: [Unicode.Scalar], counts: Bool = false) -> Bool {
        guard end < text.count, afterName.longest(in: text, at: end) == nil else { return true }
        // Digits only: a Han numeral after a name is as often the start of a word (中山|零壹金服).
        if counts, !text[end].isHan, text[end].properties.numericType != nil {
            // A count is digits and a measure word (8个, 3所); 北京2月29日电 is a dateline, 阿里2019云栖大会 a name.
            var after = end
            while after < text.count, text[after].properties.numericType != nil { after += 1 }
            return after < text.count && Self.countMeasures.contains(text[after])
        }
        return !(text[end].isHan || text[end].properties.isAlphabetic || text[end].properties.numericType != nil)
    }

    /// Measure words that make the digits before them a count (浙江|8个小镇).
    static let countMeasures = measureWords.union(["名", "位", "人", "条", "條", "支", "所"])

    /// Whether the name is an item of a 、 list (沙坑、黄石、平丰: village names, whatever the gazetteer says).
    func isListed(_ range: Range<Int>, text: [Unicode.Scalar]) -> Bool {
        (range.lowerBound > 0 && text[range.lowerBound - 1] == "、")
            || (range.upperBound < text.count && text[range.upperBound] == "、")
    }

    /// Whether an item next to it in its 、 list is a known name too (北京、上海、广州).
    func hasListedPlace(_ range: Range<Int>, text: [Unicode.Scalar]) -> Bool {
        func known(_ item: ArraySlice<Unicode.Scalar>) -> Bool {
            let name = String(scalars: item)
            return gazetteer.shortNames[name] != nil || !gazetteer.named(name).isEmpty
        }
        // The item before ends with a known name (在|上海、), the item after starts with one (、天津|等;
        // 、深水埗与|九龙城区: the last item comes after 与, 和 or 及).
        let before = range.lowerBound - 1
        let lengths = Self.minName...Self.longestKnownName
        if before > 0, text[before] == "、",
            lengths.contains(where: { before - $0 >= 0 && known(text[(before - $0)..<before]) })
        {
            return true
        }
        guard let separator = separatorEnd(startingAt: range.upperBound, text: text) else { return false }
        return lengths.contains { separator + $0 <= text.count && known(text[separator..<(separator + $0)]) }
    }
}
