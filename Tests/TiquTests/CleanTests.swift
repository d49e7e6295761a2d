import Foundation
import Testing

@testable import Tiqu

/// The clean stage on the seeds, the samples and every page of the shared HTML corpus.
@Suite struct CleanTests {
    func seed(_ stem: String) -> Record { Fixture.record(Fixture.seeds.appendingPathComponent("\(stem).txt")) }

    func hasLine(_ text: String, _ line: String) -> Bool {
        text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == line }
    }

    /// The word-at-a-time look for a cell separator's bytes finds a bar, a tab or a space wherever
    /// it falls in a line, as a byte-by-byte look does.
    @Test func cellSeparatorsAreSeenWhereverTheyFall() {
        let pieces = ["中", "a", "|", "\t", " ", "｜", "😀", "é", "12345678", "文字文字文字"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let line = Fixture.randomText(from: pieces, pieces: 0...20, using: &generator)
            let byBytes = line.utf8.contains { $0 == UInt8(ascii: "|") || $0 == 0x09 || $0 == 0x20 }
            #expect(TextCleaner.mayHoldCells(line) == byBytes, "\(Array(line.unicodeScalars))")
        }
    }

    /// A row's cells cut on bytes are the cells cut at Characters: trimmed of every kind of white
    /// space (ideographic, no-break, tab), the empty ones left out, wherever the bars fall.
    @Test func barRowsCutOnBytesAreCutAsCharacters() {
        let pieces = ["中", "a", "|", "\t", " ", "\u{3000}", "\u{A0}", "\u{200B}", "😀", "é", "159948", "｜"]
        Self.expectSameCuts(pieces, TextCleaner.barRow, TextCleaner.barRowByCharacters, rowsFrom: 0)
        #expect(TextCleaner.barRow("\u{3000}第一产业 | 159948 |\u{A0}7.4 | |").row == "第一产业\t159948\t7.4")
    }

    /// A line's columns cut on bytes are its columns cut at Characters, wherever the tabs, wide
    /// spaces and bars fall and whatever white space edges the cells.
    @Test func gapRowsCutOnBytesAreCutAsCharacters() {
        let pieces = ["中", "a", "|", "\t", " ", "   ", "\u{3000}", "\u{A0}", "😀", "é", "159948", " | "]
        Self.expectSameCuts(pieces, TextCleaner.gapRow, TextCleaner.gapRowByCharacters, rowsFrom: 3)
        #expect(TextCleaner.gapRow("\u{3000}甲\t乙   丙 | 丁 |戊").row == "甲\t乙\t丙\t丁 |戊")
    }

    /// On 5,000 random lines of `pieces` whose scalars are Characters, a cut on bytes gives the cut
    /// at Characters: the same count of cells and, where the row is used (`rowsFrom` cells or
    /// more: a bar row of one cell may be a row, a gap row needs three), the same row. About 550
    /// lines of two cells or more come out on average: the floor, many deviations below, only
    /// proves that rows were compared.
    static func expectSameCuts(
        _ pieces: [String], _ onBytes: (String) -> (cells: Int, row: String),
        _ atCharacters: (String) -> (cells: Int, row: String), rowsFrom: Int
    ) {
        var generator = SystemRandomNumberGenerator()
        var rows = 0
        for _ in 0..<5000 {
            let line = Fixture.randomText(from: pieces, pieces: 0...16, using: &generator)
            guard line.scalarsAreCharacters else { continue }
            let (cut, expected) = (onBytes(line), atCharacters(line))
            #expect(cut.cells == expected.cells, "\(Array(line.unicodeScalars))")
            #expect(cut.cells < rowsFrom || cut.row == expected.row, "\(Array(line.unicodeScalars))")
            rows += cut.cells >= 2 ? 1 : 0
        }
        #expect(rows > 250)
    }

    /// A date line and a menu are told by scalars where they can be, as by Characters: on random
    /// lines of digits, calendar words, spaces, Han, a compatibility ideograph (U+F98E is 年) and
    /// a combining mark.
    @Test func dateLinesAndMenusReadOnScalarsAsOnCharacters() {
        let pieces = ["2020", "年", "\u{F98E}", "月", "日", "星期三", " ", "\u{3000}", "社区", "３", "\u{301}", "-", "首页"]
        let calendar = PageHead.calendar
        var generator = SystemRandomNumberGenerator()
        var dates = 0
        for _ in 0..<5000 {
            let line = Fixture.randomText(from: pieces, pieces: 1...6, using: &generator)
            let isDate =
                line.contains(where: \.isNumber)
                && line.allSatisfy { $0.isNumber || $0.isWhitespace || calendar.contains($0) }
            let words = line.split(whereSeparator: \.isWhitespace)
            #expect(PageHead.isDateLine(line) == isDate, "\(Array(line.unicodeScalars))")
            #expect(PageHead.isMenu(line) == (words.count >= 3 && words.allSatisfy { $0.count <= 4 }), "\(line)")
            dates += isDate ? 1 : 0
        }
        #expect(dates > 100)
        #expect(PageHead.isDateLine("2020\u{F98E}09月30日 星期三"))
    }

    @Test func seed000IsCleanAndItsMetadataComplete() {
        let r = seed("000_a50fa9c0a5e753b2")
        #expect(r.error == nil)
        #expect(
            r.meta == Meta(title: "浙江省寧波市鄞州區東柳街道", published: "2020-12-22", outlet: "中國網", author: "佚名", editor: "曹洋"))
        for chrome in ["首頁 熱點 時尚", "關於我們", "版權所有", "Back to Top", "返回首頁", "責任編輯", "時間:2020-12-22", "京ICP證"] {
            #expect(!r.text.contains(chrome), "chrome left: \(chrome)")
        }
        for caption in ["街道全景", "“毛衣奶奶”韓翠菊", "睦鄰文化節", "陽光驛站", "居民便民服務", "全國人民模範調解員 潘明傑"] {
            #expect(!hasLine(r.text, caption), "caption left: \(caption)")
        }
        for body in ["東柳街道成立於1997年1月", "常住人口8.8萬人", "打造創意三廠街區及天潤華宏商圈黨群服務中心。"] {
            #expect(r.text.contains(body))
        }
        #expect(r.stats.paragraphs == 10)  // the headline opens the text, then nine paragraphs
        #expect(r.stats.chromeLines == 31)
        #expect(r.dropped.filter { $0.rule == "chrome/caption" }.count == 24)
    }

    @Test func seed003LosesItsPinyinRubyButKeepsRealParentheses() {
        let r = seed("003_87e76716f90a3b64")
        #expect(r.meta.title == "鎮海區招寶山街道(物流樞紐港)")
        #expect(r.stats.artifactsRemoved == 158)
        #expect(r.text.range(of: #"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]"#, options: .regularExpression) == nil)
        for kept in ["鎮海區招寶山街道(物流樞紐港)歷史文化底蘊深厚", "街道(樞紐港)主要由招寶山城區", "下設11個社區", "浙江省文化強鎮(街道)"] {
            #expect(r.text.contains(kept))
        }
        for caption in ["碧水藍天后海塘", "招寶山街道金生怡養院為住養老人提供視頻遠程會診服務"] { #expect(!hasLine(r.text, caption)) }
    }

    /// Section headings and infobox lines sit among text lines; captions sit beside the blank line an image left.
    @Test func headingsAmongTextLinesAreKept() {
        let text = "城关镇地处县城中部，东邻屯字镇。\n位置境域\n城关镇地处五河县东南部。\n\n街道全景\n\n东柳街道成立于1997年。"
        let r = Fixture.record(bytes: Array(text.utf8))
        #expect(r.text == "城关镇地处县城中部，东邻屯字镇。\n位置境域\n城关镇地处五河县东南部。\n东柳街道成立于1997年。")
        #expect(r.dropped.map(\.text) == ["街道全景"])
    }

    /// A short line of place names only is an item of a roster (the towns a list names), not a
    /// caption; a short line with any other word still is one.
    /// The line above a byline is the title, not a share prompt or a spam heading above it (those
    /// are dropped); a date line under an issuer's two lines does not make the second one the title.
    @Test func theTitleOfATextScrapeSitsAboveItsByline() {
        let text = """
            请复制以下链接发送给好友
            某某实业投资有限公司
            河口镇三座污水处理站投入运行
            [日期:2024-05-06]  来源:河口日报  作者:周小海
            记者从河口镇获悉，全镇今年新建的三座污水处理站已经投入运行，日处理能力共计1.2万吨。
            """
        let r = Fixture.record(bytes: Array(text.utf8))
        #expect(r.meta.title == "河口镇三座污水处理站投入运行")
        #expect(r.meta.author == "周小海")
        #expect(r.text.hasPrefix("河口镇三座污水处理站投入运行\n记者从河口镇获悉"))
        let bulletin = """
            河口县统计局
            国家统计局河口调查队
            2024年3月19日
            2023年，全县经济运行总体平稳，全年地区生产总值增长5.2%，居民收入稳步增加。
            """
        #expect(Fixture.record(bytes: Array(bulletin.utf8)).meta.title != "国家统计局河口调查队")
    }

    /// An article of short lines the layout wrapped opens with a title-shaped line; once the lines
    /// under it are joined to it, a byline below must not take it out as the title with the body.
    @Test func aWrappedArticleIsNotTakenForItsTitle() {
        let text = """
            今年以来，我县坚持以人民为中心
            推进各项民生工程，全年新建
            学校三所，改造道路十二公里，
            惠及群众三万余人。
            来源：某县政府网
            """
        let r = Fixture.record(bytes: Array(text.utf8))
        #expect(r.meta.title == nil)
        #expect(r.text == "今年以来，我县坚持以人民为中心推进各项民生工程，全年新建学校三所，改造道路十二公里，惠及群众三万余人。")
    }

    /// Only prose wraps: a breadcrumb or a headline does not swallow the lines under it, and a line a
    /// pattern names (来源:…) is never glued to the paragraph above.
    @Test func headLinesAreNotGluedIntoOneParagraph() {
        let text = """
            您当前的位置 : 河口网 > 地方新闻 > 河口
            搜 索
            河口镇首家社区志愿服务基地落成
            2024-08-14 10:25:03 来源:河口晨报  作者:周小海
            河口网8月14日讯 8月12日,河口镇首家社区志愿服务基地在绿地社区落成,共有300余名志愿者参加活动,
            启动仪式后,志愿者们还将开展为期一个月的文艺演出进社区活动。
            """
        let r = Fixture.record(bytes: Array(text.utf8))
        #expect(r.meta.title == "河口镇首家社区志愿服务基地落成")
        #expect(r.meta.author == "周小海")
        #expect(r.text.hasPrefix("河口镇首家社区志愿服务基地落成\n河口网8月14日讯"))
        #expect(r.text.contains("活动,启动仪式后"))
        #expect(!r.text.contains("您当前的位置"))
    }

    /// Footnote marks ([1], [2-3]) leave the text, so the number after them keeps its attribute.
    @Test func footnoteMarksLeaveTheText() {
        let text = "全区居民消费价格指数[1]上涨2.5%。 [2]\n城镇化率为45.4%[3-4]。\n"
        let r = Fixture.record(bytes: Array(text.utf8))
        #expect(r.text == "全区居民消费价格指数上涨2.5%。\n城镇化率为45.4%。")
        #expect(r.facts.first { $0.kind == .quantities }?.value.quantity?.attribute == "居民消费价格指数")
    }

    @Test func rosterLinesOfPlacesAreBody() {
        let text = "浙江省列入名单的镇有以下几个。\n\n嘉兴市嘉善县西塘镇\n\n宁波市 江北区\n\n古镇全景\n\n名单将在月底公布。"
        let r = Fixture.record(bytes: Array(text.utf8))
        #expect(r.text == "浙江省列入名单的镇有以下几个。\n嘉兴市嘉善县西塘镇\n宁波市 江北区\n名单将在月底公布。")
        #expect(r.dropped.map(\.text) == ["古镇全景"])
        #expect(r.facts.compactMap(\.value.place).first { $0.name == "西塘镇" }?.code == "330421103")
    }

    /// `&#147;` is “ as HTML5 reads it (windows-1252), not the control U+0093 libxml2 gives; no
    /// control character reaches a record's text, whatever the page held.
    @Test func c1ReferencesReadAsWindows1252AndControlsNeverReachTheText() {
        let html = """
            <html><head><meta charset="utf-8"></head><body><div><p>他说&#147;社区常住人口8.8万人&#148;，\
            面积&#x96;5.2平方公里&#0133;以及\u{7}\u{9C}其他。这一段文字足够长，用来测试正文的提取是否正常工作，并且包含更多的内容。\
            </p></div></body></html>
            """
        let r = Fixture.record(bytes: Array(html.utf8), name: "c1.html")
        #expect(r.text.hasPrefix("他说“社区常住人口8.8万人”，面积–5.2平方公里…以及其他。"), "\(r.text)")
        #expect(!r.text.unicodeScalars.contains(where: Controls.isControl))
        #expect(r.facts.compactMap(\.value.quantity).map(\.value) == [88000, 5.2], "an en dash is no minus sign")
        #expect(Controls.withC1ReferencesMapped("&#128;&#x9f;&#160;&#150") == "€Ÿ&#160;&#150")
    }

    /// Controls are looked for eight bytes at a time: wherever one falls in a text (C0, DEL, C1,
    /// beside tab, line feed and the other characters whose UTF-8 opens with 0xC2), the text loses
    /// exactly its controls, and a text without one comes back as it was.
    @Test func controlsAreFoundAtEveryOffset() {
        let pieces = ["中", "a", "\t", "\n", "\u{7}", "\u{7F}", "\u{85}", "\u{9F}", "\u{A0}", "©", "🦕", "12345678"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let text = Fixture.randomText(from: pieces, pieces: 0...24, using: &generator)
            let kept = String(String.UnicodeScalarView(text.unicodeScalars.filter { !Controls.isControl($0) }))
            #expect(Controls.removed(from: text) == kept, "\(Array(text.unicodeScalars))")
        }
    }

    @Test func wrappedLinesAreJoined() {
        let text = "    五马街道位于温州市核心区域,是鹿\n    城区政府驻地,区域面积4.65平方公\n    里,户籍人口17.3万。\n"
        let r = Fixture.record(bytes: Array(text.utf8))
        #expect(r.text == "五马街道位于温州市核心区域,是鹿城区政府驻地,区域面积4.65平方公里,户籍人口17.3万。")
    }

    /// A line's last Character is read off its last scalars where they are Characters of their own:
    /// a Character of one scalar is a number as that scalar's numeric type says, over the BMP, and
    /// random lines of enders, digits, letters, Han, marks and joiners are wrapped, and joined, as
    /// by their Characters.
    @Test func wrappedLinesEndAsTheirLastCharacter() {
        let differ = (0..<0x1_0000).compactMap(Unicode.Scalar.init).filter {
            Character($0).isNumber != ($0.properties.numericType != nil)
        }
        #expect(differ.isEmpty, "\(differ.prefix(5))")
        let pieces = [
            "。", "；", "\u{037E}", "3", "三", "١", "²", "，", "a", "Z", "\u{301}", "\u{200D}", "\u{FE0F}", "\u{0600}", "市",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let line = Fixture.randomText(from: pieces, pieces: 0...6, using: &generator)
            if let last = TextCleaner.lastScalarAlone(of: line) {
                #expect(line.last == Character(last), "\(Array(line.unicodeScalars))")
            }
            #expect(TextCleaner.isWrapped(line) == wrappedByCharacters(line), "\(Array(line.unicodeScalars))")
            let prose = "位于温州市核心区域,是鹿城区政府驻地" + line
            #expect(TextCleaner.isWrapped(prose) == wrappedByCharacters(prose), "\(Array(line.unicodeScalars))")
            let latin = { (c: Character?) in c.map { $0.isASCII && $0.isLetter } ?? false }
            #expect(TextCleaner.endsInLatinLetter(line) == latin(line.last), "\(Array(line.unicodeScalars))")
            #expect(TextCleaner.startsWithLatinLetter(line) == latin(line.first), "\(Array(line.unicodeScalars))")
            let marked = line.unicodeScalars.contains(where: TextCleaner.clauseMarks.contains)
            #expect(TextCleaner.holdsClauseMark(line) == marked)
        }
    }

    /// `TextCleaner.isWrapped` as it was written on Characters.
    private func wrappedByCharacters(_ line: String) -> Bool {
        guard let last = line.last, !TextCleaner.endsSentence(last), line.count >= TextCleaner.wrappedLineChars,
            line.unicodeScalars.contains(where: TextCleaner.clauseMarks.contains)
        else { return false }
        return !last.isNumber || line.unicodeScalars.last?.isHan == true
    }

    @Test func columnsBecomeTableRows() {
        let text = "乡镇户数         (户)   2165270 2382584\n330105005 | 拱宸桥街道 | 4.23 | 31\n"
        let r = Fixture.record(bytes: Array(text.utf8))
        #expect(r.text == "乡镇户数\t(户)\t2165270 2382584\n330105005\t拱宸桥街道\t4.23\t31")
    }

    struct Labels: Decodable {
        struct Page: Decodable {
            var with: [String]
            var without: [String]
        }
        var pages: [String: Page]
    }

    /// Keep-recall and chrome-leak over every page of the shared HTML corpus, against hand labels.
    @Test func corpusKeepsTheArticleAndLeaksLittleChrome() throws {
        let labels = try JSONDecoder().decode(Labels.self, from: Data(contentsOf: Fixture.labels))
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixture.corpusHTML.path).filter {
            $0.hasSuffix(".html")
        }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(labels.pages.keys), "every corpus page is labelled")
        var kept = 0, total = 0, leaked = 0, chrome = 0
        var report: [String] = []
        for (page, label) in labels.pages.sorted(by: { $0.key < $1.key }) {
            let r = Fixture.record(Fixture.corpusHTML.appendingPathComponent("\(page).html"))
            #expect(r.error == nil)
            let text = r.text.filter { !$0.isWhitespace }
            for s in label.with {
                total += 1
                if text.contains(s.filter { !$0.isWhitespace }) {
                    kept += 1
                } else {
                    report.append("lost \(page): \(s)")
                }
            }
            for s in label.without {
                chrome += 1
                if text.contains(s.filter { !$0.isWhitespace }) {
                    leaked += 1
                    report.append("leaked \(page): \(s)")
                }
            }
            #expect(r.meta.title?.isEmpty == false, "\(page) has a title")
        }
        let keep = Double(kept) / Double(total), leak = Double(leaked) / Double(chrome)
        print(
            String(format: "corpus/html: keep %d/%d = %.3f, leak %d/%d = %.3f", kept, total, keep, leaked, chrome, leak)
        )
        report.forEach { print("  " + $0) }
        #expect(keep >= 0.98)
        #expect(leak <= 0.03)
    }

    @Test func deepNestingDoesNotLoseTheRestOfThePage() {
        let depth = 3000
        let html =
            "<html><body>" + String(repeating: "<div>", count: depth) + "<p>深处的段落，常住人口8.8万人，面积5.2平方公里。</p>"
            + String(repeating: "</div>", count: depth) + "<p>结尾的段落也在，户籍人口5.1万人，共有30个住宅小区。</p></body></html>"
        let r = Fixture.record(bytes: Array(html.utf8), name: "deep.html")
        #expect(r.text.contains("结尾的段落也在"))
    }
}

