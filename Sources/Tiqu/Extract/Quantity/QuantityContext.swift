/// What a quantity measures: its attribute, change, basis, period and rate, read from its clause.
extension QuantityExtractor {
    /// Attribute, change, basis, period and rate of a quantity, from its clause and sentence.
    func finish(_ f: Found, text: [Unicode.Scalar], analysis: Analysis, indicatorHits: [(range: Range<Int>, payload: Int)],
                modifierHits: [(range: Range<Int>, payload: Int)], dates: [Found], previous: [Found]) -> Found {
        var f = f
        let start = f.range.lowerBound
        var clauseStart = start
        while clauseStart > 0, !Self.clauseBreaks.contains(text[clauseStart - 1]) { clauseStart -= 1 }
        // What an earlier number or date in the clause already took is not this one's.
        if let previousEnd = previous.last(where: { $0.range.upperBound <= start })?.range.upperBound { clauseStart = max(clauseStart, previousEnd) }
        let sentenceStart = analysis.sentences.containing(start)?.folded.lowerBound ?? clauseStart

        // Hits are sorted by their ends: only those ending inside the clause are looked at.
        let indicatorWindow = indicatorHits.ending(in: clauseStart...start).filter { $0.range.lowerBound >= clauseStart }
        let mods = modifierHits.ending(in: clauseStart...start).filter { $0.range.lowerBound >= clauseStart }
        // The nearest indicator; of those ending together, the longest (耕地面积 over 面积).
        let indicator = indicatorWindow.max { ($0.range.upperBound, $0.range.count) < ($1.range.upperBound, $1.range.count) }
        func role(_ hit: (range: Range<Int>, payload: Int)) -> QuantityRules.ModifierRole { rules.modifiers[hit.payload].role }
        let insideIndicator: (Range<Int>) -> Bool = { r in indicatorWindow.contains { $0.range.overlaps(r) && $0.range != r && $0.range.count > r.count } }

        // A change word touches the number, with at most a binding word (了, 为, 达) between.
        var change: String?
        // A change word inside a longer word (新增 opens a clause; 增加值 is an indicator) is no change.
        let insideLonger: (Range<Int>) -> Bool = { r in mods.contains { $0.range.count > r.count && $0.range.overlaps(r) && role($0) != .increase && role($0) != .decrease } }
        if let c = mods.last(where: { (role($0) == .increase || role($0) == .decrease) && !insideIndicator($0.range) && !insideLonger($0.range) }) {
            let gap = String(String.UnicodeScalarView(text[c.range.upperBound..<start]))
            if gap.isEmpty || mods.contains(where: { role($0) == .verb && $0.range.lowerBound == c.range.upperBound && $0.range.upperBound == start }) || gap == "了" {
                change = role(c).rawValue
            }
        }
        let basis = mods.last { role($0) == .basis }.map { String(String.UnicodeScalarView(text[$0.range])) }
        let per = mods.last { role($0) == .per }.map { String(String.UnicodeScalarView(text[$0.range])) }

        var attribute: String?
        if let indicator {
            attribute = rules.indicators[indicator.payload].name
        } else if f.match.value.quantity?.classifier != nil {
            // A count names what it counts after its classifier (11个社区), or else before it.
            attribute = countedNoun(text, after: f.range.upperBound) ?? boundWords(text, before: start, clauseStart: clauseStart, mods: mods)
        } else {
            attribute = boundWords(text, before: start, clauseStart: clauseStart, mods: mods)
        }
        let period = dates.reversed().lazy.prefix { $0.range.upperBound > sentenceStart }.first { $0.range.lowerBound >= sentenceStart && $0.range.upperBound <= start }
            .map { String(String.UnicodeScalarView(analysis.map.original[analysis.map.originalRange($0.range)])) }

        guard var quantity = f.match.value.quantity else { return f }
        (quantity.attribute, quantity.change, quantity.basis, quantity.period, quantity.per) = (attribute, change, basis, period, per)
        f.match.value = .quantity(quantity)
        return f
    }

    /// The Han words right before a number that it is bound to (`核查排摸6万余人`): the run of Han
    /// characters in its clause, without a trailing binding verb or change word and a leading
    /// clause opener. Two to ten characters, or nothing.
    func boundWords(_ text: [Unicode.Scalar], before start: Int, clauseStart: Int, mods: [(range: Range<Int>, payload: Int)]) -> String? {
        var end = start
        // Trailing binding verbs and change words go.
        var trimmed = true
        while trimmed {
            trimmed = false
            if let m = mods.filter({ $0.range.upperBound == end && [.verb, .increase, .decrease, .basis].contains(rules.modifiers[$0.payload].role) })
                .max(by: { $0.range.count < $1.range.count }) {
                end = m.range.lowerBound
                trimmed = true
            }
        }
        while end > clauseStart, Self.connectors.contains(text[end - 1]) { end -= 1 }
        var s = end
        while s > clauseStart, text[s - 1].isHan { s -= 1 }
        if let lead = mods.filter({ $0.range.lowerBound == s && rules.modifiers[$0.payload].role == .lead && $0.range.upperBound <= end }).max(by: { $0.range.count < $1.range.count }) {
            s = lead.range.upperBound
        }
        guard end - s >= 2, end - s <= 10 else { return nil }
        return String(String.UnicodeScalarView(text[s..<end]))
    }

    /// Words that join a list to its number (社区矫正项目等10余个): not part of the attribute.
    static let connectors: Set<Unicode.Scalar> = ["等", "及", "和", "与", "或", "的"]

    /// What a count counts, when nothing before it says: the Han words right after its classifier
    /// (11个社区 → 社区), up to the first function word, two to six characters.
    func countedNoun(_ text: [Unicode.Scalar], after end: Int) -> String? {
        var e = end
        while e < text.count, e - end < 6, text[e].isHan, !Self.stopAfterCount.contains(text[e]) { e += 1 }
        guard e - end >= 2 else { return nil }
        return String(String.UnicodeScalarView(text[end..<e]))
    }

    static let stopAfterCount: Set<Unicode.Scalar> = ["的", "为", "对", "在", "和", "及", "与", "并", "全", "都", "已", "是", "被", "由", "将", "均", "共", "实", "进", "完", "开", "提", "成", "等"]
}
