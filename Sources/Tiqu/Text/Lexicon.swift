/// A multi-pattern matcher over Unicode scalars: a trie with Aho–Corasick failure links. Built
/// once from the rule book; read-only afterwards, so one instance serves every thread.
///
/// `longest(at:)` answers "which term starts here" (units after a number); `all(in:)` finds every
/// term in one pass over the text (indicators, qualifiers), however many terms there are.
public struct Lexicon<Payload: Sendable>: Sendable {
    struct Node: Sendable {
        var next: [UInt32: Int32] = [:]
        var fail: Int32 = 0
        /// The payload of the term ending here, if any, and its length in scalars.
        var term: (payload: Payload, length: Int)?
        /// The nearest node on the failure chain that ends a term (-1 if none).
        var output: Int32 = -1
    }

    private var nodes: [Node] = [Node()]

    public init(_ terms: [(String, Payload)]) {
        for (term, payload) in terms {
            let scalars = Array(term.unicodeScalars)
            guard !scalars.isEmpty else { continue }
            var at: Int32 = 0
            for s in scalars {
                if let n = nodes[Int(at)].next[s.value] {
                    at = n
                } else {
                    nodes.append(Node())
                    let n = Int32(nodes.count - 1)
                    nodes[Int(at)].next[s.value] = n
                    at = n
                }
            }
            if nodes[Int(at)].term == nil { nodes[Int(at)].term = (payload, scalars.count) }  // first definition wins
        }
        // Breadth-first failure links.
        var queue: [Int32] = []
        for (_, child) in nodes[0].next { queue.append(child) }
        var head = 0
        while head < queue.count {
            let current = queue[head]
            head += 1
            for (scalar, child) in nodes[Int(current)].next {
                var f = nodes[Int(current)].fail
                while f != 0, nodes[Int(f)].next[scalar] == nil { f = nodes[Int(f)].fail }
                let target = nodes[Int(f)].next[scalar] ?? 0
                nodes[Int(child)].fail = target == child ? 0 : target
                let failNode = nodes[Int(nodes[Int(child)].fail)]
                nodes[Int(child)].output = failNode.term != nil ? nodes[Int(child)].fail : failNode.output
                queue.append(child)
            }
        }
    }

    public var isEmpty: Bool { nodes.count == 1 }

    /// The longest term that starts at `start`.
    public func longest(in text: [Unicode.Scalar], at start: Int) -> (payload: Payload, end: Int)? {
        var at: Int32 = 0
        var best: (Payload, Int)?
        var i = start
        while i < text.count, let n = nodes[Int(at)].next[text[i].value] {
            at = n
            i += 1
            if let term = nodes[Int(n)].term { best = (term.payload, i) }
        }
        return best.map { (payload: $0.0, end: $0.1) }
    }

    /// The longest term that ends at `end`, for a lexicon built from reversed terms.
    public func longestReversed(in text: [Unicode.Scalar], endingAt end: Int, notBefore floor: Int = 0) -> (
        payload: Payload, start: Int
    )? {
        var at: Int32 = 0
        var best: (Payload, Int)?
        var i = end - 1
        while i >= floor, let n = nodes[Int(at)].next[text[i].value] {
            at = n
            if let term = nodes[Int(n)].term { best = (term.payload, i) }
            i -= 1
        }
        return best.map { (payload: $0.0, start: $0.1) }
    }

    /// Every occurrence of every term in `range` (overlaps included), in order of their ends.
    public func all(in text: [Unicode.Scalar], range: Range<Int>? = nil) -> [(range: Range<Int>, payload: Payload)] {
        var found: [(range: Range<Int>, payload: Payload)] = []
        var at: Int32 = 0
        for i in range ?? 0..<text.count {
            let s = text[i].value
            while at != 0, nodes[Int(at)].next[s] == nil { at = nodes[Int(at)].fail }
            at = nodes[Int(at)].next[s] ?? 0
            var out = nodes[Int(at)].term != nil ? at : nodes[Int(at)].output
            while out > 0 {
                let term = nodes[Int(out)].term!
                found.append((i + 1 - term.length..<i + 1, term.payload))
                out = nodes[Int(out)].output
            }
        }
        return found
    }
}

extension Array where Element == (range: Range<Int>, payload: Int) {
    /// The hits whose end lies in `ends`, for hits sorted by end (as `Lexicon.all` returns them).
    func ending(in ends: ClosedRange<Int>) -> ArraySlice<Element> {
        func firstIndex(endAtLeast x: Int) -> Int {
            var lo = 0, hi = count
            while lo < hi {
                let mid = (lo + hi) / 2
                if self[mid].range.upperBound < x { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        return self[firstIndex(endAtLeast: ends.lowerBound)..<firstIndex(endAtLeast: ends.upperBound + 1)]
    }
}
