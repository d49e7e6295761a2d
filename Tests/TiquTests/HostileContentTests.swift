import CZlib
import Foundation
import Testing

@testable import Tiqu

/// Hostile content: line ends from other systems, WARC files that lie about their sizes, gzip
/// bombs, wide encodings and markup built to stall the parser. Each run completes with one line per
/// input, the right error code and bounded memory and time.
@Suite(.serialized) struct HostileContentTests {
    static let maxRSSBytes = HostileRunTests.maxRSSBytes

    // MARK: Line ends

    /// Every sample saved with Windows (CRLF) or old Mac (CR) line ends gives the record it gives with LF.
    @Test func samplesSavedWithCRLFOrCRGiveTheSameRecords() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixture.samples.path)
            .filter { $0.hasSuffix(".txt") || $0.hasSuffix(".html") }.sorted()
        #expect(names.count >= 20)
        for name in names {
            let lf = try [UInt8](Data(contentsOf: Fixture.samples.appendingPathComponent(name)))
            let expected = Self.line(lf, name: name)
            for (ending, bytes) in [("CRLF", [UInt8(13), 10]), ("CR", [UInt8(13)])] {
                let other = lf.flatMap { $0 == 10 ? bytes : [$0] }
                #expect(Self.line(other, name: name) == expected, "\(name) with \(ending) line ends")
            }
        }
    }

    /// The rarer line breaks (VT, FF, NEL, LS, PS) split lines too; on the UTF-8 samples, where
    /// the multi-byte ones can be written without changing the encoding.
    @Test func utf8SamplesWithEveryOtherLineBreakGiveTheSameRecords() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixture.samples.path)
            .filter { $0.hasSuffix(".txt") }.sorted()
        var checked = 0
        for name in names {
            let lf = try [UInt8](Data(contentsOf: Fixture.samples.appendingPathComponent(name)))
            guard String(validatingUTF8: lf.map { CChar(bitPattern: $0) } + [0]) != nil else { continue }
            let expected = Self.line(lf, name: name)
            for separator in ["\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"] {
                let other = lf.flatMap { $0 == 10 ? Array(separator.utf8) : [$0] }
                #expect(Self.line(other, name: name) == expected, "\(name) with U+\(Self.hex(separator))")
            }
            checked += 1
        }
        #expect(checked >= 10)
    }

    @Test func aJSONLTextWithCRLFIsSplitIntoLines() throws {
        let file = Fixture.temporaryDirectory().appendingPathComponent("pages.jsonl")
        let text = "某镇概况\r\n常住人口8.8万人。\r\n面积5.2平方公里。\r(责任编辑：张三)"
        let line = try JSONSerialization.data(withJSONObject: ["id": "p1", "text": text])
        try (line + Data("\n".utf8)).write(to: file)
        let run = try Spawn.run(["extract", "--with-text", "--jsonl", file.path])
        #expect(run.status == 0)
        let record = try #require(run.lines.first)
        #expect(record["text"] as? String == "常住人口8.8万人。\n面积5.2平方公里。")
        #expect((record["quantities"] as? [Any])?.count == 2)
        #expect((record["meta"] as? [String: Any])?["editor"] as? String == "张三")
    }

    // MARK: WARC

    /// A chunk size past the end of the body neither overflows nor leaves the chunk framing in the
    /// page: the bytes that are there are the page, with a warning.
    @Test func aChunkSizeThatWouldOverflowKeepsTheBytesThereWithAWarning() throws {
        let body = "7fffffffffffffff\r\n<html><body><p>常住人口8.8万人。</p></body></html>\r\n0\r\n\r\n"
        let http =
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n" + body
        let file = Fixture.temporaryDirectory().appendingPathComponent("chunked.warc")
        try Data(Self.warcRecord(Array(http.utf8))).write(to: file)
        let run = try Spawn.run(["extract", "--with-text", file.path, Fixture.seeds.path], timeout: 60)
        #expect(run.status == 0)
        #expect(run.lines.count == 3)
        let page = try #require(run.lines.first)
        #expect(page["text"] as? String == "常住人口8.8万人。")
        let warnings = page["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.contains("announces 9223372036854775807 bytes") }, "\(warnings)")
    }

    @Test func chunksAreJoinedAndACutShortLastChunkKeepsItsBytes() {
        let whole = WARCReader.dechunk(Array("3\r\nabc\r\n2;x=1\r\nde\r\n0\r\n\r\n".utf8))
        #expect(whole.bytes == Array("abcde".utf8) && whole.warning == nil)
        let cut = WARCReader.dechunk(Array("3\r\nabc\r\n10\r\nde".utf8))
        #expect(cut.bytes == Array("abcde".utf8))
        #expect(cut.warning?.contains("announces 16 bytes but 2 remain") == true)
        #expect(WARCReader.dechunk(Array("<html>".utf8)).bytes == Array("<html>".utf8))
    }

    /// An HTTP header block past its limits is a bad_warc line at once, and the next record is read.
    @Test func anHTTPHeaderBlockPastItsLimitsIsBadWARC() throws {
        let manyLines = (0..<2_000).map { "X-A\($0): 1\r\n" }.joined()
        let many = "HTTP/1.1 200 OK\r\n\(manyLines)Content-Type: text/html\r\n\r\n<p>常住人口8.8万人。</p>"
        let endless = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + String(repeating: "X", count: 200_000)
        let fine = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>常住人口8.8万人。</p></body></html>"
        let file = Fixture.temporaryDirectory().appendingPathComponent("headers.warc")
        try Data([many, endless, fine].flatMap { Self.warcRecord(Array($0.utf8)) }).write(to: file)
        let run = try Spawn.run(["extract", file.path], timeout: 60)
        #expect(run.status == 0)
        #expect(run.errorCodes == ["bad_warc", "bad_warc"])
        #expect(run.lines.count == 3)
        #expect(run.stdout.contains("over \(HTTPHead.maxLines) header lines"))
        #expect(run.stdout.contains("no HTTP header block in its first \(HTTPHead.maxBytes) bytes"))
    }

    @Test func aGzipMemberThatInflatesToAGigabyteIsSkippedInBoundedMemory() throws {
        let file = Fixture.temporaryDirectory().appendingPathComponent("bomb.warc.gz")
        let size = 1 << 30
        let head =
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bomb>\r\nContent-Length: \(size)\r\n\r\n"
        try Self.gzip(to: file, prefix: Array(head.utf8), zeros: size)
        let run = try Spawn.run(["extract", file.path], timeout: 120)
        #expect(run.status == 0)
        #expect(run.errorCodes.first == "too_large")
        #expect(run.maxRSS < Self.maxRSSBytes, "peak RSS \(run.maxRSS / 1_000_000) MB")
    }

    @Test func aGzipPayloadThatInflatesPastTheLimitIsTooLarge() throws {
        let dir = Fixture.temporaryDirectory()
        let payloadFile = dir.appendingPathComponent("payload.gz")
        try Self.gzip(to: payloadFile, prefix: Array("<html><body><p>".utf8), zeros: 1 << 30)
        let payload = try [UInt8](Data(contentsOf: payloadFile))
        let http = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n".utf8) + payload
        let file = dir.appendingPathComponent("payload.warc")
        try Data(Self.warcRecord(http)).write(to: file)
        let run = try Spawn.run(["extract", file.path], timeout: 120)
        #expect(run.status == 0)
        #expect(run.errorCodes == ["too_large"])
        #expect(run.stdout.contains("inflates past"))
        #expect(run.maxRSS < Self.maxRSSBytes, "peak RSS \(run.maxRSS / 1_000_000) MB")
    }

    @Test func aWARCGzThatIsCorruptFromItsFirstByteIsAnErrorLine() throws {
        let file = Fixture.temporaryDirectory().appendingPathComponent("corrupt.warc.gz")
        try Data([0x1F, 0x8B, 0x08, 0x00] + [UInt8](repeating: 0xFF, count: 4096)).write(to: file)
        let run = try Spawn.run(["extract", file.path, Fixture.seeds.path], timeout: 60)
        #expect(run.status == 0)
        #expect(run.errorCodes == ["bad_warc"])
        #expect(run.lines.count == 3)
    }

    // MARK: Encodings and markup

    @Test func aUTF32LEFileWithItsBOMIsReadAsUTF32() throws {
        let text = "某镇概况\n全镇常住人口8.8万人，面积5.2平方公里。\n"
        var bytes: [UInt8] = [0xFF, 0xFE, 0x00, 0x00]
        for s in text.unicodeScalars { bytes += withUnsafeBytes(of: s.value.littleEndian, Array.init) }
        let record = Fixture.record(bytes: bytes)
        #expect(record.error == nil)
        #expect(record.source.encoding == "utf-32le")
        // No furniture anywhere: clean text, every line body.
        #expect(record.text == "某镇概况\n全镇常住人口8.8万人，面积5.2平方公里。")
        #expect(record.facts.filter { $0.kind == .quantities }.count == 2)
    }

    @Test func aUTF32BEFileWithItsBOMIsReadAsUTF32() throws {
        let text = "某镇概况\n全镇常住人口8.8万人，面积5.2平方公里。\n"
        var bytes: [UInt8] = [0x00, 0x00, 0xFE, 0xFF]
        for s in text.unicodeScalars { bytes += withUnsafeBytes(of: s.value.bigEndian, Array.init) }
        let record = Fixture.record(bytes: bytes)
        #expect(record.error == nil)
        #expect(record.source.encoding == "utf-32be")
        // No furniture anywhere: clean text, every line body.
        #expect(record.text == "某镇概况\n全镇常住人口8.8万人，面积5.2平方公里。")
    }

    /// Each title of a sentence looked back to the sentence's start for an issuing verb: a sentence of
    /// 20,000 titles took the document past its budget. A title now looks back only to the last one.
    @Test func aSentenceOfTwentyThousandTitlesIsReadWithinItsBudget() {
        let text = "东柳街道印发" + String(repeating: "《规则》", count: 20_000) + "。"
        let record = Fixture.record(bytes: Array(text.utf8))
        #expect(record.error == nil)
        let citations = record.facts.filter { $0.kind == .citations }
        #expect(citations.count == 20_000)
        #expect(citations.allSatisfy { $0.value.citation?.issuer == "东柳街道" })
    }

    /// Two scans went back over the whole run for each number in it: a clause of quantities with no
    /// punctuation walked back to its start for each one, and digits in a row were parsed again
    /// for each digit. Both were quadratic (a megabyte of either ran past a minute).
    @Test func longRunsOfNumbersAreReadWithinTheBudget() {
        let clause = "全镇" + String(repeating: "约3万元", count: 40_000) + "。"
        let record = Fixture.record(bytes: Array(clause.utf8))
        #expect(record.error == nil)
        let quantities = record.facts.filter { $0.kind == .quantities }
        #expect(quantities.count == 40_000)
        #expect(quantities.allSatisfy { $0.value.quantity?.value == 30_000 && $0.value.quantity?.unit == "CNY" })
        let digits = String(repeating: "一", count: 200_000) + "个村。"
        let run = Fixture.record(bytes: Array(digits.utf8))
        #expect(run.error == nil)
        #expect(run.facts.filter { $0.kind == .quantities }.isEmpty, "a run of digits is no count")
    }

    /// Clean text given whole (rule examples, peers' cases) is held to the budget too: past it, no facts.
    @Test func factsOfATextKeepTheBudget() {
        let text = "全镇常住人口8.8万人，面积5.2平方公里。"
        #expect(Fixture.pipeline.facts(of: text).filter { $0.kind == .quantities }.count == 2)
        let spent = Pipeline(rules: Fixture.book, budget: .zero)
        #expect(spent.facts(of: text).isEmpty)
    }

    @Test func aHundredThousandAttributesOnOneTagIsTooComplexAtOnce() throws {
        var html = "<html><body><div"
        for i in 0..<100_000 { html += " a\(i)=\"x\"" }
        html += "><p>常住人口8.8万人。</p></div></body></html>"
        let file = Fixture.temporaryDirectory().appendingPathComponent("attributes.html")
        try Data(html.utf8).write(to: file)
        let start = Date()
        let run = try Spawn.run(["extract", "--budget", "5", file.path], timeout: 60)
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(run.errorCodes == ["too_complex"])
    }

    /// Script and style hold text, not tags: a `<` in code or CSS followed by over a thousand words
    /// is no element with attributes, and the page is read; the same words in a real tag are refused.
    @Test func scriptAndStyleTextIsNoMarkup() {
        let words = (0..<(MarkupLimits.maxAttributesPerElement + 50)).map { "w\($0)" }.joined(separator: " ")
        for raw in ["<script>if (a<b \(words)) {}</script>", "<STYLE>p{} <p \(words)</Style>"] {
            let page = "<html><head>\(raw)</head><body><p>常住人口8.8万人。</p></body></html>"
            #expect(MarkupLimits.problem(in: page) == nil, "\(raw.prefix(12))")
        }
        #expect(MarkupLimits.problem(in: "<html><body><p \(words)>x</p></body></html>") != nil)
        #expect(MarkupLimits.problem(in: "<html><body><scripts \(words)>x</scripts></body></html>") != nil)
        #expect(MarkupLimits.problem(in: "<script>x</script><p \(words)>") != nil, "markup after the script counts")
    }

    @Test func overAMillionElementsIsTooComplexAtOnce() throws {
        let elements = String(repeating: "<i>x</i>", count: MarkupLimits.maxElements + 10)
        let html = "<html><body>" + elements + "</body></html>"
        let file = Fixture.temporaryDirectory().appendingPathComponent("elements.html")
        try Data(html.utf8).write(to: file)
        let start = Date()
        let run = try Spawn.run(["extract", "--budget", "30", file.path], timeout: 60)
        // Well inside the budget (a parse would run to it); not tighter: a debug build on a slow machine
        // takes over a second to start, and the other tests share the cores.
        #expect(Date().timeIntervalSince(start) < 15)
        #expect(run.errorCodes == ["too_complex"])
        #expect(run.stdout.contains("over \(MarkupLimits.maxElements) elements"))
    }

    /// 30 MB of ordinary paragraphs: under the markup limits, but grouping, scoring and judging
    /// them takes far longer than the budget, so the cleaner's loops look at the clock. Without a
    /// budget the page takes about 50 s in a debug build; reading and parsing it (2–3 s) cannot be
    /// interrupted, so the bound leaves room for a machine busy with other work.
    @Test func thirtyMegabytesOfHTMLStopAtTheBudget() throws {
        let paragraph = "<p>街道办事处组织志愿者开展活动，服务群众，共有居民一万余人参加。</p>\n"
        let body = String(repeating: paragraph, count: 30_000_000 / paragraph.utf8.count)
        let file = Fixture.temporaryDirectory().appendingPathComponent("long.html")
        try Data(("<html><body><div>" + body + "</div></body></html>").utf8).write(to: file)
        let start = Date()
        let run = try Spawn.run(["extract", "--budget", "2", file.path], timeout: 120)
        let seconds = Date().timeIntervalSince(start)
        #expect(run.status == 0)
        #expect(run.errorCodes == ["budget_exceeded"])
        #expect(seconds < 15, "took \(seconds) s at --budget 2")
    }

    /// The white-space and ASCII-letter fast paths answer exactly what the Unicode properties do, for every scalar.
    @Test func whiteSpaceAgreesWithTheUnicodeProperty() {
        let disagree = (0...0x10FFFF).compactMap(Unicode.Scalar.init).filter {
            $0.isWhiteSpace != $0.properties.isWhitespace
                || $0.isASCIILetter != ($0.isASCII && $0.properties.isAlphabetic)
        }
        #expect(disagree.isEmpty, "\(disagree.prefix(5).map { Self.hex(String($0)) })")
    }

    @Test func thirtyMegabytesOfTextStopAtTheBudget() throws {
        let line = "街道办事处组织志愿者开展活动，服务群众，共有居民一万余人参加。\n"
        let file = Fixture.temporaryDirectory().appendingPathComponent("long.txt")
        try Data(String(repeating: line, count: 30_000_000 / line.utf8.count).utf8).write(to: file)
        let start = Date()
        let run = try Spawn.run(["extract", "--budget", "2", file.path], timeout: 120)
        let seconds = Date().timeIntervalSince(start)
        #expect(run.status == 0)
        #expect(run.errorCodes == ["budget_exceeded"])
        #expect(seconds < 8, "took \(seconds) s at --budget 2")
    }

    // MARK: Helpers

    static func hex(_ s: String) -> String {
        s.unicodeScalars.map { String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
    }

    static func line(_ bytes: [UInt8], name: String) -> String {
        let record = Fixture.pipeline.process(Page(id: "doc", source: Source(path: name), bytes: bytes))
        return Emitter(withText: true).line(record)
    }

    /// One WARC response record around an HTTP message.
    static func warcRecord(_ http: [UInt8]) -> [UInt8] {
        let head =
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:test>\r\n"
            + "WARC-Target-URI: http://example.test/\r\nContent-Length: \(http.count)\r\n\r\n"
        return Array(head.utf8) + http + Array("\r\n\r\n".utf8)
    }

    /// Writes one gzip member of `prefix` and `zeros` zero bytes, compressing as it goes.
    static func gzip(to url: URL, prefix: [UInt8], zeros: Int) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let out = try FileHandle(forWritingTo: url)
        defer { try? out.close() }
        var stream = z_stream()
        #expect(
            deflateInit2_(
                &stream, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: 1 << 16)
        func push(_ input: [UInt8], flush: Int32) {
            var input = input
            input.withUnsafeMutableBufferPointer { inBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                repeat {
                    let produced = output.withUnsafeMutableBufferPointer { outBuffer -> Int in
                        stream.next_out = outBuffer.baseAddress
                        stream.avail_out = UInt32(outBuffer.count)
                        deflate(&stream, flush)
                        return outBuffer.count - Int(stream.avail_out)
                    }
                    out.write(Data(output[0..<produced]))
                } while stream.avail_out == 0 || (flush == Z_FINISH && stream.avail_in > 0)
            }
        }
        push(prefix, flush: Z_NO_FLUSH)
        let block = [UInt8](repeating: 0, count: 1 << 20)
        for _ in 0..<(zeros >> 20) { push(block, flush: Z_NO_FLUSH) }
        push([], flush: Z_FINISH)
    }
}
