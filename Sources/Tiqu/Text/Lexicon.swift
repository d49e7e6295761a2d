/// A multi-pattern matcher over Unicode scalars: a trie with Aho–Corasick failure links. Built
/// once from the rule book; read-only afterwards, so one instance serves every thread.
///
/// `longest(at:)` answers "which term starts here" (units after a number); `all(in:)` finds every
/// term in one pass over the text (indicators, qualifiers), however many terms there are.
public struct Lexicon<Payload: Sendable>: Sendable, ScannedLexicon {
    /// This lexicon among all made (copies share it): a `LexiconScan` that merged it knows its hits by it.
    let id = LexiconID.next()
    /// Transitions in one open-addressing table keyed by (node, scalar): a lookup is a multiply
    /// and a probe or two, where a Dictionary per node hashed with SipHash and retained its node.
    private var keys: [UInt64] = []
    private var targets: [Int32] = []
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
    private var starts = ScalarSet.empty

    /// A trie edge, kept while the automaton is built.
    private typealias Edge = (parent: Int32, scalar: UInt32, child: Int32)

    /// Built straight into the flat tables (a page's own names make one per document).
    public init(_ terms: [(String, Payload)]) {
        let nodes = terms.reduce(0) { $0 + $1.0.scalarCount }
        reserve(nodes: nodes)
        let edges = addTerms(terms, nodes: nodes)
        link(edges)
        firstOutput = self.terms.indices.map { self.terms[$0] != nil ? Int32($0) : output[$0] }
        starts = ScalarSet(edges.lazy.filter { $0.parent == 0 }.compactMap { Unicode.Scalar($0.scalar) })
    }

    /// The trie of the terms, each edge in the order it was made; the first definition of a term wins.
    private mutating func addTerms(_ terms: [(String, Payload)], nodes: Int) -> [Edge] {
        var made: [Edge] = []
        // A node per scalar at most: the arrays grow once (a page's names make a lexicon per document).
        made.reserveCapacity(nodes)
        self.terms.reserveCapacity(nodes + 1)
        fail.reserveCapacity(nodes + 1)
        output.reserveCapacity(nodes + 1)
        for (term, payload) in terms {
            var (at, length): (Int32, Int) = (0, 0)
            for s in term.unicodeScalars {
                length += 1
                if let n = next(at, s.value) {
                    at = n
                    continue
                }
                let n = Int32(self.terms.count)
                self.terms.append(nil)
                fail.append(0)
                output.append(-1)
                insert(at, s.value, n)
                made.append((at, s.value, n))
                at = n
            }
            if length > 0, self.terms[Int(at)] == nil { self.terms[Int(at)] = (payload, length) }
        }
        return made
    }

    /// Failure and output links, node by node in order of depth: each link points at a shallower node.
    private mutating func link(_ edges: [Edge]) {
        for edge in Self.byDepth(edges, nodes: terms.count) where edge.parent != 0 {
            var f = fail[Int(edge.parent)]
            while f != 0, next(f, edge.scalar) == nil { f = fail[Int(f)] }
            let target = next(f, edge.scalar) ?? 0
            let link = target == edge.child ? 0 : target
            fail[Int(edge.child)] = link
            output[Int(edge.child)] = terms[Int(link)] != nil ? link : output[Int(link)]
        }
    }

    /// The edges sorted by the depth of the node they lead to (a child is made after its parent),
    /// in the order they were made within a depth: counted per depth, then placed, with no array
    /// per depth (a page's own names make a lexicon per document).
    private static func byDepth(_ edges: [Edge], nodes: Int) -> [Edge] {
        var depth = [Int](repeating: 0, count: nodes)
        var perDepth: [Int] = [0]
        for edge in edges {
            let d = depth[Int(edge.parent)] + 1
            depth[Int(edge.child)] = d
            if perDepth.count <= d { perDepth.append(0) }
            perDepth[d] += 1
        }
        var (slot, total) = ([Int](), 0)  // where each depth's next edge goes
        for count in perDepth {
            slot.append(total)
            total += count
        }
        var sorted = edges
        for edge in edges {
            let d = depth[Int(edge.child)]
            sorted[slot[d]] = edge
            slot[d] += 1
        }
        return sorted
    }

