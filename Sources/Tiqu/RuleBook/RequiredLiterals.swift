/// The fixed words a regular expression cannot match without: a set of strings, one of which every
/// match contains (`(?:责任编辑|编辑)\s*:` needs 编辑; `[(（]…` needs ( or （). One automaton over a
/// line finds all rules' words at once, so a pattern runs only on lines that hold one of its own;
/// a pattern with no such words (`^\d{4}…`) runs on every line. A class with ranges or properties
/// counts as any character; whatever could make a literal mean something else — flags such as
/// case-insensitive or free-spacing, back-references, escapes of variable length, a class that
/// opens with `]` or holds `\Q` — voids the analysis, and the pattern runs on every line. The same
/// reading gives the words a match starts with and how many digits in a row every match holds
/// (`Digits`): a pattern is tried only where it can start, on texts with such a run of digits;
/// and how every match ends the text (`endsWith`): `…[)）]\s*$` is not tried on a line that ends
/// with a stop.
enum RequiredLiterals {
    /// A word as its scalars: two words canonically equal as Strings (U+2000 and U+2002, `;` and
    /// U+037E) are different words to ICU, which matches scalars, so both are kept.
    typealias Word = [Unicode.Scalar]

    /// What a pattern needs: `required`, the words one of which every match holds (nil: none);
    /// `anchored`, each branch opens with `^` or `\A` (unquantified), so every match starts at the
    /// start of the text and the pattern is tried there alone; `starts`, the words one of which
    /// every match starts with (none is empty), so it is tried only where one of them stands —
    /// or, for `after`, just after one of these scalars (a branch that opens with `(?<=[。！？])`
    /// starts there) — but for `alsoAtStart`: some branches are anchored, so a match may also
    /// start at the text's start, with anything; `endsWith`, the scalars one of which is the last
    /// that is no white space of every match, which ends the text but for white space. A pattern
    /// the reading gives up on requires nothing and is tried everywhere.
    static func read(_ pattern: String) -> Reading {
        var parser = Parser(Array(pattern.unicodeScalars))
        guard let branches = parser.branches(), parser.at == parser.scalars.count else {
            return Reading(
                required: nil, anchored: false, starts: nil, after: [], afterNext: nil, alsoAtStart: false, digitRun: 0,
                digitLead: 0, longest: nil, endsWith: nil)
        }
        var reading = read(branches: branches)
        if (2...maxBranches).contains(branches.count) { reading.branches = branches.map { read(branches: [$0]) } }
        if branches.count == 1 { reading.runBefore = RunBefore.read(Array(pattern.unicodeScalars)) }
        return reading
    }

    /// Top-level branches read one by one, up to this many: a pattern with more is read as a whole.
    static let maxBranches = 64

    /// What a match of any of these branches needs, and where it may start.
    private static func read(branches: [Info]) -> Reading {
        let info = Info.or(branches)
        let loose = branches.filter { !$0.anchored }
        let anchoredToo = !loose.isEmpty && loose.count < branches.count
        // A match holds the word it starts with: where those say more than the words it holds
        // (`(a` to `（ü` for a pinyin bracket, where `(` opens most brackets of a Chinese text),
        // a text without one is not searched.
        let required = words(Info.better(info.requirement, info.nullable ? nil : info.starts))
        let digitRun = info.digits.longest
        let endsWith = info.atEnd && info.solid ? info.lastNonWhite?.sorted { $0.value < $1.value } : nil
        // Past the start, only the unanchored branches match (ICU's attempts there fail at the
        // first `^` of the others): their places are the starts; an anchored pattern's are its own.
        guard !loose.isEmpty, let places = Places.of(loose) else {
            let starting = loose.isEmpty ? info : Info.or(loose)
            return Reading(
                required: required, anchored: info.anchored, starts: starting.nullable ? nil : words(starting.starts),
                after: [], afterNext: nil, alsoAtStart: anchoredToo, digitRun: digitRun,
                digitLead: loose.isEmpty || anchoredToo ? 0 : starting.digits.lead, longest: info.longest,
                endsWith: endsWith)
        }
        return Reading(
            required: required, anchored: info.anchored, starts: words(places.words) ?? [],
            after: places.after.sorted { $0.value < $1.value },
            afterNext: places.next?.sorted { $0.value < $1.value }, alsoAtStart: anchoredToo || places.atStart,
            digitRun: digitRun, digitLead: 0, longest: info.longest, endsWith: endsWith)
    }

