import Foundation

/// Finds numbers with units, and the dates and ranks that look like them.
///
/// Layers, each small: a numeral (`NumeralParser`), a range (`3-5万`), qualifiers before and after
/// (`近`, `余`, `左右`), a unit from the unit lexicon (`人`, `平方公里`, `%`), then what the number
/// measures: the nearest indicator in its clause, else the words bound to it, its change and basis,
/// the period its sentence states, and `per` for rates. Numbers followed by 年/月/日 become dates,
/// numbers after 第 become ranks, and numbers inside an excluded context are nothing.
public struct QuantityExtractor: Extractor, ReadsWholeText {
    let rules: QuantityRules
    let units: Lexicon<Int>
    /// Units written before their number (`百分之`, `千分之`).
    let prefixUnits: Lexicon<Int>
    let before: Lexicon<Int>
    /// Qualifiers only before a number that starts with its multiplier (上千家), reversed.
    let beforeMultiplier: Lexicon<Int>
    let afterNumber: Lexicon<Int>
    let afterUnit: Lexicon<Int>
    let indicators: Lexicon<Int>
    let modifiers: Lexicon<Int>
    /// By unit: its forms that more than one rule lists (度; or one rule twice), as scalars, each
    /// with the rules that list it in rule-book order. Compared with the form a number is
    /// followed by, where a dictionary would hash a string made of it.
    let sharedForms: [[(form: [Unicode.Scalar], units: [Int])]]
    /// Nouns that say what a count counts (`Rules/counted.yaml`).
    let countedNouns: Lexicon<Int>
    /// Currency words written before the number (港幣150萬元), reversed.
    let currencyPrefixes: Lexicon<Int>
    /// Words right before a yearless date that move it off the document's year (`Rules/dates.yaml`), reversed.
    let relativeYears: Lexicon<WordRule>
    /// Eras, duration words and named periods of a year (`Rules/dates.yaml`, `Rules/periods.yaml`).
    let calendar: CalendarWords
    /// Words after a rank's number that belong to the rank (`Rules/ranks.yaml`).
    let rankEnds: Lexicon<WordRule>
    /// Which `not_quantity` patterns may match a text: only those run over it.
    let exclusionFilter: PatternFilter
    /// The characters something `step` reads may start with: a numeral, a sign, a multiplier
    /// after a qualifier, 半, a unit written before its number (百分之), a named period (上半年).
    /// At any other character nothing starts, and the scan moves on at once.
    let starters: ScalarSet
    /// The characters a named period (上半年, 一季度) starts with: at any other a step asks for
    /// none (most steps start at a digit).
    let periodStarters: ScalarSet
    /// The characters a unit written before its number (百分之) starts with, likewise.
    let prefixUnitStarters: ScalarSet
    /// The characters second in a named period (季 of 1季度, 半 of 上半年): a digit starts named
    /// periods, but a digit after it (2023, 12.5) starts none. Nil when a period is one character.
    let periodSeconds: ScalarSet?

