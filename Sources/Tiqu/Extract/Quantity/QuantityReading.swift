/// Reading one quantity where the scanner met a number: its range, qualifiers, unit, what follows
/// the unit (a counted noun, a repeated unit, a rate's denominator), and the words before it.
extension QuantityExtractor {
    /// A quantity as far as it has been read.
    struct Reading {
        var first: Numeral
        var low: Double
        var high: Double?
        var start: Int
        var end: Int
        var approx: Quantity.Approx?
        /// The qualifier rule that set `approx`.
        var qualifier: String?
        /// Set by `readUnit`, before anything reads it: nil until then, so that a reading that finds no
        /// unit (a third of them) copies and releases none.
        var unit: QuantityRules.Unit!
        /// The classifier as written (`个`, `座`): read only for a unit that is a classifier or may
        /// become one (`countsByNoun`), the only quantities that keep it.
        var surface = ""
        var denominator: (word: String, unit: String)?
        var currencyFrom: String?

        init(_ first: Numeral) {
            self.first = first
            low = first.value
            start = first.range.lowerBound
            end = first.range.upperBound
            approx = first.moreThan ? .more_than : nil
        }
    }

    /// A number with its range, qualifiers and unit, or a period of dates (1-9月). Returns where to go on.
    func quantity(_ scan: inout Scan, first: Numeral, at i: Int) -> Int {
        let text = scan.text
        var r = Reading(first)
        if let years = abbreviatedYears(text, first) {
            scan.addDate(years)
            return years.range.upperBound
        }
        if let second = rangeEnd(text, after: first) {
            if let period = period(text, first, second, region: scan.region) {
                scan.addDate(period)
                return period.range.upperBound
            }
            // The second number lends its multiplier to the first (2至3万人).
            if first.scale == 1 && second.scale > 1 && first.value * second.scale < second.value {
                r.low = first.value * second.scale
            }
            (r.high, r.end) = (second.value, second.range.upperBound)
        }
        if let q = afterNumber.longest(in: text, at: r.end) {
            (r.approx, r.end, r.qualifier) = (rules.qualifiers[q.payload].approx, q.end, rules.qualifiers[q.payload].id)
        }
        guard readUnit(&r, scan) else { return max(first.range.upperBound, i + 1) }
        guard regionMultiplierHolds(r, scan) else { return r.end }
        readAfterUnit(&r, scan)
        // 每十万人, 每1000人口: people or households after 每 are a rate's denominator (its `per`), no
        // count of their own; 每0.1公顷, 每3.4分钟 stay quantities (what follows may be no number).
        if first.range.lowerBound > 0, text[first.range.lowerBound - 1] == "每",
            r.unit.unit == "person" || r.unit.unit == "household"
        {
            return r.end
        }
        readBefore(&r, text, analysis: scan.analysis)
        scan.found.append(finished(r, &scan))
        return r.end
    }

    /// The reading's quantity with its context (attribute, change, period) in its match: finished
    /// before it goes into the match, edited in place, not copied out of it and back.
    func finished(_ r: Reading, _ scan: inout Scan) -> Match {
        var quantity = quantity(of: r)
        var helpers = r.qualifier.map { [$0] } ?? []
        finish(&quantity, at: r.start..<r.end, helpers: &helpers, &scan)
        var match = Match(range: r.start..<r.end, rule: r.unit.id, value: .quantity(quantity))
        match.helpers = helpers
        return match
    }

    /// A region's own multiplier (兆) is read only in an amount of money standing alone: before 位元 or
    /// 字节 it is mega-, and the halves of a range (2至3兆元) are read without it, so there it is doubtful.
    func regionMultiplierHolds(_ r: Reading, _ scan: Scan) -> Bool {
        let (text, number, multipliers) = (scan.text, r.first.range, scan.multipliers)
        guard !multipliers.isEmpty, number.contains(where: { multipliers[text[$0]] != nil })
        else { return true }
        let money = r.unit.pageCurrency || !r.unit.prefixes.isEmpty
        let inRange = number.lowerBound > 0 && Self.rangeSeparators.contains(text[number.lowerBound - 1])
        return money && r.high == nil && !inRange
    }

