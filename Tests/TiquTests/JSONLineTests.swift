import Foundation
import Testing

@testable import Tiqu

/// The JSONL line reader must give what JSONSerialization gives, or decline the line.
@Suite struct JSONLineTests {
    /// Both readings as JSON values (keys sorted), so they compare whatever types Foundation used.
    static func readings(_ line: String) -> (fast: JSON?, foundation: JSON?) {
        let bytes = Array(line.utf8)
        let fast = JSONLine.object(bytes).map { JSON(any: $0) }
        let foundation = (try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]).map { JSON(any: $0) }
        return (fast, foundation)
    }

    @Test func realPagesReadAsFoundationReadsThem() throws {
        let dir = Fixture.corpusHTML
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        var read = 0
        for (n, name) in names.enumerated() {
            guard let html = try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) else {
                continue
            }
            // Every other line escapes all non-ASCII (\uXXXX, pairs beyond the BMP), as `ensure_ascii` writers do.
            let object: [String: Any] = [
                "id": name, "url": "https://a.cn/\(name)", "html": html, "crawl": n, "score": 0.5 + Double(n),
                "tags": ["新闻", n, true, NSNull()], "meta": ["site": "a", "depth": [1, 2, ["x": NSNull()]]],
            ]
            for asciiOnly in [false, true] {
                var line = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
                if asciiOnly { line = Self.escapingNonASCII(line) }
                let (fast, foundation) = Self.readings(line)
                // A page holding U+FEFF is left to JSONSerialization (it drops some of them).
                #expect((fast != nil) != html.unicodeScalars.contains("\u{FEFF}"), "\(name)")
                #expect(fast == nil || fast == foundation, "\(name)")
                read += fast == nil ? 0 : 1
            }
        }
        #expect(read >= 60)
    }

    @Test func escapesAndSpacingReadAsFoundationReadsThem() {
        let lines = [
            #"{"id":"a","text":"x\"y\\z\/w\b\f\n\r\t"}"#,
            #" { "id" : "\u4e2d\u6587" , "text" : "\ud83d\ude00 ok" , "n" : -0.5e+3 } "#,
            #"{"id":1,"text":"数字 id"}"#,
            #"{"id":"e","text":"","a":[],"o":{},"f":false,"z":null,"big":12345678901234567890}"#,
            #"{}"#,
            "{\"id\":\"tab\",\t\"text\":\"y\"}\r",
        ]
        for line in lines {
            let (fast, foundation) = Self.readings(line)
            #expect(fast != nil, "\(line)")
            #expect(fast == foundation, "\(line)")
        }
    }

    /// Strings read a word of eight bytes at a time stop at every quote, backslash, control and
    /// U+FEFF lead byte wherever it falls in a word: random strings of escapes, raw multi-byte
    /// characters and raw controls (which both refuse) read as Foundation reads them.
    @Test func stringsReadWordByWordAsFoundationReadsThem() {
        let pieces = [
            "a", "中", "😀", #"\""#, #"\\"#, #"\n"#, #"\u00e9"#, "\u{FEFF}", "\u{1}", "\u{1F}", "é", "\u{7F}", " ",
            "12345678", "文字文字文字",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let text = Fixture.randomText(from: pieces, pieces: 0...24, using: &generator)
            let line = #"{"id":"x","text":""# + text + #""}"#
            let (fast, foundation) = Self.readings(line)
            #expect(fast == nil || fast == foundation, "\(Array(line.unicodeScalars))")
            // Only a raw control (which JSON forbids) or U+FEFF makes the reader decline.
            let declines = text.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{FEFF}" }
            #expect((fast == nil) == declines, "\(Array(line.unicodeScalars))")
        }
    }

    /// What the strict reading does not know goes to JSONSerialization whole: the reader declines.
    @Test func declinesWhatItDoesNotKnow() {
        let declined = [
            #"{"id":"a","id":"b"}"#,  // a repeated key
            #"{"id":"\ud800","text":"x"}"#,  // a lone surrogate
            #"{"id":"\udc00x"}"#,  // a lone low surrogate
            #"{"id":"\u0000"}"#,  // NUL
            "{\"id\":\"a\u{1}\"}",  // a raw control character
            #"{"id":"\x41"}"#,  // an escape JSON has not
            #"{"id":"a",}"#,  // a trailing comma
            #"{"id":"a"} x"#,  // text after the object
            #"["id"]"#,  // not an object
            #"{"id":"a","n":01}"#,  // a number JSON does not allow (Foundation's call; it refuses)
            #"{"id":"a","n":tru}"#,
            #"{"id":"unclosed}"#,
            "{\"id\":\"\u{FEFF}a\"}",  // U+FEFF, raw or escaped: JSONSerialization drops some
            #"{"id":"a\n\uFEFF"}"#,
        ]
        for line in declined { #expect(JSONLine.object(Array(line.utf8)) == nil, "\(line)") }
        let invalid: [UInt8] = Array(#"{"id":""#.utf8) + [0xFF, 0x22, 0x7D]  // a byte that is not UTF-8
        #expect(JSONLine.object(invalid) == nil)
    }

    /// Every non-ASCII scalar as `\uXXXX` (a surrogate pair beyond the BMP).
    static func escapingNonASCII(_ line: String) -> String {
        var out = ""
        for unit in line.utf16 {
            if unit < 0x80 {
                out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            } else {
                out += String(format: "\\u%04x", unit)
            }
        }
        return out
    }
}

extension JSONLineTests {
    /// Every scalar, raw and escaped, alone and right after an escape (where JSONSerialization
    /// starts a new piece of the string): the reader gives what Foundation gives, or declines.
    @Test func everyScalarReadsAsFoundationReadsIt() throws {
        let scalars = (UInt32(0x20)...0x10FFFF).compactMap(Unicode.Scalar.init)
        var declined = 0
        for start in stride(from: 0, to: scalars.count, by: 500) {
            let chunk = scalars[start..<min(start + 500, scalars.count)]
            var plain = "", afterEscapes = ""
            for u in chunk {
                plain.unicodeScalars.append(u)
                afterEscapes += "\n"
                afterEscapes.unicodeScalars.append(u)
            }
            for text in [plain, afterEscapes] {
                let line = String(decoding: try JSONSerialization.data(withJSONObject: ["k": text]), as: UTF8.self)
                for form in [line, Self.escapingNonASCII(line)] {
                    let (fast, foundation) = Self.readings(form)
                    #expect(
                        fast == nil || fast == foundation, "scalars from U+\(String(chunk.first!.value, radix: 16))")
                    declined += fast == nil ? 1 : 0
                }
            }
        }
        #expect(declined == 4, "only the chunk holding U+FEFF is declined, in its four forms")
    }
}