    struct Reading {
        let required: [String]?
        let anchored: Bool
        let starts: [String]?
        /// Scalars just after one of which a match may start too (its branch's lookbehind says so).
        let after: [Unicode.Scalar]
        /// The scalars such a match starts with (the first of its branch's start words), nil when
        /// it may start with anything or nothing.
        let afterNext: [Unicode.Scalar]?
        let alsoAtStart: Bool
        /// Every match holds this many decimal digits (`\d`) in a row: a text without such a run
        /// cannot match (`\d{3,4}-\d{7,8}` needs seven).
        let digitRun: Int
        /// Every match opens with this many digits in a row (`\d{3,4}-…` with three), where all
        /// branches are unanchored: a match can start only where they stand.
        let digitLead: Int
        /// The most UTF-16 units a match can take (two for every character a class or `.` may
        /// match), nil when a quantifier has no bound (or the reading gave up).
        let longest: Int?
        /// Every match ends the text but for white space, and its last scalar that is no white
        /// space is one of these (`…[)）]\s*$`): a text whose last such scalar is another cannot
        /// match. Nil when a match may end anywhere, or with anything.
        let endsWith: [Unicode.Scalar]?
        /// Every match opens with a run of one class's characters before a word (nil: not known).
        var runBefore: RunBefore?
        /// Each top-level branch read alone (none when there is one, or more than `maxBranches`): a
        /// text that lacks a branch's words is searched only where the others may start.
        var branches: [Reading] = []
    }

    /// Every match opens with one or more characters of a class, right after what asserts but takes
    /// no text, and then one of a few words whose first scalars the class does not hold
    /// (`(?<!…)[\d一二三四五六七八九十]++届…`): a match starts inside a run of the class that ends where
    /// one of the words stands. Where the class holds digits and Han numerals, no start word or
    /// run of digits says where a match starts, and ICU would try every place of the text.
    struct RunBefore {
        /// The class's members but for decimal digits, which `digits` says it holds (`\d`).
        let members: [Unicode.Scalar]
        let digits: Bool
        /// The words right after the run.
        let words: [String]

        /// The run and its words at the start of a pattern of one branch; nil when it opens otherwise.
        static func read(_ scalars: [Unicode.Scalar]) -> RunBefore? {
            var parser = Parser(scalars)
            var open = 0
            var piece = Info.empty
            while piece.zeroWidth {  // assertions first: they take no text
                open = parser.at
                guard let atom = parser.atom(), let quantified = parser.quantified(atom) else { return nil }
                piece = quantified
            }
            guard !piece.nullable, let (members, digits) = Self.members(scalars[open..<parser.at]),
                let atom = parser.atom(), let next = parser.quantified(atom), !next.nullable,
                let words = next.exact, !words.contains([])
            else { return nil }
            // Runs then end before a unit of their own: apart, and found in order.
            let firsts = words.map { $0[0] }
            guard !firsts.contains(where: { $0.value > 0xFFFF || members.contains($0) || digits && Digits.isDigit($0) })
            else { return nil }
            return RunBefore(
                members: members.sorted { $0.value < $1.value }, digits: digits,
                words: words.map { String(scalars: $0) }.sorted())
        }

        /// The members of a class of plain characters, escaped punctuation and `\d` (`[\d一二]`), or of
        /// `\d`, with its quantifier after it; nil for any other atom or class.
        static func members(_ piece: ArraySlice<Unicode.Scalar>) -> (Set<Unicode.Scalar>, Bool)? {
            if piece.starts(with: ["\\", "d"]) { return ([], true) }
            guard piece.first == "[" else { return nil }
            var (members, digits) = (Set<Unicode.Scalar>(), false)
            var i = piece.startIndex + 1
            while i < piece.endIndex, piece[i] != "]" {
                let c = piece[i]
                if c == "\\" {
                    guard i + 1 < piece.endIndex else { return nil }
                    let e = piece[i + 1]
                    if e == "d" {
                        digits = true
                    } else {
                        guard e != "s", let words = Parser.escaped(e), words.count == 1 else { return nil }
                        members.formUnion(words.map { $0[0] })
                    }
                    i += 2
                    continue
                }
                guard Parser.isPlainMember(c), c.value < 0x10000 else { return nil }
                members.insert(c)
                i += 1
            }
            return i == piece.endIndex || members.isEmpty && !digits ? nil : (members, digits)
        }
    }

    /// Where the branches of a pattern may start: each branch after its lookbehind's scalars
    /// where it opens with one (a scalar stands before every match), else at its start words.
    struct Places {
        var words: Set<Word> = []
        var after: Set<Unicode.Scalar> = []
        /// The first scalars of the branches that open with a lookbehind: one of them stands just
        /// after a place the lookbehind gives (nil: any may, or none, where a branch can be empty).
        var next: Set<Unicode.Scalar>? = []
        var atStart = false

