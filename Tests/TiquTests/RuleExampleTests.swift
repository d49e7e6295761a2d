import Foundation
import Testing

@testable import Tiqu

/// Every example of every rule file is a test: a new rule with examples is a new test.
@Suite struct RuleExampleTests {
    static let ruleIDs =
        Fixture.book.chrome.map(\.id) + Fixture.book.html.groups.map(\.id) + Fixture.book.markedExamples.map(\.id)

    @Test(arguments: ruleIDs)
    func examplesHold(_ id: String) {
        let failures = Fixture.book.exampleFailures().filter { $0.message.contains("'\(id)'") }
        #expect(failures.isEmpty, "\(failures.map(\.description).joined(separator: "\n"))")
    }

    /// A rule file without examples is refused when it loads (see `RuleBookTests`); this checks the
    /// built-in rules were all read: every file of `Rules/` is in the book.
    @Test func everyBuiltInRuleFileIsRead() throws {
        let folder = try #require(RuleBook.builtInFolder())
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }
        #expect(Set(Fixture.book.files.map { ($0 as NSString).lastPathComponent }) == Set(files))
    }

    /// Every rule id a fact carries is defined in a rule file, where `tiqu rules show` finds it; a
    /// table's quantities carry their unit's id under `tables/`.
    @Test func everyFactsRuleIsDefinedInARuleFile() throws {
        let ids = Set(Fixture.book.ruleIDs)
        let pages = try FileManager.default.contentsOfDirectory(at: Fixture.samples, includingPropertiesForKeys: nil)
            .filter { ["txt", "html"].contains($0.pathExtension) }
        var seen = Set<String>()
        for page in pages {
            for fact in Fixture.record(page).facts {
                let id = fact.rule.hasPrefix("tables/") ? "units/" + fact.rule.dropFirst("tables/".count) : fact.rule
                seen.insert(fact.rule)
                #expect(
                    ids.contains(id),
                    "\(page.lastPathComponent): '\(fact.text)' carries \(fact.rule), which no rule file defines")
            }
        }
        for mechanism in ["dates/calendar", "dates/period", "ranks/ordinal", "citations/title", "units/fraction"] {
            #expect(seen.contains(mechanism), "the samples exercise \(mechanism)")
        }
    }

    /// Repairs must hold behind an astral-plane character too: offsets are code points, not UTF-16 units.
    @Test func repairsHoldBehindAnAstralCharacter() {
        let classifier = LineClassifier(rules: Fixture.book.chrome)
        for rule in Fixture.book.chrome where rule.role == .artifact {
            for example in rule.examples {
                guard case .becomes(let expected) = example.expect else { continue }
                #expect(classifier.repair("🦕" + example.input).0 == "🦕" + expected)
            }
        }
    }

    /// Patterns see the folded text, so a rule written in Simplified drops the Traditional line.
    @Test func dropExamplesHoldInTheOtherScript() throws {
        let classifier = LineClassifier(rules: Fixture.book.chrome)
        let toTraditional = try #require(ScriptConverter(config: "s2t.json"))
        for rule in Fixture.book.chrome where rule.role != .artifact {
            for example in rule.examples {
                guard case .drop = example.expect else { continue }
                let other = toTraditional.simplified(example.input)
                guard case .chrome(let by, _) = classifier.classify(other, matching: Fold.matching(other), inHead: true)
                else {
                    Issue.record("\(rule.id): '\(other)' is kept")
                    continue
                }
                #expect(by.id == rule.id)
            }
        }
    }
}
