import Foundation
import Testing

@testable import Tiqu

/// Each sample against its hand-checked `NAME.expected.json`: text and metadata exactly, facts by
/// precision and recall per kind, held at the floors pinned in `Samples/floors.yaml`.
@Suite struct SampleTests {
    static let samples: [String] = try! FileManager.default.contentsOfDirectory(atPath: Fixture.samples.path)
        .filter { ($0.hasSuffix(".txt") || $0.hasSuffix(".html")) }.sorted()

    static func compare(_ name: String) throws -> Comparison {
        let expected = try ExpectedRecord(
            contentsOf: Fixture.samples.appendingPathComponent(Inputs.id(for: name) + ".expected.json"))
        return Comparison(expected: expected, actual: Fixture.record(Fixture.samples.appendingPathComponent(name)))
    }

    /// A rule change that drops a line above the facts moves them; `tiqu test` shows the line that
    /// went and compares the facts where their lines now are, so only real changes show.
    @Test func factsAreComparedThroughATextChange() throws {
        let url = Fixture.samples.appendingPathComponent("corpus-006.expected.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let extra = "栏目导航 本站首页 2019年"
        let shift = extra.unicodeScalars.count + 1
        object["text"] = extra + "\n" + (object["text"] as? String ?? "")
        for kind in FactKind.allCases {
            object[kind.rawValue] = (object[kind.rawValue] as? [[String: Any]] ?? []).map { fact in
                var fact = fact
                fact["start"] = (fact["start"] as? Int ?? 0) + shift
                fact["end"] = (fact["end"] as? Int ?? 0) + shift
                return fact
            }
        }
        // A fact on the line that went is missing, and nothing now at its old offsets stands in for it.
        let gone: [String: Any] = [
            "text": "2019年", "value": "2019", "start": 10, "end": 15, "sentence": 0, "rule": "dates/calendar",
        ]
        object["dates"] = [gone] + (object["dates"] as? [[String: Any]] ?? [])
        let shifted = Fixture.temporaryDirectory().appendingPathComponent("corpus-006.expected.json")
        try JSONSerialization.data(withJSONObject: object).write(to: shifted)
        let comparison = Comparison(
            expected: try ExpectedRecord(contentsOf: shifted),
            actual: Fixture.record(Fixture.samples.appendingPathComponent("corpus-006.txt")))
        #expect(comparison.textChanged)
        #expect(comparison.textDiff == ["- " + extra])
        #expect(comparison.missing.map(\.text) == ["2019年"])
        #expect(comparison.unexpected.isEmpty && comparison.changed.isEmpty)
        #expect(comparison.counts[.places]?.correct ?? 0 > 10)
    }

    @Test func thereAreEnoughSamples() {
        #expect(Self.samples.filter { $0.hasSuffix(".html") }.count >= 6)
        #expect(Self.samples.filter { $0.hasSuffix(".txt") }.count >= 6 + 15)
    }

    @Test(arguments: samples)
    func textAndMetadataMatch(_ name: String) throws {
        let c = try Self.compare(name)
        #expect(!c.textChanged, "text differs from the expected record")
        #expect(c.metaChanges.isEmpty, "\(c.metaChanges)")
    }

    @Test func factsHoldTheirFloors() throws {
        let comparisons = try Self.samples.map(Self.compare)
        let scores = Scores(comparisons)
        scores.table().forEach { print($0) }
        let floors = try Floors(contentsOf: Fixture.samples.appendingPathComponent("floors.yaml"))
        #expect(floors.floors[.quantities] != nil)
        let failures = floors.failures(scores)
        #expect(failures.isEmpty, "\(failures)")
    }

    /// Every fact's span slices its own text out of the record's text, as Python's text[start:end] would.
    @Test(arguments: samples)
    func spansRoundTrip(_ name: String) {
        let r = Fixture.record(Fixture.samples.appendingPathComponent(name))
        let scalars = Array(r.text.unicodeScalars)
        for f in r.facts {
            #expect(String(String.UnicodeScalarView(scalars[f.start..<f.end])) == f.text)
            #expect(f.sentence >= 0 && r.sentences[f.sentence].start <= f.start)
        }
    }
}
