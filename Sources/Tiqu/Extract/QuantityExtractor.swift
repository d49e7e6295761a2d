import Foundation

/// Finds numbers with units, and the dates and ranks that look like them.
///
/// Layers, each small: a numeral (`NumeralParser`), a range (`3-5万`), qualifiers before and after
/// (`近`, `余`, `左右`), a unit from the unit lexicon (`人`, `平方公里`, `%`), then what the number
/// measures: the nearest indicator in its clause, else the words bound to it, its change and basis,
/// the period its sentence states, and `per` for rates. Numbers followed by 年/月/日 become dates,
/// numbers after 第 become ranks, and numbers inside an excluded context are nothing.
public struct QuantityExtractor: Extractor {
    let rules: QuantityRules
    let units: Lexicon<Int>
    let before: Lexicon<Int>
    let afterNumber: Lexicon<Int>
    let afterUnit: Lexicon<Int>
    let indicators: Lexicon<Int>
    let modifiers: Lexicon<Int>

    public init(rules book: RuleBook) {
        rules = book.quantity
        units = Lexicon(rules.units.enumerated().flatMap { i, u in u.forms.map { ($0, i) } })
        before = Lexicon(rules.qualifiers.enumerated().flatMap { i, q in q.before.map { (String($0.reversed()), i) } })
        afterNumber = Lexicon(rules.qualifiers.enumerated().flatMap { i, q in q.afterNumber.map { ($0, i) } })
        afterUnit = Lexicon(rules.qualifiers.enumerated().flatMap { i, q in q.afterUnit.map { ($0, i) } })
        indicators = Lexicon(rules.indicators.enumerated().flatMap { i, ind in ind.forms.map { ($0, i) } })
        modifiers = Lexicon(rules.modifiers.enumerated().flatMap { i, m in m.forms.map { ($0, i) } })
    }

    /// Words before a yearless date that move it off the document's year.
    static let relativeYears: [String: Int] = ["去年": -1, "前年": -2, "明年": 1, "后年": 2]

    /// Separators of a range: 3-5万, 3至5万, 10～15万 (folded to ~).
    static let rangeSeparators: Set<Unicode.Scalar> = ["-", "~", "至", "到", "—", "–"]
    /// Where a clause ends: the attribute of a number is looked for after the last of these.
    static let clauseBreaks: Set<Unicode.Scalar> = [",", "，", "。", ";", "；", ":", "：", "!", "?", "\n", "(", ")", "、", "“", "”"]

    struct Found {
        var range: Range<Int>
        var match: Match
    }

