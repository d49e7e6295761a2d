/// What a quantity measures: its attribute, change, basis, period and rate, read from its clause.
extension QuantityExtractor {
    typealias Hit = (range: Range<Int>, payload: Int)

    /// Attribute, change, basis, period and rate of a quantity found in a scan (`finish` of the
    /// quantity itself), set on a copy of it.
    func finish(_ f: Match, _ scan: inout Scan) -> Match {
        guard var quantity = f.value.quantity else { return f }
        var finished = f
        finish(&quantity, at: f.range, helpers: &finished.helpers, &scan)
        finished.value = .quantity(quantity)
        return finished
    }

    /// Attribute, change, basis, period and rate of a quantity at `range`, from its clause and
    /// sentence, set on it in place (one still being made, in no match yet, is no copy), with the
    /// rules behind them added to `helpers`. The clause's indicator and modifier hits go into two
    /// lists the scan keeps and empties for each number, so that finishing one allocates no list
    /// (a page has dozens).
    func finish(_ quantity: inout Quantity, at range: Range<Int>, helpers: inout [String], _ scan: inout Scan) {
        let start = range.lowerBound
        let clauseStart = clauseStart(scan.text, before: start, previous: scan.found)
        Self.collect(
            scan.indicatorHits, inside: clauseStart..<start, into: &scan.clauseIndicators, from: &scan.indicatorsFrom)
        Self.collect(
            scan.modifierHits, inside: clauseStart..<start, into: &scan.clauseModifiers, from: &scan.modifiersFrom)
        // The period first: after it the scan stays as it is, and the lists below are read in it,
        // where copies kept across a change of the scan were retained.
        let period = period(before: start, &scan, clauseStart: clauseStart)
        // The analysis is read through the scan: a copy of it would retain its every part.
        let (text, indicators, mods) = (scan.text, scan.clauseIndicators, scan.clauseModifiers)
        func word(_ hit: Hit) -> String { String(scalars: text[hit.range]) }
        // Each field is written only when found: the quantity has none yet, and every write asks
        // whether its box is shared and releases the nil it replaces.
        if let change = change(text, before: start, indicators: indicators, mods: mods) { quantity.change = change }
        if let (name, range) = attribute(
            quantity, text: text, range: range, clauseStart: clauseStart, indicators: indicators, mods: mods)
        {
            (quantity.attribute, quantity.attributeText) = Self.named(range, name, text: text, map: scan.analysis.map)
        } else if quantity.change != nil,
            let changed = changedQuantity(range, previous: scan.found, analysis: scan.analysis)
        {
            (quantity.attribute, quantity.attributeText) = (changed.attribute, changed.attributeText)
        }
        if let basis = mods.last(where: { rules.modifiers[$0.payload].role == .basis }).map(word) {
            quantity.basis = basis
        }
        if let period { quantity.period = period }
        // A rate read with its unit (人/平方公里) has its per and rate unit already; they are set together.
        if quantity.per == nil,
            let per = mods.last(where: { rules.modifiers[$0.payload].role == .per }).map(word)
                ?? perUnitWord(text, clauseStart: clauseStart, before: start)
        {
            quantity.per = per
            if let rate = rateUnit(quantity.unit, per: per) { quantity.rateUnit = rate }
        }
        addHelpers(of: quantity, indicators: indicators, mods: mods, to: &helpers)
    }

    /// An attribute and the page's text of its folded span: a rule's `name`, else the span's words.
    /// Most attributes are the page's own words: then one string is both, and the span's scalars are
    /// compared with the page's, not a string's.
    static func named(_ folded: Range<Int>, _ name: String?, text: [Unicode.Scalar], map: TextMap) -> (
        String, String
    ) {
        let original = map.original[map.originalRange(folded)]
        guard let name else {
            let words = String(scalars: text[folded])
            return (words, original.elementsEqual(text[folded]) ? words : String(scalars: original))
        }
        return (name, name.unicodeScalars.elementsEqual(original) ? name : String(scalars: original))
    }

    /// Empties `inside` and fills it with the hits that lie inside `clause`, of hits sorted by
    /// their ends: only those ending inside it are looked at. `first` is where the first hit ending
    /// in the last clause was: the clauses of a scan come in order, and the walk to this clause's
    /// first goes on from there (a search finds it when a clause starts before the last).
    static func collect(_ sorted: [Hit], inside clause: Range<Int>, into inside: inout [Hit], from first: inout Int) {
        // Asked first: emptying an empty list still goes through `replaceSubrange`, and half the clauses hold no hit.
        if !inside.isEmpty { inside.removeAll(keepingCapacity: true) }
        if first > 0, sorted[first - 1].range.upperBound >= clause.lowerBound {
            first = sorted.partitioningIndex { $0.range.upperBound >= clause.lowerBound }
        }
        while first < sorted.count, sorted[first].range.upperBound < clause.lowerBound { first += 1 }
        // The walk stops at the first hit past the clause.
        var k = first
        while k < sorted.count, sorted[k].range.upperBound <= clause.upperBound {
            if sorted[k].range.lowerBound >= clause.lowerBound { inside.append(sorted[k]) }
            k += 1
        }
    }

