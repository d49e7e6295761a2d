import Foundation
import Testing

@testable import Tiqu

/// The review page: facts marked once at their spans (nested, crossing), the text untouched
/// between them, records read back as written, pages of `perPage` documents, and `tiqu report` /
/// `tiqu test --report` end to end. The browser test (`scripts/browser-test.sh`) checks the same
/// in the DOM Chromium builds.
@Suite struct ReportTests {
    /// The text content of highlighted HTML (tags dropped, entities read back).
    static func textContent(_ html: String) -> String {
        let tags = html.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        return tags.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    static func mark(_ start: Int, _ end: Int, _ name: String) -> Highlight {
        Highlight(start: start, end: end, attributes: " id=\"\(name)\"", continuation: " data-part-of=\"\(name)\"")
    }

    @Test func nestedAndCrossingSpansKeepTheTextAndOneElementEach() {
        let text = "下辖安居、东海<花园>2个社区&3个村"
        let html = Highlighter.html(
            text, [Self.mark(0, 18, "division"), Self.mark(2, 4, "a"), Self.mark(5, 11, "b"), Self.mark(9, 14, "c")])
        #expect(Self.textContent(html) == text)
        for name in ["division", "a", "b", "c"] {
            #expect(html.components(separatedBy: "id=\"\(name)\"").count == 2, "\(name) has one element")
        }
        // c crosses b: b closes where c must, and c opened inside b goes on after it.
        #expect(html.contains("<mark id=\"c\">园&gt;</mark></mark><mark data-part-of=\"c\">2个社</mark>区"))
        #expect(html.hasPrefix("<mark id=\"division\">下辖<mark id=\"a\">安居</mark>、"))
    }

    @Test func spansOutsideTheTextAreLeftUnmarked() {
        let html = Highlighter.html("常住人口", [Self.mark(2, 9, "x"), Self.mark(3, 3, "y"), Self.mark(-1, 2, "z")])
        #expect(html == "常住人口")
    }

    @Test func aRecordReadsBackAsItWasWritten() throws {
        let record = Fixture.record(Fixture.samples.appendingPathComponent("000_a50fa9c0a5e753b2.big5.txt"))
        let line = Emitter(withText: true).line(record)
        let read = try Record(json: Data(line.utf8))
        #expect(Emitter(withText: true).line(read) == line)
        let failed = Record(id: "x", source: Source(path: "x.txt"), error: DocumentError("empty", "the file is empty"))
        #expect(try Record(json: Data(Emitter(withText: false).line(failed).utf8)).error == failed.error)
    }

    @Test func aRecordWithoutTextTakesItsTextFromARunAgain() throws {
        let record = Fixture.record(Fixture.samples.appendingPathComponent("corpus-010.txt"))
        var bare = try Record(json: Data(Emitter(withText: false).line(record).utf8))
        #expect(bare.text.isEmpty)
        let entry = ReportEntry(reading: bare, again: record, seconds: 0.01)
        #expect(entry.record.text == record.text)
        #expect(entry.offSpan.isEmpty)
        #expect(entry.droppedKnown && entry.record.dropped == record.dropped)
        bare.facts[0].start += 1
        let moved = ReportEntry(reading: bare, again: record, seconds: 0.01)
        #expect(moved.notes.contains { $0.contains("do not fit") })
        #expect(moved.record.facts.count == record.facts.count && moved.offSpan.isEmpty)
        var other = record
        other.text += "\n多一行"
        let changed = ReportEntry(reading: other, again: record, seconds: 0.01)
        #expect(!changed.droppedKnown && changed.notes.contains { $0.contains("cleans differently") })
    }

    @Test func onlyWebAddressesAreLinksAndFactsOffTheTextAreNotedNotMarked() throws {
        var record = Fixture.record(bytes: Array("某镇概况\n\n全镇常住人口8.8万人。\n".utf8))
        record.source.url = "javascript:alert(1)"
        record.facts[0].start += 1
        let html = DocumentSection(entry: ReportEntry(record: record, droppedKnown: true), number: 1).html
        #expect(!html.contains("href=\"javascript") && html.contains("<dd>javascript:alert(1)</dd>"))
        #expect(html.contains("1 fact(s) do not fit the text at their span: not marked"))
        #expect(html.components(separatedBy: "data-fact=").count == record.facts.count)
        record.source.url = "https://example.gov.cn/a.html"
        #expect(
            DocumentSection(entry: ReportEntry(record: record, droppedKnown: true), number: 1).html
                .contains("<a href=\"https://example.gov.cn/a.html\">"))
    }