    public func matches(in analysis: Analysis, earlier: [Match]) -> [Match] {
        let text = analysis.map.folded
        let n = text.count
        let excluded = excludedMask(text)
        let indicatorHits = indicators.all(in: text)
        let modifierHits = modifiers.all(in: text)
        var found: [Found] = []
        var dates: [Found] = []
        var i = 0
        var steps = 0
        while i < n {
            steps += 1
            if steps & 1023 == 0, analysis.expired { break }
            if excluded[i] { i += 1; continue }
            let previous: Unicode.Scalar? = i > 0 ? text[i - 1] : nil
            // Inside a word of letters or digits (V3, G20, MP4) a number is a code.
            if let p = previous, p.properties.isAlphabetic && p.isASCII || NumeralParser.isASCIIDigit(p) && NumeralParser.isASCIIDigit(text[i]) {
                i += 1; continue
            }
            if let fraction = fraction(text, at: i) {
                let finished = finish(fraction, text: text, analysis: analysis, indicatorHits: indicatorHits, modifierHits: modifierHits, dates: dates, previous: found)
                found.append(finished)  // a separate statement: appending while `found` is an argument would copy it
                i = fraction.range.upperBound
                continue
            }
            let signAllowed = previous.map { !NumeralParser.isNumeralScalar($0) } ?? true
            guard NumeralParser.canStart(text[i]) || (signAllowed && (text[i] == "-" || text[i] == "负")),
                  var first = NumeralParser.parse(text, at: i, allowSign: signAllowed) else { i += 1; continue }
            // 万千瓦时: a multiplier that begins the unit (千瓦, 千米, 千克) belongs to the unit.
            if let last = text[safe: first.range.upperBound - 1], NumeralParser.smallUnits[last] != nil, first.range.count > 1,
               let longer = units.longest(in: text, at: first.range.upperBound - 1),
               longer.end >= (units.longest(in: text, at: first.range.upperBound)?.end ?? 0),
               let shorter = NumeralParser.parse(text, at: i, allowSign: signAllowed, limit: first.range.upperBound - 1) {
                first = shorter
            }
            if let p = previous, NumeralParser.isNumeralScalar(p), !NumeralParser.isASCIIDigit(text[i]) { i = first.range.upperBound; continue }
            // 第4, 第11位: a rank.
            if previous == "第" {
                var end = first.range.upperBound
                if end < n, text[end] == "位" || text[end] == "名" { end += 1 }
                found.append(Found(range: (i - 1)..<end, match: Match(kind: .ranks, range: (i - 1)..<end, rule: "ranks/ordinal",
                                                                                       fields: [("value", .double(first.value))], summary: format(first.value))))
                i = end
                continue
            }
            if let date = date(text, first) {
                dates.append(date)
                found.append(date)
                i = date.range.upperBound
                continue
            }
            // A range: 3-5万人, 2万至3万人; the second number lends its multiplier to the first.
            var low = first.value, high: Double?
            var end = first.range.upperBound
            if end + 1 < n, Self.rangeSeparators.contains(text[end]), let second = NumeralParser.parse(text, at: end + 1, allowSign: false),
               second.value > (first.scale == 1 && second.scale > 1 ? first.value * second.scale : first.value) {
                if first.scale == 1 && second.scale > 1 && first.value * second.scale < second.value { low = first.value * second.scale }
                high = second.value
                end = second.range.upperBound
                if let d = date(text, second), d.range.lowerBound == second.range.lowerBound {
                    // 1-9月: a period of dates, not a quantity.
                    let period = Found(range: first.range.lowerBound..<d.range.upperBound,
                                       match: Match(kind: .dates, range: first.range.lowerBound..<d.range.upperBound, rule: "dates/period",
                                                    fields: [("value", .string(periodValue(first.value, d)))], summary: periodValue(first.value, d)))
                    dates.append(period)
                    found.append(period)
                    i = d.range.upperBound
                    continue
                }
            }
            var approx: QuantityRules.Approx? = first.moreThan ? .more_than : nil
            if let q = afterNumber.longest(in: text, at: end) {
                approx = rules.qualifiers[q.payload].approx
                end = q.end
            }
            guard let (unit, unitEnd) = unitAt(text, end, value: (high ?? low), arabic: first.arabicOnly || first.integerDigits > 0)
                    ?? impliedUnit(text, numberStart: first.range.lowerBound, end: end, indicatorHits: indicatorHits)
                    ?? fractionUnit(first, end: end) else {
                i = max(first.range.upperBound, i + 1)
                continue
            }
            end = unitEnd
            if let q = afterUnit.longest(in: text, at: end) {
                approx = approx ?? rules.qualifiers[q.payload].approx
                end = q.end
            }
            var start = first.range.lowerBound
            if let q = before.longestReversed(in: text, endingAt: start) {
                approx = approx ?? rules.qualifiers[q.payload].approx
                start = q.start
            }
            let quantity = Quantity(low: low * unit.factor, high: high.map { $0 * unit.factor }, unit: unit, surface: unitSurface(text, end: unitEnd, unit: unit), approx: approx)
            let finished = finish(Found(range: start..<end, match: quantity.match(range: start..<end)),
                                  text: text, analysis: analysis, indicatorHits: indicatorHits, modifierHits: modifierHits, dates: dates, previous: found)
            found.append(finished)
            i = end
        }
        found += tableQuantities(analysis, taken: Set(found.flatMap { Array($0.range) }), indicatorHits: indicatorHits)
        guard let year = analysis.year else { return found.map(\.match) }
        return found.map { f in
            // 去年九月份: a month of the year before the document's.
            let before = f.range.lowerBound >= 2 ? String(String.UnicodeScalarView(text[(f.range.lowerBound - 2)..<f.range.lowerBound])) : ""
            return f.match.dated(year + (Self.relativeYears[before] ?? 0))
        }
    }

    /// A quantity's value and unit before context is added.
    struct Quantity {
        var low: Double
        var high: Double?
        var unit: QuantityRules.Unit
        var surface: String
        var approx: QuantityRules.Approx?

