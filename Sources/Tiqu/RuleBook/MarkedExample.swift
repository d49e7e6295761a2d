import Foundation

/// An extraction rule's example: a text whose expected matches are marked inline, and what each
/// must normalize to. `常住人口⟦8.8萬人⟧ → 88000 person attribute=常住人口` says: exactly one quantity,
/// spanning 8.8萬人, valued 88000 person, with that attribute. An example with no mark must match nothing.
public struct MarkedExample: Sendable {
    public var text: String
    /// Expected spans, in code points of `text`.
    public var spans: [Range<Int>]
    /// For each span: a summary (`88000 person more_than`) and `field=value` checks.
    public var expectations: [(summary: String, fields: [(String, String)])]
    public var line: Int
    public var column: Int

    static let open: Unicode.Scalar = "⟦", close: Unicode.Scalar = "⟧"

    static func parse(_ node: RuleNode) throws(Diagnostic) -> MarkedExample {
        let raw = try node.string("an example")
        let mark = node.node.mark
        var source = raw
        var expected: [String] = []
        if let arrow = raw.range(of: " → ", options: .backwards) {
            source = String(raw[..<arrow.lowerBound])
            expected = raw[arrow.upperBound...].split(separator: ";").map { $0.trimming(.whitespaces) }
        }
        var text = String.UnicodeScalarView()
        var spans: [Range<Int>] = []
        var openAt: Int?
        for s in source.unicodeScalars {
            if s == open {
                guard openAt == nil else { throw node.error("'⟦' inside another mark in '\(raw)'") }
                openAt = text.count
            } else if s == close {
                guard let o = openAt else { throw node.error("'⟧' without '⟦' in '\(raw)'") }
                spans.append(o..<text.count)
                openAt = nil
            } else {
                text.append(s)
            }
        }
        if openAt != nil { throw node.error("'⟦' is never closed in '\(raw)'") }
        if !expected.isEmpty, expected.count != spans.count {
            throw node.error(
                "\(spans.count) marked span(s) but \(expected.count) expectation(s) after '→' in '\(raw)'; give one per mark, separated by ';'"
            )
        }
        let expectations = expected.map { item -> (summary: String, fields: [(String, String)]) in
            let tokens = item.split(separator: " ").map(String.init)
            let fields = tokens.filter { $0.contains("=") }.map { t -> (String, String) in
                let parts = t.split(separator: "=", maxSplits: 1).map(String.init)
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }
            return (tokens.filter { !$0.contains("=") }.joined(separator: " "), fields)
        }
        return MarkedExample(
            text: String(text), spans: spans, expectations: expectations, line: mark?.line ?? 1,
            column: mark?.column ?? 1)
    }
}