        /// Nil when some branch may start anywhere, or when no branch has a lookbehind to go by
        /// (the pattern's start words, read as before, serve).
        static func of(_ branches: [Info]) -> Places? {
            guard branches.contains(where: { $0.after != nil }) else { return nil }
            var places = Places()
            for branch in branches {
                if let after = branch.after {
                    places.after.formUnion(after.scalars)
                    places.atStart = places.atStart || after.atStart
                    let starts = branch.nullable ? nil : branch.starts.flatMap { $0.contains([]) ? nil : $0 }
                    places.next = starts.flatMap { words in places.next?.union(words.map { $0[0] }) }
                } else if !branch.nullable, let words = branch.starts, !words.contains([]) {
                    places.words.formUnion(words)
                } else {
                    return nil
                }
            }
            return places.words.count <= Info.maxStarts ? places : nil
        }
    }

    /// The scalars one of which stands just before every match of a piece (its lookbehind's last
    /// scalars), or the text's start (`atStart`: `^`).
    struct After {
        var scalars: Set<Unicode.Scalar>
        var atStart = false

        static let start = After(scalars: [], atStart: true)

        /// Either's places.
        func or(_ other: After) -> After {
            After(scalars: scalars.union(other.scalars), atStart: atStart || other.atStart)
        }

        /// Before a lookbehind's matches: the last scalar of each of its words (nil when one is empty).
        static func behind(_ words: Set<Word>?) -> After? {
            guard let words, !words.contains([]) else { return nil }
            return After(scalars: Set(words.map { $0.last! }))
        }
    }

    /// Usable words: none is empty.
    private static func words(_ words: Set<Word>?) -> [String]? {
        guard let words, !words.isEmpty, !words.contains([]) else { return nil }
        return words.sorted { $0.lexicographicallyPrecedes($1) }.map { String(scalars: $0) }
    }

    /// What a piece of pattern can match: `exact` is every string it can match when that set is
    /// small; `needed` a set of words one of which each of its matches contains; `anchored`, it
    /// opens with an unquantified start-of-text assertion (its branches all do; `sequence` sets it
    /// from a sequence's first piece); `zeroWidth`, it matches only the empty string (an
    /// assertion); `nullable`, it can; `prefix`, words one of which each of its non-empty matches
    /// starts with; `suffix`, words one of which each of its matches ends with; `after`, what
    /// stands before every match (empty ones too); `lastNonWhite`, `solid` and `atEnd`, how its
    /// matches end.
    struct Info {
        var exact: Set<Word>?
        var needed: Set<Word>?
        var anchored = false
        var zeroWidth = false
        var nullable = false
        var prefix: Set<Word>?
        var suffix: Set<Word>?
        var digits = Digits.none
        var after: After?
        /// The most UTF-16 units a match can take (nil: no bound, or not known).
        var longest: Int?
        /// The scalars one of which is the last that is no white space in each match that holds
        /// one (empty: no match does, as of `\s*` or an assertion; nil: not known).
        var lastNonWhite: Set<Unicode.Scalar>?
        /// Every match holds a scalar that is no white space.
        var solid = false
        /// Every match ends where nothing but white space follows to the text's end: at `$`,
        /// which without multi-line mode holds at the end and before a final line terminator
        /// (every one is white space), then white space at most.
        var atEnd = false

        static let empty = Info(
            exact: [[]], needed: nil, zeroWidth: true, nullable: true, digits: .neutral, longest: 0, lastNonWhite: [])
        /// `$`.
        static let end = Info(
            exact: [[]], needed: nil, zeroWidth: true, nullable: true, digits: .neutral, longest: 0, lastNonWhite: [],
            atEnd: true)
        /// One character, whatever it is: one scalar, two units at most.
        static let anything = Info(exact: nil, needed: nil, longest: 2)
        static let start = Info(
            exact: [[]], needed: nil, anchored: true, zeroWidth: true, nullable: true, digits: .neutral, after: .start,
            longest: 0, lastNonWhite: [])
        static let digit = Info(exact: nil, needed: nil, digits: .digit, longest: 2)

        /// A literal word: its digits are the word's own.
        static func literal(_ words: Set<Word>) -> Info {
            Info(
                exact: words, needed: nil, digits: .of(words), longest: words.map(Self.units).max() ?? 0,
                lastNonWhite: lastNonWhite(of: words), solid: solid(words))
        }

        /// The last scalar that is no white space of each word that has one.
        static func lastNonWhite(of words: Set<Word>) -> Set<Unicode.Scalar> {
            Set(words.compactMap { $0.last(where: { !$0.isWhiteSpace }) })
        }

        /// Whether every word holds a scalar that is no white space.
        static func solid(_ words: Set<Word>) -> Bool { words.allSatisfy { $0.contains { !$0.isWhiteSpace } } }