    /// The unit after the number, or one the context implies; false when there is none.
    func readUnit(_ r: inout Reading, _ scan: Scan) -> Bool {
        let text = scan.text, first = r.first
        guard
            let (unit, unitEnd) = unitAt(
                text, r.end, value: (r.high ?? r.low), arabic: first.arabicOnly || first.integerDigits > 0,
                multiplied: first.scale >= 10_000)
                ?? impliedUnit(text, numberStart: first.range.lowerBound, end: r.end, scan: scan)
                ?? nounUnit(text, first, end: r.end)
                ?? lentUnit(text, first, end: r.end)
                ?? prefixedCurrency(text, first, end: r.end)
                ?? fractionUnit(first, end: r.end)
        else { return false }
        // Only a count keeps its classifier: a measure's written form (`平方公里`) is not looked up.
        if unit.classifier || unit.countsByNoun { r.surface = unitSurface(text, end: unitEnd, unit: unit) }
        (r.unit, r.end) = (unit, unitEnd)
        return true
    }

    /// What may follow the unit: the noun that decides what 个 counts (joined to the quantity), the
    /// second half of a range that repeats its unit, a rate's denominator, a qualifier.
    func readAfterUnit(_ r: inout Reading, _ scan: Scan) {
        let text = scan.text
        if r.unit.countsByNoun, let (counted, nounEnd) = countedUnit(text, after: r.end) {
            (r.unit, r.end) = (counted, nounEnd)
        }
        // Whether a change word touches the number is asked only of the few that a range follows.
        if r.high == nil, let second = repeatedUnitRange(text, after: r.end, unit: r.unit, first: r.first),
            !changeTouches(scan, at: r.first.range.lowerBound)
        {
            (r.low, r.high, r.end) = (min(r.low, second.value), max(r.low, second.value), second.end)
        }
        // 142.8人/平方公里, 60公里/小时: a unit after a slash is the rate's denominator.
        if r.end + 1 < text.count, text[r.end] == "/", let den = units.longest(in: text, at: r.end + 1) {
            r.denominator = (
                String(scalars: text[(r.end + 1)..<den.end]), rules.units[den.payload].unit
            )
            r.end = den.end
        }
        // One space may stand before a qualifier after an Arabic number's unit (90% 以上): looked
        // past only where it stands, not asked twice at the same place.
        let spaced = r.end < text.count && text[r.end] == " " ? r.end + 1 : nil
        if let q = afterUnit.longest(in: text, at: r.end) ?? spaced.flatMap({ afterUnit.longest(in: text, at: $0) }) {
            if r.approx == nil { r.qualifier = rules.qualifiers[q.payload].id }
            (r.approx, r.end) = (r.approx ?? rules.qualifiers[q.payload].approx, q.end)
        }
    }

    /// The qualifier before the number (one space may stand between: 約 20.21 億美元), and the
    /// currency of a money unit.
    func readBefore(_ r: inout Reading, _ text: [Unicode.Scalar], analysis: Analysis) {
        let start = r.start
        // Past a space only where one stands, not asked twice at the same place.
        let spaced = start > 0 && text[start - 1] == " " ? start - 1 : nil
        let startsWithMultiplier = Self.leadingMultipliers.contains(text[start])
        if let q = before.longestReversed(in: text, endingAt: start)
            ?? spaced.flatMap({ before.longestReversed(in: text, endingAt: $0) })
            ?? (startsWithMultiplier ? beforeMultiplier.longestReversed(in: text, endingAt: start) : nil)
        {
            if r.approx == nil { r.qualifier = rules.qualifiers[q.payload].id }
            (r.approx, r.start) = (r.approx ?? rules.qualifiers[q.payload].approx, q.start)
        }
        let numberStart = r.start
        r.currencyFrom = currency(
            text, unit: &r.unit!, start: &r.start, numberStart: r.first.range.lowerBound, analysis: analysis)
        // 約港幣2,620萬元: a qualifier before the currency word that opens the quantity.
        if r.approx == nil, r.start < numberStart, let q = before.longestReversed(in: text, endingAt: r.start) {
            let qualifier = rules.qualifiers[q.payload]
            (r.qualifier, r.approx, r.start) = (qualifier.id, qualifier.approx, q.start)
        }
    }

