import Foundation
import Testing

@testable import Tiqu

/// Quantities on pages nobody tuned on (`Tests/Labels/unseen/`): local news and government pages from
/// the mainland, Hong Kong, Macau and Taiwan, labelled by hand following `../shared/FACTS.md` before
/// Tiqu was run on them. A found quantity is right in span when its text is a labelled one, and exactly
/// right when its value (or min and max) and unit agree too. The floors only move up.
@Suite struct UnseenPagesTests {
    /// A round of labelling: its labels, the folder of its pages, how many pages it has, and its floors.
    struct LabelSet: CustomStringConvertible, Sendable {
        var labels: String, folder: String, pages: Int, spanF1: Double, exactF1: Double
        var description: String { folder }
    }

    /// The first round (issue 12, 50 pages) and a second one of 20 pages from other sites, whose
    /// first-sight exact F1 was 0.900.
    static let sets = [
        LabelSet(labels: "unseen-quantities.json", folder: "unseen", pages: 50, spanF1: 0.96, exactF1: 0.96),
        LabelSet(labels: "unseen-2-quantities.json", folder: "unseen-2", pages: 20, spanF1: 0.93, exactF1: 0.91),
    ]

    struct Label {
        var text: String
        var value: Double?
        var min: Double?
        var max: Double?
        var unit: String

        init?(_ json: [String: Any]) {
            guard let text = json["text"] as? String, let unit = json["unit"] as? String else { return nil }
            (self.text, self.unit) = (text, unit)
            (value, min, max) = (json["value"] as? Double, json["min"] as? Double, json["max"] as? Double)
        }

        func agrees(with q: Quantity) -> Bool {
            func same(_ a: Double?, _ b: Double?) -> Bool {
                guard let a, let b else { return a == nil && b == nil }
                return abs(a - b) <= 1e-6 * Swift.max(1, abs(a), abs(b))
            }
            return unit == q.unit && (value != nil ? same(value, q.value) : same(min, q.min) && same(max, q.max))
        }
    }

    /// Counts over the pages: labels, found, right in span, exactly right.
    struct Score {
        var expected = 0, found = 0, span = 0, exact = 0
        var report: [String] = []

        func f1(_ correct: Int) -> Double {
            let p = found == 0 ? 1 : Double(correct) / Double(found)
            let r = expected == 0 ? 1 : Double(correct) / Double(expected)
            return p + r == 0 ? 0 : 2 * p * r / (p + r)
        }

        /// Pairs labels with facts: exact pairs first, then pairs by text alone.
        mutating func add(_ name: String, labels: [Label], facts: [Fact]) {
            var left = facts
            var unpaired: [Label] = []
            for label in labels {
                if let i = left.firstIndex(where: { $0.text == label.text && label.agrees(with: $0.value.quantity!) }) {
                    left.remove(at: i)
                    exact += 1
                    span += 1
                } else {
                    unpaired.append(label)
                }
            }
            for label in unpaired {
                if let i = left.firstIndex(where: { $0.text == label.text }) {
                    report.append("\(name) wrong \(label.text): got \(left[i].value.quantity!)")
                    left.remove(at: i)
                    span += 1
                } else {
                    report.append("\(name) missed \(label.text)")
                }
            }
            report += left.map { "\(name) extra \($0.text) (\($0.rule))" }
            expected += labels.count
            found += facts.count
        }
    }

    @Test(arguments: sets) func quantitiesHoldOnPagesNobodyTunedOn(_ set: LabelSet) throws {
        let labels = Fixture.root.appendingPathComponent("Tests/Labels/\(set.labels)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: labels)) as? [String: Any])
        let pages = try #require(json["pages"] as? [String: [String: Any]])
        #expect(pages.count >= set.pages)
        var score = Score()
        for (name, page) in pages.sorted(by: { $0.key < $1.key }) {
            let record = Fixture.record(Fixture.root.appendingPathComponent("Tests/Labels/\(set.folder)/\(name)"))
            let labels = (page["quantities"] as? [[String: Any]] ?? []).compactMap(Label.init)
            let facts = record.facts.filter { $0.kind == .quantities }
            for fact in facts {
                let scalars = Array(record.text.unicodeScalars)
                #expect(String(String.UnicodeScalarView(scalars[fact.start..<fact.end])) == fact.text)
            }
            score.add(name, labels: labels, facts: facts)
        }
        let (span, exact) = (score.f1(score.span), score.f1(score.exact))
        print(
            String(
                format: "%@: %d labels, %d found, span F1 %.3f, exact F1 %.3f", set.folder, score.expected,
                score.found, span, exact))
        #expect(
            span + 1e-9 >= set.spanF1 && exact + 1e-9 >= set.exactF1,
            "span F1 \(span), exact F1 \(exact)\n\(score.report.joined(separator: "\n"))")
    }
}
