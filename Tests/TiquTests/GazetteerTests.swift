import Foundation
import Testing

@testable import Tiqu

/// The division codes: the gazetteer as loaded, how a page picks one unit for a name, and the
/// record's subject with its code.
@Suite struct GazetteerTests {
    /// Names looked up by their bytes answer as a String dictionary answers: random names of
    /// plain pieces (Han, ASCII, 、, 〇, full-width) and of pieces normalization changes or joins
    /// (a compatibility ideograph, a combining accent after a letter, Hangul jamo that compose,
    /// a combining tone mark), stored and looked up in every order, with values overwritten.
    @Test func nameDictionaryAnswersAsAStringDictionary() {
        let plain = ["北", "京", "市", "区", "、", "〇", "a", "E", "Ａ", "7"]
        let other = [
            "\u{F963}", "\u{212A}", "\u{037E}", "\u{2329}", "\u{FA2E}", "e\u{301}", "\u{E9}", "\u{1100}\u{1161}",
            "\u{AC00}", "\u{302A}", "\u{301}",
        ]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            let pieces = round % 3 == 0 ? plain + other : plain
            func name() -> String {
                (0..<Int.random(in: 0...4, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                    .joined()
            }
            var names = NameDictionary<Int>()
            var strings: [String: Int] = [:]
            for value in 0..<Int.random(in: 0...40, using: &generator) {
                let key = name()
                names.update(value, for: key)
                strings[key] = value
            }
            for _ in 0..<60 {
                let key = name()
                #expect(names[key] == strings[key], "\(key.unicodeScalars.map(\.value))")
            }
            #expect(names.count == strings.count && Set(names.keys) == Set(strings.keys))
        }
    }

    let gazetteer = Fixture.book.gazetteer

    func places(_ text: String, rules book: RuleBook = Fixture.book) -> [Place] {
        let record = Pipeline(rules: book).process(
            Page(id: "t", source: Source(path: "t.txt"), bytes: Array("标题\n\(text)\n".utf8)))
        return record.facts.compactMap(\.value.place)
    }

    @Test func loadsEveryLevelWithItsParent() throws {
        let levels = Dictionary(grouping: gazetteer.entries.filter { $0.code != nil }, by: \.level).mapValues(\.count)
        // 31 provinces; 342 city rows less the municipalities' placeholders and the cities without counties;
        // 2,978 counties less the four named as their city (东莞市, 中山市, 儋州市, 嘉峪关市).
        #expect(levels["province"] == 31)
        #expect(levels["city"] == 333, "\(levels)")
        #expect(levels["district"] == 2974, "\(levels)")
        #expect(levels["subdistrict"] == 41352)
        let dongliu = gazetteer.named("东柳街道")
        #expect(dongliu.count == 3)
        let ningbo = try #require(dongliu.first { gazetteer.entries[$0].code == "330212012" })
        #expect(gazetteer.lineage(ningbo).map { gazetteer.entries[$0].name } == ["东柳街道", "鄞州区", "宁波市", "浙江省"])
        // A municipality's districts belong to it directly, not to its `市辖区` placeholder.
        let dongcheng = try #require(gazetteer.named("东城区").first)
        #expect(gazetteer.entries[gazetteer.entries[dongcheng].parent!].name == "北京市")
        #expect(gazetteer.named("嘉模堂区").count == 1, "bracketed notes are not part of a name")
        #expect(gazetteer.shortNames["昆山"].map { $0.map { gazetteer.entries[$0].name } } == ["昆山市"])
        // Names are Strings, equal when canonically equal: 北 written as its compatibility
        // ideograph U+F963 (as some scrapes carry it) is still 北京市.
        #expect(!gazetteer.named("北京市").isEmpty && gazetteer.named("\u{F963}京市") == gazetteer.named("北京市"))
    }

    /// A roster's line of units stays body even in Traditional script, whose names need t2s's
    /// phrases (乾縣 is 乾县, not 干县); a line with one character after its units is no chain, and no crash.
    @Test func rosterLinesAreChainsOfUnits() throws {
        let page = "某省示范名單公佈\n\n經過評審，以下兩個縣入選本年度示範名單。\n\n陝西省咸陽市乾縣\n\n浙江省杭州市臨安區\n\n各地要認真總結經驗，全年完成投資12億元。\n"
        let record = Fixture.record(bytes: Array(page.utf8))
        #expect(record.text.contains("陝西省咸陽市乾縣") && record.text.contains("浙江省杭州市臨安區"))
        #expect(!gazetteer.isChainOfUnits("陕西省咸阳市礼泉县甲"))
        #expect(gazetteer.isChainOfUnits("陕西省咸阳市乾县"))
    }

    @Test func aChainPicksTheUnit() {
        let found = places("宁波市鄞州区东柳街道辖11个社区。")
        #expect(found.map(\.code) == ["3302", "330212", "330212012"])
        #expect(found.map(\.candidates) == [1, 1, 1])
    }

    @Test func aBareNameWithoutContextStaysOpen() {
        let found = places("东柳街道开展文明创建活动。")
        #expect(found.count == 1)
        #expect(found.first?.code == nil)
        #expect(found.first?.candidates == 3)
    }

    /// A later mention takes the unit, code and parent of the first one the page pinned down.
    @Test func laterMentionsInheritTheResolvedUnit() {
        let found = places("鄞州区东柳街道成立于1997年。今年，东柳街道新建2个公园。")
        #expect(found.map(\.name) == ["鄞州区", "东柳街道", "东柳街道"])
        #expect(found.last?.code == "330212012")
        #expect(found.last?.parent == "鄞州区")
    }

    /// The page's other places decide: a township of the district the page is about.
    @Test func thePageDecidesBetweenUnits() {
        let found = places("鄞州区位于宁波市中心。\n东柳街道面积3.8平方公里。")
        #expect(found.first { $0.name == "东柳街道" }?.code == "330212012")
    }

    @Test func shortNamesInChainsAndAlone() {
        let chain = places("西与江苏昆山市淀山湖镇交界。")
        #expect(chain.map(\.name) == ["江苏", "昆山市", "淀山湖镇"])
        #expect(chain.map(\.level) == ["province", "district", "subdistrict"], "a county-level city is a district")
        #expect(chain[1].parent == "江苏")
        #expect(places("他来到杭州，参观了西湖。").map(\.code) == ["3301"])
        #expect(places("孙中山先生在此讲学，杭州亚运会开幕。").isEmpty)
        #expect(places("辖沙坑、黄石、平丰等村。").isEmpty, "a village list is no list of cities")
    }

    /// A known unit's name is a place however it ends (东城区 ends in 城区); a generic phrase that is
    /// also a unit's name somewhere else needs the page to name a unit above it.
    @Test func knownNamesThatLookGeneric() {
        #expect(places("北京市东城区交道口街道召开居民大会。").map(\.code) == ["11", "110101", "110101003"])
        #expect(places("推进工业集中区建设。").isEmpty)
    }

    @Test func theSeedsSubjectsCarryTheirCodes() throws {
        let east = Fixture.record(Fixture.samples.appendingPathComponent("000_a50fa9c0a5e753b2.txt"))
        #expect(east.subject == Subject(name: "东柳街道", code: "330212012", chain: ["浙江省", "宁波市", "鄞州区"]))
        let laterMentions = east.facts.compactMap(\.value.place).filter { $0.name == "东柳街道" }.dropFirst()
        #expect(!laterMentions.isEmpty && laterMentions.allSatisfy { $0.parent == "鄞州区" && $0.code == "330212012" })
        let zhaobaoshan = Fixture.record(Fixture.samples.appendingPathComponent("003_87e76716f90a3b64.txt"))
        #expect(zhaobaoshan.subject?.code == "330211001")
        #expect(zhaobaoshan.subject?.chain == ["浙江省", "宁波市", "镇海区"])
    }

    /// A user adds a place name in a rules folder, without rebuilding.
    @Test func aUserAddsAPlaceName() throws {
        let dir = try Fixture.folder([
            "mine.yaml": """
            kind: place
            rules:
              - id: mine/zones
                role: name
                value: district
                forms: [苏州工业园区]
                examples:
                  - ⟦苏州工业园区⟧发布新规 → 苏州工业园区 level=district
            """
        ])
        let book = try RuleBook.load([Fixture.rules.path, dir.path])
        #expect(book.exampleFailures().isEmpty, "\(book.exampleFailures())")
        #expect(places("苏州工业园区发布新规。").isEmpty, "园区 is generic to the built-in rules")
        #expect(places("苏州工业园区发布新规。", rules: book).map(\.name) == ["苏州工业园区"])
    }
}

extension GazetteerTests {
    /// A user's `gazetteer/` adds units with codes under built-in parents.
    @Test func aUserGazetteerAddsUnitsUnderBuiltInOnes() throws {
        let dir = try Fixture.folder([
            "gazetteer/streets.csv": "code,name,areaCode\n330212999,测试新街道,330212\n",
            "empty.yaml": "kind: place\nrules: []\n",
        ])
        let book = try RuleBook.load([Fixture.rules.path, dir.path])
        let unit = try #require(book.gazetteer.named("测试新街道").first)
        #expect(book.gazetteer.lineage(unit).map { book.gazetteer.entries[$0].name } == ["测试新街道", "鄞州区", "宁波市", "浙江省"])
        #expect(places("鄞州区测试新街道召开居民大会。", rules: book).map(\.code) == ["330212", "330212999"])
    }