    @Test func pagesHoldPerPageDocumentsAndLinkEachOther() {
        let records = (0..<5).map {
            Record(id: "d\($0)", source: Source(path: "d\($0).txt"), error: DocumentError("empty", "empty"))
        }
        let report = ReportPage(title: "t", fileName: "review.html", generator: "tiqu test", perPage: 2)
        let pages = report.pages(records.map { ReportEntry(record: $0, droppedKnown: false) })
        #expect(pages.count == 3)
        #expect(report.name(ofPage: 2) == "review-3.html")
        #expect(pages[1].contains("id=\"d-3\"") && pages[1].contains("id=\"d-4\"") && !pages[1].contains("id=\"d-5\""))
        #expect(pages[0].contains("<a href=\"review-2.html\">3–4</a>") && pages[0].contains("review-3.html\">5–5</a>"))
        #expect(
            pages.allSatisfy { $0.contains("<td>error: empty</td><td class=\"n\">5</td>") }, "the summary is of all")
        #expect(!pages[0].contains("http"), "nothing is fetched")
    }

    @Test func reportAndTestReportEndToEnd() throws {
        let dir = Fixture.temporaryDirectory()
        let records = dir.appendingPathComponent("records.jsonl")
        let page = dir.appendingPathComponent("page.txt")
        try Data("某镇概况\n\n2019年，全镇常住人口8.8万人。\n".utf8).write(to: page)
        #expect(try Fixture.run(["extract", page.path, "-o", records.path]).status == 0)
        let written = try String(contentsOf: records, encoding: .utf8)
        let quantity = try #require(try Record(json: Data(written.utf8)).facts.first { $0.kind == .quantities })
        try (written + "not json\n").write(to: records, atomically: true, encoding: .utf8)
        let run = try Fixture.run(["report", records.path, "-o", dir.appendingPathComponent("r.html").path])
        // The report is written, the line that is no record in it and on stderr, and the run ends 1.
        #expect(run.status == 1)
        #expect(run.stderr.contains("tiqu: \(records.path):2: not a record: the line is not a JSON object"))
        let html = try String(contentsOf: dir.appendingPathComponent("r.html"), encoding: .utf8)
        #expect(html.contains("data-fact=\"quantity\" data-start=\"\(quantity.start)\" data-end=\"\(quantity.end)\""))
        #expect(html.contains(">\(quantity.text)</mark>"))
        #expect(html.contains("the record has no text: the text is the page run again"))
        #expect(html.contains("bad_record: \(records.path):2: not a record: the line is not a JSON object"))

        let samples = dir.appendingPathComponent("samples")
        try FileManager.default.createDirectory(at: samples, withIntermediateDirectories: true)
        for name in ["corpus-003.txt", "corpus-003.expected.json", "floors.yaml"] {
            try FileManager.default.copyItem(
                at: Fixture.samples.appendingPathComponent(name), to: samples.appendingPathComponent(name))
        }
        let test = try Fixture.run(["test", samples.path, "--report", dir.appendingPathComponent("t.html").path])
        #expect(test.stdout.contains("report in"))
        let tested = try String(contentsOf: dir.appendingPathComponent("t.html"), encoding: .utf8)
        #expect(tested.contains("<h3>expected</h3>") && tested.contains("<h3>found</h3>"))
        #expect(tested.contains("class=\"f k-place missing\" data-expected=\"place\""), "corpus-003's hand label")
    }
}