        func match(range: Range<Int>) -> Match {
            let low = rounded(self.low), high = self.high.map(rounded)
            let value: JSON = high == nil ? .double(low) : .null
            var summary = high.map { "\(format(low))-\(format($0)) \(unit.unit)" } ?? "\(format(low)) \(unit.unit)"
            if let approx { summary += " \(approx.rawValue)" }
            return Match(kind: .quantities, range: range, rule: unit.id, fields: [
                ("value", value), ("min", high == nil ? .null : .double(low)), ("max", high.map(JSON.double) ?? .null),
                ("unit", .string(unit.unit)), ("classifier", unit.classifier ? .string(surface) : .null),
                ("approx", .optional(approx?.rawValue)),
            ], summary: summary)
        }
    }

    func unitSurface(_ text: [Unicode.Scalar], end: Int, unit: QuantityRules.Unit) -> String {
        // The form that matched ends at `end`; the longest one that does is it.
        let form = unit.forms.filter { f in
            let s = Array(f.unicodeScalars)
            return end >= s.count && Array(text[(end - s.count)..<end]) == s
        }.max { $0.unicodeScalars.count < $1.unicodeScalars.count }
        return form ?? unit.unit
    }

    /// The unit at `position` that accepts this value.
    func unitAt(_ text: [Unicode.Scalar], _ position: Int, value: Double, arabic: Bool) -> (QuantityRules.Unit, Int)? {
        // One space may stand between an Arabic number and its unit (3.0 公里, 共3 座).
        let at = arabic && position < text.count && text[position] == " " ? position + 1 : position
        guard let hit = units.longest(in: text, at: at) else { return nil }
        let unit = rules.units[hit.payload]
        let scaled = value * unit.factor
        if unit.integer || unit.classifier, value.rounded() != value { return nil }
        if value < 0, !unit.signed { return nil }
        if let min = unit.min, scaled < min { return nil }
        if let max = unit.max, scaled > max { return nil }
        if unit.arabicOnly, !arabic { return nil }
        return (unit, hit.end)
    }

    /// A bare number right after an indicator that names its unit (户籍人口17.3万): that unit,
    /// under the indicator's rule id. Only for numbers with a multiplier or after a binding word,
    /// so a year or a code after an indicator stays bare.
    func impliedUnit(_ text: [Unicode.Scalar], numberStart: Int, end: Int, indicatorHits: [(range: Range<Int>, payload: Int)]) -> (QuantityRules.Unit, Int)? {
        guard let hit = indicatorHits.ending(in: numberStart...numberStart).last,
              let unitName = rules.indicators[hit.payload].unit,
              var unit = rules.units.first(where: { $0.unit == unitName }) else { return nil }
        guard end > numberStart, NumeralParser.bigUnits[text[end - 1]] != nil else { return nil }
        unit.id = rules.indicators[hit.payload].id
        return (unit, end)
    }

    /// 三分之一 with no unit after it: a share, as a percentage (33.33…%).
    func fractionUnit(_ num: Numeral, end: Int) -> (QuantityRules.Unit, Int)? {
        guard num.fraction, var unit = rules.units.first(where: { $0.unit == "percent" }) else { return nil }
        unit.id = "units/fraction"
        unit.factor = 100
        return (unit, end)
    }

    /// 百分之三十, 千分之五, 三分之一, 三成: numbers that are already a ratio.
    func fraction(_ text: [Unicode.Scalar], at i: Int) -> Found? {
        func has(_ word: String, at p: Int) -> Bool {
            let w = Array(word.unicodeScalars)
            return p + w.count <= text.count && Array(text[p..<(p + w.count)]) == w
        }
        for (prefix, unitName, id, factor) in [("百分之", "percent", "units/percent-words", 1.0), ("千分之", "permille", "units/permille-words", 1),
                                               ("仟分之", "permille", "units/permille-words", 1), ("万分之", "percent", "units/per-ten-thousand", 0.01)] where has(prefix, at: i) {
            guard let num = NumeralParser.parse(text, at: i + 3, allowSign: false) else { return nil }
            let unit = rules.units.first { $0.unit == unitName } ?? QuantityRules.Unit(id: id, unit: unitName, forms: [], factor: 1, classifier: false, integer: false, min: nil, max: nil, arabicOnly: false)
            var q = Quantity(low: num.value * factor, high: nil, unit: unit, surface: prefix, approx: nil)
            q.unit.id = id
            return Found(range: i..<num.range.upperBound, match: q.match(range: i..<num.range.upperBound))
        }
        return nil
    }

