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