        /// The scalars of either set (nil when either is not known).
        static func either(_ a: Set<Unicode.Scalar>?, _ b: Set<Unicode.Scalar>?) -> Set<Unicode.Scalar>? {
            a.flatMap { a in b.map { a.union($0) } }
        }

        /// A word's length in UTF-16 units.
        static func units(_ word: Word) -> Int { word.reduce(0) { $0 + UTF16.width($1) } }

        /// A bound on the units of one piece then another (nil past any integer).
        static func plus(_ a: Int?, _ b: Int?) -> Int? {
            guard let a, let b else { return nil }
            let (sum, overflow) = a.addingReportingOverflow(b)
            return overflow ? nil : sum
        }

        /// A bound on the units of `count` matches of a piece that takes at most `longest`.
        static func times(_ longest: Int?, _ count: Int?) -> Int? {
            guard let longest, longest > 0 else { return longest }
            guard let count else { return nil }
            let (product, overflow) = longest.multipliedReportingOverflow(by: count)
            return overflow ? nil : product
        }

        /// Words one of which each non-empty match starts with: the exact set when there is one.
        var starts: Set<Word>? {
            if let exact, !exact.contains([]) { return exact }
            return prefix
        }

        /// Both sets of words, unless either is unknown or the union grows past `limit`.
        static func union(_ a: Set<Word>?, _ b: Set<Word>?, limit: Int = maxExact) -> Set<Word>? {
            a.flatMap { a in b.map { a.union($0) } }.flatMap { $0.count <= limit ? $0 : nil }
        }

        /// The words a match of this piece then `next` starts with: each of this piece's exact
        /// words shorter than `startLength` scalars goes on with the start of each of `next`'s, up
        /// to that length (a start word need not be whole). `[(（][a-z…]{1,6}` starts with `(a`,
        /// not `(`: most brackets in a Chinese text open Han, and are not tried. Nil when either
        /// side is unknown, `next` may match nothing, or the words are too many.
        func starts(then next: Info) -> Set<Word>? {
            guard let exact, let tails = next.starts, !next.nullable, exact.count * tails.count <= Self.maxProduct
            else { return nil }
            let words = Set(
                exact.flatMap { x in
                    x.count >= Self.startLength ? [x] : tails.map { Array((x + $0).prefix(Self.startLength)) }
                })
            return words.count <= Self.maxStarts ? words : nil
        }

        /// Words one of which each match ends with: the exact set when there is one.
        var ends: Set<Word>? { exact ?? suffix }

        /// The words of `a` each followed by each of `b`: those one of which a match of a piece
        /// ending with `a` then a piece that is exactly `b` holds (`[一二]++部分` needs 部分, not 部
        /// alone); `b`'s own when `a` is unknown or the words too many or too long; nil when
        /// `b` is unknown or, alone, may be empty.
        static func joined(_ a: Set<Word>?, _ b: Set<Word>?) -> Set<Word>? {
            guard let b else { return nil }
            let alone = b.contains([]) ? nil : b
            guard let a, a.count * b.count <= maxExact else { return alone }
            let words = Set(a.flatMap { x in b.map { x + $0 } })
            return words.contains { $0.count > maxLength } ? alone : words
        }

        /// The requirement, from the exact set when there is one.
        var requirement: Set<Word>? {
            if let exact, !exact.contains([]) { return Self.better(exact, needed) }
            return needed
        }

        /// The more selective of two requirements: longer shortest word, then fewer words of ASCII
        /// alone (digits and Latin letters are in most texts, a Han word is not), then fewer words.
        static func better(_ a: Set<Word>?, _ b: Set<Word>?) -> Set<Word>? {
            guard let a else { return b }
            guard let b else { return a }
            let (ma, mb) = (a.map(\.count).min() ?? 0, b.map(\.count).min() ?? 0)
            if ma != mb { return ma > mb ? a : b }
            let ascii = { (words: Set<Word>) in words.filter { $0.allSatisfy(\.isASCII) }.count }
            if ascii(a) != ascii(b) { return ascii(a) < ascii(b) ? a : b }
            return a.count <= b.count ? a : b
        }