    /// Whether one of a unit's context words stands in the twelve characters before the number, in
    /// its sentence (最高气温16°); a unit without context words always has it.
    func hasContext(_ unit: QuantityRules.Unit, _ text: [Unicode.Scalar], before start: Int) -> Bool {
        guard !unit.context.isEmpty else { return true }
        var from = start
        while from > 0, start - from < 12, !Punctuation.sentenceEnds.contains(text[from - 1]), text[from - 1] != "\n" {
            from -= 1
        }
        // Each word is compared only where its first scalar stands (度 after a number asks ten words).
        return unit.context.contains { word in
            guard let head = word.first, word.count <= start - from else { return word.isEmpty }
            return (from...(start - word.count)).contains { k in
                text[k] == head && text[k..<(k + word.count)].elementsEqual(word)
            }
        }
    }

    /// The quantity a reading makes, before its context (attribute, change, period) is added.
    func quantity(of r: Reading) -> Quantity {
        var quantity = Value.quantity(
            low: r.low * r.unit.factor, high: r.high.map { $0 * r.unit.factor }, unit: r.unit, surface: r.surface,
            approx: r.approx)
        quantity.currencyFrom = r.currencyFrom
        if let denominator = r.denominator {
            (quantity.per, quantity.rateUnit) = (denominator.word, "\(r.unit.unit)/\(denominator.unit)")
        }
        return quantity
    }

    /// Whether a change word (增加, 减少) touches the number, perhaps across a qualifier: then
    /// `增加4000张至16000张`, which writes the unit twice, is a change and the level it reaches, not a range.
    func changeTouches(_ scan: Scan, at numberStart: Int) -> Bool {
        let anchor = before.longestReversed(in: scan.text, endingAt: numberStart)?.start ?? numberStart
        return scan.modifierHits.ending(in: anchor...anchor).contains {
            let role = rules.modifiers[$0.payload].role
            return role == .increase || role == .decrease
        }
    }

    /// A number joined to the next by 和, 及 or 、 shares its unit (約23億和19.7億元): the unit, which
    /// stays out of this number's span.
    func lentUnit(_ text: [Unicode.Scalar], _ num: Numeral, end: Int) -> (QuantityRules.Unit, Int)? {
        // 十三、 at the start of a line numbers a section.
        let opensLine = num.range.lowerBound == 0 || text[num.range.lowerBound - 1] == "\n"
        guard !num.loneChineseDigit, !opensLine else { return nil }
        var joiner = end
        // Along a list of up to five numbers (0.15、-5.64、1.34个百分点) to the first with a unit.
        for _ in 0..<5 {
            guard joiner < text.count, Self.listJoiners.contains(text[joiner]),
                let next = NumeralParser.parse(text, at: joiner + 1, allowSign: true), date(text, next) == nil,
                num.scale == next.scale
            else { return nil }
            var unitStart = next.range.upperBound
            if let q = afterNumber.longest(in: text, at: unitStart) { unitStart = q.end }
            if let (unit, _) = unitAt(
                text, unitStart, value: num.value, arabic: num.arabicOnly || num.integerDigits > 0,
                multiplied: num.scale >= 10_000)
            {
                return unit.classifier ? nil : (unit, end)
            }
            joiner = next.range.upperBound
        }
        return nil
    }

    /// A figure after a currency word is money without 元 (港幣150萬, HK$3,500, 美金2億): that currency.
    func prefixedCurrency(_ text: [Unicode.Scalar], _ num: Numeral, end: Int) -> (QuantityRules.Unit, Int)? {
        guard let prefix = currencyPrefixes.longestReversed(in: text, endingAt: num.range.lowerBound) else {
            return nil
        }
        return (rules.units[prefix.payload], end)
    }

    static let listJoiners: ScalarSet = ["和", "及", "与", "、", "或"]