    /// Adds the indicator and modifier rules behind a quantity's fields to `ids`, for `tiqu explain`:
    /// the last indicator of its clause when it has an attribute (the attribute comes from it
    /// then), the last change, basis and per words when those fields are set. Written into the
    /// match's list, with no list of its own: a document has dozens of quantities.
    func addHelpers(of quantity: Quantity, indicators: [Hit], mods: [Hit], to ids: inout [String]) {
        // Room for every id (four at most) is made at once when any may be added: grown one id at
        // a time, the list was made anew for nearly every id.
        let attributed = quantity.attribute != nil && !indicators.isEmpty
        if attributed || quantity.change != nil || quantity.basis != nil || quantity.per != nil {
            ids.reserveCapacity(ids.count + 4)
        }
        if attributed, let indicator = indicators.max(by: { $0.range.upperBound < $1.range.upperBound }) {
            ids.append(rules.indicators[indicator.payload].id)
        }
        func add(_ role: QuantityRules.ModifierRole, if used: Bool) {
            guard used, let hit = mods.last(where: { rules.modifiers[$0.payload].role == role }) else { return }
            ids.append(rules.modifiers[hit.payload].id)
        }
        add(.increase, if: quantity.change == "increase")
        add(.decrease, if: quantity.change == "decrease")
        add(.basis, if: quantity.basis != nil)
        add(.per, if: quantity.per != nil)
    }

    /// Where the clause of a number at `start` begins: after clause punctuation, and after what an
    /// earlier number or date in the clause already took.
    func clauseStart(_ text: [Unicode.Scalar], before start: Int, previous: [Match]) -> Int {
        // The walk back stops where the earlier number ended: numbers in a row cost no more than one clause.
        let previousEnd = previous.last(where: { $0.range.upperBound <= start })?.range.upperBound ?? 0
        var clauseStart = start
        while clauseStart > previousEnd, !Self.clauseBreaks.contains(text[clauseStart - 1]) { clauseStart -= 1 }
        return clauseStart
    }

    /// What the number measures: the nearest indicator (of those ending together, the longest:
    /// 耕地面积 over 面积); for a count, what it counts after its classifier (11个社区); else the
    /// words bound to it. The name is the indicator's own, or nil for the words of the range (no
    /// string made of them yet).
    func attribute(
        _ quantity: Quantity, text: [Unicode.Scalar], range: Range<Int>, clauseStart: Int, indicators: [Hit],
        mods: [Hit]
    ) -> (name: String?, range: Range<Int>)? {
        func words(_ r: Range<Int>) -> (String?, Range<Int>) { (nil, r) }
        if let indicator = indicators.max(by: {
            ($0.range.upperBound, $0.range.count) < ($1.range.upperBound, $1.range.count)
        }) {
            var phrase = qualified(indicator.range, text: text, clauseStart: clauseStart, mods: mods)
            // The words bound to the number, when they hold the indicator, are what it measures
            // (人口自然增长率为 → 人口自然增长率; 常住人口密度为每平方公里 → 常住人口密度).
            if let bound = boundWords(text, before: range.lowerBound, clauseStart: clauseStart, mods: mods),
                bound.lowerBound <= indicator.range.lowerBound, bound.upperBound >= indicator.range.upperBound
            {
                phrase = phrase.lowerBound..<max(phrase.upperBound, bound.upperBound)
            }
            phrase = withoutPlace(phrase, text: text, before: indicator.range.lowerBound)
            return phrase == indicator.range ? (rules.indicators[indicator.payload].name, phrase) : words(phrase)
        }
        let bound = { boundWords(text, before: range.lowerBound, clauseStart: clauseStart, mods: mods).map(words) }
        if quantity.classifier != nil { return countedNoun(text, after: range.upperBound).map(words) ?? bound() }
        return bound()
    }

