/// A multi-pattern matcher over Unicode scalars: a trie with Aho–Corasick failure links. Built
/// once from the rule book; read-only afterwards, so one instance serves every thread.
///
/// `longest(at:)` answers "which term starts here" (units after a number); `all(in:)` finds every
/// term in one pass over the text (indicators, qualifiers), however many terms there are.
public struct Lexicon<Payload: Sendable>: Sendable {
    /// A node while the trie is built; compiled into flat arrays afterwards.
    struct Node {
        var next: [UInt32: Int32] = [:]
        var fail: Int32 = 0
        var term: (payload: Payload, length: Int)?
        var output: Int32 = -1
    }

    /// Transitions in one open-addressing table keyed by (node, scalar): a lookup is a multiply
    /// and a probe or two, where a Dictionary per node hashed with SipHash and retained its node.
    private var keys: [UInt64] = [0]
    private var targets: [Int32] = [0]
    private var mask = 0
    /// Per node: its failure link, the nearest node on the failure chain that ends a term (-1 if
    /// none), and the term ending here (its payload and length in scalars), if any.
    private var fail: [Int32] = [0]
    private var output: [Int32] = [-1]
    private var terms: [(payload: Payload, length: Int)?] = [nil]
    /// Per node: the first node of its output chain (itself when a term ends there, else its
    /// output link), so a scan tests one integer per scalar instead of an optional payload.
    private var firstOutput: [Int32] = [-1]
    /// The scalars some term starts with: at the root (where a scan spends most of its steps in
    /// text) a BMP scalar not among them needs no table probe.
    private var starts = ScalarSet([])

    public init(_ terms: [(String, Payload)]) {
        var nodes = Self.trie(terms)
        Self.link(&nodes)
        compile(nodes)
    }

    /// The trie of the terms; the first definition of a term wins.
    static func trie(_ terms: [(String, Payload)]) -> [Node] {
        var nodes = [Node()]
        for (term, payload) in terms {
            let scalars = Array(scalarsOf: term)
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
            if nodes[Int(at)].term == nil { nodes[Int(at)].term = (payload, scalars.count) }
        }
        return nodes
    }

