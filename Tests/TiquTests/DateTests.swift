import Foundation
import Testing

@testable import Tiqu

/// Years of the Republic-of-China era, a year read with the months after it, and the named periods
/// of a year (上半年, 一季度, 去年同期): dates, never quantities, and the period of the numbers after them.
@Suite struct DateTests {
    /// The facts of a text as a page's body, published on `published`.
    func facts(_ text: String, published: String? = nil) -> Extraction {
        let blocks = Block.lines(of: text).filter { !$0.isEmpty }.map { Block(.paragraph, String($0)) }
        let clean = CleanText(
            blocks: blocks, meta: Meta(published: published), dropped: [], artifactsRemoved: 0, warnings: [])
        let pipeline = Fixture.pipeline
        return try! pipeline.extract.run(pipeline.analyze(clean))
    }

    func dates(_ extraction: Extraction) -> [String: String] {
        Dictionary(
            extraction.facts.filter { $0.kind == .dates }.map { ($0.text, $0.value.date?.value ?? "") },
            uniquingKeysWith: { first, _ in first })
    }

    func quantity(_ extraction: Extraction, _ text: String) -> Quantity? {
        extraction.facts.first { $0.kind == .quantities && $0.text == text }?.value.quantity
    }

    @Test func anEraNameMakesAYearOfTheRepublic() {
        let found = facts("本辦法自民國100年起實施，民國100年3月修正，民国八十六年1月人口为7.2万人。")
        let dates = dates(found)
        #expect(dates["民國100年"] == "2011")
        #expect(dates["民國100年3月"] == "2011-03")
        #expect(dates["民国八十六年1月"] == "1997-01")
        #expect(found.facts.filter { $0.kind == .dates }.allSatisfy { $0.value.date?.yearFrom == "era" })
        #expect(!found.facts.contains { $0.kind == .quantities && $0.value.quantity?.unit == "year" })
    }

    /// On a Taiwan page a number before 年 is a year of the era, unless a duration word makes it a length of time.
    @Test func aTaiwanPageWritesTheEraWithoutItsName() {
        let found = facts(
            "臺北市政府公告，113年3月起受理申請，100年1-6月共受理1200件，114 年 5 月開放線上申請。"
                + "本市114年度預算編列新臺幣2億元，這家老店已有114年歷史，捷運營運近50年。")
        let dates = dates(found)
        #expect(dates["113年3月"] == "2024-03")
        #expect(dates["100年1-6月"] == "2011-01/2011-06")
        #expect(dates["114 年 5 月"] == "2025-05")
        #expect(dates["114年度"] == "2025")
        #expect(dates["114年"] == nil)
        #expect(dates["50年"] == nil)
        #expect(quantity(found, "114年") != nil && quantity(found, "近50年")?.value == 50)
        #expect(found.warnings.isEmpty, "\(found.warnings)")
    }

    /// Elsewhere 100年1-6月 is still no duration of a hundred years: a date whose year is a guess, with a warning.
    @Test func elsewhereAnEraYearBeforeAMonthIsAGuess() throws {
        let found = facts("100年1-6月，全区完成固定资产投资3亿元。", published: "2023-05-01")
        let date = try #require(found.facts.first { $0.kind == .dates && $0.text == "100年1-6月" })
        #expect(date.value.date == DateValue("2011-01/2011-06", yearFrom: "era_guess"))
        #expect(found.warnings.contains { $0.contains("'100年1-6月'") }, "\(found.warnings)")
        #expect(!found.facts.contains { $0.kind == .quantities && $0.start < date.end && $0.end > date.start })
        #expect(quantity(found, "3亿元")?.period == "100年1-6月")
        #expect(dates(found)["1-6月"] == nil)
        // Without a month the number is what it says: 连续100年 is a hundred years.
        #expect(quantity(facts("连续100年举办庙会。"), "100年")?.unit == "year")
    }