        /// This piece followed by `next`.
        func then(_ next: Info) -> Info {
            var exact: Set<Word>?
            if let a = self.exact, let b = next.exact, a.count * b.count <= Self.maxExact {
                exact = Set(a.flatMap { x in b.map { x + $0 } })
                if exact?.contains(where: { $0.count > Self.maxLength }) == true { exact = nil }
            }
            let joined = Self.joined(ends, next.exact)
            var needed = Self.better(requirement, next.requirement)
            if let joined, !joined.contains([]) { needed = Self.better(needed, joined) }
            return Info(
                exact: exact, needed: exact.map { Self.better($0.contains([]) ? nil : $0, needed) } ?? needed,
                anchored: anchored, zeroWidth: zeroWidth && next.zeroWidth,
                nullable: nullable && next.nullable,
                prefix: zeroWidth
                    ? next.starts
                    : nullable ? Self.union(starts, next.starts, limit: Self.maxStarts) : starts(then: next) ?? starts,
                suffix: next.exact == nil ? next.suffix : joined, digits: digits.then(next.digits),
                // Where this piece matches nothing, the next starts where it does.
                after: after ?? (zeroWidth ? next.after : nil), longest: Self.plus(longest, next.longest),
                // Where the next piece's match is white space alone, this one's holds the last.
                lastNonWhite: next.solid ? next.lastNonWhite : Self.either(lastNonWhite, next.lastNonWhite),
                solid: solid || next.solid,
                // White space after the end's white space ends no earlier.
                atEnd: next.atEnd || (atEnd && next.lastNonWhite == []))
        }

        /// Any of these branches (at least one).
        static func or(_ branches: [Info]) -> Info { branches.dropFirst().reduce(branches[0]) { $0.or($1) } }

        /// This piece or `other`.
        func or(_ other: Info) -> Info {
            let exact = Self.union(self.exact, other.exact)
            let needed = requirement.flatMap { a in other.requirement.map { a.union($0) } }
            return Info(
                exact: exact, needed: needed, anchored: anchored && other.anchored,
                zeroWidth: zeroWidth && other.zeroWidth, nullable: nullable || other.nullable,
                prefix: Self.union(starts, other.starts, limit: Self.maxStarts),
                suffix: Self.union(ends, other.ends), digits: digits.or(other.digits),
                after: after.flatMap { a in other.after.map(a.or) },
                longest: longest.flatMap { a in other.longest.map { max(a, $0) } },
                lastNonWhite: Self.either(lastNonWhite, other.lastNonWhite), solid: solid && other.solid,
                atEnd: atEnd && other.atEnd)
        }

        /// This piece repeated `min` to `max` times (max nil: unbounded).
        func repeated(min: Int, max: Int?) -> Info {
            let (zeroWidth, prefix) = (zeroWidth || max == 0, starts)
            if min == 0 {
                return Info(
                    exact: max == 1 ? exact.map { $0.union([[]]) } : nil, needed: nil, zeroWidth: zeroWidth,
                    nullable: true, prefix: prefix, digits: max == 0 ? .neutral : digits.repeated(min: 0),
                    longest: max == 0 ? 0 : Self.times(longest, max), lastNonWhite: max == 0 ? [] : lastNonWhite)
            }
            // The last time ends the match.
            return Info(
                exact: min == 1 && max == 1 ? exact : nil, needed: requirement,
                anchored: min == 1 && max == 1 && anchored,
                zeroWidth: zeroWidth, nullable: nullable, prefix: prefix, suffix: max == 0 ? nil : ends,
                digits: digits.repeated(min: min),
                after: max == 0 ? nil : after, longest: Self.times(longest, max), lastNonWhite: lastNonWhite,
                solid: solid, atEnd: atEnd)
        }

        static let maxExact = 64
        static let maxLength = 16
        /// Start words are kept to this many; one shorter than `startLength` scalars is extended
        /// by what follows it, where this piece and the next make no more than `maxProduct` pairs.
        static let maxStarts = 256
        static let startLength = 2
        static let maxProduct = 4096
    }

    /// A recursive-descent reading of ICU's syntax, as far as requirements go.
    struct Parser {
        let scalars: [Unicode.Scalar]
        var at = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var next: Unicode.Scalar? { at < scalars.count ? scalars[at] : nil }

        /// Branches separated by `|`; nil when the pattern uses something that voids the analysis.
        mutating func alternation() -> Info? { branches().map(Info.or) }

        /// Each branch of an alternation.
        mutating func branches() -> [Info]? {
            guard let first = sequence() else { return nil }
            var all = [first]
            while next == "|" {
                at += 1
                guard let branch = sequence() else { return nil }
                all.append(branch)
            }
            return all
        }

        /// Pieces one after another, up to `|`, `)` or the end.
        mutating func sequence() -> Info? {
            var info = Info.empty
            var first = true
            while let c = next, c != "|", c != ")" {
                guard let atom = atom() else { return nil }
                // ICU quantifies the last character of `\Qab\E` and the atom before `(?#…)` or `\Q\E`.
                if atomTakesNoQuantifier, let q = next, "?*+{".unicodeScalars.contains(q) { return nil }
                guard let piece = quantified(atom) else { return nil }
                info = info.then(piece)
                // Anchored when its first piece is: after a piece that consumes or loops, ICU's
                // attempts at later positions do that work before they fail at the `^`.
                if first { info.anchored = piece.anchored }
                first = false
            }
            return info
        }