    public init(rules book: RuleBook) {
        rules = book.quantity
        units = Lexicon(
            rules.units.enumerated().filter { $1.written == .after }.flatMap { i, u in u.forms.map { ($0, i) } })
        prefixUnits = Lexicon(
            rules.units.enumerated().filter { $1.written == .before }.flatMap { i, u in u.forms.map { ($0, i) } })
        before = Lexicon(rules.qualifiers.enumerated().flatMap { i, q in q.before.map { (String($0.reversed()), i) } })
        beforeMultiplier = Lexicon(
            rules.qualifiers.enumerated().flatMap { i, q in q.beforeMultiplier.map { (String($0.reversed()), i) } })
        afterNumber = Lexicon(rules.qualifiers.enumerated().flatMap { i, q in q.afterNumber.map { ($0, i) } })
        afterUnit = Lexicon(rules.qualifiers.enumerated().flatMap { i, q in q.afterUnit.map { ($0, i) } })
        indicators = Lexicon(rules.indicators.enumerated().flatMap { i, ind in ind.forms.map { ($0, i) } })
        modifiers = Lexicon(rules.modifiers.enumerated().flatMap { i, m in m.forms.map { ($0, i) } })
        countedNouns = Lexicon(rules.countedNouns.enumerated().flatMap { i, n in n.forms.map { ($0, i) } })
        let unitsByForm = Dictionary(
            grouping: rules.units.enumerated().filter { $1.written == .after }.flatMap { i, u in u.forms.map { ($0, i) }
            },
            by: \.0
        ).mapValues { $0.map(\.1) }.filter { $0.value.count > 1 }
        sharedForms = rules.units.map { unit in
            guard unit.written == .after else { return [] }
            return unit.forms.compactMap { form in unitsByForm[form].map { (Array(form.unicodeScalars), $0) } }
        }
        currencyPrefixes = Lexicon(
            rules.units.enumerated().flatMap { i, u in u.prefixes.map { (String($0.reversed()), i) } })
        relativeYears = book.words.lexicon(.date, "relative_year", reversed: true)
        calendar = CalendarWords(rules: book)
        rankEnds = book.words.lexicon(.rank, "ordinal")
        exclusionFilter = PatternFilter(rules.exclusions.map(\.pattern), longest: .max)
        // The forms of `calendar.namedPeriods`.
        let periods = (book.words.of(.named_period, "in_year") + book.words.of(.named_period, "same_period"))
            .flatMap(\.forms)
        let prefixForms = rules.units.filter { $0.written == .before }.flatMap(\.forms)
        (periodStarters, prefixUnitStarters) = (Self.firstScalars(periods), Self.firstScalars(prefixForms))
        let periodScalars = periods.map { Array($0.unicodeScalars) }
        periodSeconds = periodScalars.allSatisfy { $0.count >= 2 } ? ScalarSet(periodScalars.map { $0[1] }) : nil
        let written = prefixForms + periods
        starters = ScalarSet(
            written.compactMap(\.unicodeScalars.first) + Array("0123456789-负半".unicodeScalars)
                + NumeralParser.starterScalars + ["百", "千", "万", "亿"])
    }

    /// The first scalar of each word.
    static func firstScalars(_ words: [String]) -> ScalarSet { ScalarSet(words.compactMap(\.unicodeScalars.first)) }

    /// Separators of a range: 3-5万, 3至5万, 10～15万 (folded to ~).
    static let rangeSeparators: ScalarSet = ["-", "~", "至", "到", "—", "–"]
    /// Where a clause ends: the attribute of a number is looked for after the last of these.
    /// (A bracket or a quote opens another clause: `(2020年)` or `“十四五”` says nothing of the number after it.)
    static let clauseBreaks = Punctuation.clauseEnds.union(Punctuation.nameQuotes).union([
        "(", ")", Punctuation.listComma,
    ])

    /// One pass over a document's folded text: what it looks up once, and what it has found so far.
    struct Scan {
        let text: [Unicode.Scalar]
        let analysis: Analysis
        let excluded: [Bool]
        let indicatorHits: [(range: Range<Int>, payload: Int)]
        let modifierHits: [(range: Range<Int>, payload: Int)]
        /// The matches so far, each at its range: the list `matches` returns, with no match copied
        /// out of a wrapper of its own.
        var found: [Match] = []
        /// Dates and periods so far: a quantity's period is the last one in its sentence.
        var dates: [Match] = []
        /// The folded span of the sentence of the last number finished (`sentence(containing:_:)`).
        var sentence: Range<Int>?
        /// The last period given a quantity, with its text as the page writes it.
        var period: (range: Range<Int>, text: String)?
        /// The indicator and modifier hits of the clause of the number being finished (`finish`).
        var clauseIndicators: [Hit] = []
        var clauseModifiers: [Hit] = []
        /// Where the first indicator and modifier hits of the last clause finished were (`collect`).
        var indicatorsFrom = 0, modifiersFrom = 0
        /// The page's region's own multipliers (兆 on Taiwan pages), read once for every number.
        var multipliers: [Unicode.Scalar: Double] = [:]
        /// The page's region code, read once for every number that may be a date.
        var region: String?

        mutating func addDate(_ date: Match) {
            dates.append(date)
            found.append(date)
        }
    }

    public let finds: Set<FactKind> = [.quantities, .ranks, .dates]
    public let reads: Set<FactKind> = []
    var wholeTextLexicons: [any ScannedLexicon] {
        [indicators, modifiers, calendar.namedPeriods, exclusionFilter.words]
    }

