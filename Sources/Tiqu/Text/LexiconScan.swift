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

    /// Every merged lexicon's hits in `text`.
    func hits(in text: [Unicode.Scalar]) -> LexiconHits {
        var bySlot = [[(range: Range<Int>, node: Int32)]](repeating: [], count: slots.count)
        owners.withUnsafeBufferPointer { owners in
            merged.forEachHit(in: text) { range, termOwners in
                for owner in owners[termOwners] { bySlot[owner.slot].append((range, owner.node)) }
            }
        }
        return LexiconHits(text: text, bySlot: bySlot, slots: slots)
    }
}

/// What one pass of a `LexiconScan` found in a text, lexicon by lexicon.
struct LexiconHits: Sendable {
    /// The text scanned: a lexicon asked about another text scans that one itself.
    private let text: [Unicode.Scalar]
    private let bySlot: [[(range: Range<Int>, node: Int32)]]
    private let slots: [Int: Int]

    init(text: [Unicode.Scalar], bySlot: [[(range: Range<Int>, node: Int32)]], slots: [Int: Int]) {
        (self.text, self.bySlot, self.slots) = (text, bySlot, slots)
    }

    /// No scan: every lexicon reads the text itself.
    static let none = LexiconHits(text: [], bySlot: [], slots: [:])

    /// `lexicon.all(in: text)`: taken from the scan when it merged the lexicon and read this very
    /// text (the same storage, not merely equal scalars), else scanned now.
    func all<Payload>(_ lexicon: Lexicon<Payload>, in text: [Unicode.Scalar]) -> [(
        range: Range<Int>, payload: Payload
    )] {
        guard let slot = slots[lexicon.id], isScanned(text) else { return lexicon.all(in: text) }
        return bySlot[slot].map { (range: $0.range, payload: lexicon.payload(at: $0.node)) }
    }

    private func isScanned(_ other: [Unicode.Scalar]) -> Bool {
        other.count == text.count
            && text.withUnsafeBufferPointer { a in other.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress }
            }
    }
}
