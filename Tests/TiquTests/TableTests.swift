import Foundation
import Testing

@testable import Tiqu

/// Tables flattened into text scrapes: rows between bars, headers that carry units, and rows a
/// scrape ran together on one line.
@Suite struct TableTests {
    func quantities(_ text: String) -> [(String, Quantity)] {
        Fixture.record(bytes: Array(text.utf8)).facts.filter { $0.kind == .quantities }.map {
            ($0.text, $0.value.quantity!)
        }
    }

    @Test func rowsBetweenBarsTakeTheirColumnUnits() {
        let page = "2022年全县主要指标如下。\n指标 | 总量(万元) | 增长(%) |\n地区生产总值 | 686065 | 7.7 |\n分产业 |\n第一产业 | 159948 | 7.4 |\n"
        let found = quantities(page)
        #expect(found.contains { $0.0 == "159948" && $0.1.value == 1_599_480_000 && $0.1.unit == "CNY" })
        #expect(found.contains { $0.0 == "7.4" && $0.1.value == 7.4 && $0.1.unit == "percent" })
    }

    /// A column headed by an indicator of people or households alone (`人口`, `户数`) counts them: its
    /// whole numbers are persons or households; a fraction there is in a multiplier nobody named, and
    /// a column of no such indicator (`议席`) gives nothing.
    @Test func aPopulationColumnCountsPeople() {
        let page = "各镇人口如下:\n镇名 | 议席 | 人口 | 户数 |\n东镇 | 2 | 120,330 | 40,112 |\n西镇 | 3 | 98.5 | 31,020 |\n"
        let found = quantities(page)
        #expect(found.contains { $0.0 == "120,330" && $0.1.value == 120_330 && $0.1.unit == "person" })
        #expect(found.contains { $0.0 == "40,112" && $0.1.value == 40_112 && $0.1.unit == "household" })
        #expect(found.contains { $0.0 == "31,020" && $0.1.unit == "household" })
        #expect(!found.contains { $0.0 == "98.5" || $0.0 == "2" || $0.0 == "3" })
        // A table-wide unit comes first: 单位：万人 makes the column's numbers ten thousands.
        let declared = quantities("各镇人口如下:\n单位：万人\n镇名 | 人口 |\n东镇 | 12 |\n南镇 | 8.5 |\n")
        #expect(declared.contains { $0.0 == "12" && $0.1.value == 120_000 && $0.1.unit == "person" })
        #expect(declared.contains { $0.0 == "8.5" && $0.1.value == 85_000 })
    }

    /// A cell is read in Characters: a mark after `)` makes it another character, so `总量(万元)́`
    /// names no unit and its column gives no quantity (read by scalars, fast, only where every
    /// scalar is a character of its own).
    @Test func aMarkAfterTheParenthesisHidesTheUnit() {
        let plain = "2022年全县主要指标如下。\n指标 | 总量(万元) | 增长(%) |\n地区生产总值 | 686065 | 7.7 |\n"
        #expect(quantities(plain).contains { $0.0 == "686065" && $0.1.unit == "CNY" })
        for mark in ["\u{301}", "\u{FE0F}", "\u{200D}"] {
            let marked = plain.replacingOccurrences(of: "(万元)", with: "(万元)" + mark)
            #expect(!quantities(marked).contains { $0.0 == "686065" }, "\(mark.unicodeScalars.first!.value)")
        }
    }

    /// Rows run together: each run of numbers as long as the header's value columns is one row, so a
    /// percentage column stays a percentage column; `单位：个、万元` names no single unit, so the other
    /// columns give nothing rather than a wrong unit, and a lone section label changes no column.
    @Test func rowsRunTogetherAreReadRowByRow() {
        let header = "| 单位:个、万元 | 指标名称 | 本月 | 同比% | 累计 | 同比% | 企业单位数\n"
        let rows =
            "| 4326 | 5.5 | 4326 | 6.1 | 其中:规模以上 | 501 | 7.1 | 501 | 7.2 | 工业总产值 | 309748 | 3.3 | 1618573 | 16.2 |\n"
        let section = "| 其中:开发区 |\n| 工业总产值 | 114339 | -19.1 | 629432 | 7.7 | 销售产值 | 109471 | -19.8 | 603696 | 5.8 |\n"
        let found = quantities("全县工业指标一览表。\n" + header + rows + section)
        let percents = found.filter { $0.1.unit == "percent" }.map(\.0)
        #expect(percents == ["5.5", "6.1", "7.1", "7.2", "3.3", "16.2", "-19.1", "7.7", "-19.8", "5.8"])
        #expect(found.allSatisfy { $0.1.unit == "percent" }, "\(found.map(\.0))")
    }

    /// The quick test of whether a cell may name a unit lets through every cell whose unit the
    /// reader takes, by scalars or by Characters (a mark joined to a bracket among them), so a
    /// row's unit is never lost to it.
    @Test func everyCellThatNamesAUnitMayNameOne() {
        let cells = [
            "人口(万人)", "金额（亿元）", "(户)", "比重%", "增幅‰", "(万元)(\u{301}", "%\u{301}", "(\u{301}亿元)",
            "亿元)", "(亿元", ")(", "", "12", "(a)b", "单位:(人)",
        ]
        for cell in cells {
            let scalars = Array(cell.unicodeScalars)[...]
            let named = QuantityExtractor.unitSpan(scalars) != nil || QuantityExtractor.unitSpan(cell) != nil
            #expect(!named || QuantityExtractor.mayNameUnit(scalars), "\(cell)")
        }
    }
}
