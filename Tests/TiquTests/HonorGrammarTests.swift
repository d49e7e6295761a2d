import Foundation
import Testing

@testable import Tiqu

/// Honors named without an award verb, plans aimed at titles, and award lists (issue 13), on
/// sentences written the way community and town pages write them.
@Suite struct HonorGrammarTests {
    func facts(_ kind: FactKind, in text: String) -> [Fact] {
        Fixture.record(bytes: Array(text.utf8)).facts.filter { $0.kind == kind }
    }

    func honors(in text: String) -> [String: Honor] {
        Dictionary(
            facts(.honors, in: text).compactMap { f in f.value.honor.map { (f.text, $0) } },
            uniquingKeysWith: { a, _ in a })
    }

    @Test func titlesWithoutAVerbAreHonorsWithTheirLevel() {
        let found = honors(
            in: "白云街道是全國和諧社區建設示範街道，辖区内有市級文明社區8个。该镇是国家卫生乡镇、省级生态镇。"
                + "多年来获多项表彰：市民营经济先进乡、县农业产业化先进乡。")
        #expect(found["全國和諧社區建設示範街道"]?.level == "national")
        #expect(found["市級文明社區"]?.level == "municipal")
        #expect(found["国家卫生乡镇"]?.level == "national" && found["省级生态镇"]?.level == "provincial")
        #expect(found["市民营经济先进乡"]?.level == "municipal" && found["县农业产业化先进乡"]?.level == "district")
        #expect(found.values.allSatisfy { $0.status == Honor.held && $0.recipient == nil }, "\(found)")
        #expect(found.count == 6, "\(found.keys.sorted())")
    }

    @Test func aTitleAPlanAimsAtIsAGoal() {
        let found = honors(
            in: "2019年我市成功创建国家森林城市，今年将争创全国文明城市、国家园林城市。"
                + "全国示范性老年友好型社区创建工作全面启动。")
        #expect(found["国家森林城市"]?.status == Honor.held)
        #expect(found["全国文明城市"]?.status == Honor.goal && found["国家园林城市"]?.status == Honor.goal)
        #expect(found["全国示范性老年友好型社区"]?.status == Honor.goal)
        let goal = facts(.honors, in: "力争创成国家卫生城市。").first
        #expect(goal?.json.serialized().contains(#""status":"goal""#) == true)
    }

    @Test func wordsThatOnlyLookLikeTitlesAreNone() {
        let text = [
            "全国社区工作会议召开。", "省级财政安排专项资金。", "宁波市位于浙江省东部。", "全国各地的志愿者来到武汉。",
            "在全国文明城市测评中名列前茅。", "社区开展西宁市最美街道(街区)评选活动。", "推进全国和谐社区建设。",
            "镇有国家级安全优质蔬菜标准化示范区。", "我们要以全国文明城市的标准要求自己。", "城区先进集体2个。",
            "获得表彰：市场监管先进单位。", "《关于命名全国文明城市的决定》印发。",
        ].joined()
        #expect(facts(.honors, in: text).isEmpty, "\(facts(.honors, in: text).map(\.text))")
    }

    @Test func awardListsAndTheirEdges() {
        let titles = Set(
            facts(
                .honors,
                in: "中心項目先後獲得多項獎項：優等獎、健康平等獎佳作、海報獎金獎。"
                    + "社区先后获得了全国综合减灾示范社区、省级卫生村等十余项省级以上荣誉。"
                    + "该社区被评为2019年度全国先进基层党组织。荣获全国模范个人殊荣的社区党委书记李明介绍经验。"
                    + "社区荣获全省‘文明社区、和谐家园’活动四星社区党组织称号。获奖作品将在社区展出。"
            ).map(\.text))
        #expect(
            titles == [
                "優等獎", "健康平等獎佳作", "海報獎金獎", "全国综合减灾示范社区", "省级卫生村", "全国先进基层党组织",
                "全国模范个人", "全省‘文明社区、和谐家园’活动四星社区党组织",
            ], "\(titles.sorted())")
    }

    @Test func announcedListsAndQuotedAwardsNeedNoVerb() {
        let titles = Set(
            facts(
                .honors,
                in: "獲獎情況：優等獎、卓越組卓越獎。「傑出服務獎」得獎名單已公佈。2015年該區被確認為健康城市。"
                    + "获评省级特色小镇，类别既包括工业强镇，也包括旅游名镇。近年所获荣誉：全国文明村。"
            ).map(\.text))
        #expect(
            titles == ["優等獎", "卓越組卓越獎", "「傑出服務獎」", "健康城市", "省级特色小镇", "全国文明村"],
            "\(titles.sorted())")
    }
}