    /// 2020年, 1997年1月, 2020年12月22日, 10月4日, 2020-12-22: dates, not quantities.
    func date(_ text: [Unicode.Scalar], _ num: Numeral) -> Found? {
        let n = text.count
        var end = num.range.upperBound
        guard end < n, num.value.rounded() == num.value, num.value > 0, num.value < 10_000 else { return nil }
        let v = Int(num.value)
        var year: Int?, month: Int?, day: Int?
        func number(at p: Int) -> Numeral? { p < n ? NumeralParser.parse(text, at: p, allowSign: false) : nil }
        let looksLikeYear = (num.integerDigits == 4 || (!num.arabicOnly && num.scale == 1 && num.value >= 1000)) && (1000...2100).contains(v)
        if looksLikeYear, text[end] == "-" || text[end] == "/" || text[end] == ".", let m = number(at: end + 1), (1...12).contains(whole(m.value)), m.value.rounded() == m.value {
            // ISO-like: 2020-12-22, 2019/11/25, 2019.09
            year = v; month = whole(m.value); end = m.range.upperBound
            if end < n, text[end] == text[num.range.upperBound], let d = number(at: end + 1), (1...31).contains(whole(d.value)) { day = whole(d.value); end = d.range.upperBound }
        } else if looksLikeYear, text[end] == "年" {
            year = v; end += 1
            if end < n, text[end] == "度" { end += 1 }
            if let m = number(at: end), end < n, m.range.upperBound < n, text[m.range.upperBound] == "月", (1...12).contains(whole(m.value)) {
                month = whole(m.value); end = m.range.upperBound + 1
                if let d = number(at: end), d.range.upperBound < n, text[d.range.upperBound] == "日" || text[d.range.upperBound] == "号", (1...31).contains(whole(d.value)) {
                    day = whole(d.value); end = d.range.upperBound + 1
                }
            }
        } else if text[end] == "月", (1...12).contains(v) {
            month = v; end += 1
            if end < n, text[end] == "份" { end += 1 }
            if let d = number(at: end), d.range.upperBound < n, text[d.range.upperBound] == "日" || text[d.range.upperBound] == "号", (1...31).contains(whole(d.value)) {
                day = whole(d.value); end = d.range.upperBound + 1
            }
        } else if text[end] == "日" || text[end] == "号", (1...31).contains(v), num.arabicOnly {
            day = v; end += 1
        } else {
            return nil
        }
        var value = year.map { String(format: "%04d", $0) } ?? "-"
        if let month { value += String(format: "-%02d", month) } else if year == nil { value += "-" }
        if let day { value += String(format: "-%02d", day) }
        let range = num.range.lowerBound..<end
        return Found(range: range,
                     match: Match(kind: .dates, range: range, rule: "dates/calendar", fields: [("value", .string(value))], summary: value))
    }

    /// A small whole number as an Int, or 0 (which no calendar field accepts) for anything else.
    func whole(_ v: Double) -> Int { v.rounded() == v && v >= 0 && v < 10_000 ? Int(v) : 0 }