    public func matches(in analysis: Analysis, earlier: [Match]) -> [Match] {
        let text = analysis.map.folded
        var scan = Scan(
            text: text, analysis: analysis, excluded: excludedMask(text, lexicons: analysis.lexicons),
            indicatorHits: analysis.lexicons.all(indicators, in: text),
            modifierHits: analysis.lexicons.all(modifiers, in: text))
        (scan.multipliers, scan.region) = (analysis.region?.multipliers ?? [:], analysis.region?.code)
        // Room for a match in every 32 characters (a text scrape's median is one in 35): grown from
        // empty, the list was made anew five times for a page.
        scan.found.reserveCapacity(text.count / 32)
        var i = 0
        var steps = 0
        while true {
            // Most scalars start nothing, and a step would only pass them: passed here, without one.
            i = starters.firstMember(in: text, from: i)
            guard i < text.count else { break }
            steps += 1
            if steps & 1023 == 0, analysis.expired { break }
            i = step(&scan, at: i)
        }
        scan.found += comparedPeriods(scan)  // 比去年同期: dates that are no quantity's period
        // Where the scan found something, by position: a table number there is not read again.
        var taken = [Bool](repeating: false, count: text.count)
        // Each range read in the list: a for-in would copy every match found.
        for k in scan.found.indices { for i in scan.found[k].range { taken[i] = true } }
        scan.found += tableQuantities(analysis, taken: taken, indicatorHits: scan.indicatorHits)
        placeInYear(&scan.found, text: text, year: analysis.year)
        return scan.found
    }

    /// What begins at `i`, a scalar that may start something (one of `starters`): nothing, a
    /// share, a rank, a date, or a quantity. Returns where to go on.
    func step(_ scan: inout Scan, at i: Int) -> Int {
        let text = scan.text
        if scan.excluded[i] { return i + 1 }
        let previous: Unicode.Scalar? = i > 0 ? text[i - 1] : nil
        // Inside a word of letters or digits (V3, G20, MP4) a number is a code.
        if let p = previous,
            p.isASCIILetter
                || NumeralParser.isASCIIDigit(p) && NumeralParser.isASCIIDigit(text[i])
        {
            return i + 1
        }
        // 上半年, 一季度; a comparison's base is added after the scan.
        if mayStartPeriod(text, at: i), let named = namedPeriod(scan, at: i) {
            if named.isPeriod { scan.addDate(named.found) }
            return named.found.range.upperBound
        }
        if let p = previous, Punctuation.nameOpeners.contains(p), NumeralParser.canStart(text[i]),
            let close = shortName(text, openedAt: i - 1)
        {
            return close  // “三个代表”, “两学一做”: a numeral that opens a quoted name is part of the name
        }
        if text[i] == "半", let half = half(text, at: i, after: previous) { return quantity(&scan, first: half, at: i) }
        if prefixUnitStarters.contains(text[i]), let fraction = fraction(text, at: i) {
            let finished = finish(fraction, &scan)
            scan.found.append(finished)  // a separate statement: appending while `found` is an argument would copy it
            return fraction.range.upperBound
        }
        let signAllowed = previous.map { !NumeralParser.isNumeralScalar($0) } ?? true
        // 过百万人, 逾千人, 上千家: after a qualifier a number may start with its multiplier.
        let multiplierStart =
            Self.leadingMultipliers.contains(text[i])
            && (before.longestReversed(in: text, endingAt: i) ?? beforeMultiplier.longestReversed(in: text, endingAt: i)
                != nil)
        guard
            let first = numeral(
                text, at: i, signAllowed: signAllowed, multiplierStart: multiplierStart, multipliers: scan.multipliers)
        else { return i + 1 }
        // 000元 after a broken separator (181萬2, 000元), 3% after a doubled point (14..3%): fragments.
        if first.integerDigits > 1, text[i] == "0" { return first.range.upperBound }
        if i > 1, previous == ".", NumeralParser.isASCIIDigit(text[i - 2]) || text[i - 2] == "." {
            return first.range.upperBound
        }
        // A lone 零 or 〇 is part of a word (零部件, 零售), never a count of nothing, unless it opens a range (零至1%).
        if first.loneChineseDigit, first.value == 0, rangeEnd(text, after: first) == nil {
            return first.range.upperBound
        }
        if let p = previous, NumeralParser.isNumeralScalar(p), !NumeralParser.isASCIIDigit(text[i]) {
            return first.range.upperBound
        }
        if previous == "第" {
            let rank = rank(text, first, at: i)
            scan.found.append(rank)
            return rank.range.upperBound
        }
        if let date = date(text, first, region: scan.region) {
            scan.addDate(date)
            return date.range.upperBound
        }
        return quantity(&scan, first: first, at: i)
    }