    /// An indicator with the words that qualify it (城镇常住人口, 粮食种植面积): the Han characters right
    /// before it that are not modifiers, up to six.
    func qualified(_ indicator: Range<Int>, text: [Unicode.Scalar], clauseStart: Int, mods: [Hit]) -> Range<Int> {
        // 人均 and 户均 right before an indicator belong to its name (农民人均收入); 每年 does not.
        func partOfName(_ hit: Hit) -> Bool {
            rules.modifiers[hit.payload].role == .per && hit.range.upperBound == indicator.lowerBound
                && text[hit.range.lowerBound] != "每"
        }
        func free(_ i: Int) -> Bool {
            text[i].isHan && !Self.connectors.contains(text[i]) && !NumeralParser.isNumeralScalar(text[i])
                && mods.allSatisfy { !$0.range.contains(i) || partOfName($0) }
        }
        var lower = indicator.lowerBound
        while lower > clauseStart, indicator.lowerBound - lower < 6, free(lower - 1) { lower -= 1 }
        return lower..<indicator.upperBound
    }

    /// The phrase without a place name or a date's remnant before the indicator: 城关镇户籍人口 is the
    /// 户籍人口 of 城关镇, 年末常住人口 the 常住人口 at the year's end; 城镇常住人口 (urban) stays whole.
    func withoutPlace(_ phrase: Range<Int>, text: [Unicode.Scalar], before indicatorStart: Int) -> Range<Int> {
        var lower = phrase.lowerBound
        for i in lower..<indicatorStart where Self.placeSuffixes.contains(text[i]) && i - lower >= 2 {
            lower = i + 1
        }
        if lower + 1 < indicatorStart, text[lower] == "街", text[lower + 1] == "道" { lower += 2 }
        while lower < indicatorStart, Self.dateRemnants.contains(text[lower]) { lower += 1 }
        return lower..<phrase.upperBound
    }

    static let placeSuffixes: ScalarSet = ["省", "市", "县", "区", "镇", "乡", "村", "道", "州", "旗"]
    static let dateRemnants: ScalarSet = ["末", "底", "初"]

    /// A change with nothing to say what changed (`比上年增长6.5%`) measures the quantity before it
    /// in its sentence (`财政收入145.6万元，比上年增长15%`), when only the change's own words stand between.
    func changedQuantity(_ range: Range<Int>, previous: [Match], analysis: Analysis) -> Quantity? {
        guard let before = previous.last(where: { $0.range.upperBound <= range.lowerBound }),
            let quantity = before.value.quantity, quantity.attribute != nil, quantity.change == nil,
            let sentence = analysis.sentences.containing(range.lowerBound)?.folded,
            sentence.contains(before.range.lowerBound), range.lowerBound - before.range.upperBound <= 12
        else { return nil }
        return quantity
    }

    /// `每亩产量500公斤`, `房价每平方米1.2万元`, `每十万人中有100起`: 每 and a unit (after a number or
    /// not) earlier in the clause are the rate's denominator.
    func perUnitWord(_ text: [Unicode.Scalar], clauseStart: Int, before start: Int) -> String? {
        var i = start - 1
        while i >= clauseStart {
            // The unit right after 每 first: 每千瓦时 is per kWh, not per thousand 瓦时.
            if text[i] == "每",
                let hit = units.longest(in: text, at: i + 1)
                    ?? NumeralParser.parse(text, at: i + 1, multiplierStart: true).flatMap({
                        units.longest(in: text, at: $0.range.upperBound)
                    }),
                hit.end <= start
            {
                return String(scalars: text[i..<hit.end])
            }
            i -= 1
        }
        return nil
    }

    /// The unit of a rate whose denominator is a unit (`每平方公里` → `person/km2`), or nil. Read off
    /// the word's scalars: a string's prefix is compared by its Characters.
    func rateUnit(_ unit: String, per: String) -> String? {
        let word = Array(per.unicodeScalars)
        func isWord(_ other: String) -> Bool { word.elementsEqual(other.unicodeScalars) }
        let unitStart = word.starts(with: "平均每".unicodeScalars) ? 3 : word.first == "每" ? 1 : 0
        let denominator: String? =
            if isWord("人均") {
                "person"
            } else if isWord("户均") {
                "household"
            } else {
                units.longest(in: word, at: unitStart).flatMap {
                    $0.end == word.count ? rules.units[$0.payload].unit : nil
                }
            }
        return denominator.map { "\(unit)/\($0)" }
    }