    func periodValue(_ from: Double, _ to: Found) -> String {
        let toValue = to.match.summary
        // 1-9月 → --01/--09 (months of the document's year).
        if toValue.hasPrefix("--"), toValue.count == 4 { return String(format: "--%02d/", whole(from)) + toValue }
        return "\(format(from))/\(toValue)"
    }

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
        } else if f.match.fields.contains(where: { $0.0 == "classifier" && $0.1 != .null }) {
            // A count names what it counts after its classifier (11个社区), or else before it.
            attribute = countedNoun(text, after: f.range.upperBound) ?? boundWords(text, before: start, clauseStart: clauseStart, mods: mods)
        } else {
            attribute = boundWords(text, before: start, clauseStart: clauseStart, mods: mods)
        }
        let period = dates.reversed().lazy.prefix { $0.range.upperBound > sentenceStart }.first { $0.range.lowerBound >= sentenceStart && $0.range.upperBound <= start }
            .map { String(String.UnicodeScalarView(analysis.map.original[analysis.map.originalRange($0.range)])) }

        f.match.fields += [("attribute", .optional(attribute)), ("change", .optional(change)), ("basis", .optional(basis)),
                           ("period", .optional(period)), ("per", .optional(per))]
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
        while s > clauseStart, LineClassifier.isHan(text[s - 1]) { s -= 1 }
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
        while e < text.count, e - end < 6, LineClassifier.isHan(text[e]), !Self.stopAfterCount.contains(text[e]) { e += 1 }
        guard e - end >= 2 else { return nil }
        return String(String.UnicodeScalarView(text[end..<e]))
    }

    static let stopAfterCount: Set<Unicode.Scalar> = ["的", "为", "对", "在", "和", "及", "与", "并", "全", "都", "已", "是", "被", "由", "将", "均", "共", "实", "进", "完", "开", "提", "成", "等"]

    /// Positions inside an excluded context (ICP numbers, phone numbers, idioms).
    func excludedMask(_ text: [Unicode.Scalar]) -> [Bool] {
        var mask = [Bool](repeating: false, count: text.count)
        guard !rules.exclusions.isEmpty else { return mask }
        let string = String(String.UnicodeScalarView(text))
        // Patterns count UTF-16 units; map them back to scalar offsets.
        var scalarAt = [Int](); scalarAt.reserveCapacity(string.utf16.count + 1)
        for (i, s) in text.enumerated() { scalarAt.append(i); if s.value > 0xFFFF { scalarAt.append(i) } }
        scalarAt.append(text.count)
        for rule in rules.exclusions {
            for m in rule.pattern.matches(in: string) where m.range.length > 0 {
                for k in scalarAt[m.range.location]..<scalarAt[m.range.location + m.range.length] { mask[k] = true }
            }
        }
        return mask
    }

    /// Bare numbers in table rows, with the unit the table declares: a row's own `(户)` cell, a
    /// column header `金额（亿元）`, or a `单位：万元` line before the table.
    func tableQuantities(_ analysis: Analysis, taken: Set<Int>, indicatorHits: [(range: Range<Int>, payload: Int)]) -> [Found] {
        let text = analysis.map.folded
        var found: [Found] = []
        var tableUnit: (QuantityRules.Unit, String)?
        var columnUnits: [Int: (QuantityRules.Unit, String)] = [:]
        var columnNames: [Int: String] = [:]
        var previousWasRow = false
        for block in analysis.blocks {
            let line = Array(text[block.range])
            let lineString = String(String.UnicodeScalarView(line))
            if let declared = declaredUnit(lineString) { tableUnit = declared }
            guard block.kind == .tableRow else {
                if previousWasRow { tableUnit = nil; columnUnits = [:]; columnNames = [:] }
                previousWasRow = false
                continue
            }
            var cells: [(range: Range<Int>, text: String)] = []
            var cellStart = block.range.lowerBound
            for k in block.range.lowerBound...block.range.upperBound where k == block.range.upperBound || text[k] == "\t" {
                cells.append((cellStart..<k, String(String.UnicodeScalarView(text[cellStart..<k]))))
                cellStart = k + 1
            }
            let numericCells = cells.filter { Self.isNumberCell($0.text) }
            if numericCells.isEmpty {
                // A header row: column names and units.
                for (c, cell) in cells.enumerated() {
                    columnNames[c] = Self.withoutParenthesis(cell.text)
                    if let u = parenthesizedUnit(cell.text) { columnUnits[c] = u }
                }
                previousWasRow = true
                continue
            }
            let rowUnit = cells.lazy.compactMap { self.parenthesizedUnit($0.text) }.first
            let rowName = cells.first.map { Self.withoutParenthesis($0.text) }.flatMap { Self.isNumberCell($0) ? nil : $0 }
            for (c, cell) in cells.enumerated() where Self.isNumberCell(cell.text) {
                guard let (unit, surface) = rowUnit ?? columnUnits[c] ?? tableUnit else { continue }
                var k = cell.range.lowerBound
                while k < cell.range.upperBound {
                    guard let num = NumeralParser.parse(text, at: k), num.range.upperBound <= cell.range.upperBound else { k += 1; continue }
                    let r = num.range
                    if !r.contains(where: taken.contains) {
                        var q = Quantity(low: num.value * unit.factor, high: nil, unit: unit, surface: surface, approx: nil).match(range: r)
                        q.rule = "tables/" + unit.id.split(separator: "/").last.map(String.init)!
                        q.fields += [("attribute", .optional(rowName ?? columnNames[c])), ("change", .null), ("basis", .null), ("period", columnNames[c].map(JSON.string) ?? .null), ("per", .null)]
                        found.append(Found(range: r, match: q))
                    }
                    k = r.upperBound
                }
            }
            previousWasRow = true
        }
        return found
    }

    static func isNumberCell(_ cell: String) -> Bool {
        let t = cell.trimmingCharacters(in: .whitespaces)
        return !t.isEmpty && t.unicodeScalars.allSatisfy { NumeralParser.isASCIIDigit($0) || $0 == "." || $0 == "," || $0 == " " || $0 == "-" }
            && t.unicodeScalars.contains(where: NumeralParser.isASCIIDigit)
    }

    static func withoutParenthesis(_ cell: String) -> String {
        var t = cell
        if let open = t.firstIndex(where: { $0 == "(" || $0 == "（" }) { t = String(t[..<open]) }
        return t.trimmingCharacters(in: .whitespaces)
    }

    /// `(户)`, `金额（亿元）`, `(万元)`: the unit named in parentheses, with its multiplier.
    func parenthesizedUnit(_ cell: String) -> (QuantityRules.Unit, String)? {
        guard let open = cell.lastIndex(where: { $0 == "(" }), let close = cell.lastIndex(of: ")"), open < close else { return nil }
        return unitNamed(String(cell[cell.index(after: open)..<close]))
    }

    /// `单位：万元`, `单位:人、%`: a table-wide unit (the first one named).
    func declaredUnit(_ line: String) -> (QuantityRules.Unit, String)? {
        guard let r = line.range(of: "单位") else { return nil }
        let rest = line[r.upperBound...].drop { $0 == ":" || $0 == "：" || $0 == " " }
        let first = rest.prefix { $0 != "、" && $0 != "," && $0 != ")" && $0 != " " && $0 != "；" }
        return unitNamed(String(first))
    }

    func unitNamed(_ name: String) -> (QuantityRules.Unit, String)? {
        var scalars = Array(name.trimmingCharacters(in: .whitespaces).unicodeScalars)
        var multiplier = 1.0
        while let first = scalars.first, let m = NumeralParser.bigUnits[first] ?? NumeralParser.smallUnits[first] {
            multiplier *= m
            scalars.removeFirst()
        }
        guard !scalars.isEmpty, let hit = units.longest(in: scalars, at: 0), hit.end == scalars.count else { return nil }
        var unit = rules.units[hit.payload]
        unit.factor *= multiplier
        unit.integer = false
        return (unit, String(String.UnicodeScalarView(scalars)))
    }
}

