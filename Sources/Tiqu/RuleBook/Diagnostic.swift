/// A problem in a rule file, printed the way compilers do: `path:line:column: error: message`.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int
    public var message: String
    /// `error` fails a check; `warning` is reported and the check goes on.
    public var severity: Severity = .error

    public enum Severity: String, Sendable {
        case error, warning
    }

    public init(path: String, line: Int, column: Int, message: String, severity: Severity = .error) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.severity = severity
    }

    public var description: String { "\(path):\(line):\(column): \(severity.rawValue): \(message)" }
}

/// Every problem found while loading rules: loading reports them all, not just the first.
public struct RuleBookError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// The closest of `candidates` to `word`, for "did you mean …" hints.
func closest(_ word: String, in candidates: [String]) -> String? {
    nearest(word, in: candidates, limit: 1).first
}

/// Up to `limit` of `candidates` within a few edits of `word` (two, or a third of its length),
/// nearest first, in their own order among equals.
func nearest(_ word: String, in candidates: [String], limit: Int) -> [String] {
    let w = Array(word)
    return candidates.enumerated().map { ($0.element, editDistance(w, Array($0.element)), $0.offset) }
        .filter { $0.1 <= max(2, w.count / 3) }.sorted { ($0.1, $0.2) < ($1.1, $1.2) }.prefix(limit).map(\.0)
}

/// Levenshtein distance: insertions, deletions and substitutions.
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    var row = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var previous = row[0]
        row[0] = i
        for j in stride(from: 1, through: b.count, by: 1) {
            let old = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
            previous = old
        }
    }
    return row[b.count]
}