/// The arrays libxml2's SAX events build: text joined across the pieces libxml2 hands it, titles
/// and meta tags, what is skipped, and which table rows are rows of data.
@Suite struct FlatDocumentTests {
    func document(_ body: String) throws -> FlatDocument {
        try #require(try FlatDocument(html: "<html><head><title>标题 &amp; 网站</title></head><body>\(body)</body></html>"))
    }

    @Test func textIsOneRunAcrossEntitiesAndSkipsScriptsAndHead() throws {
        let doc = try document("<p>常住人口8.8&#19975;人 &lt;约&gt;</p><script>var a = '脚本';</script><style>p{}</style>")
        #expect(doc.titleTag == "标题 & 网站")
        #expect(doc.runs.map(\.text) == ["常住人口8.8万人 <约>"])
        #expect(doc.elements.map(\.tag) == ["html", "head", "title", "body", "p"])
    }

    @Test func elementsAreInPreorderWithTheirSubtreesEnds() throws {
        let doc = try document(
            "<div class=\"main\" id=\"a\"><p>一</p><p style=\"DISPLAY: none\">二</p></div><br><p>三</p>")
        let tags = doc.elements.map(\.tag)
        #expect(tags == ["html", "head", "title", "body", "div", "p", "p", "br", "p"])
        let div = doc.elements[4]
        #expect(div.end == 7 && div.textStart == 0 && div.textEnd == 2 && div.classAndID == "main a")
        #expect(doc.elements[6].hidden && !doc.elements[5].hidden)
        #expect(doc.runs.map(\.breakBefore) == [true, true, true])
        #expect(doc.runs.map(\.block) == [5, 6, 8])
    }