/// Products like 8.8 × 10000 land a hair off the decimal value; twelve significant digits hold
/// every value a page writes.
func rounded(_ value: Double) -> Double { Double(String(format: "%.12g", value)) ?? value }

/// A number as a summary shows it: no trailing `.0`, at most 10 significant decimals.
func format(_ value: Double) -> String {
    if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
    var s = String(format: "%.10f", value)
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s
}

extension Array where Element == (range: Range<Int>, payload: Int) {
    /// The hits whose end lies in `ends`, for hits sorted by end (as `Lexicon.all` returns them).
    func ending(in ends: ClosedRange<Int>) -> ArraySlice<Element> {
        func firstIndex(endAtLeast x: Int) -> Int {
            var lo = 0, hi = count
            while lo < hi {
                let mid = (lo + hi) / 2
                if self[mid].range.upperBound < x { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        return self[firstIndex(endAtLeast: ends.lowerBound)..<firstIndex(endAtLeast: ends.upperBound + 1)]
    }
}

extension Array where Element == Sentence {
    /// The sentence whose folded span holds `position` (sentences are in order).
    func containing(_ position: Int) -> Sentence? {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid].folded.upperBound <= position { lo = mid + 1 } else { hi = mid }
        }
        return lo < count && self[lo].folded.contains(position) ? self[lo] : nil
    }
}

extension Match {
    /// A yearless date (`--09`, `--01/--09`) placed in the document's year; other facts unchanged.
    func dated(_ year: Int) -> Match {
        guard kind == .dates, summary.hasPrefix("--") else { return self }
        let value = summary.split(separator: "/").map { part in
            part.hasPrefix("--") && part.dropFirst(2).first?.isNumber == true ? String(format: "%04d", year) + part.dropFirst(1) : String(part)
        }.joined(separator: "/")
        var m = self
        m.fields = fields.map { $0.0 == "value" ? ("value", .string(value)) : $0 } + [("year_from", .string("published"))]
        m.summary = value
        return m
    }
}
