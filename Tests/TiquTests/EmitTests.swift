import Foundation
import Testing

@testable import Tiqu

@Suite struct EmitTests {
    @Test func jsonKeepsKeyOrderAndLeavesCJKUnescaped() {
        let json = JSON.object([
            ("id", .string("东柳")), ("b", .int(1)), ("a", .array([.null, .bool(true), .double(2.5)])),
            ("s", .string("引号\"\\\n\t\u{01}🦕")),
        ])
        #expect(json.serialized() == #"{"id":"东柳","b":1,"a":[null,true,2.5],"s":"引号\"\\\n\t\u0001🦕"}"#)
    }

    /// JavaScript's line ends are escaped wherever they stand, and the runs between escapes are
    /// copied whole; whole doubles are written as integers, others as Swift prints them.
    @Test func jsonEscapesLineSeparatorsAndControlsBetweenRuns() {
        let s = JSON.string("\u{2028}头\u{1F}尾\u{2029}\r\u{2027}")
        #expect(s.serialized() == "\"\\u2028头\\u001f尾\\u2029\\r\u{2027}\"")
        let numbers = JSON.array([.double(88000), .double(-0.5), .double(.infinity), .double(1e16)])
        #expect(numbers.serialized() == "[88000,-0.5,null,1e+16]")
        let integers: [Int] = [0, 7, -7, 10, 90, -100, 1_234_567, .max, .min]
        #expect(
            JSON.array(integers.map(JSON.int)).serialized() == "[" + integers.map(String.init).joined(separator: ",")
                + "]")
    }

    /// Strings are read for escapes eight bytes at a time: on random strings whose escapes fall at
    /// every offset of a word (controls, quotes, backslashes, U+2028 and U+2029 beside the other
    /// U+2000–U+2FFF marks that share their lead byte), the line is what escaping scalar by scalar
    /// gives, and a JSON parser reads the string back.
    @Test func jsonStringEscapesWhereverTheyFallInAWord() throws {
        func reference(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{2028}": out += "\\u2028"
                case "\u{2029}": out += "\\u2029"
                case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
                default: out.unicodeScalars.append(u)
                }
            }
            return out + "\""
        }
        let pieces = [
            "a", "镇", "\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}", "\u{2028}", "\u{2029}", "\u{2027}", "“", "…",
            "—", "😀", "12", "\u{7F}", "é",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let s = Fixture.randomText(from: pieces, pieces: 0...30, using: &generator)
            let line = JSON.string(s).serialized()
            #expect(line == reference(s))
            let parsed = try JSONSerialization.jsonObject(with: Data("[\(line)]".utf8)) as? [String]
            #expect(parsed == [s])
        }
    }

    /// A JSON text written in pieces far past its first capacity holds every byte in order, as an
    /// array appended to the same way does; and a long value serializes whole.
    @Test func jsonBytesGrowAndKeepEveryPiece() {
        var generator = SystemRandomNumberGenerator()
        let out = JSONBytes(capacity: 1)
        var expected: [UInt8] = []
        for _ in 0..<2000 {
            let piece = Array(String(repeating: "街道a", count: Int.random(in: 0...40, using: &generator)).utf8)
            if piece.count % 3 == 0, let first = piece.first {
                out.append(first)
                expected.append(first)
            } else {
                out.append(piece)
                expected += piece
            }
        }
        #expect(out.bytes == expected && out.count == expected.count)
        let long = String(repeating: "常住人口8.8万人。", count: 5000)
        #expect(JSON.array([.string(long), .null]).serialized() == "[\"\(long)\",null]")
    }

    /// Integers read as Swift prints them, at each length the eight-digit words cut them at.
    @Test func integersAreWrittenAsSwiftPrintsThem() {
        let values = [0, 7, 10, 99, 12_345_678, 99_999_999, 100_000_000, 100_000_001, 1_234_567_890_123_456, .max]
        for v in values + values.map { -$0 } + [.min] { #expect(JSON.int(v).serialized() == String(v)) }
    }

    @Test func recordLinesRoundTripThroughAJSONParser() throws {
        let r = Fixture.record(Fixture.seeds.appendingPathComponent("000_a50fa9c0a5e753b2.txt"))
        let line = Emitter(withText: true).line(r)
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix(#"{"id":"000_a50fa9c0a5e753b2","source":{"#))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(parsed["text"] as? String == r.text)
        #expect((parsed["stats"] as? [String: Any])?["chars"] as? Int == r.text.unicodeScalars.count)
        let withoutText = try #require(
            try JSONSerialization.jsonObject(with: Data(Emitter(withText: false).line(r).utf8)) as? [String: Any])
        #expect(withoutText["text"] == nil)
        #expect((withoutText["quantities"] as? [Any])?.isEmpty == false)
    }

    /// Records write the kinds in `allCases` order; `index` (which groups facts in one pass) agrees.
    @Test func kindIndicesFollowTheRecordOrder() {
        #expect(FactKind.allCases.enumerated().allSatisfy { $0.offset == $0.element.index })
        #expect(FactKind.allCases.sorted() == FactKind.allCases)
    }

    @Test func errorRecordsNameTheDocumentAndTheReason() {
        let r = Record(
            id: "a", source: Source(path: "x/a.png"), error: DocumentError("binary", "the input is a PNG image"))
        #expect(
            Emitter(withText: true).line(r)
                == #"{"id":"a","source":{"path":"x/a.png"},"error":{"code":"binary","message":"the input is a PNG image"}}"#
        )
    }
}