    /// Whether a named period may start at `i`, by its first two characters: most numbers start
    /// with a digit, as some periods do (1季度), and none of them goes on as a period does.
    @inline(__always) func mayStartPeriod(_ text: [Unicode.Scalar], at i: Int) -> Bool {
        guard periodStarters.contains(text[i]) else { return false }
        guard let periodSeconds else { return true }
        return i + 1 < text.count && periodSeconds.contains(text[i + 1])
    }

    /// Where a short quoted name opened at `open` closes (`“三个代表”`): within twelve characters,
    /// with no clause punctuation inside. Nil when the quote holds more than a name.
    func shortName(_ text: [Unicode.Scalar], openedAt open: Int) -> Int? {
        var j = open + 1
        while j < text.count, j - open <= 12 {
            if Punctuation.closers.contains(text[j]) { return j - open > 2 ? j : nil }
            if Punctuation.clauseEnds.contains(text[j]) || Punctuation.sentenceEnds.contains(text[j]) { return nil }
            j += 1
        }
        return nil
    }

    /// 半 before a unit that takes a half (半年以上, 半个月, 近半小时) as the number 0.5; not in 上半年
    /// and 下半年 (periods), 大半 or 多半 (most), nor in 一年半.
    func half(_ text: [Unicode.Scalar], at i: Int, after previous: Unicode.Scalar?) -> Numeral? {
        guard !(previous.map { Self.beforeHalfWords.contains($0) || NumeralParser.isNumeralScalar($0) } ?? false),
            let hit = units.longest(in: text, at: i + 1), rules.units[hit.payload].half
        else { return nil }
        return Numeral(
            value: 0.5, range: i..<(i + 1), scale: 1, arabicOnly: false, integerDigits: 0, loneChineseDigit: false)
    }

    static let beforeHalfWords: ScalarSet = ["上", "下", "大", "多", "过", "過", "前", "后", "後", "年"]

    /// Multipliers a number may start with after a qualifier (上千, 过百万, 逾万); not 十 (路上十分钟).
    static let leadingMultipliers: ScalarSet = ["百", "千", "万", "亿"]

    /// The numeral at `i`, with the multipliers of the page's region (兆 on Taiwan pages); a multiplier
    /// that begins the unit after it (万千瓦时: 千瓦, 千米, 千克; 兆瓦) is left to the unit.
    func numeral(
        _ text: [Unicode.Scalar], at i: Int, signAllowed: Bool, multiplierStart: Bool = false,
        multipliers: [Unicode.Scalar: Double] = [:]
    ) -> Numeral? {
        let startsWithMultiplier = multiplierStart && Self.leadingMultipliers.contains(text[i])
        guard
            NumeralParser.canStart(text[i]) || startsWithMultiplier
                || (signAllowed && (text[i] == "-" || text[i] == "负")),
            let first = NumeralParser.parse(
                text, at: i, allowSign: signAllowed, multiplierStart: startsWithMultiplier, multipliers: multipliers)
        else { return nil }
        if let last = text[safe: first.range.upperBound - 1],
            NumeralParser.smallUnitScalars.contains(last) || (!multipliers.isEmpty && multipliers[last] != nil),
            first.range.count > 1,
            let longer = units.longest(in: text, at: first.range.upperBound - 1),
            longer.end >= (units.longest(in: text, at: first.range.upperBound)?.end ?? 0),
            let shorter = NumeralParser.parse(text, at: i, allowSign: signAllowed, limit: first.range.upperBound - 1)
        {
            return shorter
        }
        return first
    }

    /// A quantity's value and unit before context is added.
    struct Value {
        var low: Double
        var high: Double?
        var unit: QuantityRules.Unit
        var surface: String
        var approx: Quantity.Approx?

        func match(range: Range<Int>) -> Match { Match(range: range, rule: unit.id, value: .quantity(quantity)) }

