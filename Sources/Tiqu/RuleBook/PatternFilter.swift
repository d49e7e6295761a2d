/// Which of a list of patterns may match a text, found in one pass: a pattern whose required words
/// (`RequiredLiterals`) all miss the text cannot match it and is not run; one that requires none
/// always runs. Built once per rule set, shared by every thread.
struct PatternFilter: Sendable {
    /// Each required word with the patterns that need it.
    let words: Lexicon<[Int]>
    /// Per pattern: it requires no word, so it may match any text.
    let always: [Bool]
    /// The longest text any of the patterns is run on (their rules' `max_chars`): a longer one is
    /// not even scanned.
    let longest: Int

    /// `patterns[i]` nil is a slot with no pattern (a shape rule): it is never a candidate.
    init(_ patterns: [Pattern?], longest: Int) {
        self.longest = longest
        // Keyed by scalars: two words canonically equal as Strings are two words to ICU.
        var needing: [[Unicode.Scalar]: [Int]] = [:]
        var always = [Bool](repeating: false, count: patterns.count)
        for (i, pattern) in patterns.enumerated() {
            guard let pattern else { continue }
            guard let required = pattern.required else {
                always[i] = true
                continue
            }
            for word in required { needing[Array(word.unicodeScalars), default: []].append(i) }
        }
        words = Lexicon(
            needing.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { (String(scalars: $0.key), $0.value) })
        self.always = always
    }

    /// Per pattern: whether it may match `text`, whose length (as its rules count it) is `length`.
    func candidates(in text: String, length: Int) -> [Bool] {
        guard length <= longest else { return [Bool](repeating: false, count: always.count) }
        return marking { words.forEachPayload(in: text, $0) }
    }

    /// Per pattern: whether it may match the text of these scalars.
    func candidates(in text: some Sequence<Unicode.Scalar>) -> [Bool] {
        marking { words.forEachPayload(in: text, $0) }
    }

    /// Per pattern: whether it may match `text`, whose words a scan of it may have found already.
    func candidates(in text: [Unicode.Scalar], lexicons: LexiconHits) -> [Bool] {
        marking { mark in
            for hit in lexicons.all(words, in: text) { mark(hit.payload) }
        }
    }

    /// `always`, with the patterns of every word a scan of the text hands over marked too.
    private func marking(_ scan: (([Int]) -> Void) -> Void) -> [Bool] {
        var may = always
        scan { patterns in
            for i in patterns { may[i] = true }
        }
        return may
    }
}
