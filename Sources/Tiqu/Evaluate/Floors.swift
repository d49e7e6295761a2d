import Foundation

/// Pinned precision and recall per fact kind (`floors.yaml` beside the samples): `tiqu test`
/// fails when a kind falls below its floor. Floors only move up.
public struct Floors: Sendable {
    public var floors: [FactKind: (precision: Double, recall: Double)] = [:]

    public init() {}

    /// Reads `floors.yaml`: a mapping from fact kinds to `{precision: P, recall: R}`, each a number
    /// from 0 to 1 (either may be left out: no floor). A missing file is no floors; every other
    /// mistake is a diagnostic at its file:line:column, as a rule file's are.
    public init(contentsOf url: URL) throws(Diagnostic) {
        if FileKind(RawPath(url.path)) == .missing { return }
        guard let root = try RuleNode.root(of: url.path, what: "the floors file") else { return }
        let kinds = FactKind.allCases.map(\.rawValue)
        for (name, _, value) in try root.entries("a floors file", allowed: kinds) {
            guard case .mapping = value.node else {
                throw value.error(
                    "the floors of \(name) must be a mapping such as {precision: 0.95, recall: 0.90},"
                        + " found \(value.found)")
            }
            let floor = try value.mapping(allowed: ["precision", "recall"], what: "the floors of \(name)")
            func measure(_ key: String) throws(Diagnostic) -> Double {
                try floor[key]?.value.double(key, in: 0...1, hint: "0.97 for 97%") ?? 0
            }
            floors[FactKind(rawValue: name)!] = (try measure("precision"), try measure("recall"))
        }
    }

    /// Kinds below their floor, as messages.
    public func failures(_ scores: Scores) -> [String] {
        floors.sorted { $0.key < $1.key }.flatMap { kind, floor -> [String] in
            var out: [String] = []
            if scores.precision(kind) + 1e-9 < floor.precision {
                out.append(
                    String(
                        format: "%@ precision %.3f is below its floor %.3f", kind.rawValue, scores.precision(kind),
                        floor.precision))
            }
            if scores.recall(kind) + 1e-9 < floor.recall {
                out.append(
                    String(
                        format: "%@ recall %.3f is below its floor %.3f", kind.rawValue, scores.recall(kind),
                        floor.recall))
            }
            return out
        }
    }
}