    /// 2020年1—9月 is one period, not the year 2020 and January to September of the page's year.
    @Test func aYearBeforeMonthsIsTheirYear() {
        let found = facts(
            "2020年1—9月，实现税收2亿元。2019年1-6月，新增就业3000人。2022年3至5月，接待游客12万人次。",
            published: "2023-06-30")
        let dates = dates(found)
        #expect(dates["2020年1—9月"] == "2020-01/2020-09")
        #expect(dates["2019年1-6月"] == "2019-01/2019-06")
        #expect(dates["2022年3至5月"] == "2022-03/2022-05")
        #expect(found.facts.filter { $0.kind == .dates }.count == 3)
        #expect(quantity(found, "2亿元")?.period == "2020年1—9月")
        #expect(quantity(found, "3000人")?.period == "2019年1-6月")
    }

    @Test func namedPeriodsAreMonthsOfTheirYear() {
        let found = facts(
            "上半年，全区实现税收2亿元。一季度新增企业30家，前三季度完成投资5亿元，1-3季度接待游客9万人次。"
                + "首季开门红。全年完成投资8亿元。去年上半年新增就业500人。2021年第四季度出口增长8%。",
            published: "2023-07-15")
        let dates = dates(found)
        #expect(dates["上半年"] == "2023-01/2023-06")
        #expect(dates["一季度"] == "2023-01/2023-03")
        #expect(dates["前三季度"] == "2023-01/2023-09")
        #expect(dates["1-3季度"] == "2023-01/2023-09")
        #expect(dates["首季"] == "2023-01/2023-03")
        #expect(dates["全年"] == "2023-01/2023-12")
        #expect(dates["2021年第四季度"] == "2021-10/2021-12")
        #expect(quantity(found, "2亿元")?.period == "上半年")
        #expect(quantity(found, "30家")?.period == "一季度")
        #expect(quantity(found, "8%")?.period == "2021年第四季度")
        #expect(!found.facts.contains { $0.value.quantity?.unit == "quarter" })
        let lastYear = found.facts.first { $0.kind == .dates && $0.text == "上半年" && $0.start > 60 }
        #expect(lastYear?.value.date?.value == "2022-01/2022-06")
    }

    /// 三个季度 is a length of time; 一季度 is the first quarter.
    @Test func quartersAsDurationsStayQuantities() {
        let found = facts("该项目连续3个季度保持增长。", published: "2023-07-15")
        #expect(quantity(found, "3个季度")?.unit == "quarter")
    }

    /// 去年同期 is the period it is compared with, a year back; the number after it keeps its period and basis.
    @Test func theSamePeriodLastYearIsAYearBack() throws {
        let found = facts("1-9月，全区实现税收2亿元，比去年同期增长5%。", published: "2023-10-20")
        let same = try #require(found.facts.first { $0.kind == .dates && $0.text == "去年同期" })
        #expect(same.value.date?.value == "2022-01/2022-09")
        let rise = try #require(quantity(found, "5%"))
        #expect(rise.period == "1-9月" && rise.basis == "比去年同期", "\(rise)")
        let alone = facts("全区实现税收2亿元，较去年同期有所增长。", published: "2023-10-20")
        #expect(dates(alone)["去年同期"] == "2022")
    }

    @Test func anImpliedEraNeedsItsRegionAndYears() throws {
        let dir = Fixture.temporaryDirectory()
        try
            "kind: date\nrules:\n  - id: x/era\n    role: implied_era\n    value: 1911\n    region: tw\n    examples: []\n"
            .write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        #expect(throws: RuleBookError.self) { try RuleBook.load([dir.path]) }
        do {
            _ = try RuleBook.load([dir.path])
        } catch let error as RuleBookError {
            let first = try #require(error.diagnostics.first)
            #expect(first.line == 3 && first.message.contains("missing the required key 'years'"), "\(first)")
        }
        try
            "kind: date\nrules:\n  - id: x/era\n    role: implied_era\n    value: 1911\n    region: tw\n    years: [200, 38]\n    examples: []\n"
            .write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try RuleBook.load([dir.path])
            Issue.record("a backwards range of years loaded")
        } catch let error as RuleBookError {
            let first = try #require(error.diagnostics.first)
            #expect(first.line == 7 && first.column == 12 && first.message.contains("first and last year"), "\(first)")
        }
    }
}
