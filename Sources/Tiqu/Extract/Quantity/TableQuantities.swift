import Foundation

/// Numbers in tables, whose units sit in headers and `单位：` lines rather than after the number.
extension QuantityExtractor {
    typealias NamedUnit = (QuantityRules.Unit, String)

    /// What the table read so far declares: a unit for all of it, and a name and unit per column.
    struct TableHeader {
        var unit: NamedUnit?
        var columnUnits: [Int: NamedUnit] = [:]
        var columnNames: [Int: String] = [:]
        /// Columns headed by a count of people or households alone (`人口`): read for whole numbers only.
        var countColumns: Set<Int> = []
        /// How many cells the header row has.
        var width = 0
    }

    /// Bare numbers in table rows, with the unit the table declares: a row's own `(户)` cell, a
    /// column header `金额（亿元）`, or a `单位：万元` line before the table; none inside the spans
    /// the scan already took (`taken`, per position of the text).
    func tableQuantities(_ analysis: Analysis, taken: [Bool], indicatorHits: [(range: Range<Int>, payload: Int)])
        -> [Match]
    {
        let text = analysis.map.folded
        // A unit line says something only to the table rows after it: on a page with none, nothing
        // to read, and after the last row nothing more.
        guard let lastRow = analysis.blocks.lastIndex(where: { $0.kind == .tableRow }) else { return [] }
        var found: [Match] = []
        var header = TableHeader()
        var previousWasRow = false
        for block in analysis.blocks[...lastRow] {
            if let declared = declaredUnit(in: text[block.range]) { header.unit = declared }
            guard block.kind == .tableRow else {
                if previousWasRow { header = TableHeader() }
                previousWasRow = false
                continue
            }
            previousWasRow = true
            let cells = Self.cells(text, block.range)
            guard cells.contains(where: \.isNumber) else {
                // A header row: column names and units. A lone label (`其中:开发区`) heads a section, not columns.
                guard cells.count >= 2 else { continue }
                for (c, cell) in cells.enumerated() {
                    let name = Self.withoutParenthesis(String(scalars: text[cell.range]))
                    header.columnNames[c] = name
                    // Read off the text's scalars, and only in a cell that may name a unit.
                    if Self.mayNameUnit(text[cell.range]), let u = parenthesizedUnit(in: text[cell.range]) {
                        header.columnUnits[c] = u
                    } else if let u = countedUnit(header: name) {
                        header.columnUnits[c] = u
                        header.countColumns.insert(c)
                    }
                }
                header.width = cells.count
                continue
            }
            found += rowQuantities(
                text, cells: cells, header: header, taken: taken, columns: Self.columns(of: cells, header: header))
        }
        return found
    }

    /// A table row's cell: its span, and whether it holds a number alone (`isNumberCell`), asked
    /// of every cell more than once. Its text is made only where a cell is read as words.
    struct Cell {
        var range: Range<Int>
        var isNumber: Bool
    }

    /// A table row's cells (tab-separated).
    static func cells(_ text: [Unicode.Scalar], _ row: Range<Int>) -> [Cell] {
        var cells: [Cell] = []
        // Counted first: a row of a dozen cells would grow its list four times.
        cells.reserveCapacity(text[row].count { $0 == "\t" } + 1)
        var cellStart = row.lowerBound
        for k in row.lowerBound...row.upperBound where k == row.upperBound || text[k] == "\t" {
            cells.append(Cell(range: cellStart..<k, isNumber: isNumberCell(text[cellStart..<k])))
            cellStart = k + 1
        }
        return cells
    }

    /// The numbers of a data row, each with the row's unit, else its column's, else the table's;
    /// named by the row's first cell, else its column.
    /// The header column of each cell (-1: none). A row longer than its header holds several rows a scrape
    /// ran together (`4326 | 5.5 | 4326 | 5.5 | 其中:规模以上 | 501 | 7.1 | …`): each run of numbers as
    /// long as the header's last unit-bearing columns is read against those columns.
    static func columns(of cells: [Cell], header: TableHeader) -> [Int] {
        let identity = Array(cells.indices)
        guard header.width >= 2, cells.count > header.width else { return identity }
        // Longer than its header: never read cell by cell against columns it does not have.
        let none = Array(repeating: -1, count: cells.count)
        guard let lastUnit = header.columnUnits.keys.max() else { return none }
        var runs: [Range<Int>] = []
        var start: Int?
        for (i, cell) in cells.enumerated() {
            if cell.isNumber {
                start = start ?? i
            } else if let s = start {
                runs.append(s..<i)
                start = nil
            }
        }
        if let s = start { runs.append(s..<cells.count) }
        let lengths = Dictionary(grouping: runs.map(\.count), by: { $0 }).mapValues(\.count)
        // The most frequent run length; a tie goes to the longer (a Dictionary's order differs run to run).
        guard let k = lengths.max(by: { ($0.value, $0.key) < ($1.value, $1.key) })?.key, k >= 2, lastUnit + 1 >= k
        else { return none }
        var columns = none
        for run in runs where run.count == k {
            for (j, i) in run.enumerated() { columns[i] = lastUnit + 1 - k + j }
        }
        return columns
    }

