/// Which of a list of patterns may match a text, found in one pass: a pattern whose required words
/// (`RequiredLiterals`) all miss the text cannot match it and is not run; one that requires none
/// always runs. Each top-level branch is judged alone the same way, so a pattern that runs is
/// tried only where the branches whose words the text holds may start. Built once per rule set,
/// shared by every thread. A class: each scan's closure holds one reference to it, where a copy
/// of a struct retained every table of it per call.
final class PatternFilter: Sendable {
    /// A pattern and the branches of it that a word stands for (all, for a pattern read whole).
    struct Mark: Sendable {
        let pattern: Int
        let branches: Pattern.Branches
    }

    /// Each required word, with its index among them: its marks are `marks[firstMarks[w]..<firstMarks[w + 1]]`.
    let words: Lexicon<Int>
    /// The patterns (and branches) that need each word, word after word: a scan hands over an
    /// index, where an array of marks per word was retained and released at every word found.
    private let marks: [Mark]
    private let firstMarks: [Int]
    /// Per pattern: the branches that require no word, so they may match any text (all of them
    /// when the pattern as a whole requires none).
    let always: [Pattern.Branches]
    /// The longest text any of the patterns is run on (their rules' `max_chars`): a longer one is
    /// not even scanned.
    let longest: Int

    /// `patterns[i]` nil is a slot with no pattern (a shape rule): it is never a candidate.
    init(_ patterns: [Pattern?], longest: Int) {
        self.longest = longest
        // Keyed by scalars: two words canonically equal as Strings are two words to ICU.
        var needing: [[Unicode.Scalar]: [Mark]] = [:]
        var always = [Pattern.Branches](repeating: [], count: patterns.count)
        for (i, pattern) in patterns.enumerated() {
            guard let pattern else { continue }
            for (required, branches) in Self.requirements(of: pattern) {
                guard let required else {
                    always[i].formUnion(branches)
                    continue
                }
                for word in required { Self.mark(&needing[Array(word.unicodeScalars), default: []], i, branches) }
            }
        }
        let sorted = needing.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        var (marks, firstMarks) = ([Mark](), [0])
        for (_, needs) in sorted {
            marks += needs
            firstMarks.append(marks.count)
        }
        words = Lexicon(sorted.enumerated().map { (String(scalars: $1.key), $0) })
        (self.marks, self.firstMarks, self.always) = (marks, firstMarks, always)
    }

    /// Adds the branches to a word's marks: one mark per pattern, however many of its branches need it.
    private static func mark(_ marks: inout [Mark], _ pattern: Int, _ branches: Pattern.Branches) {
        if let last = marks.last, last.pattern == pattern {
            marks[marks.count - 1] = Mark(pattern: pattern, branches: last.branches.union(branches))
        } else {
            marks.append(Mark(pattern: pattern, branches: branches))
        }
    }

    /// The words each branch requires, with the branch (nil: none, the branch may match any text);
    /// the whole pattern as one when it is read whole.
    private static func requirements(of pattern: Pattern) -> [([String]?, Pattern.Branches)] {
        guard !pattern.branchGates.isEmpty else { return [(pattern.gate.required, .all)] }
        return pattern.branchGates.enumerated().map { ($1.required, .branch($0)) }
    }

    /// Per pattern: the branches that may match `text`, whose length (as its rules count it) is
    /// `length` (none: the pattern cannot match).
    func candidates(in text: String, length: Int) -> [Pattern.Branches] {
        guard length <= longest else { return [Pattern.Branches](repeating: [], count: always.count) }
        return marking { words.forEachPayload(in: text, $0) }
    }

    /// Per pattern: the branches that may match the text of these scalars.
    func candidates(in text: some Sequence<Unicode.Scalar>) -> [Pattern.Branches] {
        marking { words.forEachPayload(in: text, $0) }
    }

    /// Per pattern: the branches that may match `text`, whose words a scan of it may have found already.
    func candidates(in text: [Unicode.Scalar], lexicons: LexiconHits) -> [Pattern.Branches] {
        marking { mark in
            for hit in lexicons.all(words, in: text) { mark(hit.payload) }
        }
    }

    /// `always`, with the branches of the words a scan of the text hands over (by index) marked too.
    /// Through buffers: a word is handed over for every place it stands, and each of its marks
    /// set through the array checked `may` for a unique reference. `may` stays `always`, shared,
    /// for a text without any word (most lines).
    private func marking(_ scan: ((Int) -> Void) -> Void) -> [Pattern.Branches] {
        var may = always
        marks.withUnsafeBufferPointer { marks in
            firstMarks.withUnsafeBufferPointer { firstMarks in
                scan { word in
                    let found = marks[firstMarks[word]..<firstMarks[word + 1]]
                    may.withUnsafeMutableBufferPointer { may in
                        for mark in found { may[mark.pattern].formUnion(mark.branches) }
                    }
                }
            }
        }
        return may
    }
}
