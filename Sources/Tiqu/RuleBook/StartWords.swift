/// The words every match of a pattern starts with (`RequiredLiterals`), found in a text's UTF-16
/// by a bit per first unit: where they are rare, the pattern is tried at each of them, where ICU
/// would test every character of the text against the pattern's first characters (a binary search
/// of its start set for each Han character). A pattern with anchored branches besides is also
/// tried at the text's start.
struct StartWords: Sendable {
    /// One bit per UTF-16 unit that starts a word.
    private let firsts: [UInt64]
    /// The words by their first unit.
    private let words: [UInt16: [[UInt16]]]
    /// Some branches are anchored: a match may also start at the text's start, with anything.
    let alsoAtStart: Bool

    init?(_ words: [String]?, alsoAtStart: Bool = false) {
        guard let words, !words.isEmpty, !words.contains("") else { return nil }
        let units = words.map { Array($0.utf16) }
        self.words = Dictionary(grouping: units) { $0[0] }
        var firsts = [UInt64](repeating: 0, count: 1024)
        for word in units { firsts[Int(word[0] >> 6)] |= 1 << (word[0] & 63) }
        self.firsts = firsts
        self.alsoAtStart = alsoAtStart
    }

    /// Where a match may start in `units`, in order; nil as soon as there are more than `limit`.
    func positions(in units: UnsafeBufferPointer<UInt16>, atMost limit: Int) -> [Int]? {
        var found: [Int] = alsoAtStart ? [0] : []
        let tooMany = firsts.withUnsafeBufferPointer { firsts in
            // Every unit of the text is tested here: the bitmap first, the words only where it says.
            for i in units.indices where firsts[Int(units[i] >> 6)] & (1 << (units[i] & 63)) != 0 {
                guard wordStands(units, at: i), !(alsoAtStart && i == 0) else { continue }
                guard found.count < limit else { return true }
                found.append(i)
            }
            return false
        }
        return tooMany ? nil : found
    }

    /// Whether one of the words stands at `i`.
    func startsWord(_ units: UnsafeBufferPointer<UInt16>, at i: Int) -> Bool {
        i < units.count && firsts[Int(units[i] >> 6)] & (1 << (units[i] & 63)) != 0 && wordStands(units, at: i)
    }

    /// Whether one of the words whose first unit is at `i` stands there in full.
    private func wordStands(_ units: UnsafeBufferPointer<UInt16>, at i: Int) -> Bool {
        words[units[i]]!.contains { word in
            word.count <= units.count - i && word.indices.allSatisfy { units[i + $0] == word[$0] }
        }
    }
}