    /// Breadth-first failure links and output links.
    static func link(_ nodes: inout [Node]) {
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

    private mutating func compile(_ nodes: [Node]) {
        fail = nodes.map(\.fail)
        output = nodes.map(\.output)
        terms = nodes.map(\.term)
        firstOutput = nodes.indices.map { nodes[$0].term != nil ? Int32($0) : nodes[$0].output }
        starts = ScalarSet(nodes[0].next.keys.compactMap(Unicode.Scalar.init))
        let edges = nodes.reduce(0) { $0 + $1.next.count }
        var size = 8
        while size < edges * 2 { size *= 2 }
        keys = [UInt64](repeating: 0, count: size)
        targets = [Int32](repeating: 0, count: size)
        mask = size - 1
        for (node, n) in nodes.enumerated() {
            for (scalar, child) in n.next {
                let key = Self.key(Int32(node), scalar)
                var h = hashSlot(key, mask)
                while keys[h] != 0 { h = (h + 1) & mask }
                keys[h] = key
                targets[h] = child
            }
        }
    }

    /// A transition's key; never 0, which marks an empty slot.
    @inline(__always) static func key(_ node: Int32, _ scalar: UInt32) -> UInt64 {
        (UInt64(UInt32(bitPattern: node)) << 32 | UInt64(scalar)) &+ 1
    }

    /// Whether no term starts with `scalar` (answered for the Basic Multilingual Plane only).
    @inline(__always) func missesAtRoot(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x10000 && !starts.contains(scalar)
    }

    /// The node reached from `node` by `scalar`, if the trie has that edge.
    @inline(__always) func next(_ node: Int32, _ scalar: UInt32) -> Int32? {
        let key = Self.key(node, scalar)
        var h = hashSlot(key, mask)
        while true {
            let k = keys[h]
            if k == key { return targets[h] }
            if k == 0 { return nil }
            h = (h + 1) & mask
        }
    }

    public var isEmpty: Bool { fail.count == 1 }

    /// The longest term that starts at `start`.
    public func longest(in text: [Unicode.Scalar], at start: Int) -> (payload: Payload, end: Int)? {
        guard start < text.count, !missesAtRoot(text[start]) else { return nil }
        var at: Int32 = 0
        var best: (node: Int, end: Int)?  // the payload is copied once, at the end
        var i = start
        while i < text.count, let n = next(at, text[i].value) {
            at = n
            i += 1
            if terms[Int(n)] != nil { best = (Int(n), i) }
        }
        return best.map { (payload: terms[$0.node]!.payload, end: $0.end) }
    }

    /// The longest term that ends at `end`, for a lexicon built from reversed terms.
    public func longestReversed(in text: [Unicode.Scalar], endingAt end: Int, notBefore floor: Int = 0) -> (
        payload: Payload, start: Int
    )? {
        guard end > floor, end <= text.count, !missesAtRoot(text[end - 1]) else { return nil }
        var at: Int32 = 0
        var best: (node: Int, start: Int)?
        var i = end - 1
        while i >= floor, let n = next(at, text[i].value) {
            at = n
            if terms[Int(n)] != nil { best = (Int(n), i) }
            i -= 1
        }
        return best.map { (payload: terms[$0.node]!.payload, start: $0.start) }
    }

    /// Walks the automaton over `scalars` and calls `body` with the count of scalars read so far
    /// and the first node of the output chain wherever a term ends. The tables are read through
    /// unsafe buffers: this loop runs at every scalar of every text, a dozen lexicons a document.
    @inline(__always) private func walk(_ scalars: some Sequence<Unicode.Scalar>, _ body: (Int, Int32) -> Void) {
        keys.withUnsafeBufferPointer { keys in
            targets.withUnsafeBufferPointer { targets in
                fail.withUnsafeBufferPointer { fail in
                    firstOutput.withUnsafeBufferPointer { firstOutput in
                        var (at, read): (Int32, Int) = (0, 0)
                        for u in scalars {
                            read += 1
                            if at == 0, missesAtRoot(u) { continue }  // the root ends no term
                            at = Self.step(at, u.value, keys, targets, fail, mask)
                            let out = firstOutput[Int(at)]
                            if out > 0 { body(read, out) }
                        }
                    }
                }
            }
        }
    }

    /// The node a scan at `node` moves to on `scalar`: down an edge, or along failure links to the
    /// longest suffix that has one (the root when none does).
    @inline(__always) private static func step(
        _ node: Int32, _ scalar: UInt32, _ keys: UnsafeBufferPointer<UInt64>, _ targets: UnsafeBufferPointer<Int32>,
        _ fail: UnsafeBufferPointer<Int32>, _ mask: Int
    ) -> Int32 {
        var at = node
        while true {
            let key = Self.key(at, scalar)
            var h = hashSlot(key, mask)
            while true {
                let k = keys[h]
                if k == key { return targets[h] }
                if k == 0 { break }
                h = (h + 1) & mask
            }
            if at == 0 { return 0 }
            at = fail[Int(at)]
        }
    }

    /// Calls `body` with each term of the output chain that starts at `out`, longest first.
    @inline(__always) func forEachTerm(from out: Int32, _ body: ((payload: Payload, length: Int)) -> Void) {
        var out = out
        while out > 0 {
            body(terms[Int(out)]!)
            out = output[Int(out)]
        }
    }

    /// Calls `body` with the payload of every occurrence of every term in `scalars` (overlaps
    /// included), in order of their ends: for a caller that needs only which terms occur, without
    /// an array of the text.
    public func forEachPayload(in scalars: some Sequence<Unicode.Scalar>, _ body: (Payload) -> Void) {
        walk(scalars) { _, out in forEachTerm(from: out) { body($0.payload) } }
    }

    /// Every occurrence of every term in `range` (overlaps included), in order of their ends.
    public func all(in text: [Unicode.Scalar], range: Range<Int>? = nil) -> [(range: Range<Int>, payload: Payload)] {
        var found: [(range: Range<Int>, payload: Payload)] = []
        let range = range ?? 0..<text.count
        guard !range.isEmpty else { return found }  // an empty range finds nothing, wherever it lies
        walk(text[range]) { read, out in
            let end = range.lowerBound + read
            forEachTerm(from: out) { found.append((end - $0.length..<end, $0.payload)) }
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
