import Foundation
import Testing

@testable import Tiqu

/// Programs, citations, honors, places and divisions on twenty-four corpus pages that are not samples,
/// against hand labels (`Tests/Labels/corpus-text-facts.json`): precision and recall per kind stay at
/// or above the figures pinned here, which only move up.
@Suite struct LabelledFactsTests {
    static let floors: [FactKind: (precision: Double, recall: Double)] = [
        .programs: (0.95, 0.85), .citations: (1.0, 1.0), .honors: (0.95, 0.85), .places: (0.96, 0.96),
        .divisions: (1.0, 1.0),
    ]

    struct Key: Hashable {
        var kind: FactKind
        var start: Int
        var end: Int
    }

    @Test func factFamiliesHoldOnPagesBeyondTheSamples() throws {
        let labels = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: Fixture.root.appendingPathComponent("Tests/Labels/corpus-text-facts.json")))
                as? [String: Any])
        let pages = try #require(labels["pages"] as? [String: [String: Any]])
        #expect(pages.count >= 24)
        var expected: [FactKind: Int] = [:], found: [FactKind: Int] = [:], correct: [FactKind: Int] = [:]
        var report: [String] = []
        for (name, page) in pages.sorted(by: { $0.key < $1.key }) {
            let record = Fixture.record(Fixture.shared.appendingPathComponent("corpus/text/\(name)"))
            #expect(
                record.subject?.name == page["subject"] as? String, "\(name): subject \(record.subject?.name ?? "null")"
            )
            let want = Set(
                (page["facts"] as? [[String: Any]] ?? []).compactMap { f -> Key? in
                    guard let kind = FactKind(rawValue: f["kind"] as? String ?? ""), let s = f["start"] as? Int,
                        let e = f["end"] as? Int
                    else { return nil }
                    return Key(kind: kind, start: s, end: e)
                })
            let got = Set(
                record.facts.filter { Self.floors[$0.kind] != nil }.map {
                    Key(kind: $0.kind, start: $0.start, end: $0.end)
                })
            for k in want { expected[k.kind, default: 0] += 1 }
            for k in got { found[k.kind, default: 0] += 1 }
            for k in want.intersection(got) { correct[k.kind, default: 0] += 1 }
            let scalars = Array(record.text.unicodeScalars)
            func show(_ k: Key) -> String {
                guard k.start >= 0, k.start <= k.end, k.end <= scalars.count else {
                    return "\(k.kind.rawValue) [\(k.start),\(k.end)) outside the text"
                }
                return "\(k.kind.rawValue) '\(String(String.UnicodeScalarView(scalars[k.start..<k.end])))' @\(k.start)"
            }
            report +=
                want.subtracting(got).map { "\(name) missing \(show($0))" }
                + got.subtracting(want).map { "\(name) unexpected \(show($0))" }
        }
        for (kind, floor) in Self.floors.sorted(by: { $0.key < $1.key }) {
            let p = found[kind, default: 0] == 0 ? 1 : Double(correct[kind, default: 0]) / Double(found[kind]!)
            let r = expected[kind, default: 0] == 0 ? 1 : Double(correct[kind, default: 0]) / Double(expected[kind]!)
            print(
                String(
                    format: "%@ expected %d found %d correct %d precision %.3f recall %.3f", kind.rawValue,
                    expected[kind, default: 0], found[kind, default: 0], correct[kind, default: 0], p, r))
            #expect(
                p + 1e-9 >= floor.precision && r + 1e-9 >= floor.recall,
                "\(kind.rawValue): precision \(p), recall \(r)\n\(report.sorted().joined(separator: "\n"))")
        }
    }
}
