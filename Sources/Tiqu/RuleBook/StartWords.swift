/// The words every match of a pattern starts with (`RequiredLiterals`), found in a text's UTF-16
/// by a bit per first unit: where they are rare, the pattern is tried at each of them, where ICU
/// would test every character of the text against the pattern's first characters (a binary search
/// of its start set for each Han character). A branch that opens with a lookbehind is tried just
/// after the scalars it looks behind for instead; a pattern with anchored branches besides is also
/// tried at the text's start.
struct StartWords: Sendable {
    /// One bit per UTF-16 unit that starts a word.
    private let firsts: [UInt64]
    /// The words of two units or more, in the order of their first two (`pairs`, one per word):
    /// the words at a place are found by a binary search, not by hashing its unit.
    private let longWords: [[UInt16]]
    private let pairs: [UInt32]
    /// One bit per word of one unit, and one per unit that is the second of a longer word: most
    /// places with a first unit (a bracket before Han text) are turned down without a lookup.
    private let singles: [UInt64], seconds: [UInt64]
    /// One bit per UTF-16 unit a match may start just after (an astral scalar by its trail
    /// surrogate, which others share: a few more places, never fewer).
    private let after: [UInt64]
    /// `firsts` and `after` together: the units worth a second look.
    private let either: [UInt64]
    /// Those units, when there are at most `fewUnits`: a text is then skipped sixteen units at a
    /// time, compared with each at once, where the bitmap takes one unit a step.
    private let few: [SIMD16<UInt16>]
    /// The units a match just after a looked-behind unit starts with (a scalar's first unit), nil
    /// when any may.
    private let afterNext: [UInt64]?
    /// Some branches are anchored: a match may also start at the text's start, with anything.
    let alsoAtStart: Bool

    init?(
        _ words: [String]?, after: [Unicode.Scalar] = [], afterNext: [Unicode.Scalar]? = nil,
        alsoAtStart: Bool = false
    ) {
        guard let words, !words.contains(""), !words.isEmpty || !after.isEmpty else { return nil }
        let units = words.map { Array($0.utf16) }
        longWords = units.filter { $0.count > 1 }.sorted { Self.pair($0[0], $0[1]) < Self.pair($1[0], $1[1]) }
        pairs = longWords.map { Self.pair($0[0], $0[1]) }
        firsts = Self.bitmap(units.map { $0[0] })
        singles = Self.bitmap(units.filter { $0.count == 1 }.map { $0[0] })
        seconds = Self.bitmap(units.filter { $0.count > 1 }.map { $0[1] })
        self.after = Self.bitmap(after.map { $0.utf16.last! })
        self.afterNext = afterNext.map { Self.bitmap($0.map { $0.utf16.first! }) }
        // With nothing looked behind (most start words), `either` is `firsts` and shares its storage.
        either = after.isEmpty ? firsts : zip(firsts, self.after).map { $0 | $1 }
        let distinct = Set(units.map { $0[0] } + after.map { $0.utf16.last! })
        few = distinct.count <= Self.fewUnits ? distinct.sorted().map { SIMD16(repeating: $0) } : []
        self.alsoAtStart = alsoAtStart
    }

    private static let noUnits = [UInt64](repeating: 0, count: 1024)

    /// Up to this many distinct units are compared sixteen at a time (most patterns start with a
    /// bracket or a few words).
    static let fewUnits = 6

    /// Eight kilobytes each, so the empty one is shared (each branch of a pattern has its own
    /// start words).
    private static func bitmap(_ units: [UInt16]) -> [UInt64] {
        guard !units.isEmpty else { return noUnits }
        var bits = [UInt64](repeating: 0, count: 1024)
        for u in units { bits[Int(u >> 6)] |= 1 << (u & 63) }
        return bits
    }

    /// Where a match may start in `units`, in order; nil as soon as there are more than `limit`.
    func positions(in units: UnsafeBufferPointer<UInt16>, atMost limit: Int) -> [Int]? {
        var found: [Int] = alsoAtStart ? [0] : []
        var i = 0
        while i < units.count {
            // Every unit of the text is tested here, sixteen at once or against one bitmap; the
            // words and the units looked behind for only where it says.
            i = nextCandidate(units, from: i)
            guard i < units.count else { break }
            // A unit gives its own place (a word stands there) and the next (a branch looks behind
            // for it), in order, each once.
            let here = Self.has(firsts, units[i]) && wordStands(units, at: i) && found.last != i
            let next = Self.has(after, units[i]) && mayStartAfter(units, at: i + 1)
            if found.count + (here ? 1 : 0) + (next ? 1 : 0) > limit { return nil }
            if here { found.append(i) }
            if next { found.append(i + 1) }
            i += 1
        }
        return found
    }

    /// The first unit at or after `i` that starts a word or is looked behind for (the text's
    /// end when none does).
    @inline(__always) private func nextCandidate(_ units: UnsafeBufferPointer<UInt16>, from i: Int) -> Int {
        var i = i
        if !few.isEmpty, let base = units.baseAddress {
            while i + 16 <= units.count {
                let chunk = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<UInt16>.self)
                var hit = chunk .== few[0]
                for u in few.dropFirst() { hit .|= chunk .== u }
                if any(hit) { break }
                i += 16
            }
        }
        return either.withUnsafeBufferPointer { either in
            while i < units.count, either[Int(units[i] >> 6)] & (1 << (units[i] & 63)) == 0 { i += 1 }
            return i
        }
    }

    private static func has(_ bits: [UInt64], _ u: UInt16) -> Bool { bits[Int(u >> 6)] & (1 << (u & 63)) != 0 }

    /// Whether a match after a looked-behind unit may start at `i`: with one of its first units.
    @inline(__always) private func mayStartAfter(_ units: UnsafeBufferPointer<UInt16>, at i: Int) -> Bool {
        guard let afterNext else { return true }
        return i < units.count && Self.has(afterNext, units[i])
    }

    /// Whether one of the words stands at `i`.
    func startsWord(_ units: UnsafeBufferPointer<UInt16>, at i: Int) -> Bool {
        i < units.count && Self.has(firsts, units[i]) && wordStands(units, at: i)
    }

    /// Whether one of the words whose first unit is at `i` stands there in full.
    private func wordStands(_ units: UnsafeBufferPointer<UInt16>, at i: Int) -> Bool {
        if Self.has(singles, units[i]) { return true }
        guard i + 1 < units.count, Self.has(seconds, units[i + 1]) else { return false }
        let pair = Self.pair(units[i], units[i + 1])
        var k = firstPair(atLeast: pair)
        while k < pairs.count, pairs[k] == pair {
            let word = longWords[k]
            if word.count <= units.count - i && (2..<word.count).allSatisfy({ units[i + $0] == word[$0] }) {
                return true
            }
            k += 1
        }
        return false
    }

    /// A word's first two units as one number, which orders the words by them.
    private static func pair(_ first: UInt16, _ second: UInt16) -> UInt32 { UInt32(first) << 16 | UInt32(second) }

    /// The index of the first of `pairs` not below `pair`.
    private func firstPair(atLeast pair: UInt32) -> Int {
        var (low, high) = (0, pairs.count)
        while low < high {
            let mid = (low + high) / 2
            if pairs[mid] < pair { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