        var quantity: Quantity { Self.quantity(low: low, high: high, unit: unit, surface: surface, approx: approx) }

        /// The quantity of these fields, also for a reading's, with no value made of them (a copy of
        /// the unit and the surface, released again, for every number).
        static func quantity(
            low: Double, high: Double?, unit: QuantityRules.Unit, surface: String, approx: Quantity.Approx?
        ) -> Quantity {
            let low = rounded(low), high = high.map(rounded)
            return Quantity(
                value: high == nil ? low : nil, min: high == nil ? nil : low, max: high, unit: unit.unit,
                classifier: unit.classifier ? surface : nil, approx: approx)
        }
    }

    func unitSurface(_ text: [Unicode.Scalar], end: Int, unit: QuantityRules.Unit) -> String {
        // The form that matched ends at `end`; the longest one that does (the first of them) is it.
        // A form's last scalar is compared first: most forms (`count` has 62) end in another.
        var form: String?
        var longest = -1
        guard end > 0 else { return unit.unit }
        let last = text[end - 1]
        for (k, f) in unit.formScalars.enumerated()
        where f.last == last && f.count > longest && f.count <= end && text[(end - f.count)..<end].elementsEqual(f) {
            (form, longest) = (unit.forms[k], f.count)
        }
        return form ?? unit.unit
    }

    /// The unit at `position` that accepts this value.
    func unitAt(_ text: [Unicode.Scalar], _ position: Int, value: Double, arabic: Bool, multiplied: Bool = false)
        -> (QuantityRules.Unit, Int)?
    {
        // One space may stand between an Arabic number and its unit (3.0 公里, 共3 座).
        let at = arabic && position < text.count && text[position] == " " ? position + 1 : position
        guard let hit = units.longest(in: text, at: at) else { return nil }
        func accepted(_ index: Int) -> (QuantityRules.Unit, Int)? {
            let unit = rules.units[index]
            let takes = accepts(
                unit, value: value, arabic: arabic, multiplied: multiplied, text: text, at: at, end: hit.end)
            return takes ? (unit, hit.end) : nil
        }
        // Rules may share a form (度: electricity after 亿, a temperature after 气温): the first that accepts.
        // A form of one rule (nearly all) is asked alone, with no list made of its rule.
        guard let shared = sharedForms[hit.payload].first(where: { $0.form.elementsEqual(text[at..<hit.end]) })
        else { return accepted(hit.payload) }
        for index in shared.units { if let unit = accepted(index) { return unit } }
        return nil
    }

    /// Whether a unit takes this number: its bounds, sign, wholeness and the words around it.
    func accepts(
        _ unit: QuantityRules.Unit, value: Double, arabic: Bool, multiplied: Bool, text: [Unicode.Scalar], at: Int,
        end: Int
    ) -> Bool {
        if unit.isBlocked(in: text, at: end) || (unit.multiplied && !multiplied) { return false }
        let scaled = value * unit.factor
        if unit.integer || unit.classifier, value.rounded() != value, !(unit.half && value == 0.5) { return false }
        if value < 0, !unit.signed { return false }
        if let min = unit.min, scaled < min { return false }
        if let max = unit.max, scaled > max { return false }
        if unit.arabicOnly, !arabic { return false }
        return hasContext(unit, text, before: at)
    }

    /// A bare number right after an indicator that names its unit (户籍人口17.3万): that unit,
    /// under the indicator's rule id. Only for numbers with a multiplier or after a binding word,
    /// so a year or a code after an indicator stays bare.
    func impliedUnit(_ text: [Unicode.Scalar], numberStart: Int, end: Int, scan: Scan) -> (QuantityRules.Unit, Int)? {
        // Most numbers end in no multiplier: asked first, it spares the search for an indicator.
        guard end > numberStart, NumeralParser.bigUnitScalars.contains(text[end - 1]) else { return nil }
        let anchor = indicatorAnchor(text, numberStart: numberStart, modifierHits: scan.modifierHits)
        guard
            let hit = scan.indicatorHits.ending(in: anchor...anchor).last
                ?? scan.indicatorHits.ending(in: numberStart...numberStart).last,
            let unitName = rules.indicators[hit.payload].unit,
            var unit = rules.units.first(where: { unitName == "money" ? $0.pageCurrency : $0.unit == unitName })
        else { return nil }
        unit.id = rules.indicators[hit.payload].id
        return (unit, end)
    }

