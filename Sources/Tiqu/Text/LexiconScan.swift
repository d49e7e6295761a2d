import Synchronization

/// A lexicon a `LexiconScan` can merge: its identity and its terms, whatever its payload. Internal:
/// only `Lexicon` conforms, so no other type can claim a lexicon's identity.
protocol ScannedLexicon: Sendable {
    var id: Int { get }
    func termNodes() -> [(node: Int32, scalars: [Unicode.Scalar])]
}

/// Numbers for lexicons, each made once.
enum LexiconID {
    private static let last = Atomic<Int>(0)

    static func next() -> Int { last.add(1, ordering: .relaxed).newValue }
}

/// Several lexicons read over one text in one pass. The extractors look for a dozen kinds of words
/// in the whole body (indicators, title openers, place suffixes, period names); each lexicon's own
/// `all(in:)` walks every scalar again. Merged into one automaton, the text is walked once and each
/// lexicon gets back what its own scan would find, in the same order.
struct LexiconScan: Sendable {
    /// A term of one of the lexicons: the lexicon's slot and the node the term ends at in it.
    typealias Owner = (slot: Int, node: Int32)
    /// Each merged term's owners, as a range of `owners` (a payload with no reference to count).
    private let merged: Lexicon<Range<Int>>
    private let owners: [Owner]
    /// Each merged lexicon's slot, by its id.
    private let slots: [Int: Int]

    init(_ lexicons: [any ScannedLexicon]) {
        var slots: [Int: Int] = [:]
        // Keyed by scalars, as the lexicons key their terms: canonically equal Strings stay apart.
        var owners: [[Unicode.Scalar]: [Owner]] = [:]
        for lexicon in lexicons where slots[lexicon.id] == nil {
            let slot = slots.count
            slots[lexicon.id] = slot
            for (node, scalars) in lexicon.termNodes() { owners[scalars, default: []].append((slot, node)) }
        }
        var flat: [Owner] = []
        merged = Lexicon(
            owners.map { term in
                flat += term.value
                return (String(scalars: term.key), flat.count - term.value.count..<flat.count)
            })
        self.owners = flat
        self.slots = slots
    }

    /// Every merged lexicon's hits in `text`: found in one list, then set out lexicon by lexicon in
    /// one array (a counting sort, which keeps each lexicon's order). A list per lexicon, grown hit by
    /// hit, was reallocated some forty times a text.
    func hits(in text: [Unicode.Scalar]) -> LexiconHits {
        var found: [(slot: Int, hit: LexiconHits.Hit)] = []
        found.reserveCapacity(text.count / 2)  // about one hit for every two scalars of a text
        var starts = [Int](repeating: 0, count: slots.count + 1)  // first counts, then where each slot starts
        // Counted through a buffer: the array's own subscript checks its uniqueness at every hit.
        starts.withUnsafeMutableBufferPointer { counts in
            owners.withUnsafeBufferPointer { owners in
                merged.forEachHit(in: text) { range, termOwners in
                    for owner in owners[termOwners] {
                        found.append((owner.slot, (range, owner.node)))
                        counts[owner.slot + 1] += 1
                    }
                }
            }
        }
        for slot in 0..<slots.count { starts[slot + 1] += starts[slot] }
        var next = starts
        let bySlot = [LexiconHits.Hit](unsafeUninitializedCapacity: found.count) { buffer, initialized in
            for (slot, hit) in found {
                (buffer.baseAddress! + next[slot]).initialize(to: hit)
                next[slot] += 1
            }
            initialized = found.count
        }
        return LexiconHits(text: text, bySlot: bySlot, starts: starts, slots: slots)
    }
}

/// What one pass of a `LexiconScan` found in a text, lexicon by lexicon.
struct LexiconHits: Sendable {
    /// A hit of one lexicon: where it is and the node its term ends at.
    typealias Hit = (range: Range<Int>, node: Int32)
    /// The text scanned: a lexicon asked about another text scans that one itself.
    private let text: [Unicode.Scalar]
    /// The hits of every lexicon, slot after slot; slot `s` holds `bySlot[starts[s]..<starts[s + 1]]`.
    private let bySlot: [Hit]
    private let starts: [Int]
    private let slots: [Int: Int]

    init(text: [Unicode.Scalar], bySlot: [Hit], starts: [Int], slots: [Int: Int]) {
        (self.text, self.bySlot, self.starts, self.slots) = (text, bySlot, starts, slots)
    }

    /// No scan: every lexicon reads the text itself.
    static let none = LexiconHits(text: [], bySlot: [], starts: [], slots: [:])

    /// `lexicon.all(in: text)`: taken from the scan when it merged the lexicon and read this very
    /// text (the same storage, not merely equal scalars), else scanned now.
    func all<Payload>(_ lexicon: Lexicon<Payload>, in text: [Unicode.Scalar]) -> [(
        range: Range<Int>, payload: Payload
    )] {
        guard let slot = slots[lexicon.id], isScanned(text) else { return lexicon.all(in: text) }
        return bySlot[starts[slot]..<starts[slot + 1]].map { (range: $0.range, payload: lexicon.payload(at: $0.node)) }
    }

    private func isScanned(_ other: [Unicode.Scalar]) -> Bool {
        other.count == text.count
            && text.withUnsafeBufferPointer { a in other.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress }
            }
    }
}
