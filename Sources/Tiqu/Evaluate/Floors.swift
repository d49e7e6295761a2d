import Foundation
import Yams

/// Pinned precision and recall per fact kind (`floors.yaml` beside the samples): `tiqu test`
/// fails when a kind falls below its floor. Floors only move up.
public struct Floors: Sendable {
    public var floors: [FactKind: (precision: Double, recall: Double)] = [:]

    public init() {}

    public init(contentsOf url: URL) throws {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return }
        guard let root = try Yams.load(yaml: text) as? [String: Any] else { return }
        for (key, value) in root {
            guard let kind = FactKind(rawValue: key) else {
                throw DocumentError(
                    "bad_floors",
                    "\(url.path): unknown fact kind '\(key)'; expected one of \(FactKind.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            let v = value as? [String: Any] ?? [:]
            floors[kind] = ((v["precision"] as? Double) ?? 0, (v["recall"] as? Double) ?? 0)
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