    func rowQuantities(
        _ text: [Unicode.Scalar], cells: [Cell], header: TableHeader, taken: [Bool], columns: [Int]
    ) -> [Match] {
        var rowUnit: (QuantityRules.Unit, String)?
        // A loop, not a lazy map: its closure would copy the extractor and its tables.
        for cell in cells where rowUnit == nil && Self.mayNameUnit(text[cell.range]) {
            rowUnit = parenthesizedUnit(in: text[cell.range])
        }
        // Made only for a row that holds a quantity.
        lazy var rowName = cells.first.map { Self.withoutParenthesis(String(scalars: text[$0.range])) }.flatMap {
            Self.isNumberCell($0.unicodeScalars) ? nil : $0
        }
        var found: [Match] = []
        for (i, cell) in cells.enumerated() where cell.isNumber && columns[i] >= 0 {
            let c = columns[i]
            // A table-wide unit (单位：万人) comes before a column's that only its header's name gives.
            let column = header.countColumns.contains(c) ? header.unit ?? header.columnUnits[c] : header.columnUnits[c]
            guard let (unit, surface) = rowUnit ?? column ?? header.unit else { continue }
            var k = cell.range.lowerBound
            while k < cell.range.upperBound {
                guard let num = NumeralParser.parse(text, at: k), num.range.upperBound <= cell.range.upperBound else {
                    k += 1
                    continue
                }
                // 023 in a cell is a code or a file number, never a quantity.
                let code = num.integerDigits > 1 && text[num.range.lowerBound] == "0"
                // 12.5 under 人口 is in some multiplier the header does not name: no count.
                let fraction = header.unit == nil && header.countColumns.contains(c) && num.value.rounded() != num.value
                if !code, !fraction, !num.range.contains(where: { taken[$0] }) {
                    var quantity = Value.quantity(
                        low: num.value * unit.factor, high: nil, unit: unit, surface: surface, approx: nil)
                    (quantity.attribute, quantity.period) = (rowName ?? header.columnNames[c], header.columnNames[c])
                    let q = Match(range: num.range, rule: Self.tableRule(unit.id), value: .quantity(quantity))
                    found.append(q)
                }
                k = num.range.upperBound
            }
        }
        return found
    }

    /// The rule of a table number of the unit `id`: `tables/` and the id's last part (`money` of
    /// `quantities/money`), found by its last `/`, not by splitting the id into Characters. The
    /// part is made a string first: appending a substring to a string went through its Characters.
    static func tableRule(_ id: String) -> String {
        let scalars = id.unicodeScalars
        let start = scalars.lastIndex(of: "/").map(scalars.index(after:)) ?? scalars.startIndex
        return "tables/" + String(id[start...])
    }

    /// Whether a cell, without the white space at its edges, is a number alone (`1,690`, `-3.5`).
    static func isNumberCell<C: BidirectionalCollection<Unicode.Scalar>>(_ cell: C) -> Bool {
        guard let first = cell.firstIndex(where: { !ScalarSet.whitespaces.contains($0) }),
            let last = cell.lastIndex(where: { !ScalarSet.whitespaces.contains($0) })
        else { return false }
        let t = cell[first...last]
        return t.allSatisfy { NumeralParser.isASCIIDigit($0) || $0 == "." || $0 == "," || $0 == " " || $0 == "-" }
            && t.contains(where: NumeralParser.isASCIIDigit)
    }

    /// Whether a cell may name a unit (`parenthesizedUnit`): it ends in a percent sign or holds both
    /// parentheses. Most cells do not, and need no string made of them. It must admit every cell
    /// `unitSpan` reads a unit in (a test holds it to that).
    static func mayNameUnit(_ cell: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let last = cell.last else { return false }
        return last == "%" || last == "‰" || (cell.contains("(") && cell.contains(")"))
    }

    static func withoutParenthesis(_ cell: String) -> String {
        let open = cell.scalarsAreCharacters ? firstOpening(cell.unicodeScalars) : firstOpening(cell)
        return String(cell[..<(open ?? cell.endIndex)]).trimming(.whitespaces)
    }

    /// The first `(` or `（` of a cell, in its Characters or (where each scalar is a Character of
    /// its own, as in nearly every cell) its scalars, which need no grapheme breaking.
    static func firstOpening<V: BidirectionalCollection>(_ cell: V) -> String.Index?
    where V.Index == String.Index, V.Element: Equatable & ExpressibleByUnicodeScalarLiteral {
        cell.firstIndex { $0 == "(" || $0 == "（" }
    }

    /// Where a cell names a unit: its last character when that is a percent sign, else what its
    /// last `(`…`)` holds; in its Characters or its scalars, as `firstOpening`.
    static func unitSpan<V: BidirectionalCollection>(_ cell: V) -> Range<V.Index>?
    where V.Element: Equatable & ExpressibleByUnicodeScalarLiteral {
        if let last = cell.indices.last, cell[last] == "%" || cell[last] == "‰" { return last..<cell.endIndex }
        guard let open = cell.lastIndex(of: "("), let close = cell.lastIndex(of: ")"), open < close else { return nil }
        return cell.index(after: open)..<close
    }