    /// `increase` or `decrease` when a change word touches the number, with at most a binding
    /// word (了, 为, 达) between; a change word inside a longer word (新增 opens a clause; 增加值 is
    /// an indicator) is no change.
    func change(_ text: [Unicode.Scalar], before start: Int, indicators: [Hit], mods: [Hit]) -> String? {
        func role(_ hit: Hit) -> QuantityRules.ModifierRole { rules.modifiers[hit.payload].role }
        func isChange(_ hit: Hit) -> Bool { role(hit) == .increase || role(hit) == .decrease }
        func insideIndicator(_ r: Range<Int>) -> Bool {
            indicators.contains { $0.range.overlaps(r) && $0.range != r && $0.range.count > r.count }
        }
        func insideLonger(_ r: Range<Int>) -> Bool {
            mods.contains { $0.range.count > r.count && $0.range.overlaps(r) && !isChange($0) }
        }
        guard let c = mods.last(where: { isChange($0) && !insideIndicator($0.range) && !insideLonger($0.range) })
        else { return nil }
        let gap = c.range.upperBound..<start
        let bindingVerbBetween = mods.contains {
            role($0) == .verb && $0.range.lowerBound == c.range.upperBound && $0.range.upperBound == start
        }
        // Only one scalar is 了, or equals it as a string: a longer gap needs no string made.
        let perfective = gap.count == 1 && String(text[gap.lowerBound]) == "了"
        return gap.isEmpty || bindingVerbBetween || perfective ? role(c).rawValue : nil
    }

    /// The period its sentence states: the last date before the number in the same sentence, as written.
    /// The numbers of a sentence share its date: its text is made once, kept in the scan.
    func period(before start: Int, _ scan: inout Scan, clauseStart: Int) -> String? {
        // The analysis is read through the scan: a copy of it would retain its every part.
        let sentenceStart = sentence(containing: start, &scan)?.lowerBound ?? clauseStart
        guard
            let date = scan.dates.reversed().lazy.prefix(while: { $0.range.upperBound > sentenceStart }).first(where: {
                $0.range.lowerBound >= sentenceStart && $0.range.upperBound <= start
            })
        else { return nil }
        if let last = scan.period, last.range == date.range { return last.text }
        let text = String(scalars: scan.analysis.map.original[scan.analysis.map.originalRange(date.range)])
        scan.period = (date.range, text)
        return text
    }

    /// The folded span of the sentence holding `position`: the one the last number asked for when it
    /// holds it (the numbers of a sentence are finished in turn), else searched for and kept.
    func sentence(containing position: Int, _ scan: inout Scan) -> Range<Int>? {
        if let last = scan.sentence, last.contains(position) { return last }
        scan.sentence = scan.analysis.sentences.containing(position)?.folded
        return scan.sentence
    }

    /// The longest hit `test` picks (the first of the longest), with no list of them made.
    static func longest(of hits: some Sequence<Hit>, where test: (Hit) -> Bool) -> Hit? {
        var best: Hit?
        for hit in hits where test(hit) && hit.range.count > best?.range.count ?? -1 { best = hit }
        return best
    }

    /// The Han words right before a number that it is bound to (`核查排摸6万余人`): the run of Han
    /// characters in its clause, without trailing modifier words (binding verbs, change words) and
    /// a leading clause opener. Two to ten characters, or nothing.
    func boundWords(
        _ text: [Unicode.Scalar], before start: Int, clauseStart: Int, mods: [(range: Range<Int>, payload: Int)]
    ) -> Range<Int>? {
        var end = start
        // Trailing modifier words go.
        var trimmed = true
        while trimmed {
            trimmed = false
            // The longest word ending here decides: 累计 is a clause opener, not the verb 计. A word
            // of every modifier role (verb, change, basis, rate, opener) goes: the bound words end
            // with none.
            if let m = Self.longest(of: mods, where: { $0.range.upperBound == end }) {
                end = m.range.lowerBound
                trimmed = true
            }
        }
        while end > clauseStart, Self.connectors.contains(text[end - 1]) { end -= 1 }
        var s = end
        while s > clauseStart, text[s - 1].isHan { s -= 1 }
        if let lead = Self.longest(
            of: mods,
            where: {
                $0.range.lowerBound == s && rules.modifiers[$0.payload].role == .lead && $0.range.upperBound <= end
            })
        {
            s = lead.range.upperBound
        }
        guard end - s >= 2, end - s <= 10 else { return nil }
        return s..<end
    }

    /// Words that join a list to its number (社区矫正项目等10余个): not part of the attribute.
    static let connectors: ScalarSet = ["等", "及", "和", "与", "或", "的"]

    /// What a count counts, when nothing before it says: the Han words right after its classifier
    /// (11个社区 → 社区), up to the first function word, two to six characters.
    func countedNoun(_ text: [Unicode.Scalar], after end: Int) -> Range<Int>? {
        var e = end
        while e < text.count, e - end < 6, text[e].isHan, !Self.stopAfterCount.contains(text[e]) { e += 1 }
        guard e - end >= 2 else { return nil }
        return end..<e
    }

    static let stopAfterCount: ScalarSet = [
        "的", "为", "对", "在", "和", "及", "与", "并", "全", "都", "已", "是", "被", "由", "将", "均", "共", "实", "进", "完", "开", "提",
        "成", "等",
    ]
}