        /// The atom just read is a comment or quoted text of other than one character.
        var atomTakesNoQuantifier = false

        /// One atom: a literal, an escape, a class, a group, `.` or an anchor.
        mutating func atom() -> Info? {
            guard let c = next else { return nil }
            at += 1
            atomTakesNoQuantifier = false
            switch c {
            case "(":
                let comment = next == "?" && at + 1 < scalars.count && scalars[at + 1] == "#"
                let info = group()
                atomTakesNoQuantifier = comment
                return info
            case "[": return characterClass()
            case "\\":
                let quote = next == "Q"
                let info = escape()
                atomTakesNoQuantifier = quote && info?.exact?.first?.count != 1
                return info
            case ".": return .anything
            case "^": return .start
            case "$": return .end
            default: return .literal([[c]])
            }
        }

        /// A quantifier after an atom, if any (with its lazy `?` or possessive `+`).
        mutating func quantified(_ atom: Info) -> Info? {
            var bounds: (Int, Int?)?
            switch next {
            case "?": bounds = (0, 1)
            case "*": bounds = (0, nil)
            case "+": bounds = (1, nil)
            case "{": return braces(atom)
            default: return atom
            }
            at += 1
            if next == "?" || next == "+" { at += 1 }
            return bounds.map { atom.repeated(min: $0.0, max: $0.1) }
        }

        /// `{n}`, `{n,}`, `{n,m}`.
        mutating func braces(_ atom: Info) -> Info? {
            guard let close = scalars[at...].firstIndex(of: "}") else { return nil }
            let parts = String(scalars: scalars[(at + 1)..<close]).split(
                separator: ",", omittingEmptySubsequences: false)
            guard let low = parts.first.flatMap({ Int($0) }) else { return nil }
            let high = parts.count == 1 ? low : Int(parts[1])
            at = close + 1
            if next == "?" || next == "+" { at += 1 }
            return atom.repeated(min: low, max: high)
        }

        /// A group after its `(`: capturing, non-capturing, named, atomic; lookarounds and
        /// comments match no text, but what a positive lookaround needs the text must hold (beside
        /// the match); flags that change what a literal matches void the analysis.
        mutating func group() -> Info? {
            var positiveLookaround: Bool?  // nil: no lookaround
            var behind = false
            if next == "?" {
                at += 1
                switch next {
                case ":", ">": at += 1
                case "=", "!":
                    positiveLookaround = next == "="
                    at += 1
                case "#":
                    guard let close = scalars[at...].firstIndex(of: ")") else { return nil }
                    at = close + 1
                    return .empty
                case "<":
                    at += 1
                    if next == "=" || next == "!" {
                        positiveLookaround = next == "="
                        behind = true
                        at += 1
                    } else {
                        guard let close = scalars[at...].firstIndex(of: ">") else { return nil }
                        at = close + 1
                    }
                default: return nil  // (?i), (?x) and other flags
                }
            }
            guard let inner = alternation(), next == ")" else { return nil }
            at += 1
            guard let positiveLookaround else { return inner }
            guard positiveLookaround else { return .empty }
            return Info(
                exact: [[]], needed: inner.requirement, zeroWidth: true, nullable: true, digits: .neutral,
                after: behind ? After.behind(inner.exact) : nil, longest: 0, lastNonWhite: [])
        }

        /// A class after its `[`: a short list of plain characters (escaped punctuation, controls and
        /// `\s` among them, short spans such as `a-z` or `0-9`, a dash first or last) is exactly one
        /// of them; a longer list (up to `maxStarts`) is any one character that starts with one of
        /// them; anything richer (negation, properties, nested sets) is any one character (a digit,
        /// where it holds only digits).
        mutating func characterClass() -> Info? {
            var depth = 1
            var plain: Set<Word> = []
            var simple = true
            var last: Unicode.Scalar?  // the plain character just read, which a dash may span from
            guard !opensWithBracket else { return nil }
            let open = at
            while let c = next {
                at += 1
                // Only a dash reads the character before it, and only a plain character is one.
                let previous = last
                last = nil
                switch c {
                case "\\":
                    // `\Q…\E` quotes inside a class too, `]` included: not modelled.
                    guard let e = next, e != "Q" else { return nil }
                    at += 1
                    if let members = Self.escaped(e) { plain.formUnion(members) } else { simple = false }
                    if e == "c" { at += 1 }  // `\cX` is a control character, whatever X is (`]` too)
                case "[":
                    simple = false
                    depth += 1
                    if opensWithBracket { return nil }
                case "]":
                    // `[]…]`: whether a first `]` is a member differs between engines; give up.
                    if plain.isEmpty && simple && depth == 1 { return nil }
                    depth -= 1
                    if depth == 0 {
                        if simple && !plain.isEmpty && plain.count <= Self.maxClass { return .literal(plain) }
                        // Too many members to multiply out, but still the words a match starts with.
                        if simple && plain.count <= Info.maxStarts {
                            return Info(
                                exact: nil, needed: nil, prefix: plain, digits: Digits.of(plain), longest: 2,
                                lastNonWhite: Info.lastNonWhite(of: plain), solid: Info.solid(plain))
                        }
                        return Self.isDigitClass(scalars[open..<(at - 1)]) ? .digit : .anything
                    }
                case "-":
                    guard let members = dash(first: at - 1 == open, after: previous) else {
                        simple = false
                        continue
                    }
                    plain.formUnion(members)
                case "^", "&", ":", "{", "}":
                    simple = false
                default:
                    plain.insert([c])
                    last = c
                }
            }
            return nil
        }

