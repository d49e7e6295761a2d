/// Enumerated units (`下辖安居、东海花园…11个社区`): found by the place extractor, whose level words
/// and cues they share, and written as their own family.
extension PlaceExtractor {
    /// `下辖安居、东海花园、…、中兴11个社区`: the named units, their stated count and level. Lists go on after
    /// 和 or 、 (`…16个行政村和民众、浪网、多宝3个社区`).
    func divisions(in text: [Unicode.Scalar]) -> [Match] {
        var found: [Match] = []
        var after = 0
        for cue in divisionCues.all(in: text) where cue.range.lowerBound >= after {
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
                        names.append(String(String.UnicodeScalarView(item)))
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
            while let list = divisionList(text, from: start, rule: cue.payload) {
                found.append(list)
                after = list.range.upperBound
                guard after < text.count,
                    text[after] == "、" || text[after] == "和" || text[after] == "及" || text[after] == ","
                        || text[after] == "，"
                else { break }
                start = after + 1
            }
        }
        return found
    }

    /// The longest list of names a division list may have before its count.
    static let maxItems = 60
    /// The longest unit name in such a list (东海花园, 新平四).
    static let maxItemName = 6

    func divisionList(_ text: [Unicode.Scalar], from start: Int, rule: WordRule) -> Match? {
        var names: [String] = []
        var itemStart = start
        var j = start
        while j < text.count, names.count <= Self.maxItems {
            let s = text[j]
            if s == "、" || s == "和" || s == "及" {
                guard j > itemStart else { return nil }
                names.append(String(String.UnicodeScalarView(text[itemStart..<j])))
                itemStart = j + 1
            } else if j > itemStart, let (count, unitStart, unit) = countAndUnit(text, at: j) {
                names.append(String(String.UnicodeScalarView(text[itemStart..<j])))
                guard names.count >= 2 else { return nil }
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
            count: count, level: level, unit: String(String.UnicodeScalarView(unitText)), names: names)
        return Match(range: range, rule: rule.id, value: .division(division))
    }

    /// `11个社区` at `position`: a whole count, an optional 个, and a level word.
    func countAndUnit(_ text: [Unicode.Scalar], at position: Int) -> (Int, Int, (payload: WordRule, end: Int))? {
        guard NumeralParser.canStart(text[position]),
            let number = NumeralParser.parse(text, at: position, allowSign: false),
            number.value.rounded() == number.value, number.value >= 1, number.value < 10_000
        else { return nil }
        var unitStart = number.range.upperBound
        if unitStart < text.count, text[unitStart] == "个" { unitStart += 1 }
        guard let unit = suffixes.longest(in: text, at: unitStart) else { return nil }
        return (Int(number.value), unitStart, unit)
    }
}
