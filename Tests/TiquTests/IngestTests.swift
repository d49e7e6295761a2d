import Foundation
import Testing

@testable import Tiqu

/// Charset and format decisions on real bytes.
@Suite struct IngestTests {
    func decoded(_ url: URL) throws -> DecodedPage {
        let bytes = try [UInt8](Data(contentsOf: url))
        return try Ingest().run(Page(id: "x", source: Source(path: url.path), bytes: bytes))
    }

    /// The GBK (GB18030) and Big5 copies of the seeds decode to the same text as the UTF-8 originals.
    @Test(arguments: ["000_a50fa9c0a5e753b2", "003_87e76716f90a3b64"])
    func legacyEncodingsOfTheSeedsDecodeAlike(_ stem: String) throws {
        let original = try decoded(Fixture.samples.appendingPathComponent("\(stem).txt"))
        let gbk = try decoded(Fixture.samples.appendingPathComponent("\(stem).gbk.txt"))
        let big5 = try decoded(Fixture.samples.appendingPathComponent("\(stem).big5.txt"))
        #expect(original.source.encoding == "utf-8")
        #expect(gbk.source.encoding == "gb18030")
        #expect(big5.source.encoding == "big5")
        #expect(gbk.text == original.text)
        // Big5 has no 産 and no U+00A0; iconv -c left them out of the 000 copy (see Samples/README.md).
        let unencodable: Set<Character> = ["産", "\u{00A0}"]
        #expect(big5.text == original.text.filter { !unencodable.contains($0) })
    }

    /// Declarations lie: these pages say gb2312 and are UTF-8. Valid UTF-8 wins, with a warning.
    @Test(arguments: ["people-1", "qq-2", "163-9"])
    func lyingDeclarationIsOverruled(_ page: String) throws {
        let d = try decoded(Fixture.corpusHTML.appendingPathComponent("\(page).html"))
        #expect(d.source.encoding == "utf-8")
        #expect(d.format == .html)
        #expect(d.warnings.contains { $0.contains("declared charset gb2312 does not match") })
        #expect(!d.text.contains("\u{FFFD}"))
    }

    /// The declaration's word is found where a byte-by-byte caseless comparison finds it: in
    /// random heads of ASCII letters around the word in mixed case, and of Han text.
    @Test func charsetWordIsFoundWhereEveryByteWouldFindIt() {
        let word = Array("charset".utf8)
        func naive(_ bytes: [UInt8], _ limit: Int) -> Int? {
            guard limit >= word.count else { return nil }
            let matches = { (i: Int) in word.indices.allSatisfy { bytes[i + $0] | 0x20 == word[$0] } }
            return (0...(limit - word.count)).first(where: matches)
        }
        var generator = SystemRandomNumberGenerator()
        let pieces = ["c", "C", "ch", "CHAR", "chars", "charse", "CharSet", "charset", "x", "=", "\u{3000}", "街道", " "]
        for _ in 0..<3000 {
            let bytes = Array(
                (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement()! }.joined().utf8)
            let limit = Int.random(in: 0...bytes.count, using: &generator)
            #expect(Charset.firstCaseless(word, in: bytes, before: limit) == naive(bytes, limit), "\(bytes) \(limit)")
        }
        #expect(Charset.declaredInMarkup(Array("<meta CHARSET=\"GBK\">".utf8)) == "gbk")
    }

    @Test func gbkWithoutDeclarationIsDetected() throws {
        let text = "<html><body><p>寧波市鄞州區東柳街道成立於1997年1月，常住人口8.8萬人，戶籍人口5.1萬人。</p></body></html>"
        let bytes = Charset.iconvEncode(text, to: "GBK")
        let d = try Ingest().run(Page(id: "x", source: Source(path: "x.html"), bytes: bytes))
        #expect(d.source.encoding == "gb18030")
        #expect(d.text == text)
    }

    @Test func bomsDecide() throws {
        let text = "东柳街道常住人口8.8万人。"
        let le = [0xFF, 0xFE] + Charset.iconvEncode(text, to: "UTF-16LE")
        #expect(try Ingest().run(Page(id: "x", source: Source(path: "x"), bytes: le)).text == text)
        let utf8 = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        let d = try Ingest().run(Page(id: "x", source: Source(path: "x"), bytes: utf8))
        #expect(d.text == text && d.source.encoding == "utf-8")
    }

