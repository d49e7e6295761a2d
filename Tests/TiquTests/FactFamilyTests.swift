import Foundation
import Testing

@testable import Tiqu

/// Programs, citations, honors, places, divisions and dates on the first seed, as the issue that asked
/// for them describes them: each fact found, with its normalized fields, and nothing that is a slogan.
@Suite struct FactFamilyTests {
    static let seed = Fixture.record(Fixture.samples.appendingPathComponent("000_a50fa9c0a5e753b2.txt"))

    func facts(_ kind: FactKind) -> [Fact] { Self.seed.facts.filter { $0.kind == kind } }

    func fact(_ kind: FactKind, _ text: String) -> Fact? { facts(kind).first { $0.text == text } }

    @Test func programsKeepNameHeadAndKind() throws {
        let red = try #require(fact(.programs, "“紅色管家”樓宇志願行動"))
        #expect(red.value.program == Program(name: "红色管家", head: "楼宇志愿行动", kind: "initiative"))
        #expect(fact(.programs, "“365社區服務工作法”")?.value.program?.kind == "method")
        // Named by its context, not by a head noun.
        #expect(fact(.programs, "“十小妙招”") != nil)
        #expect(fact(.programs, "“老潘+小潘”基層矛盾糾紛調解隊伍建設")?.value.program?.name == "老潘+小潘")
        // A named organisation keeps its generic name.
        let space = try #require(facts(.programs).first { $0.value.program?.name == "乐邻空间" })
        #expect(space.value.program?.generic == "社会组织服务中心" && space.text == "社會組織服務中心“樂鄰空間”")
        // Slogans, nicknames and scare quotes are not programs.
        let names = Set(facts(.programs).compactMap { $0.value.program?.name })
        for slogan in ["两手硬", "两战赢", "毛衣奶奶", "战疫", "招商引才", "一争二赛三擂台"] { #expect(!names.contains(slogan), "\(slogan)") }
        // A quote inside an honor is the honor's.
        #expect(!names.contains("阳光家园"))
    }

    @Test func citationsCarryTheirIssuer() {
        let titles = facts(.citations).compactMap { $0.value.citation?.title }
        #expect(titles == ["东柳街道社会组织领雁工程", "东柳街道领雁工程推进实施方案"])
        #expect(facts(.citations).allSatisfy { $0.value.citation?.issuer == "东柳街道" })
    }

    /// A 〈…〉 title inside a 《…》 one is cited too (by the outer document: no issuer of its own); the
    /// outer title keeps its issuer.
    @Test func aTitleInsideATitleIsCitedToo() {
        let text = "东柳街道印发《〈社区协商议事规则〉实施细则》的通知。"
        let record = Fixture.record(bytes: Array(text.utf8))
        let citations = record.facts.filter { $0.kind == .citations }
        #expect(citations.map(\.text) == ["《〈社区协商议事规则〉实施细则》", "〈社区协商议事规则〉"])
        #expect(citations.map { $0.value.citation?.issuer } == ["东柳街道", nil])
    }

    @Test func honorsAreSplitWithLevelsAndRecipients() throws {
        let list = facts(.honors).filter { $0.start < 300 && $0.rule == "honors/awarded" }
        #expect(list.count == 10, "\(list.map(\.text))")
        // 所轄11個社區全部為市級文明社區: titles without a verb, held.
        #expect(fact(.honors, "市級文明社區")?.value.honor?.status == Honor.held)
        #expect(fact(.honors, "省級文明社區")?.value.honor?.level == "provincial")
        #expect(list.first?.value.honor?.title == "全国和谐社区建设示范街道" && list.first?.value.honor?.level == "national")
        // 以及 splits two titles; 和 inside 和谐 does not.
        #expect(list.contains { $0.text == "平安寧波建設十週年示範街道" })
        let good = try #require(fact(.honors, "“浙江好人”"))
        #expect(good.value.honor?.recipient == "潘明杰" && good.value.honor?.level == "provincial")
        #expect(facts(.honors).contains { $0.value.honor?.recipient == "韩翠菊" })
    }

    @Test func placesFormAChainAndNameTheSubject() throws {
        // The headline (浙江省寧波市鄞州區東柳街道) opens the text: a chain from the province down.
        let chain = facts(.places).prefix(4).compactMap { $0.value.place }.map { "\($0.name)<\($0.parent ?? "none")" }
        #expect(chain == ["浙江省<none", "宁波市<浙江省", "鄞州区<宁波市", "东柳街道<鄞州区"])
        #expect(facts(.places).first?.value.place?.level == "province")
        #expect(facts(.places).first?.start == 0)
        #expect(Self.seed.subject?.name == "东柳街道")
        let units = try #require(facts(.divisions).first?.value.division)
        #expect(units.count == 11 && units.level == "community")
        #expect(units.names.count == 11 && units.names.first == "安居" && units.names.last == "中兴")
        #expect(Self.seed.warnings.isEmpty)
    }

    @Test func aListThatDisagreesWithItsCountIsWarnedAbout() {
        let r = Fixture.record(bytes: Array("东柳街道下辖安居、东海花园、中兴4个社区。".utf8))
        #expect(r.facts.contains { $0.kind == .divisions })
        #expect(r.warnings.contains { $0.contains("names 3 unit(s) but says 4") }, "\(r.warnings)")
    }

    @Test func yearlessDatesTakeTheDocumentsYear() {
        let dates = Dictionary(facts(.dates).map { ($0.text, $0.value.date?.value) }, uniquingKeysWith: { a, _ in a })
        #expect(dates["1-9月"] == "2020-01/2020-09")
        #expect(dates["1997年1月"] == "1997-01")
        #expect(dates["11月"] == "2020-11")
        let plan = Fixture.record(bytes: Array("“十四五”期间将逐步推进改造。".utf8))
        #expect(plan.facts.first { $0.kind == .dates }?.value.date == DateValue("2021/2025"))
    }

    /// Extractors run after the extractors whose facts they read, whatever order they are listed in.
    @Test func extractorsRunAfterTheExtractorsWhoseFactsTheyRead() {
        let book = Fixture.book
        let listed: [any Extractor] = [
            CitationExtractor(rules: book), ProgramExtractor(rules: book), HonorExtractor(rules: book),
            PlaceExtractor(rules: book), PeriodExtractor(rules: book), QuantityExtractor(rules: book),
        ]
        let order = Extract.ordered(listed).map { "\(type(of: $0))" }
        #expect(
            order == [
                "PlaceExtractor", "CitationExtractor", "HonorExtractor", "ProgramExtractor", "QuantityExtractor",
                "PeriodExtractor",
            ])
    }

    /// The same seed in Traditional and in Simplified gives the same facts at the same spans.
    @Test func scriptDoesNotChangeTheFacts() throws {
        let traditional = try String(
            contentsOf: Fixture.samples.appendingPathComponent("000_a50fa9c0a5e753b2.txt"), encoding: .utf8)
        let simplified = Fold.matching(traditional)
        let r = Fixture.record(bytes: Array(simplified.utf8))
        for kind in [FactKind.programs, .citations, .honors, .places, .divisions] {
            #expect(
                r.facts.filter { $0.kind == kind }.map(\.value.description)
                    == Self.seed.facts.filter { $0.kind == kind }.map(\.value.description), "\(kind)")
        }
    }
}
