import Foundation
import Testing

@testable import Tiqu

/// Programs, citations, honors and places on pages nobody tuned on (`Tests/Labels/unseen-names/`),
/// labelled by hand following `../shared/FACTS.md` before Tiqu was run on them. Labels carry the name
/// as written, not a span, so a page's facts and labels pair as multisets of written names (a
/// program's name inside its quotation marks; quotation marks left out on both sides); a found
/// place with a labelled code must carry that code. The floors only move up; `scripts/score-names.py` scores the same way.
@Suite struct UnseenNamesTests {
    /// A round of labelling: its labels, the folder of its pages, how many pages, and the floors of
    /// what it labels (the second round labels programs, citations and honors only).
    struct LabelSet: CustomStringConvertible, Sendable {
        var labels: String, folder: String, pages: Int
        var floors: [String: Floor]
        var description: String { folder }
    }

    struct Floor: Sendable {
        var precision: Double, recall: Double
    }

    static let sets = [
        LabelSet(
            labels: "unseen-names.json", folder: "unseen-names", pages: 30,
            floors: [
                "names": Floor(precision: 0.96, recall: 0.87), "places": Floor(precision: 0.96, recall: 0.90),
                "codes": Floor(precision: 0.98, recall: 0),
            ]),
        LabelSet(
            labels: "unseen-names-2.json", folder: "unseen-names-2", pages: 15,
            floors: ["names": Floor(precision: 0.80, recall: 0.58)]),
    ]
    static let opening: [Character: Character] = ["“": "”", "\"": "\"", "「": "」", "『": "』", "‘": "’", "'": "'"]
    static let quotes = Set("“”\"「」『』‘’'《》〈〉")

    /// The name a fact writes: inside a program's outermost quotation marks, else its text without quotes.
    static func written(_ fact: Fact) -> String {
        if fact.kind == .programs, let open = fact.text.firstIndex(where: { opening[$0] != nil }),
            let close = fact.text.lastIndex(of: opening[fact.text[open]]!), close > open
        {
            return unquoted(String(fact.text[fact.text.index(after: open)..<close]))
        }
        return unquoted(fact.text)
    }

    static func unquoted(_ text: String) -> String { String(text.filter { !quotes.contains($0) }) }

    struct Count {
        var labels = 0, found = 0, right = 0
        var precision: Double { found == 0 ? 1 : Double(right) / Double(found) }
        var recall: Double { labels == 0 ? 1 : Double(right) / Double(labels) }

        mutating func add(labels want: [String], found got: [String]) {
            var left = got
            for name in want {
                if let i = left.firstIndex(of: name) {
                    left.remove(at: i)
                    right += 1
                }
            }
            labels += want.count
            found += got.count
        }
    }

    @Test(arguments: sets) func namesAndPlacesHoldOnPagesNobodyTunedOn(_ set: LabelSet) throws {
        let labels = Fixture.root.appendingPathComponent("Tests/Labels/\(set.labels)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: labels)) as? [String: Any])
        let pages = try #require(json["pages"] as? [String: [String: Any]])
        #expect(pages.count >= set.pages)
        var counts: [String: Count] = [:]
        var codes = (found: 0, right: 0)
        for (name, page) in pages.sorted(by: { $0.key < $1.key }) {
            let record = Fixture.record(Fixture.root.appendingPathComponent("Tests/Labels/\(set.folder)/\(name)"))
            for kind in [FactKind.programs, .citations, .honors, .places] {
                let want = (page[kind.rawValue] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
                    .map { kind == .places ? $0 : Self.unquoted($0) }
                let got = record.facts.filter { $0.kind == kind }.map(Self.written)
                counts[kind == .places ? "places" : "names", default: Count()].add(labels: want, found: got)
            }
            var places = record.facts.filter { $0.kind == .places }
            for label in page["places"] as? [[String: Any]] ?? [] {
                guard let text = label["text"] as? String, let code = label["code"] as? String else { continue }
                let same = places.indices.filter { places[$0].text == text }
                guard let i = same.first(where: { places[$0].value.place?.code == code }) ?? same.first else {
                    continue
                }
                codes.found += 1
                codes.right += places[i].value.place?.code == code ? 1 : 0
                places.remove(at: i)
            }
        }
        let codeShare = codes.found == 0 ? 1 : Double(codes.right) / Double(codes.found)
        for (kind, count) in counts.sorted(by: { $0.key < $1.key }) {
            print(String(format: "%@: %@ P %.3f R %.3f", set.folder, kind, count.precision, count.recall))
            guard let floor = set.floors[kind] else { continue }
            #expect(
                count.precision + 1e-9 >= floor.precision && count.recall + 1e-9 >= floor.recall, "\(kind) \(count)")
        }
        if let floor = set.floors["codes"] {
            #expect(codeShare + 1e-9 >= floor.precision, "codes right for \(codes.right) of \(codes.found)")
        }
    }
}