    @Test func metaTagsAndTheAddressesAPageGivesForItself() throws {
        let doc = try #require(
            try FlatDocument(
                html: """
                    <html><head><meta name="Author" content=" 林小海 "><meta property="og:title" content="">
                    <link rel="Canonical" href="https://example.cn/a.html"></head>
                    <body><text id="http://example.cn/b">正文</text></body></html>
                    """))
        #expect(doc.metaTags == ["author": "林小海"])
        #expect(doc.selfURLs == ["https://example.cn/a.html", "http://example.cn/b"])
    }

    /// libxml2's tree builder hangs what follows the closed root under the document's first node:
    /// the root itself, unless a doctype came anywhere (then it is a sibling no walk reads).
    @Test func elementsAfterTheRootAreTheRootsWhenNoDoctypeCameFirst() throws {
        let page = "<html><head><title>县政府</title></head><body><p>首页</p></body></html><div><p>正文一段</p></div>"
        let adopted = try #require(try FlatDocument(html: page))
        #expect(adopted.runs.map(\.text) == ["首页", "正文一段"])
        #expect(adopted.elements[0].end == adopted.elements.count && adopted.elements[0].textEnd == 2)
        let sibling = try #require(try FlatDocument(html: "<!DOCTYPE html>" + page))
        #expect(sibling.runs.map(\.text) == ["首页"])
    }

    /// A prefixed name is its local name, as in libxml2's tree: Word's `<o:p>` is a paragraph.
    @Test func prefixedTagsAreTheirLocalNames() throws {
        let doc = try document("<p>总产量达到13908亿斤<o:p></o:p>比上年增加</p><y:>字</y:>")
        #expect(doc.elements.map(\.tag).suffix(3) == ["p", "p", "y:"])
        #expect(doc.runs.map(\.breakBefore) == [true, true, true] && doc.runs[1].block == doc.runs[0].block)
    }

    /// A row is one of data when every element in it is a cell of a few inline nodes; its runs
    /// know their row and cell. A block in a cell, more than 64 nodes in one, or anything but a cell
    /// beside them makes a layout row.
    @Test func dataRowsAreRowsOfInlineCells() throws {
        let many = String(repeating: "<b>字</b>", count: 33)
        let doc = try document(
            """
            <table><tr><td>常住人口</td><td><b>8.8</b>万人<!-- 注 --></td></tr>
            <tr><td><div>布局</div></td><td>格</td></tr>
            <tr><td>\(many)</td><td>多</td></tr>
            <tr><td>脚本<script>1</script></td><td>可</td></tr>
            <tr><script>1</script><td>不</td><td>行</td></tr></table>
            """)
        func rows(_ text: String) -> [Int] { doc.runs.filter { $0.text == text }.map(\.row) }
        let data = doc.runs.filter { $0.row >= 0 }
        #expect(Set(data.map(\.text)) == ["常住人口", "8.8", "万人", "脚本", "可"])
        #expect(Set(data.map { doc.elements[$0.cell].tag }) == ["td"])
        #expect(rows("8.8") == rows("万人") && rows("8.8") == rows("常住人口"))
        #expect(data.first { $0.text == "8.8" }?.cell == data.first { $0.text == "万人" }?.cell)
        #expect(rows("布局") == [-1] && rows("多") == [-1] && rows("不") == [-1])
    }
}
