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

    /// A record whose Content-Length is not a byte count is named with the value, and the reader
    /// finds the next record at its version line after a blank line: the record after it is kept.
    @Test(arguments: ["abc", "-5", "10000000000000000000", " 0x10"])
    func aBadContentLengthIsQuotedAndTheNextRecordIsRead(_ value: String) throws {
        let good = Self.sample()[3]
        let bad = String(
            decoding: Self.record("response", uri: "http://a.example/0", id: 9, Array("<p>x</p>".utf8)), as: UTF8.self
        )
        .replacingOccurrences(of: "Content-Length: 8", with: "Content-Length: \(value)")
        let file = Fixture.temporaryDirectory().appendingPathComponent("bad.warc")
        try Data(Array(bad.utf8) + good).write(to: file)
        let items = Self.items(file.path)
        #expect(items.count == 2)
        guard items.count == 2, case .failed(let error) = items[0], case .page(let page) = items[1] else {
            Issue.record("unexpected items \(items)")
            return
        }
        #expect(error.error?.code == "bad_warc")
        let message = error.error?.message ?? ""
        #expect(
            message.contains("invalid Content-Length '\(value.trimmingCharacters(in: .whitespaces))'"), "\(message)")
        // Counted from the record's start: its header lines too.
        #expect(message.contains("; \(bad.utf8.count) bytes were passed to the next record"), "\(message)")
        #expect(page.id == "00000000-0000-0000-0000-000000000004")
        #expect(Fixture.pipeline.process(page).facts.contains { $0.text == "5.1万人" })
    }

    /// When no record starts after a bad length, the error line says the rest was not read, and how much.
    @Test func aBadLengthWithNoRecordAfterItSaysTheRestWasNotRead() throws {
        let bad = String(
            decoding: Self.record("response", uri: "http://a.example/0", id: 9, Array("<p>x</p>".utf8)), as: UTF8.self
        )
        .replacingOccurrences(of: "Content-Length: 8\r\n", with: "")
        let file = Fixture.temporaryDirectory().appendingPathComponent("nolength.warc")
        try Data(bad.utf8).write(to: file)
        let items = Self.items(file.path)
        guard items.count == 1, case .failed(let error) = items[0] else {
            Issue.record("unexpected items \(items)")
            return
        }
        #expect(
            error.error?.message.hasSuffix(
                "has no Content-Length header; the rest of the file (12 bytes) was not read: no record starts in it")
                == true, "\(error)")
    }

    /// A file that ends inside a record's header says so, after the records before it.
    @Test func aWARCCutInAHeaderSaysSo() throws {
        let file = Fixture.temporaryDirectory().appendingPathComponent("cut.warc")
        try Data(Self.sample().joined() + Array("WARC/1.0\r\nWARC-Type: response\r".utf8)).write(to: file)
        let items = Self.items(file.path)
        #expect(items.count == 4)
        guard case .failed(let last)? = items.last else {
            Issue.record("no error record at the end")
            return
        }
        #expect(last.error?.code == "bad_warc")
        #expect(
            last.error?.message.hasSuffix(
                "is cut short in its header (the file ends before the blank line that closes it)") == true)
    }

    /// A record whose header is cut before its blank line by the next record's version line is a
    /// bad_warc line, and the next record is read from that line, not merged into the cut header.
    @Test func aHeaderCutByTheNextRecordIsALineAndTheNextRecordIsRead() throws {
        let sample = Self.sample()
        let record = String(decoding: sample[2], as: UTF8.self)
        let cut = Array(record[..<record.range(of: "Content-Length")!.lowerBound].utf8)
        let file = Fixture.temporaryDirectory().appendingPathComponent("cuthead.warc")
        try Data(cut + sample[3]).write(to: file)
        let items = Self.items(file.path)
        guard items.count == 2, case .failed(let error) = items[0], case .page(let page) = items[1] else {
            Issue.record("unexpected items \(items)")
            return
        }
        #expect(error.error?.code == "bad_warc")
        #expect(
            error.error?.message.hasSuffix(
                "record 1 of \(file.path) is cut short in its header: the next record starts before its blank line")
                == true, "\(error)")
        #expect(page.id == "00000000-0000-0000-0000-000000000004")
    }

    /// The sample's text response (record id 4) with its Content-Length changed by `change` bytes.
    static func misSized(by change: Int) -> [UInt8] {
        let record = String(decoding: sample()[3], as: UTF8.self)
        let length = record.components(separatedBy: "Content-Length: ")[1].prefix { $0.isNumber }
        return Array(
            record.replacingOccurrences(
                of: "Content-Length: \(length)", with: "Content-Length: \(Int(length)! + change)"
            ).utf8)
    }

    /// WARC ends a block with CR LF CR LF; writers that put LF LF, more blank lines or none before
    /// the next record give no warning.
    @Test(arguments: ["\r\n\r\n", "\n\n", "\r\n\r\n\r\n", ""])
    func recordEndsOfWritersGiveNoWarning(_ end: String) throws {
        let records = Self.sample().map { $0.dropLast(4) + Array(end.utf8) }
        let file = Fixture.temporaryDirectory().appendingPathComponent("ends.warc")
        try Data(records.joined()).write(to: file)
        let items = Self.items(file.path)
        try check(items)
        for case .page(let page) in items { #expect(page.warnings.isEmpty, "\(page.warnings)") }
    }

    /// A Content-Length a few bytes short gives the record, cut there, with a warning saying so;
    /// the bytes left are passed to the next record, with no line of their own.
    @Test func aShortContentLengthIsAWarningAndTheNextRecordIsRead() throws {
        let file = Fixture.temporaryDirectory().appendingPathComponent("short.warc")
        try Data(Self.misSized(by: -5) + Self.sample()[2]).write(to: file)
        let items = Self.items(file.path)
        guard items.count == 2, case .page(let short) = items[0], case .page(let next) = items[1] else {
            Issue.record("unexpected items \(items)")
            return
        }
        #expect(short.id == "00000000-0000-0000-0000-000000000004")
        #expect(short.warnings.count == 1)
        #expect(
            short.warnings.first?.hasSuffix(
                "bytes) does not end at the record's end; 9 bytes after it were passed to the next record") == true,
            "\(short.warnings)")
        #expect(next.id == "00000000-0000-0000-0000-000000000003" && next.warnings.isEmpty)
    }

    /// A Content-Length that runs over the next record, into it or past the end of the file,
    /// makes its record a bad_warc line; the next record, found inside the bytes announced, is
    /// read. The same holds for a WARC.gz of one member per record.
    @Test(arguments: [(20, false), (1000, false), (20, true), (1000, true)])
    func aContentLengthOverTheNextRecordIsALineAndTheNextRecordIsRead(_ change: Int, _ gzipped: Bool) throws {
        let records = [Self.misSized(by: change), Self.sample()[2]]
        let file = Fixture.temporaryDirectory().appendingPathComponent(gzipped ? "long.warc.gz" : "long.warc")
        try Data(gzipped ? records.flatMap(Self.gzip) : Array(records.joined())).write(to: file)
        let items = Self.items(file.path)
        guard items.count == 2, case .failed(let error) = items[0], case .page(let next) = items[1] else {
            Issue.record("unexpected items \(items)")
            return
        }
        #expect(error.error?.code == "bad_warc")
        let past = change > 100 ? "the end of the file" : "the next record"
        #expect(error.error?.message.contains("that runs past \(past); the next record starts") == true, "\(error)")
        #expect(next.id == "00000000-0000-0000-0000-000000000003")
    }

    /// A Content-Length over the document limit is passed, not kept: when the file ends inside
    /// it, the records there cannot be read, and the error line says the rest was not read.
    @Test func aLargeContentLengthPastTheEndSaysTheRestWasNotRead() throws {
        let file = Fixture.temporaryDirectory().appendingPathComponent("huge.warc")
        try Data(Self.misSized(by: Inputs.maxDocumentBytes) + Self.sample()[2]).write(to: file)
        let items = Self.items(file.path)
        guard items.count == 1, case .failed(let error) = items[0] else {
            Issue.record("unexpected items \(items)")
            return
        }
        #expect(error.error?.message.hasSuffix("the rest of the file, passed as its block, was not read") == true)
    }

    /// A gzip member that does not inflate loses its own record only: the error line says how many
    /// compressed bytes were passed, and reading goes on at the next member, as crawlers write a
    /// member per record. Bytes in the damage that look like a gzip header start no member.
    @Test func aDamagedGzipMemberLosesItsRecordOnly() throws {
        var members = try Self.sample().map(Self.gzip)
        // An invalid deflate block, then a gzip header whose bytes do not inflate to a record.
        members[2].replaceSubrange(10..<20, with: [0xFF, 0xFF, 0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0])
        let file = Fixture.temporaryDirectory().appendingPathComponent("damaged.warc.gz")
        try Data(members.joined()).write(to: file)
        let items = Self.items(file.path)
        guard items.count == 3, case .failed(let error) = items[0], case .page(let next) = items[1],
            case .failed(let image) = items[2]
        else {
            Issue.record("unexpected items \(items)")
            return
        }
        #expect(error.error?.code == "bad_warc")
        let message = error.error?.message ?? ""
        #expect(message.contains("(gzip: invalid block type)"), "\(message)")
        #expect(message.hasSuffix("compressed bytes were passed to the next gzip member, where reading goes on"))
        #expect(next.id == "00000000-0000-0000-0000-000000000004")
        #expect(image.error?.code == "unsupported_type")
    }

    /// An empty WARC file, plain or gzipped, or a gzip member that inflates to nothing, is one
    /// `empty` error line naming the file, as an empty page file is.
    @Test func anEmptyWARCIsOneEmptyLine() throws {
        let dir = Fixture.temporaryDirectory()
        let files = [("zero.warc", [UInt8]()), ("zero.warc.gz", []), ("member.warc.gz", try Self.gzip([]))]
        for (name, bytes) in files {
            let file = dir.appendingPathComponent(name)
            try Data(bytes).write(to: file)
            let items = Self.items(file.path)
            guard items.count == 1, case .failed(let record) = items[0] else {
                Issue.record("\(name): unexpected items \(items)")
                continue
            }
            #expect(record.error?.code == "empty")
            #expect(record.id == Inputs.id(for: file.path))
            #expect(record.source.path == file.path)
        }
    }

    /// In a folder, a page file that cannot be read as a regular file (a dangling link, a FIFO, a
    /// link loop) is an error line with the code it has when named directly; hidden files, files
    /// the globs leave out and links to folders stay out.
    @Test func unreadablePageFilesInAFolderAreErrorLines() throws {
        let dir = try Fixture.folder(["a.txt": "常住人口8.8万人。"])
        let names = ["dangling.txt", "fifo.txt", "loop.txt"]
        #expect(symlink("/nonexistent/x", dir.appendingPathComponent("dangling.txt").path) == 0)
        #expect(mkfifo(dir.appendingPathComponent("fifo.txt").path, 0o644) == 0)
        #expect(symlink("loop.txt", dir.appendingPathComponent("loop.txt").path) == 0)
        #expect(symlink("/nonexistent/x", dir.appendingPathComponent("notes.bak").path) == 0)
        #expect(symlink("/nonexistent/x", dir.appendingPathComponent(".hidden.txt").path) == 0)
        #expect(symlink("..", dir.appendingPathComponent("up").path) == 0)
        // A pipe found by the walk is never opened, whatever its name: it may wait forever for a writer.
        #expect(mkfifo(dir.appendingPathComponent("pipe.jsonl").path, 0o644) == 0)
        var inputs = Inputs(paths: [dir.path])
        var items: [Inputs.Item] = []
        while let item = inputs.next() { items.append(item) }
        #expect(items.map(\.id) == ["a", "dangling", "fifo", "loop", "pipe"])
        #expect(Self.errorCode(Array(items.suffix(1))) == "not_a_file")
        #expect(inputs.skippedFiles == 1)
        #expect(inputs.skippedLinks == 1)  // `up`, a link to a folder: counted, not followed
        let direct = Self.items(dir.appendingPathComponent("a.txt").path)
        if case .page(let page) = items.first, case .page(let alone) = direct.first {
            #expect(page.bytes == alone.bytes)
        } else {
            Issue.record("a.txt is not a page: \(items)")
        }
        let named = names.map { Self.errorCode(Self.items(dir.appendingPathComponent($0).path)) }
        #expect(named == ["not_found", "not_a_file", "unreadable"])
        #expect(items.dropFirst().prefix(3).map { Self.errorCode([$0]) } == named)
    }

    static func errorCode(_ items: [Inputs.Item]) -> String? {
        guard items.count == 1, case .failed(let record) = items[0] else { return nil }
        return record.error?.code
    }

    /// A subfolder whose path runs past PATH_MAX cannot be looked at: it is an `unreadable` line
    /// naming it, beside the pages that can be read.
    @Test func aSubfolderPastPathMaxIsAnUnreadableLine() throws {
        let dir = try Fixture.folder(["y.txt": "常住人口5万人。"])
        let name = String(repeating: "d", count: 20)
        // No path that long can be given to the system: the folders are made one below the other.
        var folders = [open(dir.path, O_RDONLY | O_DIRECTORY)]
        defer {
            for i in folders.indices.reversed() {
                if i > 0 { unlinkat(folders[i - 1], name, AT_REMOVEDIR) }
                close(folders[i])
            }
        }
        for _ in 0..<Int(PATH_MAX) / name.count {
            #expect(mkdirat(folders.last!, name, 0o755) == 0)
            folders.append(openat(folders.last!, name, O_RDONLY | O_DIRECTORY))
        }
        let items = Self.items(dir.path)
        #expect(items.count == 2)
        guard items.count == 2, case .failed(let deep) = items[0], case .page(let page) = items[1] else {
            Issue.record("unexpected items \(items)")
            return
        }
        #expect(deep.error?.code == "unreadable")
        #expect(deep.error?.message.contains("File name too long") == true)
        #expect(deep.id.hasPrefix(name + "/") && deep.source.path.utf8.count >= Int(PATH_MAX))
        #expect(page.id == "y")
    }
}
