/// How an expected text's lines map onto a new text: the lines both hold (a longest common
/// subsequence), so a rule that drops three header lines moves the facts below by their length
/// instead of turning every one of them into a missing and an unexpected fact.
struct TextAlignment {
    /// Where each expected line starts in the expected text, and in the new text when it is kept.
    let expectedStarts: [Int]
    let keptAt: [Int?]
    /// The lines removed (`- …`) and added (`+ …`), in text order.
    let diff: [String]

    /// Beyond this many line pairs to compare, the changed middle counts as all changed.
    static let maxCells = 4_000_000

    init(_ expected: String, _ actual: String) {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let pairs = Self.commonLines(old, new)
        expectedStarts = Self.starts(old)
        let newStarts = Self.starts(new)
        var keptAt = [Int?](repeating: nil, count: old.count)
        for (i, j) in pairs { keptAt[i] = newStarts[j] }
        self.keptAt = keptAt
        diff = Self.diff(old, new, pairs)
    }

    /// The fact at its place in the new text, or nil when its line is gone (it is missing).
    func moved(_ fact: Fact) -> Fact? {
        // The last line that starts at or before the fact (the first line when none does).
        let lo = max(expectedStarts.partitioningIndex { $0 > fact.start } - 1, 0)
        guard fact.start >= 0, let at = keptAt[lo] else { return nil }
        var moved = fact
        moved.start = at + (fact.start - expectedStarts[lo])
        moved.end = moved.start + (fact.end - fact.start)
        return moved
    }

    /// Code-point offsets where each line starts.
    static func starts(_ lines: [Substring]) -> [Int] {
        var starts: [Int] = []
        var at = 0
        for line in lines {
            starts.append(at)
            at += line.unicodeScalars.count + 1
        }
        return starts
    }

    /// Pairs of equal lines (old index, new index), in order: the common head and tail, and a
    /// longest common subsequence of the middle.
    static func commonLines(_ old: [Substring], _ new: [Substring]) -> [(Int, Int)] {
        var head = 0
        while head < min(old.count, new.count), old[head] == new[head] { head += 1 }
        var tail = 0
        while tail < min(old.count, new.count) - head, old[old.count - 1 - tail] == new[new.count - 1 - tail] {
            tail += 1
        }
        let a = Array(old[head..<(old.count - tail)]), b = Array(new[head..<(new.count - tail)])
        let middle = a.count * b.count <= maxCells ? lcs(a, b).map { ($0 + head, $1 + head) } : []
        let tailPairs = (0..<tail).map { (old.count - tail + $0, new.count - tail + $0) }
        return (0..<head).map { ($0, $0) } + middle + tailPairs
    }

    static func lcs(_ a: [Substring], _ b: [Substring]) -> [(Int, Int)] {
        guard !a.isEmpty, !b.isEmpty else { return [] }
        let width = b.count + 1
        var table = [Int32](repeating: 0, count: (a.count + 1) * width)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i * width + j] =
                    a[i] == b[j]
                    ? table[(i + 1) * width + j + 1] + 1 : max(table[(i + 1) * width + j], table[i * width + j + 1])
            }
        }
        var pairs: [(Int, Int)] = []
        var i = 0, j = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                pairs.append((i, j))
                i += 1
                j += 1
            } else if table[(i + 1) * width + j] >= table[i * width + j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return pairs
    }

    /// The removed and added lines between kept ones.
    static func diff(_ old: [Substring], _ new: [Substring], _ pairs: [(Int, Int)]) -> [String] {
        var out: [String] = []
        var i = 0, j = 0
        for (pi, pj) in pairs + [(old.count, new.count)] {
            out += old[i..<pi].map { "- " + $0.prefix(80) }
            out += new[j..<pj].map { "+ " + $0.prefix(80) }
            (i, j) = (pi + 1, pj + 1)
        }
        return out
    }
}