    /// A financial year written with its second year cut short (`2023至24年度`, `2022-23年`): one
    /// period of two calendar years, never a duration of 24 years.
    func abbreviatedYears(_ text: [Unicode.Scalar], _ first: Numeral) -> Match? {
        let end = first.range.upperBound
        guard first.arabicOnly, first.integerDigits == 4, (1900...2100).contains(first.value), end + 3 < text.count,
            Self.rangeSeparators.contains(text[end]),
            let second = NumeralParser.parse(text, at: end + 1, allowSign: false), second.arabicOnly,
            second.integerDigits == 2, second.range.upperBound < text.count, text[second.range.upperBound] == "年"
        else { return nil }
        let from = Int(first.value)
        let to = from / 100 * 100 + Int(second.value)
        guard to == from + 1 else { return nil }
        var upper = second.range.upperBound + 1
        if upper < text.count, text[upper] == "度" { upper += 1 }
        let span = first.range.lowerBound..<upper
        return Match(range: span, rule: "dates/period", value: .date(DateValue("\(from)/\(to)")))
    }

    /// The second number of a range (3-5万人, 2万至3万人, 20 ~ 40%), when it is larger than the first.
    func rangeEnd(_ text: [Unicode.Scalar], after first: Numeral) -> Numeral? {
        var end = first.range.upperBound
        let spaced = first.integerDigits > 0 && end < text.count && text[end] == " "
        if spaced { end += 1 }
        guard end + 1 < text.count, Self.rangeSeparators.contains(text[end]) else { return nil }
        let secondStart = spaced && text[end + 1] == " " ? end + 2 : end + 1
        guard secondStart < text.count, let second = NumeralParser.parse(text, at: secondStart, allowSign: false),
            second.value > (first.scale == 1 && second.scale > 1 ? first.value * second.scale : first.value)
        else { return nil }
        return second
    }

    /// A range that writes its unit twice (37℃—38℃, -3℃至5℃, 2万人至3万人): the second number
    /// and where its unit ends. Below zero said once in words covers both (零下15℃—16℃ is −15 to −16).
    func repeatedUnitRange(_ text: [Unicode.Scalar], after end: Int, unit: QuantityRules.Unit, first: Numeral)
        -> (value: Double, end: Int)?
    {
        guard end + 1 < text.count, Self.rangeSeparators.contains(text[end]),
            let second = NumeralParser.parse(text, at: end + 1, allowSign: true),
            let (again, secondEnd) = unitAt(
                text, second.range.upperBound, value: second.value, arabic: second.integerDigits > 0,
                multiplied: second.scale >= 10_000),
            again.id == unit.id, second.value != first.value
        else { return nil }
        let signWord = text[first.range.lowerBound] == "零" || text[first.range.lowerBound] == "负"
        let belowZeroInWords = first.value < 0 && signWord && second.value > 0
        return (belowZeroInWords ? -second.value : second.value, secondEnd)
    }

    /// The currency of a money unit and where it came from: a currency word before the number
    /// (港幣150萬元) names it and joins the quantity; a bare 元 takes the page's; other currency
    /// forms name their own. Nil for units that are not money.
    func currency(
        _ text: [Unicode.Scalar], unit: inout QuantityRules.Unit, start: inout Int, numberStart: Int,
        analysis: Analysis
    ) -> String? {
        guard unit.pageCurrency || !unit.prefixes.isEmpty else { return nil }
        let prefix =
            currencyPrefixes.longestReversed(in: text, endingAt: numberStart)
            ?? (start < numberStart ? currencyPrefixes.longestReversed(in: text, endingAt: start) : nil)
        if let prefix, unit.pageCurrency || rules.units[prefix.payload].unit == unit.unit {
            let named = rules.units[prefix.payload]
            (unit.id, unit.unit, unit.factor) = (named.id, named.unit, named.factor)
            start = min(start, prefix.start)
            return "text"
        }
        guard unit.pageCurrency else { return "text" }
        unit.unit = pageCurrency(analysis)
        return "page"
    }

    /// The currency of a bare 元 on this page: its region's.
    func pageCurrency(_ analysis: Analysis) -> String { analysis.region?.currency ?? "CNY" }
}
