import Foundation
import Testing

@testable import Tiqu

/// Bad input gets a clear error or a record with warnings; nothing crashes and nothing is lost.
@Suite struct BadInputTests {
    @Test func emptyAndWhitespaceOnly() {
        #expect(Fixture.record(bytes: []).error?.code == "empty")
        #expect(Fixture.record(bytes: Array(" \n\u{3000}\n".utf8)).error?.code == "empty")
    }

    @Test func binaryFiles() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 64)
        let r = Fixture.record(bytes: png, name: "photo.png")
        #expect(r.error == DocumentError("binary", "the input is a PNG image, not an HTML page or a text scrape"))
        #expect(Fixture.record(bytes: [0x41, 0x00, 0x42, 0x00, 0x00, 0x00, 0x43, 0x01, 0x02]).error?.code == "binary")
    }

    @Test func truncatedHTMLStillYieldsItsTextWithAWarning() throws {
        let page = try Data(contentsOf: Fixture.corpusHTML.appendingPathComponent("xinhuanet-1.html"))
        let cut = Array(page.prefix(page.count * 6 / 10))
        let r = Fixture.record(bytes: cut, name: "cut.html")
        #expect(r.error == nil)
        #expect(r.text.contains("新华社巴黎12月9日电"))
        #expect(r.warnings.contains { $0.contains("may be truncated") })
        // A page closed in capitals, or its body closed without </html>, is whole.
        for end in ["</BODY></HTML>", "</Body>", "</html>\n<!-- cached -->"] {
            let whole = Fixture.record(bytes: Array(("<html><body><p>常住人口8.8万人。</p>" + end).utf8), name: "a.html")
            #expect(!whole.warnings.contains { $0.contains("may be truncated") }, "\(end)")
        }
    }

    /// A page cut off anywhere (inside a quoted value, a comment, a tag name) is read, never a
    /// crash: every prefix passes the markup scan, and one that holds the paragraph gives its text.
    @Test func aPageCutAnywhereIsRead() {
        let page =
            #"<html><head><!-- saved --><title>标题</title></head><body><div class="main" id='a'>"#
            + #"<p style="color:red">常住人口8.8万人。</p><a href=x>链接</a><!-- end - -></div></body></html>"#
        let bytes = Array(page.utf8)
        let paragraphEnd = bytes.count - Array(#"</p><a href=x>链接</a><!-- end - -></div></body></html>"#.utf8).count
        for n in 1...bytes.count {
            let cut = Array(bytes.prefix(n))
            #expect(MarkupLimits.problem(in: String(decoding: cut, as: UTF8.self)) == nil, "cut at \(n)")
            let r = Fixture.record(bytes: cut, name: "cut.html")
            if n >= paragraphEnd { #expect(r.text.contains("常住人口8.8万人。"), "cut at \(n)") }
        }
    }

    /// A text that ends with a divisions cue (`…归县管辖`), with nothing after it to count, is a
    /// record: every cue of the rule, at the end of a scrape, of an HTML page and of a lone word.
    @Test func aTextEndingWithADivisionsCueIsRead() throws {
        let cues = Fixture.book.words[.place].filter { $0.role == "divisions" }.flatMap(\.forms)
        #expect(cues.count >= 5)
        let sentence = "全镇常住人口八千余人，共有十二个居民小组。该镇归县"
        for cue in cues {
            for (bytes, name) in [
                (Array("\(sentence)\(cue) ：".utf8), "a.txt"), (Array(cue.utf8), "b.txt"),
                (Array("<html><body><div><p>\(sentence)\(cue)</p></div></body></html>".utf8), "c.html"),
            ] {
                let r = Fixture.record(bytes: bytes, name: name)
                #expect(r.error == nil && !r.facts.contains { $0.kind == .divisions }, "\(cue) in \(name)")
                #expect(name == "b.txt" || r.text.contains("县\(cue)"), "\(cue) in \(name)")
            }
        }
    }

    /// A page opening with a comment that closes itself (`<!-->`, `<!--->`) records no address
    /// from it, and is a record (libxml2 reads such a comment as running on to a later `-->`, so
    /// with none the page has no element); one opening with an address in a comment records it.
    @Test func anOpeningCommentThatClosesItselfIsRead() {
        let page = "<html><body><div><p>全镇常住人口八千余人，共有十二个居民小组，正文内容到此为止。</p></div></body></html>"
        for opener in ["<!-->", "<!--->"] {
            let r = Fixture.record(bytes: Array("\(opener)\n\(page)".utf8), name: "c.html")
            #expect(r.source.url == nil && (r.error == nil || r.error?.code == "html_unparsable"), "\(opener)")
        }
        let closedLater = Fixture.record(bytes: Array("  <!-->http://a.b/ -->\n\(page)".utf8), name: "c.html")
        #expect(closedLater.source.url == nil && closedLater.text.contains("正文内容"))
        let saved = Fixture.record(bytes: Array("<!-- https://example.org/a.html -->\n\(page)".utf8), name: "s.html")
        #expect(saved.source.url == "https://example.org/a.html")
    }

    @Test func aFiftyMegabyteLineIsOverTheBudget() {
        let unit = Array("街道常住人口8.8万人，".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(50 * 1024 * 1024 + unit.count)
        while bytes.count < 50 * 1024 * 1024 { bytes.append(contentsOf: unit) }
        let r = Fixture.record(bytes: bytes, name: "huge.txt")
        #expect(r.error?.code == "budget_exceeded")
        #expect(r.error?.message.contains("characters, over the budget") == true)
    }

    /// A document that outlasts its time budget is an error record; the next one is not held up.
    @Test func aSlowDocumentBecomesBudgetExceeded() throws {
        var text = ""
        for i in 0..<20_000 { text += "第\(i)项常住人口\(i)万人、面积\(i)平方公里，" }
        let tight = Pipeline(rules: Fixture.book, budget: .milliseconds(100))
        let slow = tight.process(Page(id: "slow", source: Source(path: "slow.txt"), bytes: Array(text.utf8)))
        #expect(slow.error?.code == "budget_exceeded", "\(String(describing: slow.error))")
        let quick = tight.process(
            Page(id: "quick", source: Source(path: "quick.txt"), bytes: Array("标题\n常住人口8.8万人。".utf8)))
        #expect(quick.error == nil)
    }

    @Test func missingPathBecomesAnErrorRecord() {
        var inputs = Inputs(paths: ["/nonexistent/dir/page.html"])
        guard case .failed(let r)? = inputs.next() else {
            Issue.record("expected a failed item")
            return
        }
        #expect(r.id == "page")
        #expect(r.error?.code == "not_found")
        #expect(inputs.next() == nil)
    }

    @Test func aFolderOfFiveThousandFilesGivesFiveThousandRecordsInNameOrder() throws {
        let dir = Fixture.temporaryDirectory()
        for i in 0..<5000 {
            try Data("第\(i)号文件：街道常住人口\(i)人。".utf8).write(to: dir.appendingPathComponent("doc-\(i).txt"))
        }
        try Data().write(to: dir.appendingPathComponent(".hidden.txt"))
        var ids: [String] = []
        for item in Inputs(paths: [dir.path]) {
            guard case .page(let page) = item else {
                Issue.record("unexpected failure")
                continue
            }
            let r = Fixture.pipeline.process(page)
            #expect(r.error == nil)
            ids.append(r.id)
        }
        #expect(ids.count == 5000)
        #expect(Set(ids).count == 5000)
        #expect(ids.prefix(3) == ["doc-0", "doc-1", "doc-2"])
    }
}

extension Inputs.Item: Equatable {
    public static func == (a: Inputs.Item, b: Inputs.Item) -> Bool {
        switch (a, b) {
        case let (.page(x), .page(y)): return x.id == y.id
        case let (.failed(x), .failed(y)): return x.id == y.id
        default: return false
        }
    }
}