    /// A page's names found by their keys are what a lexicon of them finds, every occurrence and
    /// the longest at each start: random name sets over a few characters (so names nest, repeat
    /// inside each other and stand at the text's ends), with an astral character and a
    /// compatibility ideograph that is canonically another (U+F9BA, 了) kept apart.
    @Test func pageNamesAreFoundAsALexiconFindsThem() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Unicode.Scalar] = ["社", "区", "镇", "村", "瑞", "景", "𠀀", "a", "\u{F9BA}", "了"]
        func word(_ length: ClosedRange<Int>) -> [Unicode.Scalar] {
            (0..<Int.random(in: length, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
        }
        for _ in 0..<3_000 {
            var names: [[Unicode.Scalar]] = []
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let name = word(1...5)
                if !names.contains(name) { names.append(name) }
            }
            let strings = names.map { String(scalars: $0) }
            let table = PageNameTable(names)
            let lexicon = Lexicon(strings.indices.map { (strings[$0], $0) })
            let text = word(0...40)
            let found = table.all(in: text), expected = lexicon.all(in: text)
            #expect(found.map(\.range) == expected.map(\.range), "\(strings) in \(String(scalars: text))")
            #expect(found.map(\.payload) == expected.map(\.payload), "\(strings) in \(String(scalars: text))")
            // Read only where an occurrence ends (each end given once per occurrence), it finds the same.
            let atEnds = table.all(in: text, endingAt: expected.map(\.range.upperBound))
            #expect(atEnds.map(\.range) == expected.map(\.range), "\(strings) at ends in \(String(scalars: text))")
            for start in 0...text.count {
                let longest = table.longest(in: text, at: start), expected = lexicon.longest(in: text, at: start)
                #expect(
                    longest?.payload == expected?.payload && longest?.end == expected?.end, "\(strings) at \(start)")
            }
        }
    }
}