    /// `(户)`, `金额（亿元）`, `(万元)`: the unit named in parentheses, with its multiplier.
    func parenthesizedUnit(_ cell: String) -> (QuantityRules.Unit, String)? {
        // A header that ends in a percent sign (比上年增减%, 同比%) is a column of percentages.
        return (cell.scalarsAreCharacters ? Self.unitSpan(cell.unicodeScalars) : Self.unitSpan(cell)).flatMap {
            unitNamed(String(cell[$0]))
        }
    }

    /// `parenthesizedUnit` of a cell of the text, read off its scalars where each is a Character of
    /// its own (as in nearly every cell), with no string made of the whole cell.
    func parenthesizedUnit(in cell: ArraySlice<Unicode.Scalar>) -> NamedUnit? {
        guard cell.allSatisfy(\.isCharacterAlone) else { return parenthesizedUnit(String(scalars: cell)) }
        return Self.unitSpan(cell).flatMap { unitNamed(scalars: cell[$0]) }
    }

    /// `declaredUnit` of a block of the text, read off its scalars where each is a Character of its
    /// own (as in nearly every line): a block that says `单位` was made a string whole.
    func declaredUnit(in block: ArraySlice<Unicode.Scalar>) -> NamedUnit? {
        guard let unitWordEnd = Self.unitWordEnd(block) else { return nil }
        guard block.allSatisfy(\.isCharacterAlone) else { return declaredUnit(String(scalars: block)) }
        return Self.firstNamed(block[unitWordEnd...]).flatMap { unitNamed(scalars: $0) }
    }

    /// Where a block's first `单位` ends: most blocks do not say it, and they need no string to look in.
    static func unitWordEnd(_ block: ArraySlice<Unicode.Scalar>) -> Int? {
        block.withUnsafeBufferPointer { scalars in
            var k = 1
            while k < scalars.count {
                if scalars[k] == "位" && scalars[k - 1] == "单" { return block.startIndex + k + 1 }
                k += 1
            }
            return nil
        }
    }

    /// `单位：万元`, `单位:人、%`: a table-wide unit (the first one named).
    func declaredUnit(_ line: String) -> NamedUnit? {
        guard let r = line.literalRange(of: "单位") else { return nil }
        return Self.firstNamed(line[r.upperBound...]).flatMap { unitNamed(String($0)) }
    }

    /// The unit's name after `单位` (`：万元` → `万元`), in Characters or scalars.
    static func firstNamed<S: Collection>(_ rest: S) -> S?
    where S.SubSequence == S, S.Element: Equatable & ExpressibleByUnicodeScalarLiteral {
        let rest = rest.drop { $0 == ":" || $0 == "：" || $0 == " " }
        let first = rest.prefix { $0 != "、" && $0 != "," && $0 != ")" && $0 != " " && $0 != "；" && $0 != "\t" }
        // 单位：个、万元 names two units and says not which column has which: no table-wide unit.
        if rest.dropFirst(first.count).first == "、" { return nil }
        return first
    }

    /// A header that is the name of an indicator of people or households alone (`人口`, `户籍人口`, `户数`:
    /// its `unit` in Rules/indicators.yaml): the column counts them.
    func countedUnit(header: String) -> NamedUnit? {
        let scalars = Array(header.trimming(.whitespaces).unicodeScalars)
        guard !scalars.isEmpty, let hit = indicators.longest(in: scalars, at: 0), hit.end == scalars.count,
            rules.indicators[hit.payload].name == String(scalars: scalars),
            let name = rules.indicators[hit.payload].unit, name == "person" || name == "household",
            let unit = rules.units.first(where: { $0.unit == name })
        else { return nil }
        return (unit, unit.forms.first ?? name)
    }

    func unitNamed(_ name: String) -> NamedUnit? { unitNamed(scalars: ArraySlice(name.unicodeScalars)) }

    /// The unit a cell or a `单位` line names (`万元`, `%`), with the multipliers before it, read
    /// off the text's scalars: a table row's unit cell is read for every row, with no string made of it.
    func unitNamed(scalars name: ArraySlice<Unicode.Scalar>) -> NamedUnit? {
        var scalars = name
        while let first = scalars.first, ScalarSet.whitespaces.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, ScalarSet.whitespaces.contains(last) { scalars.removeLast() }
        var multiplier = 1.0
        // Most units open with no numeral: one bit test, before two dictionaries hash the scalar.
        while let first = scalars.first, NumeralParser.numerals.contains(first),
            let m = NumeralParser.bigUnits[first] ?? NumeralParser.smallUnits[first]
        {
            multiplier *= m
            scalars.removeFirst()
        }
        let word = Array(scalars)
        guard !word.isEmpty, let hit = units.longest(in: word, at: 0), hit.end == word.count else { return nil }
        var unit = rules.units[hit.payload]
        unit.factor *= multiplier
        unit.integer = false
        return (unit, String(scalars: word))
    }
}