    /// Sizes the table, at most half full, for this many nodes at most (a node per scalar of the
    /// terms), so that building it never rehashes: a page's own names make a lexicon per document.
    private mutating func reserve(nodes: Int) {
        var size = 8
        while nodes * 2 > size { size *= 2 }
        keys = [UInt64](repeating: 0, count: size)
        targets = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    /// Adds the edge `node` → `child` on `scalar`; `reserve` left the table at most half full.
    private mutating func insert(_ node: Int32, _ scalar: UInt32, _ child: Int32) {
        assert((terms.count - 1) * 2 <= keys.count, "the table was sized for fewer nodes")
        place(Self.key(node, scalar), child)
    }

    private mutating func place(_ key: UInt64, _ target: Int32) {
        var h = hashSlot(key, mask)
        while keys[h] != 0 { h = (h + 1) & mask }
        keys[h] = key
        targets[h] = target
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
        Self.probe(keys, targets, mask, Self.key(node, scalar))
    }

    /// The target of a transition's key in the open-addressing table, from the arrays or from the
    /// unsafe buffers a scan binds them to.
    @inline(__always) static func probe<Keys: RandomAccessCollection<UInt64>, Targets: RandomAccessCollection<Int32>>(
        _ keys: Keys, _ targets: Targets, _ mask: Int, _ key: UInt64
    ) -> Int32? where Keys.Index == Int, Targets.Index == Int {
        var h = hashSlot(key, mask)
        while true {
            let k = keys[h]
            if k == key { return targets[h] }
            if k == 0 { return nil }
            h = (h + 1) & mask
        }
    }

    public var isEmpty: Bool { fail.count == 1 }

    /// The payload of the term that ends at `node` (a node a scan reported).
    func payload(at node: Int32) -> Payload { terms[Int(node)]!.payload }

    /// Every term as the node it ends at and its scalars, read back off the transition table:
    /// what a `LexiconScan` merges.
    func termNodes() -> [(node: Int32, scalars: [Unicode.Scalar])] {
        var parent = [Int32](repeating: -1, count: terms.count), scalar = [UInt32](repeating: 0, count: terms.count)
        for (key, target) in zip(keys, targets) where key != 0 {
            (parent[Int(target)], scalar[Int(target)]) = (
                Int32(truncatingIfNeeded: (key &- 1) >> 32), UInt32(truncatingIfNeeded: key &- 1)
            )
        }
        return terms.indices.filter { terms[$0] != nil }.map { end in
            var scalars: [Unicode.Scalar] = []
            var at = end
            while at != 0 {
                scalars.append(Unicode.Scalar(scalar[at])!)
                at = Int(parent[at])
            }
            return (Int32(end), scalars.reversed())
        }
    }

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

    /// Left to right, the longest of `hits` (every occurrence of every term, as `all(in:)` gives
    /// them) at each place one starts, going on after it (so no two overlap): what `longest(in:at:)`
    /// at every place would find, taken from hits a document's one scan already found.
    static func longestEach(of hits: [(range: Range<Int>, payload: Payload)]) -> [(
        range: Range<Int>, payload: Payload
    )] {
        let byStart = hits.sorted { ($0.range.lowerBound, $1.range.count) < ($1.range.lowerBound, $0.range.count) }
        var longest: [(range: Range<Int>, payload: Payload)] = []
        var next = 0
        for hit in byStart where hit.range.lowerBound >= next {
            longest.append(hit)
            next = hit.range.upperBound
        }
        return longest
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

    /// The tables a scan reads, as unsafe buffers: a scan runs at every scalar of every text, a
    /// dozen lexicons a document.
    private struct Tables {
        let keys: UnsafeBufferPointer<UInt64>, targets: UnsafeBufferPointer<Int32>, fail: UnsafeBufferPointer<Int32>
        let firstOutput: UnsafeBufferPointer<Int32>, starts: UnsafeBufferPointer<UInt64>, mask: Int

        /// Whether no term starts with the scalar `v` (answered for the Basic Multilingual Plane).
        @inline(__always) func missesAtRoot(_ v: UInt32) -> Bool {
            v < 0x10000 && starts[Int(v >> 6)] & (1 << UInt64(v & 63)) == 0
        }

        /// The first byte at or after `i` that opens a scalar some term may start with (or one
        /// beyond the BMP), the end if none does: where a scan of UTF-8 spends most of its steps.
        /// Three-byte scalars (Han, CJK punctuation) are tested first, with no count of overflow
        /// and not decoded: their first two bytes give the bitmap's word, the last its bit. A call,
        /// once per run of text at the root: inlined, it left the scan too big to inline, and a
        /// scan that is not inlined copies its lexicon.
        @inline(never) func skipAtRoot(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
            var i = start
            while i < bytes.count {
                let lead = UInt32(bytes[i])
                if lead & 0xF0 == 0xE0 {
                    let word = starts[Int(lead & 0x0F) << 6 | Int(bytes[i &+ 1] & 0x3F)]
                    if word & (1 << UInt64(bytes[i &+ 2] & 0x3F)) != 0 { return i }
                    i &+= 3
                    continue
                }
                let (v, width): (UInt32, Int)
                if lead < 0x80 {
                    (v, width) = (lead, 1)
                } else if lead < 0xE0 {
                    (v, width) = ((lead & 0x1F) << 6 | UInt32(bytes[i &+ 1] & 0x3F), 2)
                } else {
                    return i
                }
                if starts[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 { return i }
                i &+= width
            }
            return i
        }

        /// The node down the edge from `node` on scalar `v`, if the trie has one.
        @inline(__always) func child(_ node: Int32, _ v: UInt32) -> Int32? {
            Lexicon.probe(keys, targets, mask, Lexicon.key(node, v))
        }

        /// The node a scan at `node` moves to on scalar `v`: down an edge, or along failure links
        /// to the longest suffix that has one (the root when none does).
        @inline(__always) func step(_ node: Int32, _ v: UInt32) -> Int32 {
            var at = node
            while true {
                if let n = child(at, v) { return n }
                if at == 0 { return 0 }
                at = fail[Int(at)]
            }
        }
    }

    @inline(__always) private func withTables<T>(_ body: (Tables) -> T) -> T {
        keys.withUnsafeBufferPointer { keys in
            targets.withUnsafeBufferPointer { targets in
                fail.withUnsafeBufferPointer { fail in
                    firstOutput.withUnsafeBufferPointer { firstOutput in
                        starts.withBMPBits { starts in
                            body(
                                Tables(
                                    keys: keys, targets: targets, fail: fail, firstOutput: firstOutput, starts: starts,
                                    mask: mask))
                        }
                    }
                }
            }
        }
    }

    /// Walks the automaton over `scalars` and calls `body` with the count of scalars read so far
    /// and the first node of the output chain wherever a term ends.
    @inline(__always) private func walk(_ scalars: some Sequence<Unicode.Scalar>, _ body: (Int, Int32) -> Void) {
        withTables { t in
            var (at, read): (Int32, Int) = (0, 0)
            for u in scalars {
                read += 1
                if at == 0, t.missesAtRoot(u.value) { continue }  // the root ends no term
                at = t.step(at, u.value)
                let out = t.firstOutput[Int(at)]
                if out > 0 { body(read, out) }
            }
        }
    }

    /// `walk` over scalars in memory: at the root, where most of a text is read, a tight loop skips
    /// the scalars no term starts with, testing one bit each.
    @inline(__always) private func walk(_ text: UnsafeBufferPointer<Unicode.Scalar>, _ body: (Int, Int32) -> Void) {
        withTables { t in
            var (at, i): (Int32, Int) = (0, 0)
            while i < text.count {
                if at == 0 {
                    while i < text.count, t.missesAtRoot(text[i].value) { i += 1 }
                    if i == text.count { break }
                }
                at = t.step(at, text[i].value)
                i += 1
                let out = t.firstOutput[Int(at)]
                if out > 0 { body(i, out) }
            }
        }
    }

    /// `walk` over a text's UTF-8, decoded as it goes: the String's scalar view reads a scalar in
    /// several times the steps. Calls `body` with the first node of the output chain wherever a
    /// term ends (no count of scalars: its one caller wants the terms alone).
    @inline(__always) private func walk(utf8 bytes: UnsafeBufferPointer<UInt8>, _ body: (Int32) -> Void) {
        withTables { t in
            var (at, i): (Int32, Int) = (0, 0)
            while i < bytes.count {
                if at == 0 {
                    i = t.skipAtRoot(bytes, from: i)
                    if i == bytes.count { break }
                }
                let (u, width) = bytes.scalar(at: i)
                i += width
                at = t.step(at, u.value)
                let out = t.firstOutput[Int(at)]
                if out > 0 { body(out) }
            }
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

    /// `forEachPayload` over a String's scalars, read off its UTF-8.
    public func forEachPayload(in text: String, _ body: (Payload) -> Void) {
        var text = text
        text.withUTF8 { bytes in walk(utf8: bytes) { out in forEachTerm(from: out) { body($0.payload) } } }
    }

    /// Calls `body` with every occurrence of every term in `range` (overlaps included), in order
    /// of their ends, longest first at one end: `all(in:)` without the array.
    func forEachHit(in text: [Unicode.Scalar], range: Range<Int>? = nil, _ body: (Range<Int>, Payload) -> Void) {
        let range = range ?? 0..<text.count
        guard !range.isEmpty else { return }  // an empty range finds nothing, wherever it lies
        text.withUnsafeBufferPointer { text in
            walk(UnsafeBufferPointer(rebasing: text[range])) { read, out in
                let end = range.lowerBound + read
                forEachTerm(from: out) { body(end - $0.length..<end, $0.payload) }
            }
        }
    }

    /// Every occurrence of every term in `range` (overlaps included), in order of their ends.
    public func all(in text: [Unicode.Scalar], range: Range<Int>? = nil) -> [(range: Range<Int>, payload: Payload)] {
        var found: [(range: Range<Int>, payload: Payload)] = []
        forEachHit(in: text, range: range) { found.append(($0, $1)) }
        return found
    }
}

extension Array where Element == (range: Range<Int>, payload: Int) {
    /// The hits whose end lies in `ends`, for hits sorted by end (as `Lexicon.all` returns them).
    func ending(in ends: ClosedRange<Int>) -> ArraySlice<Element> {
        let first = partitioningIndex { $0.range.upperBound >= ends.lowerBound }
        let end = partitioningIndex { $0.range.upperBound > ends.upperBound }
        return self[first..<end]
    }
}

/// The slot of a 64-bit key in an open-addressing table of `mask + 1` slots (a power of two):
/// Fibonacci hashing, one multiply, for `Lexicon`'s transitions and the tables of names keyed by
/// their hashes (`NameDictionary`, the gazetteer's and a page's names).
@inline(__always) func hashSlot(_ key: UInt64, _ mask: Int) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
}
