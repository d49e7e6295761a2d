import Foundation
import Testing

@testable import Tiqu

/// WARC and WARC.gz inputs: response records become pages with the HTTP charset, target URI and
/// date; other records are skipped; a truncated file ends with an error record.
@Suite struct WARCTests {
    /// A WARC record with its header block and content.
    static func record(_ type: String, uri: String, id: Int, _ content: [UInt8]) -> [UInt8] {
        let head =
            "WARC/1.0\r\nWARC-Type: \(type)\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-\(String(format: "%012d", id))>\r\n"
            + "WARC-Date: 2024-05-01T10:00:0\(id % 10)Z\r\nWARC-Target-URI: \(uri)\r\nContent-Length: \(content.count)\r\n\r\n"
        return Array(head.utf8) + content + Array("\r\n\r\n".utf8)
    }

    static func response(_ contentType: String, _ body: [UInt8]) -> [UInt8] {
        Array("HTTP/1.1 200 OK\r\nContent-Type: \(contentType)\r\n\r\n".utf8) + body
    }

    /// Three responses (GBK HTML named by its HTTP header only, UTF-8 text, an image) among other records.
    static func sample() -> [[UInt8]] {
        let gbk = Charset.iconvEncode(
            "<html><head><title>東柳街道</title></head><body><p>東柳街道常住人口8.8萬人，戶籍人口5.1萬人，面積5.2平方公里。</p></body></html>",
            to: "GBK")
        return [
            record("warcinfo", uri: "", id: 1, Array("software: test".utf8)),
            record("request", uri: "http://a.example/1", id: 2, Array("GET /1 HTTP/1.1\r\n\r\n".utf8)),
            record("response", uri: "http://a.example/1", id: 3, response("text/html; charset=GBK", gbk)),
            record(
                "response", uri: "http://a.example/2", id: 4,
                response("text/plain; charset=utf-8", Array("标题\n户籍人口5.1万人。".utf8))),
            record(
                "response", uri: "http://a.example/logo.png", id: 5, response("image/png", [0x89, 0x50, 0x4E, 0x47])),
        ]
    }

    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(bytes))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }

    static func items(_ path: String) -> [Inputs.Item] {
        var inputs = Inputs(paths: [path])
        var out: [Inputs.Item] = []
        while let item = inputs.next() { out.append(item) }
        return out
    }

    func check(_ items: [Inputs.Item]) throws {
        #expect(items.count == 3)
        guard items.count == 3, case .page(let first) = items[0], case .page(let second) = items[1],
            case .failed(let image) = items[2]
        else {
            Issue.record("unexpected items \(items)")
            return
        }
        #expect(first.id == "00000000-0000-0000-0000-000000000003")
        #expect(first.source.url == "http://a.example/1")
        #expect(
            first.source.extra == .object([("warc_date", .string("2024-05-01T10:00:03Z")), ("http_status", .int(200))]))
        let record = Fixture.pipeline.process(first)
        #expect(record.source.encoding == "gb18030")
        #expect(record.facts.contains { $0.text == "8.8萬人" })
        #expect(Fixture.pipeline.process(second).facts.contains { $0.text == "5.1万人" })
        #expect(image.error?.code == "unsupported_type")
    }

    @Test func plainAndGzippedWARCGiveTheSamePages() throws {
        let dir = Fixture.temporaryDirectory()
        let plain = Self.sample().flatMap { $0 }
        try Data(plain).write(to: dir.appendingPathComponent("crawl.warc"))
        try check(Self.items(dir.appendingPathComponent("crawl.warc").path))
        // One gzip member per record, as crawlers write them.
        let members = try Self.sample().flatMap(Self.gzip)
        try Data(members).write(to: dir.appendingPathComponent("crawl.warc.gz"))
        try check(Self.items(dir.appendingPathComponent("crawl.warc.gz").path))
    }

    @Test func aTruncatedWARCEndsWithAnErrorRecord() throws {
        let dir = Fixture.temporaryDirectory()
        let whole = try Self.sample().flatMap(Self.gzip)
        let url = dir.appendingPathComponent("cut.warc.gz")
        try Data(whole.prefix(whole.count - 40)).write(to: url)
        let items = Self.items(url.path)
        guard case .failed(let last)? = items.last else {
            Issue.record("no error record at the end")
            return
        }
        #expect(last.error?.code == "bad_warc")
        #expect(items.count == 3)
    }

    @Test func foldersAreFilteredByGlobs() throws {
        let dir = Fixture.temporaryDirectory()
        for name in ["a.html", "b.txt", "c.json", "sub/d.html", "sub/e.txt"] {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("标题\n正文。".utf8).write(to: url)
        }
        func ids(_ include: [String], _ exclude: [String]) -> [String] {
            var inputs = Inputs(paths: [dir.path], include: include, exclude: exclude)
            var out: [String] = []
            while let item = inputs.next() { if case .page(let p) = item { out.append(p.id) } }
            return out
        }
        // Page files by default; --include widens the set, --exclude narrows it.
        #expect(ids([], []) == ["a", "b", "sub/d", "sub/e"])
        #expect(ids(["*.json"], []) == ["a", "b", "c", "sub/d", "sub/e"])
        #expect(ids([], ["sub/*"]) == ["a", "b"])
        #expect(ids(["*.json"], ["sub/*", "*.html"]) == ["b", "c"])
    }
}