    /// A page held as text (a JSONL line's string) is read as its bytes would be: a BOM and NULs
    /// are still read off the bytes, and new bytes drop the text.
    @Test func aPageHeldAsTextIsReadAsItsBytesWouldBe() throws {
        func read(_ page: Page) -> Result<DecodedPage, DocumentError> {
            Result { () throws(DocumentError) in try Ingest().run(page) }
        }
        let text = "东柳街道常住人口8.8万人。"
        for body in [
            text, "\u{FEFF}" + text, "a\u{0}b" + text, "\u{0}D\u{0}o\u{0}c\u{0}u\u{0}m\u{0}e\u{0}n\u{0}t\u{0}s\u{0}!",
        ] {
            let held = read(Page(id: "x", source: Source(path: "x"), text: body))
            let bytes = read(
                Page(id: "x", source: Source(path: "x"), bytes: Array(body.utf8), declaredCharset: "utf-8"))
            switch (held, bytes) {
            case (.success(let a), .success(let b)):
                #expect(a.text == b.text && a.source == b.source && a.warnings == b.warnings, "\(body)")
            case (.failure(let a), .failure(let b)): #expect(a == b)
            default: Issue.record("\(body): \(held) against \(bytes)")
            }
        }
        var page = Page(id: "x", source: Source(path: "x"), text: text)
        page.bytes = Array("新的文字".utf8)
        #expect(page.text == nil)
        #expect(try Ingest().run(page).text == "新的文字")
    }

