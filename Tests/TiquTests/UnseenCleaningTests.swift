import Foundation
import Testing

@testable import Tiqu

/// Cleaning on twenty pages nobody tuned on (`Tests/Labels/unseen-cleaning/`): local-government
/// portals and news sites, labelled by hand (body to keep, hard chrome, soft chrome, title) before
/// Tiqu ran on them. Snippets are compared with white space removed. The floors only move up; the
/// leaks only move down.
@Suite struct UnseenCleaningTests {
    static let labels = Fixture.root.appendingPathComponent("Tests/Labels/unseen-cleaning.json")
    static let floors = (keep: 0.98, titles: 19, published: 16, authors: 9)
    static let ceilings = (leak: 0.01, soft: 0.03)

    static func squeezed(_ s: String) -> String {
        String(s.unicodeScalars.filter { !$0.isWhiteSpace }.map(Character.init))
    }

    @Test func chromeGoesAndTheArticleStays() throws {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.labels)) as? [String: Any]
        let pages = try #require(json?["pages"] as? [String: [String: Any]])
        #expect(pages.count == 20)
        var counts = ["with": (0, 0), "without": (0, 0), "soft": (0, 0)]
        var titles = 0, published = 0, authors = 0
        var wrongMeta: [String] = []  // a date or author given where the label has none or another
        var report: [String] = []
        for (name, label) in pages.sorted(by: { $0.key < $1.key }) {
            let record = Fixture.record(
                Fixture.root.appendingPathComponent("Tests/Labels/unseen-cleaning/\(name).txt"))
            let text = Self.squeezed(record.text)
            for field in counts.keys {
                let snippets = label[field] as? [String] ?? []
                let found = snippets.filter { text.contains(Self.squeezed($0)) }
                counts[field]!.0 += found.count
                counts[field]!.1 += snippets.count
                let wrong = field == "with" ? snippets.filter { !found.contains($0) } : found
                report += wrong.map { "\(name) \(field == "with" ? "lost" : "kept \(field)"): \($0)" }
            }
            let title = label["title"] as? String ?? ""
            if Self.squeezed(record.meta.title ?? "") == Self.squeezed(title) {
                titles += 1
            } else {
                report.append("\(name) title \(record.meta.title ?? "none"), labelled \(title)")
            }
            published += Self.agrees(record.meta.published, label["published"]) ? 1 : 0
            authors += Self.agrees(record.meta.author, label["author"]) ? 1 : 0
            for (field, value) in [("published", record.meta.published), ("author", record.meta.author)] {
                if let value, !Self.agrees(value, label[field]) { wrongMeta.append("\(name) \(field) \(value)") }
            }
        }
        func share(_ field: String) -> Double { Double(counts[field]!.0) / Double(max(counts[field]!.1, 1)) }
        let summary = String(
            format: "keep %.3f leak %.3f soft %.3f titles %d/20 published %d authors %d", share("with"),
            share("without"), share("soft"), titles, published, authors)
        print("unseen cleaning: \(summary)")
        let details = report.joined(separator: "\n")
        #expect(share("with") >= Self.floors.keep, "\(summary)\n\(details)")
        #expect(share("without") <= Self.ceilings.leak, "\(summary)\n\(details)")
        #expect(share("soft") <= Self.ceilings.soft, "\(summary)\n\(details)")
        #expect(titles >= Self.floors.titles, "\(summary)\n\(details)")
        #expect(published >= Self.floors.published && authors >= Self.floors.authors, "\(summary)")
        // No silently wrong value: a date or author the page does not give is better missing.
        #expect(wrongMeta.isEmpty, "\(wrongMeta)")
    }

    /// A labelled date or author the record gives (white space aside); an empty label counts for nothing.
    static func agrees(_ found: String?, _ label: Any?) -> Bool {
        guard let label = label as? String, !label.isEmpty, let found else { return false }
        return squeezed(found) == squeezed(label)
    }
}
