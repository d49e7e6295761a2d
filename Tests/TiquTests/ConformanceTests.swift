import Foundation
import Testing

@testable import Tiqu

/// Peers' own Chinese number and unit cases (../shared/conformance): at least 95% of those in scope pass.
@Suite struct ConformanceTests {
    @Test func peersCasesInScopePass() throws {
        let dir = Fixture.shared.appendingPathComponent("conformance")
        let exclusions = try Conformance.Exclusions(
            contentsOf: Fixture.root.appendingPathComponent("Tests/Conformance/exclusions.yaml"))
        let conformance = Conformance(pipeline: Fixture.pipeline, exclusions: exclusions)
        var inScope = 0, passed = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path).filter({ $0.hasSuffix(".jsonl") })
            .sorted()
        {
            let r = try conformance.run(dir.appendingPathComponent(file))
            inScope += r.inScope
            passed += r.passed
            print(
                String(
                    format: "%@: %d/%d in scope pass%@", file, r.passed, r.inScope,
                    r.excludedFile.map { " (file out of scope: \($0))" } ?? ""))
            r.failures.forEach { print("  ✗ " + $0) }
        }
        #expect(inScope >= 500, "most peer cases stay in scope")
        let rate = Double(passed) / Double(inScope)
        print(String(format: "conformance: %d/%d = %.3f", passed, inScope, rate))
        #expect(rate >= 0.95)
    }

    /// A case written to a one-line file and run through the whole pipeline (`tiqu extract`) gives
    /// what extraction alone gives: cleaning keeps a line of clean text whole.
    @Test func aCaseAsADocumentAgreesWithTheCaseAlone() throws {
        let dir = Fixture.shared.appendingPathComponent("conformance")
        let exclusions = try Conformance.Exclusions(
            contentsOf: Fixture.root.appendingPathComponent("Tests/Conformance/exclusions.yaml"))
        let alone = Conformance(pipeline: Fixture.pipeline, exclusions: exclusions)
        let whole = Conformance(pipeline: Fixture.pipeline, exclusions: exclusions, endToEnd: true)
        var compared = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        where file.hasSuffix(".jsonl") && Conformance.check(for: file) == .quantities {
            let (a, w) = try (alone.run(dir.appendingPathComponent(file)), whole.run(dir.appendingPathComponent(file)))
            compared += a.inScope
            #expect(a.failures == w.failures, "\(file): \(Set(w.failures).subtracting(a.failures).prefix(5))")
        }
        #expect(compared >= 100)
    }

    /// Every exclusion gives a reason.
    @Test func everyExclusionSaysWhy() throws {
        let e = try Conformance.Exclusions(
            contentsOf: Fixture.root.appendingPathComponent("Tests/Conformance/exclusions.yaml"))
        for (key, reason) in e.files.merging(e.flags, uniquingKeysWith: { a, _ in a }).merging(
            e.patterns, uniquingKeysWith: { a, _ in a }
        ).merging(e.units, uniquingKeysWith: { a, _ in a }) {
            #expect(reason.count >= 20, "\(key) needs a reason")
        }
    }
}
