/// Enumerated units (`下辖安居、东海花园…11个社区`): found by the place extractor, whose level words
/// and cues they share, and written as their own family.
extension PlaceExtractor {
    /// `下辖安居、东海花园、…、中兴11个社区`: the named units, their stated count and level. Lists go on after
    /// 和 or 、 (`…16个行政村和民众、浪网、多宝3个社区`).
    func divisions(in text: [Unicode.Scalar], lexicons: LexiconHits = .none) -> [Match] {
        var found: [Match] = []
        var after = 0
        for cue in lexicons.all(divisionCues, in: text) where cue.range.lowerBound >= after {
            var start = cue.range.upperBound
            while start < text.count, text[start] == " " || text[start] == ":" || text[start] == "：" { start += 1 }
            // 下辖11个社区：如意东社区、如意西社区…: the count first, the names after a colon.
            if let (count, unitStart, unit) = countAndUnit(text, at: start), unit.end < text.count,
                text[unit.end] == ":" || text[unit.end] == "："
            {
                let suffix = Array(text[unitStart..<unit.end])
                var names: [String] = []
                var itemStart = unit.end + 1
                var j = itemStart
                while j <= text.count {
                    let end = j == text.count || [",", "，", "。", ";", "；", "\n", "、"].contains(text[j])
                    if end {
                        var item = Array(text[itemStart..<j])
                        while item.first == " " { item.removeFirst() }
                        while item.last == " " { item.removeLast() }
                        if item.count > suffix.count, Array(item.suffix(suffix.count)) == suffix {
                            item.removeLast(suffix.count)
                        }
                        guard !item.isEmpty, item.count <= Self.maxItemName, item.allSatisfy(\.isHan) else { break }
                        names.append(String(scalars: item))
                        if j == text.count || text[j] != "、" {
                            j += 1
                            break
                        }
                        itemStart = j + 1
                    }
                    j += 1
                }
                if names.count >= 2 {
                    let range = start..<(j - 1)
                    found.append(
                        Self.division(
                            range, rule: cue.payload, count: count, unit: unit.payload, unitText: suffix, names: names))
                    after = range.upperBound
                    continue
                }
            }
            var minNames = 2
            while let list = divisionList(text, from: start, rule: cue.payload, minNames: minNames) {
                found.append(list)
                after = list.range.upperBound
                guard after < text.count,
                    text[after] == "、" || text[after] == "和" || text[after] == "及" || text[after] == ","
                        || text[after] == "，"
                else { break }
                // Only 和 or 及 carries the enumeration on to a single name (…3个社区和大南门1个行政村).
                minNames = text[after] == "和" || text[after] == "及" ? 1 : 2
                start = after + 1
            }
        }
        return found
    }

    /// The longest list of names a division list may have before its count.
    static let maxItems = 60
    /// The longest unit name in such a list (东海花园, 新平四).
    static let maxItemName = 6

    /// A list of at least `minNames` names before its count: two to start an enumeration, one to go
    /// on with it (…7个社区和大南门1个行政村).
    func divisionList(_ text: [Unicode.Scalar], from start: Int, rule: WordRule, minNames: Int) -> Match? {
        var names: [String] = []
        var itemStart = start
        var j = start
        while j < text.count, names.count <= Self.maxItems {
            let s = text[j]
            if s == "、" || s == "和" || s == "及" {
                guard j > itemStart else { return nil }
                names.append(String(scalars: text[itemStart..<j]))
                itemStart = j + 1
            } else if j > itemStart, let (count, unitStart, unit) = countAndUnit(text, at: j) {
                names.append(String(scalars: text[itemStart..<j]))
                guard names.count >= minNames else { return nil }
                return Self.division(
                    start..<unit.end, rule: rule, count: count, unit: unit.payload,
                    unitText: Array(text[unitStart..<unit.end]), names: names)
            } else if !s.isHan || j - itemStart >= Self.maxItemName {
                return nil
            }
            j += 1
        }
        return nil
    }

    /// An enumeration's fact: its stated count, the level and word of its units, and their names.
    static func division(
        _ range: Range<Int>, rule: WordRule, count: Int, unit: WordRule, unitText: [Unicode.Scalar], names: [String]
    ) -> Match {
        let level = unit.value ?? ""
        let division = Division(
            count: count, level: level, unit: String(scalars: unitText), names: names)
        return Match(range: range, rule: rule.id, value: .division(division))
    }

    /// `11个社区` at `position`: a whole count, an optional 个, and a level word.
    func countAndUnit(_ text: [Unicode.Scalar], at position: Int) -> (Int, Int, (payload: WordRule, end: Int))? {
        guard position < text.count, NumeralParser.canStart(text[position]),
            let number = NumeralParser.parse(text, at: position, allowSign: false),
            number.value.rounded() == number.value, number.value >= 1, number.value < 10_000
        else { return nil }
        var unitStart = number.range.upperBound
        if unitStart < text.count, text[unitStart] == "个" { unitStart += 1 }
        guard let unit = suffixes.longest(in: text, at: unitStart) else { return nil }
        return (Int(number.value), unitStart, (levelRules[unit.payload], unit.end))
    }
}

/// `荷花街道…下辖兴华、松园、朝晖3个社区`: each name of an enumeration is a place of the list's level,
/// written without the suffix the count carries; its parent is the lowest place above that level the
/// sentence names before the list.
extension PlaceExtractor {
    /// The places with the names of the division lists added, in order (`places` come in order of
    /// their starts, as the place extractor makes them).
    func withDivisionItems(_ places: [Match], divisions: [Match], text: [Unicode.Scalar], sentences: [Sentence])
        -> [Match]
    {
        guard !divisions.isEmpty else { return places }
        var out = places
        var taken = Coverage(length: text.count, places.map(\.range))
        assert(zip(places, places.dropFirst()).allSatisfy { $0.range.lowerBound <= $1.range.lowerBound })
        for list in divisions {
            guard let division = list.value.division, let level = Self.levels.firstIndex(of: division.level) else {
                continue
            }
            let sentenceStart = sentences.containing(list.range.lowerBound)?.folded.lowerBound ?? 0
            let above = places.starting(in: sentenceStart..<(list.range.lowerBound + 1)).filter {
                $0.range.upperBound <= list.range.lowerBound && Self.level($0) < level
            }
            // The lowest of the places above the list, the nearest of those (荷花街道, not 衢州市, holds 兴华).
            let lowest = above.map(Self.level).max()
            let parent = above.last { Self.level($0) == lowest }
            for range in itemRanges(of: division.names, in: list.range, text: text) where !taken.overlaps(range) {
                let place = Place(
                    name: String(scalars: text[range]), level: division.level,
                    parent: parent?.value.place?.name)
                out.append(Match(range: range, rule: list.rule, value: .place(place)))
                taken.cover(range)
            }
        }
        return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Where the names lie in the list's text, in order.
    func itemRanges(of names: [String], in range: Range<Int>, text: [Unicode.Scalar]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var from = range.lowerBound
        for name in names {
            let scalars = Array(name.unicodeScalars)
            guard
                let start = (from..<max(from, range.upperBound - scalars.count + 1)).first(where: {
                    text[$0..<($0 + scalars.count)].elementsEqual(scalars)
                })
            else { continue }
            ranges.append(start..<(start + scalars.count))
            from = start + scalars.count
        }
        return ranges
    }
}