        /// What a dash just read in a class stands for: itself where it comes first or last, the
        /// span of the plain characters on either side (a short one), or nil, unknown (after a span,
        /// an escape or a set), as ICU reads it.
        mutating func dash(first: Bool, after last: Unicode.Scalar?) -> Set<Word>? {
            if first || next == "]" { return [["-"]] }
            guard let lo = last, let hi = next, Self.isPlainMember(hi), lo.value <= hi.value,
                hi.value - lo.value < UInt32(Info.maxStarts)
            else { return nil }
            at += 1
            return Set((lo.value...hi.value).compactMap(Unicode.Scalar.init).map { [$0] })
        }

        /// A character a class holds as itself (no escape, bracket, dash or set operator).
        static func isPlainMember(_ c: Unicode.Scalar) -> Bool { !"\\[]^-&:{}".unicodeScalars.contains(c) }

        static let maxClass = 32

        /// Whether a class's members are all decimal digits: digits, `\d`, and ranges between two
        /// digits of one script (`[0-9]`, `[3-9\d]`, `[０-９]`).
        static func isDigitClass(_ body: ArraySlice<Unicode.Scalar>) -> Bool {
            var i = body.startIndex
            while i < body.endIndex {
                if body[i] == "\\" {
                    guard i + 1 < body.endIndex, body[i + 1] == "d" else { return false }
                    i += 2
                } else if i + 2 < body.endIndex, body[i + 1] == "-" {
                    guard let low = digitValue(body[i]), let high = digitValue(body[i + 2]),
                        body[i].value - UInt32(low) == body[i + 2].value - UInt32(high), low <= high
                    else { return false }
                    i += 3
                } else {
                    guard digitValue(body[i]) != nil else { return false }
                    i += 1
                }
            }
            return !body.isEmpty
        }

        /// A decimal digit's value: Unicode's Nd as the standard library knows it. Its tables are
        /// newer than ICU's, so a few astral scalars are digits here that ICU's `\d` does not
        /// match; the run counter counts every astral scalar as a digit, so no text is skipped.
        static func digitValue(_ c: Unicode.Scalar) -> Int? {
            c.properties.generalCategory == .decimalNumber ? c.properties.numericValue.map { Int($0) } : nil
        }

        /// What the escape `\e` stands for where it is one character of a short list: white space
        /// (`\s`, Unicode's White_Space, as ICU reads it), a control character or escaped
        /// punctuation; nil for the others (classes, properties, code points, assertions).
        static func escaped(_ e: Unicode.Scalar) -> Set<Word>? {
            if e == "s" { return whiteSpace }
            if let control = controls[e] { return [[control]] }
            let plain = !e.properties.isAlphabetic && e.properties.numericType == nil
            return plain ? [[e]] : nil
        }

        static let whiteSpace = Set((0...0x3000).compactMap(Unicode.Scalar.init).filter(\.isWhiteSpace).map { [$0] })
        static let controls: [Unicode.Scalar: Unicode.Scalar] = ["t": "\t", "n": "\n", "r": "\r", "f": "\u{0C}"]

        /// Whether the class just opened starts with `]` or `^]`: engines differ on whether that
        /// `]` is a member or the end.
        var opensWithBracket: Bool {
            next == "]" || (next == "^" && at + 1 < scalars.count && scalars[at + 1] == "]")
        }

