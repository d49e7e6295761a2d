import Foundation
import Testing
@testable import Tiqu

/// Each sample's record matches its `NAME.expected.json`, reviewed by eye when it was recorded.
@Suite struct SampleTests {
    static let samples: [String] = try! FileManager.default.contentsOfDirectory(atPath: Fixture.samples.path)
        .filter { ($0.hasSuffix(".txt") || $0.hasSuffix(".html")) }.sorted()

    @Test func thereAreEnoughSamples() {
        #expect(Self.samples.filter { $0.hasSuffix(".html") }.count >= 6)
        #expect(Self.samples.filter { $0.hasSuffix(".txt") }.count >= 6)
    }

    @Test(arguments: samples)
    func recordMatchesExpected(_ name: String) throws {
        let url = Fixture.samples.appendingPathComponent(name)
        let expectedURL = Fixture.samples.appendingPathComponent(Inputs.id(for: name) + ".expected.json")
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: expectedURL)) as? [String: Any])
        let record = Fixture.record(url)
        let actual = try #require(try JSONSerialization.jsonObject(with: Data(Emitter(withText: true).line(record).utf8)) as? [String: Any])
        #expect(actual["id"] as? String == expected["id"] as? String)
        let (es, as_) = (expected["source"] as? [String: Any] ?? [:], actual["source"] as? [String: Any] ?? [:])
        #expect(as_["format"] as? String == es["format"] as? String)
        #expect(as_["encoding"] as? String == es["encoding"] as? String)
        let (em, am) = (expected["meta"] as? [String: Any] ?? [:], actual["meta"] as? [String: Any] ?? [:])
        for key in ["title", "published", "outlet", "author", "editor"] {
            #expect(am[key] as? String == em[key] as? String, "meta.\(key)")
        }
        let (et, at) = (expected["text"] as? String ?? "", actual["text"] as? String ?? "")
        if et != at {
            let el = et.split(separator: "\n"), al = at.split(separator: "\n")
            let missing = el.filter { !al.contains($0) }, extra = al.filter { !el.contains($0) }
            Issue.record("text differs; missing lines: \(missing.prefix(5)); unexpected lines: \(extra.prefix(5))")
        }
    }
}