    /// Where an indicator naming a bare number's unit would end: before a qualifier and a binding
    /// or change word that stand between them (人口突破100万, 生产总值接近4500亿, 人口增加1.2万).
    func indicatorAnchor(_ text: [Unicode.Scalar], numberStart: Int, modifierHits: [(range: Range<Int>, payload: Int)])
        -> Int
    {
        var anchor = before.longestReversed(in: text, endingAt: numberStart)?.start ?? numberStart
        if let m = Self.longest(
            of: modifierHits.ending(in: anchor...anchor),
            where: { Self.bindingRoles.contains(rules.modifiers[$0.payload].role) })
        {
            anchor = m.range.lowerBound
        }
        return anchor
    }

    /// Modifiers that bind a bare number to the indicator before them.
    static let bindingRoles: Set<QuantityRules.ModifierRole> = [.verb, .increase, .decrease, .lead]

    /// A person or household noun right after a bare number is its unit (15576农户, 1800余住户); a
    /// year before a noun (2020村民代表大会) is not a count.
    func nounUnit(_ text: [Unicode.Scalar], _ num: Numeral, end: Int) -> (QuantityRules.Unit, Int)? {
        guard !(num.arabicOnly && (1900...2100).contains(num.value)), num.value.rounded() == num.value,
            !num.loneChineseDigit,
            let hit = countedNouns.longest(in: text, at: end), rules.countedNouns[hit.payload].implies,
            var unit = rules.units.first(where: { $0.unit == rules.countedNouns[hit.payload].unit })
        else { return nil }
        unit.id = rules.countedNouns[hit.payload].id
        unit.classifier = false
        return (unit, hit.end)
    }

    /// What a classifier that lets its noun decide counts (230个志愿者 → person, 11000个长者户 →
    /// household): the counted noun ending last in the few words after it, within the clause.
    func countedUnit(_ text: [Unicode.Scalar], after end: Int) -> (QuantityRules.Unit, end: Int)? {
        var e = end
        while e < text.count, e - end < 7, text[e].isHan || Punctuation.nameQuotes.contains(text[e]),
            !Self.stopAfterCount.contains(text[e]), !NumeralParser.isNumeralScalar(text[e]), text[e] != "或"
        {
            e += 1
        }
        // Phrase-ending words may run past the window (志愿者参与: 与 stops it).
        let hits = countedNouns.all(in: text, range: end..<min(text.count, e + 3))
        func endsPhrase(_ position: Int) -> Bool {
            position == e
                || hits.contains { $0.range.lowerBound == position && rules.countedNouns[$0.payload].endsPhrase }
        }
        guard
            let hit = hits.filter({
                !rules.countedNouns[$0.payload].endsPhrase && $0.range.upperBound <= e
                    && endsPhrase($0.range.upperBound)
            })
            .max(by: { ($0.range.upperBound, $0.range.count) < ($1.range.upperBound, $1.range.count) }),
            case let noun = rules.countedNouns[hit.payload], noun.unit != "count",
            var unit = rules.units.first(where: { $0.unit == noun.unit })
        else { return nil }
        unit.id = noun.id
        unit.classifier = true
        // The noun joins the quantity (230多个“红管家”), with the quote that closes it.
        let closes =
            hit.range.upperBound < text.count && text[hit.range.upperBound] == "”"
            && text[end..<hit.range.upperBound].contains("“")
        return (unit, closes ? hit.range.upperBound + 1 : hit.range.upperBound)
    }

    /// 三分之一 with no unit after it: a share, as a percentage (33.33…%).
    func fractionUnit(_ num: Numeral, end: Int) -> (QuantityRules.Unit, Int)? {
        guard num.fraction, let unit = rules.units.first(where: { $0.written == .fraction }) else { return nil }
        return (unit, end)
    }