        /// An escape after its `\`: escaped punctuation is itself; `\Q…\E` is literal text; class
        /// escapes, properties and code points are any character; `\b` and other assertions match
        /// none; back-references and `\G` void the analysis.
        mutating func escape() -> Info? {
            guard let c = next else { return nil }
            at += 1
            switch c {
            case "A": return .start
            case "b", "B", "z", "Z": return .empty
            case "G": return nil  // where the last match ended: a match may start only there
            case "Q":
                var text: Word = []
                while at < scalars.count, !(scalars[at] == "\\" && at + 1 < scalars.count && scalars[at + 1] == "E") {
                    text.append(scalars[at])
                    at += 1
                }
                at = min(at + 2, scalars.count)
                return Info(
                    exact: [text], needed: nil, zeroWidth: text.isEmpty, nullable: text.isEmpty, digits: .of([text]),
                    longest: Info.units(text), lastNonWhite: Info.lastNonWhite(of: [text]), solid: Info.solid([text]))
            case "k": return nil  // a back-reference matches what its group took, the empty string too
            case "p", "P", "N", "x":
                guard next == "{" || next == "<" else { return nil }  // \xh or \xhh: one or two digits
                guard let close = scalars[at...].firstIndex(of: next == "{" ? "}" : ">") else { return nil }
                at = close + 1
                return .anything
            case "u", "U", "c":
                // \uhhhh, \Uhhhhhhhh, \cX: the digits or letter after are part of the escape.
                let length = ["u": 4, "U": 8, "c": 1][c] ?? 0
                at = min(at + length, scalars.count)
                return .anything
            case "0"..."9":
                return nil  // octal codes and back-references take a varying number of digits
            case "d": return .digit
            case "X": return Info(exact: nil, needed: nil)  // a grapheme cluster: any number of scalars
            default:
                return Self.escaped(c).map(Info.literal) ?? .anything
            }
        }
    }
}

/// How many decimal digits in a row the matches of a piece of pattern are sure to hold: at their
/// start (`lead`), at their end (`trail`), anywhere (`inner`); `whole`, the fewest a match has when
/// every match is digits alone (nil when a match may hold anything else). Lower bounds: a class
/// that may or may not be a digit counts as a non-digit.
struct Digits {
    var lead = 0, trail = 0, inner = 0
    var whole: Int?

    /// A piece that may match anything: nothing is sure.
    static let none = Digits()
    /// An assertion or empty text: digits on either side of it stand together.
    static let neutral = Digits(whole: 0)
    static let digit = Digits(lead: 1, trail: 1, inner: 1, whole: 1)

    /// The digits of words, the fewest any of them has.
    static func of(_ words: Set<RequiredLiterals.Word>) -> Digits {
        words.map(word).reduce(nil as Digits?) { sofar, digits in sofar.map { $0.or(digits) } ?? digits } ?? .none
    }

    static func word(_ word: RequiredLiterals.Word) -> Digits {
        word.reduce(Digits.neutral) { $0.then(isDigit($1) ? .digit : .none) }
    }

    /// Whether `c` is a decimal digit: the plane's bitmap, not the property tables, for the many
    /// literals rule files hold.
    static func isDigit(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x10000 ? Pattern.decimalDigits.contains(c) : RequiredLiterals.Parser.digitValue(c) != nil
    }

    /// The longest run every match is sure to hold.
    var longest: Int { max(inner, lead, trail, whole ?? 0) }

    /// This piece followed by `next`: a run may go on across them.
    func then(_ next: Digits) -> Digits {
        Digits(
            lead: whole.map { Self.sum($0, next.lead) } ?? lead,
            trail: next.whole.map { Self.sum($0, trail) } ?? next.trail,
            inner: max(inner, next.inner, Self.sum(trail, next.lead)),
            whole: whole.flatMap { a in next.whole.map { Self.sum(a, $0) } })
    }

    /// This piece or `other`: what both are sure of.
    func or(_ other: Digits) -> Digits {
        Digits(
            lead: min(lead, other.lead), trail: min(trail, other.trail), inner: min(inner, other.inner),
            whole: whole.flatMap { a in other.whole.map { min(a, $0) } })
    }

    /// This piece at least `min` times.
    func repeated(min: Int) -> Digits {
        if min == 0 { return Digits(whole: whole.map { _ in 0 }) }
        if let whole {
            let all = Self.product(whole, min)
            return Digits(lead: all, trail: all, inner: all, whole: all)
        }
        return Digits(lead: lead, trail: trail, inner: min > 1 ? max(inner, Self.sum(trail, lead)) : inner)
    }

    /// Runs are counted up to a cap: ICU takes counts up to 16,777,215, and nested ones
    /// (`((\d{100000}){100000}){100000}`) would overflow. A lower count is still a sound bound.
    static let cap = 1 << 24

    static func sum(_ a: Int, _ b: Int) -> Int { Swift.min(a, cap) + Swift.min(b, cap) }

    static func product(_ a: Int, _ b: Int) -> Int {
        let (p, overflow) = Swift.min(a, cap).multipliedReportingOverflow(by: Swift.min(b, cap))
        return overflow ? cap : Swift.min(p, cap)
    }
}