    /// A charset's labels, in any case and with `_` for `-`, name one family.
    @Test func charsetLabelsNameTheirFamily() {
        let labels = ["UTF_8": "utf-8", "X_GBK": "gb18030", "X_X_Big5": "big5", "Shift_JIS": "shift-jis", "": nil]
        for (label, family) in labels { #expect(Charset.canonical(label) == family, "\(label)") }
        // The Encoding Standard's labels of the families a Chinese page is written in.
        let whatwg = [
            "utf-8": ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"],
            "gb18030": [
                "chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk", "iso-ir-58",
                "x-gbk", "gb18030",
            ],
            "big5": ["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"],
        ]
        for (family, labels) in whatwg {
            for label in labels { #expect(Charset.canonical(label.uppercased()) == family, "\(label)") }
        }
    }

    /// Big5 as Windows writes it holds codes glibc's Big5-HKSCS lacks (／ ＼ ￣ €, a second 十 and
    /// 卅): they are read, and the page stays Big5, where one of them let GB18030 (which reads any
    /// Big5 bytes without an invalid sequence) win and turn the page into nonsense.
    @Test func big5CodesOutsideHKSCSAreRead() {
        let text = "臺北市人口約250萬人，面積271.8平方公里／2020年統計。本市共有十二個行政區。"
        let bytes = Charset.iconvEncode(text, to: "CP950")
        for declared in [["big5"], []] {
            let decoded = Charset.decode(bytes, declared: declared)
            #expect(decoded.encoding == "big5", "\(declared)")
            #expect(decoded.invalidSequences == 0 && decoded.text == text, "\(declared)")
        }
        // The codes themselves between Big5 Han: 十 (A2CC), 卅 (A2CE), ／, ＼, ￣, €.
        let han = Charset.iconvEncode("臺北市人口統計", to: "BIG5")
        let codes: [UInt8] = [0xA2, 0xCC, 0xA2, 0xCE, 0xA1, 0xFE, 0xA2, 0x40, 0xA1, 0xC3, 0xA3, 0xE1]
        let decoded = Charset.decode(han + codes + han, declared: ["big5"])
        #expect(decoded.text == "臺北市人口統計十卅／＼￣€臺北市人口統計" && decoded.invalidSequences == 0)
        // A code neither table holds is still invalid: its lead byte is replaced.
        let fallback = Charset.fallback(for: "big5")
        let unread = Charset.iconvDecode(
            han + [0xA3, 0xC0] + han, from: "BIG5-HKSCS", name: "big5", fallback: fallback)
        #expect(unread.invalidSequences >= 1 && unread.text.hasPrefix("臺北市人口統計\u{FFFD}"))
        // Outside the symbol rows CP950 reads nothing: GBK's 人 (C8CB) stays invalid as Big5, and a GBK
        // line holding ∶ (A1C3) and 人 is still GBK.
        let gbk = Charset.iconvEncode("全村常住人口∶1∶2", to: "GBK")
        #expect(Charset.iconvDecode(gbk, from: "BIG5-HKSCS", name: "big5", fallback: fallback).invalidSequences >= 2)
        #expect(Charset.decode(gbk, declared: []).encoding == "gb18030")
    }

    /// Big5-HKSCS reads four codes as two characters each (8862: Ê and a combining macron). Where
    /// a buffer fills between the two at a page's last character (the 64 KB we convert into, or
    /// glibc's own of 16,320 characters between its two steps), the second still comes out.
    @Test func aPairAtTheEndOfABig5PageIsKeptWhole() {
        for n in Array(16_315...16_325) + Array(65_525...65_545) {
            let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: n) + [0x88, 0x62]
            let decoded = Charset.iconvDecode(bytes, from: "BIG5-HKSCS", name: "big5")
            #expect(decoded.invalidSequences == 0 && decoded.text.unicodeScalars.count == n + 2, "\(n)")
            #expect(decoded.text.unicodeScalars.suffix(2).map(\.value) == [0xCA, 0x304], "\(n)")
        }
    }

    /// A GBK page declaring its charset by any of its labels is read as declared, with no warning.
    @Test func aPageDeclaringAGBKLabelIsReadAsDeclared() throws {
        let body = "街道常住人口8.8万人，户籍人口5.1万人，共有30个住宅小区。"
        for label in ["gb_2312", "GB_2312-80", "csgb2312", "chinese", "iso-ir-58"] {
            let html =
                "<html><head><meta charset=\"\(label)\"><title>街道</title></head><body><p>\(body)</p></body></html>"
            let page = Page(
                id: label, source: Source(path: "\(label).html"), bytes: Charset.iconvEncode(html, to: "GBK"))
            let decoded = try Ingest().run(page)
            #expect(decoded.source.encoding == "gb18030", "\(label)")
            #expect(decoded.warnings.isEmpty, "\(label): \(decoded.warnings)")
            #expect(decoded.text.contains(body), "\(label)")
        }
    }

    /// UTF-16 without a BOM is told by its NUL bytes, every other byte of ASCII text; a page with
    /// no NUL, or with NULs on both sides, is not UTF-16.
    @Test func utf16WithoutABOMIsToldByItsNULs() throws {
        let text = "Population 88000 (2020), area 5.2 km2: 东柳街道"
        for (charset, name) in [("UTF-16LE", "utf-16le"), ("UTF-16BE", "utf-16be")] {
            let bytes = Charset.iconvEncode(text, to: charset)
            #expect(Charset.bomlessUTF16(bytes) == name)
            #expect(try Ingest().run(Page(id: "x", source: Source(path: "x"), bytes: bytes)).text == text)
        }
        #expect(Charset.bomlessUTF16(Array(text.utf8)) == nil)
        #expect(Charset.bomlessUTF16([UInt8](repeating: 0, count: 64)) == nil)
    }

    /// An undecodable code unit of UTF-16 or UTF-32 (a lone surrogate, a value past U+10FFFF) is
    /// one U+FFFD, and the text after it reads on: skipped by a byte, the rest was misaligned.
    @Test func aBadCodeUnitOfUTF16OrUTF32IsOneReplacement() throws {
        let (before, after) = ("城关镇户籍人口为", "50754人。财政收入145.6万元。")
        let bad: [(charset: String, bom: [UInt8], unit: [UInt8])] = [
            ("UTF-16LE", [0xFF, 0xFE], [0x00, 0xD8]), ("UTF-16LE", [0xFF, 0xFE], [0x00, 0xDC]),
            ("UTF-16BE", [0xFE, 0xFF], [0xD8, 0x00]),
            ("UTF-32LE", [0xFF, 0xFE, 0x00, 0x00], [0x00, 0x00, 0x11, 0x00]),
            ("UTF-32BE", [0x00, 0x00, 0xFE, 0xFF], [0x00, 0x11, 0x00, 0x00]),
        ]
        for (charset, bom, unit) in bad {
            let bytes = bom + Charset.iconvEncode(before, to: charset) + unit + Charset.iconvEncode(after, to: charset)
            let decoded = try Ingest().run(Page(id: "x", source: Source(path: "x"), bytes: bytes))
            #expect(decoded.text == before + "\u{FFFD}" + after, "\(charset) \(unit)")
            #expect(decoded.warnings.contains { $0.hasPrefix("1 invalid byte sequence(s)") }, "\(decoded.warnings)")
        }
    }

    /// UCS-2 is UTF-16 by an older name (a page may declare `ucs-2`, `unicode` or `ucs-2be`): its bad
    /// code unit is skipped whole too, where it was skipped by a byte and garbled the rest.
    @Test func aDeclaredUCS2IsReadAsUTF16() throws {
        let (before, after) = ("城关镇户籍人口为", "五万人")
        for (label, charset) in [("ucs-2", "UTF-16LE"), ("unicode", "UTF-16LE"), ("ucs-2be", "UTF-16BE")] {
            let unit: [UInt8] = charset == "UTF-16LE" ? [0x00, 0xD8] : [0xD8, 0x00]
            let bytes = Charset.iconvEncode(before, to: charset) + unit + Charset.iconvEncode(after, to: charset)
            let name = try #require(Charset.canonical(label))
            let decoded = Charset.iconvDecode(bytes, from: Charset.iconvName(name), name: name)
            #expect(decoded.text == before + "\u{FFFD}" + after, "\(label)")
            #expect(decoded.invalidSequences == 1, "\(label)")
        }
    }

    @Test func invalidUTF8IsReplacedAndCounted() throws {
        var bytes = Array("街道常住人口8.8万人，户籍人口5.1万人，共有30个住宅小区。".utf8)
        bytes.insert(0xFF, at: 6)
        bytes.append(contentsOf: [0xE4, 0xB8])  // a sequence cut short at the end
        let d = try Ingest().run(Page(id: "x", source: Source(path: "x"), bytes: bytes))
        #expect(d.source.encoding == "utf-8")
        #expect(d.text.filter { $0 == "\u{FFFD}" }.count == 2)
        #expect(d.warnings.contains("2 invalid byte sequence(s) for utf-8 replaced with U+FFFD"))
    }

    @Test func htmlIsSniffedFromContentNotName() {
        #expect(Sniff.format("  <!DOCTYPE html><html><p>x</p></html>") == .html)
        #expect(Sniff.format("<!--http://a.cn/1.html-->\n<html><head>") == .html)
        #expect(Sniff.format("# url: https://a.cn\n首页 新闻\n<p>不是网页") == .text)
        #expect(Sniff.format("街道面积5.2平方公里，<注>为估算。") == .text)
    }

    @Test func recordedURLsGoToSource() throws {
        let page = try decoded(Fixture.corpusHTML.appendingPathComponent("163-8.html"))
        #expect(page.source.url == "http://news.163.com/20/0229/18/F6ISIFBD0001899O.html")
        let text = try Ingest().run(
            Page(id: "x", source: Source(path: "x"), bytes: Array("# url: https://a.cn/x\n# query: 镇\n正文。".utf8)))
        #expect(text.source.url == "https://a.cn/x")
    }

    /// A JSONL line too long to read is still named by its id, under the field `--id-field` names.
    @Test func aTooLongLineIsNamedByItsIdField() {
        let head = Array(#"{"url":"https://a.cn/x","id":"p1","text":"常住人口"#.utf8)
        #expect(JSONLFile.leadingID(head, field: "url") == "https://a.cn/x")
        #expect(JSONLFile.leadingID(Array(#" { "id" : "p1", "text":"#.utf8)) == "p1")
        #expect(JSONLFile.leadingID(head) == nil, "only a line that opens with the field")
    }

    /// A JSONL line past the JSON reader's limits (nesting, a number beyond a double) says which, and
    /// keeps its id; the lines around it read as before, one item a line.
    @Test func aLinePastTheJSONLimitsSaysWhichAndKeepsItsID() throws {
        let deep =
            #"{"id":"deep","text":"x","extra":"# + String(repeating: "[", count: 600)
            + String(repeating: "]", count: 600) + "}"
        let lines = [
            #"{"id":"a","text":"常住人口8.8万人。"}"#, deep, #"{"id":"big","text":"x","n":1e400}"#, "not json",
        ]
        let file = Fixture.temporaryDirectory().appendingPathComponent("limits.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        var inputs = Inputs(paths: [String](), jsonl: [file.path])
        var items: [Inputs.Item] = []
        while let item = inputs.next() { items.append(item) }
        #expect(items.map(\.id) == ["a", "deep", "big", "limits:4"])
        let messages = items.map { item -> String? in
            guard case .failed(let record) = item else { return nil }
            #expect(record.error?.code == "bad_jsonl")
            return record.error?.message
        }
        #expect(messages[0] == nil)
        #expect(messages[1]?.hasSuffix("nests arrays and objects 601 deep; the JSON reader stops at 512") == true)
        #expect(messages[2]?.hasSuffix("holds the number 1e400, beyond the range of a double") == true)
        #expect(messages[3]?.contains("line 4 of \(file.path) is not a JSON object") == true)
        if case .page(let page) = items[0] { #expect(page.text == "常住人口8.8万人。") }
    }

    /// A JSONL file in UTF-16 is one error line: split at its 0x0A bytes, its lines were garbage and
    /// one record came out of the first by chance.
    @Test func aUTF16JSONLFileIsOneErrorLine() throws {
        let text = #"{"id":"a","text":"常住人口8.8万人。"}"# + "\n" + #"{"id":"b","text":"面积5平方公里。"}"# + "\n"
        let file = Fixture.temporaryDirectory().appendingPathComponent("wide.jsonl")
        try Data([0xFF, 0xFE] + Charset.iconvEncode(text, to: "UTF-16LE")).write(to: file)
        var inputs = Inputs(paths: [String](), jsonl: [file.path])
        var items: [Inputs.Item] = []
        while let item = inputs.next() { items.append(item) }
        #expect(items.count == 1)
        guard case .failed(let record)? = items.first else { return }
        #expect(record.error?.code == "bad_jsonl")
        #expect(record.error?.message.contains("is utf-16le (it opens with its byte order mark)") == true)
    }

    /// A text scrape's header is its opening `#` lines, whatever ends them; the first other line ends it.
    @Test func headerLinesEndAtTheFirstOtherLine() {
        #expect(
            Sniff.headerLines("# query: 镇\r\n# url: https://a.cn/y\r\n正文。# url: x", 5)
                == "# query: 镇\r\n# url: https://a.cn/y\r\n")
        #expect(Sniff.recordedURL("# query: 镇\r\n# url: https://a.cn/y\r\n正文。", format: .text) == "https://a.cn/y")
        #expect(
            Sniff.recordedURL("# a\n\n# url: https://a.cn/z\n", format: .text) == nil, "a blank line ends the header")
        #expect(
            Sniff.recordedURL("# 1\n# 2\n# 3\n# 4\n# 5\n# url: https://a.cn/z\n", format: .text) == nil,
            "five lines at most")
    }

    /// The header's lines are read off the UTF-8, and split as Swift splits Characters at their
    /// line ends: the same on random heads of `#` lines ended by LF, CR, CR LF, NEL, U+2028 and
    /// U+2029, Han text, combining marks and astral scalars.
    @Test func headerLinesReadOnBytesSplitAsCharactersSplit() {
        let pieces = [
            "#", "# url: ", "http://a.cn/", "\n", "\r", "\r\n", "\u{85}", "\u{2028}", "\u{2029}", "镇", "\u{301}", "😀",
            " ", "\u{0B}", "\u{0C}", "“", "\u{A0}", "\t",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = Fixture.randomText(from: pieces, pieces: 0...30, using: &generator)
            let head = Sniff.headerLines(text, 5)
            #expect(head == Self.headerLines(text, 5), "\(text.unicodeScalars.map(\.value))")
            let split = head.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            #expect(Sniff.lines(head) == split, "\(text.unicodeScalars.map(\.value))")
        }
        let long = "#" + String(repeating: "镇", count: 10_000)
        #expect(Sniff.headerLines(long, 5).unicodeScalars.count == 8_192)
    }

    /// The header as a walk over the scalar view finds it (the reading before the bytes).
    static func headerLines(_ text: String, _ count: Int) -> Substring {
        var (breaks, scanned, previous, end) = (0, 0, Unicode.Scalar("\n"), text.startIndex)
        for index in text.unicodeScalars.indices {
            let u = text.unicodeScalars[index]
            let crlf = previous == "\r" && u == "\n"
            if Sniff.isBreak(previous) && !crlf && u != "#" { break }
            if Sniff.isBreak(u) && !crlf { breaks += 1 }
            (previous, scanned, end) = (u, scanned + 1, text.unicodeScalars.index(after: index))
            if breaks == count || scanned == 8192 { break }
        }
        return text[..<end]
    }
}

extension Charset {
    /// Test helper: encode text with iconv.
    static func iconvEncode(_ text: String, to charset: String) -> [UInt8] {
        let cd = iconv_open(charset, "UTF-8")
        defer { iconv_close(cd) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let produced = input.withUnsafeMutableBufferPointer { inBuf -> Int in
            output.withUnsafeMutableBufferPointer { outBuf -> Int in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                _ = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                return outBuf.count - outLeft
            }
        }
        return Array(output.prefix(produced))
    }
}