    /// 百分之三十, 千分之五, 万分之三: a unit written before its number.
    func fraction(_ text: [Unicode.Scalar], at i: Int) -> Match? {
        guard let hit = prefixUnits.longest(in: text, at: i),
            let num = NumeralParser.parse(text, at: hit.end, allowSign: false)
        else { return nil }
        let unit = rules.units[hit.payload]
        // Only a classifier is kept: no string is made of the prefix of a share (百分之).
        let prefix = unit.classifier ? String(scalars: text[i..<hit.end]) : ""
        let qualifier = before.longestReversed(in: text, endingAt: i)
        let value = Value(
            low: num.value * unit.factor, high: nil, unit: unit, surface: prefix,
            approx: qualifier.map { rules.qualifiers[$0.payload].approx })
        let range = (qualifier?.start ?? i)..<num.range.upperBound
        return value.match(range: range)
    }

    /// Positions inside an excluded context (ICP numbers, phone numbers, idioms).
    func excludedMask(_ text: [Unicode.Scalar], lexicons: LexiconHits = .none) -> [Bool] {
        var mask = [Bool](repeating: false, count: text.count)
        guard !rules.exclusions.isEmpty, !text.isEmpty else { return mask }
        // Most texts hold none of the words the patterns need: no UTF-16, no offsets to build.
        let may = exclusionFilter.candidates(in: text, lexicons: lexicons)
        guard may.contains(where: { !$0.isEmpty }) else { return mask }
        // Patterns count UTF-16 units: the text is written in them once for all the patterns and,
        // when some scalar takes two units, with the scalar offset of every unit.
        let (units, scalarAt) = Self.utf16WithOffsets(text)
        func scalar(_ unit: Int) -> Int { scalarAt?[unit] ?? unit }
        units.withUnsafeBufferPointer { buffer in
            for (i, rule) in rules.exclusions.enumerated() where !may[i].isEmpty {
                for r in rule.pattern.matchRanges(inUTF16: buffer, branches: may[i]) where r.length > 0 {
                    for k in scalar(r.location)..<scalar(r.location + r.length) { mask[k] = true }
                }
            }
        }
        return mask
    }

    /// `text` in UTF-16, and the scalar offset of every unit (one past the end too), written
    /// straight into their buffers: appending unit by unit cost more than the patterns' search.
    /// No offsets (nil) when every scalar is one unit, as nearly every text's are: a unit's offset
    /// is then its own.
    static func utf16WithOffsets(_ text: [Unicode.Scalar]) -> (units: [UInt16], scalarAt: [Int]?) {
        if let units = bmpUnits(text) { return (units, nil) }
        let count = text.withUnsafeBufferPointer { scalars in
            var count = scalars.count
            for s in scalars where s.value > 0xFFFF { count += 1 }
            return count
        }
        let units = [UInt16](unsafeUninitializedCapacity: count) { units, written in
            var k = 0
            for s in text {
                if s.value <= 0xFFFF {
                    units[k] = UInt16(truncatingIfNeeded: s.value)
                    k += 1
                } else {
                    (units[k], units[k + 1]) = (UTF16.leadSurrogate(s), UTF16.trailSurrogate(s))
                    k += 2
                }
            }
            written = k
        }
        let scalarAt = [Int](unsafeUninitializedCapacity: count + 1) { offsets, written in
            var k = 0
            for (i, s) in text.enumerated() {
                offsets[k] = i
                k += 1
                if s.value > 0xFFFF {
                    offsets[k] = i
                    k += 1
                }
            }
            offsets[k] = text.count
            written = k + 1
        }
        return (units, scalarAt)
    }

    /// The UTF-16 of a text whose every scalar is one unit: each scalar's value, cut to 16 bits; nil
    /// when some scalar takes two. Told in the same pass, with no branch: the bits above 16 of every
    /// scalar are gathered as the units are written.
    static func bmpUnits(_ text: [Unicode.Scalar]) -> [UInt16]? {
        var above: UInt32 = 0
        let units = text.withUnsafeBufferPointer { scalars in
            [UInt16](unsafeUninitializedCapacity: scalars.count) { units, written in
                for k in scalars.indices {
                    above |= scalars[k].value >> 16
                    units[k] = UInt16(truncatingIfNeeded: scalars[k].value)
                }
                written = scalars.count
            }
        }
        return above == 0 ? units : nil
    }

}

/// Products like 8.8 × 10000 land a hair off the decimal value; twelve significant digits hold
/// every value a page writes.
func rounded(_ value: Double) -> Double { roundedToSignificant(value, digits: 12) }
