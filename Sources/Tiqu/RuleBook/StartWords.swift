/// The words every match of a pattern starts with (`RequiredLiterals`), found in a text's UTF-16
/// by a bit per first unit: where they are rare, the pattern is tried at each of them, where ICU
/// would test every character of the text against the pattern's first characters (a binary search
/// of its start set for each Han character).
struct StartWords: Sendable {
    /// One bit per UTF-16 unit that starts a word.
    private let firsts: [UInt64]
    private let words: [[UInt16]]

    init?(_ words: Set<String>?) {
        guard let words, !words.isEmpty, !words.contains("") else { return nil }
        self.words = words.sorted().map { Array($0.utf16) }
        var firsts = [UInt64](repeating: 0, count: 1024)
        for word in self.words { firsts[Int(word[0] >> 6)] |= 1 << (word[0] & 63) }
        self.firsts = firsts
    }

    /// Where a word starts in `units`, in order; nil as soon as there are more than `limit`.
    func positions(in units: UnsafeBufferPointer<UInt16>, atMost limit: Int) -> [Int]? {
        var found: [Int] = []
        for i in units.indices
        where firsts[Int(units[i] >> 6)] & (1 << (units[i] & 63)) != 0 && startsWord(units, at: i) {
            guard found.count < limit else { return nil }
            found.append(i)
        }
        return found
    }

    private func startsWord(_ units: UnsafeBufferPointer<UInt16>, at i: Int) -> Bool {
        words.contains { word in
            word.count <= units.count - i && word.indices.allSatisfy { units[i + $0] == word[$0] }
        }
    }
}
