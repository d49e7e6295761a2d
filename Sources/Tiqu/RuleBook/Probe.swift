/// `rules check`'s search for runaway patterns. A pattern that backtracks without bound looks
/// fine on its examples and only fails on long lines that almost match; the probe feeds it such
/// lines (long runs of the characters it names, ending in one it cannot match) under the same
/// time limit as extraction, so a pattern that would give up on real text is an error up front.
extension Pattern {
    /// Probe lines are this many characters long, unless the rule never sees lines that long.
    public static let probeChars = 10_000
    /// At most this many of a pattern's characters get a probe line of their own.
    static let maxProbeAlphabet = 48
    /// Stand-ins for what a class escape or `.` matches: a Latin letter and a Han character.
    static let wildcards: [Character] = ["a", "中"]
    /// Tails that end a probe line; the first one the pattern does not name is used.
    static let tails: [Character] = ["!", "§", "\u{1}"]

    /// The first probe line (shortened for messages) on which the pattern gives up, or nil.
    /// `maxChars` is the longest line the rule is ever run on, when it has one.
    public func runawayProbe(maxChars: Int?) -> String? {
        let length = max(2, min(Self.probeChars, maxChars ?? Self.probeChars))
        let alphabet = Self.alphabet(of: source)
        let tail = Self.tails.first { !alphabet.contains($0) } ?? "!"
        for line in Self.probeLines(alphabet, length: length, tail: tail) {
            if case .gaveUp = search(line, probing: true, { _ in true }) {
                return "\(line.count)-character line '\(String(line.prefix(6)))…\(String(line.suffix(2)))'"
            }
        }
        return nil
    }

    /// Each character repeated to `length`, then all of them in turn, each line ending in `tail`.
    static func probeLines(_ alphabet: [Character], length: Int, tail: Character) -> [String] {
        let runs = alphabet.map { String(repeating: $0, count: length - 1) + String(tail) }
        guard alphabet.count > 1 else { return runs }
        let cycle = String((0..<length - 1).map { alphabet[$0 % alphabet.count] }) + String(tail)
        return runs + [cycle]
    }

    /// The characters a pattern names: literals, members and range ends of classes, and stand-ins
    /// for class escapes (`\d` → 1) and `.`, in order of first appearance.
    static func alphabet(of source: String) -> [Character] {
        var found: [Character] = []
        var scanner = PatternScanner(Array(source))
        while let piece = scanner.next() {
            for c in piece where !found.contains(c) { found.append(c) }
        }
        return Array(found.prefix(maxProbeAlphabet))
    }
}

/// Reads a pattern's source piece by piece for the probe; a rough reading is enough, since it
/// only chooses which characters to try.
struct PatternScanner {
    let chars: [Character]
    var i = 0

    init(_ chars: [Character]) { self.chars = chars }

    /// The characters the next piece can match; nil at the end.
    mutating func next() -> [Character]? {
        guard i < chars.count else { return nil }
        let c = chars[i]
        i += 1
        switch c {
        case "\\": return escape()
        case "[": return characterClass()
        case ".": return Pattern.wildcards
        case "{":
            skip(through: "}")
            return []
        case "(":
            skipGroupPrefix()
            return []
        case ")", "|", "?", "*", "+", "^", "$": return []
        default: return [c]
        }
    }

    /// After a backslash: a stand-in for a class escape, the character for a quoted one.
    mutating func escape() -> [Character] {
        guard i < chars.count else { return [] }
        let c = chars[i]
        i += 1
        switch c {
        case "d": return ["1"]
        case "s": return [" "]
        case "D", "S", "w", "W": return Pattern.wildcards
        case "p", "P":
            skip(through: "}")
            return Pattern.wildcards
        case "n": return ["\n"]
        case "t": return ["\t"]
        case _ where c.isLetter || c.isNumber: return []  // anchors (\b, \A, \z) and back-references
        default: return [c]
        }
    }

    /// A `[…]` class, nested classes included: its members and range ends, plus stand-ins for a
    /// negated class (what it matches is everything it does not list).
    mutating func characterClass() -> [Character] {
        var out: [Character] = []
        if i < chars.count, chars[i] == "^" {
            out += Pattern.wildcards
            i += 1
        }
        var depth = 1
        while i < chars.count, depth > 0 {
            let c = chars[i]
            i += 1
            switch c {
            case "[": depth += 1
            case "]": depth -= 1
            case "\\": out += escape()
            case "-", "&", "^": break
            default: out.append(c)
            }
        }
        return out
    }

    /// Skips `?:`, `?=`, `?!`, `?<=`, `?<!`, `?>` and `?<name>` after an opening parenthesis.
    mutating func skipGroupPrefix() {
        guard i < chars.count, chars[i] == "?" else { return }
        i += 1
        if i < chars.count, chars[i] == "<", i + 1 < chars.count, !["=", "!"].contains(chars[i + 1]) {
            skip(through: ">")
            return
        }
        while i < chars.count, [":", "=", "!", "<", ">"].contains(chars[i]) { i += 1 }
    }

    mutating func skip(through end: Character) {
        while i < chars.count, chars[i] != end { i += 1 }
        i = min(i + 1, chars.count)
    }
}

extension RuleBook {
    /// Every pattern with the longest line its rule is run on (nil: the whole text, for
    /// not_quantity patterns).
    var patterns: [(pattern: Pattern, maxChars: Int?)] {
        let chrome = self.chrome.flatMap { rule -> [(pattern: Pattern, maxChars: Int?)] in
            var own: [Pattern] = rule.fields.map(\.1)
            if case .pattern(let p) = rule.test { own.insert(p, at: 0) }
            return own.map { ($0, rule.maxChars) }
        }
        return chrome + quantity.exclusions.map { ($0.pattern, nil) }
    }

    /// A diagnostic for each pattern that gives up on a probe line (see `Pattern.runawayProbe`).
    public func runawayPatterns() -> [Diagnostic] {
        patterns.compactMap { pattern, maxChars in
            guard let line = pattern.runawayProbe(maxChars: maxChars) else { return nil }
            return Diagnostic(
                path: pattern.path, line: pattern.line, column: pattern.column,
                message:
                    "the pattern of rule '\(pattern.rule)' ran out of its time limit on a \(line): it backtracks without "
                    + "bound on long lines; use possessive quantifiers (a++, [ab]*+) or atomic groups (?>…), or "
                    + "keep it from starting inside a run ((?<![…])[…]++)")
        }
    }
}
