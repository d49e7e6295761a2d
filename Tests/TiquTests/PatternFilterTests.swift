import Foundation
import Testing

@testable import Tiqu

/// A rule's pattern runs only on lines that hold one of the words it cannot match without. The
/// words are read from the pattern itself, so they must never be wrong: a wrong word would make
/// a rule silently stop firing.
@Suite struct PatternFilterTests {
    @Test(arguments: [
        ("(?:责任编辑|编辑)\\s*[:：]", ["责任编辑", "编辑"]),
        ("^\\d{4}年", ["年"]),
        ("[(（]\\S{0,12}摄[)）]$", ["摄", "摄)", "摄）"]),
        ("^图为|^图[:：]", ["图为", "图"]),
        ("版权所有|版权声明", ["版权所有", "版权声明"]),
        ("a\\x{41}b\\u0041c", ["a", "b", "c"]),
        ("(?<=\\p{Han})[(（]abc", ["(abc", "（abc"]),
        ("第\\s*\\d+\\s*页", ["第", "页"]),
        ("\\Q[x]\\E", ["[x]"]),
        ("x(?#note)y", ["xy"]),
        ("(?:ab)?cd", ["cd", "abcd"]),
        // A positive lookaround's words are in the text beside the match; a negative one's are not.
        ("[一二](?=人民币)", ["人民币"]),
        ("(?<!\\d)(?:19|20)\\d\\d(?=台湾|台北)", ["台湾", "台北"]),
        ("(?<=编号)\\d+", ["编号"]),
        ("(?<!编号)\\d+号", ["号"]),
        ("(?=a|\\d)b", ["b"]),
        // What a piece ends with runs on into the literal after it.
        ("[一二]++部分", ["一部分", "二部分"]), ("(?:ab)+c", ["abc"]), ("[ab]?c", ["c", "ac", "bc"]),
        ("\\d+届\\d+次", ["届", "次"]), ("(?:a|bc)+(?=x)d", ["ad", "bcd"]),
    ])
    func requiredWords(_ pattern: String, _ words: [String]) {
        let required = RequiredLiterals.read(pattern).required
        // Either word of a pair like 第…页 is a sound choice; the analysis keeps the more selective.
        #expect(required.map { Set(words).isSuperset(of: $0) } == true, "\(pattern): \(String(describing: required))")
    }

    @Test(arguments: [
        "\\d+", "(?i)abc", "a|\\d", "[^x]+", "\\1", ".*", "(?x) a b", "a*", "[]a]b",
        "^[^]，。]{2,8}$", "[[]a]]", "[a\\Q]\\E]b", "a\\x9|b", "a\\01|b", "(a)\\1", "(?!编号)\\d+", "(?=\\d)\\w",
        // ICU quantifies the last quoted character, or the atom before an empty quote or a comment.
        "\\Q[x]\\E+", "a\\Q\\E?b", "a(?#c)?b",
    ])
    func nothingRequired(_ pattern: String) {
        let required = RequiredLiterals.read(pattern).required
        #expect(required == nil, "\(pattern): \(String(describing: required))")
    }

    /// A pattern whose every match starts at the start of the text is tried there alone.
    @Test(arguments: [
        ("^a|^b", true), ("^(?:a|b)", true), ("(?:^a|^b)c", true), ("\\Ax|^y", true), ("(?>^a|^b)", true),
        ("^(a+)+b", true), ("(^a)+b", false), ("\\d?^x", false), ("b?$?+^", false), ("^++a", false),
        ("^a|b", false), ("(?:^a)?b", false), ("(?:^a)*b", false), ("(?<=^a)b", false), ("(?=^a)b|^c", false),
        ("(?m)^a", false), ("[^a]b", false), ("a$", false), ("\\^a", false), ("[\\^]a", false), ("(?:^a|b)c", false),
        ("(?i)^a", false), ("^a|", false), ("(?:^)\\Q\\E?abc", false), ("(?:^)(?#x)?abc", false),
    ])
    func anchoredAtTheStart(_ pattern: String, _ anchored: Bool) {
        #expect(RequiredLiterals.read(pattern).anchored == anchored, "\(pattern)")
    }

    /// The words every match starts with; none when a match can be empty or start elsewhere.
    @Test(
        arguments: [
            ("(?<=\\p{Han})[(（]x", ["(x", "（x"]), ("ICP|编号\\d", ["ICP", "编号"]), ("十[一二]五", ["十一五", "十二五"]),
            ("(?:19|20)\\d\\d", ["19", "20"]), ("a?b", ["ab", "b"]), ("\\bab", ["ab"]), ("a+b", ["a"]),
            ("\\Qab\\Ec", ["abc"]), ("a*", nil), ("a|", nil), ("\\d+", nil), ("a|\\d", nil), ("(?:ab){0}c", ["c"]),
            ("\\Q约为\\E?5000吨", nil), ("a\\Q\\E*", nil), ("a(?#x)*", nil), ("(?:ab)\\Q\\E{0}c", nil),
            ("\\k<n>", nil), ("\\Ga", nil), ("[\\t\\[]x", ["\tx", "[x"]), ("\\n\\r|\\f", ["\n\r", "\u{0C}"]),
            ("[\\]】]", ["]", "】"]), ("[\\p{Han}(]", nil), ("[\\x{41}(]", nil), ("[\\d(]", nil),
            ("\\s*[(（]", RequiredLiterals.Parser.whiteSpace.map { String(scalars: $0) } + ["(", "（"]), ("\\S[(（]", nil),
            ("(?:ab|c)[xyz]+", ["ab", "cx", "cy", "cz"]), ("a[xy]*b", ["a"]), ("[(（]\\d", ["(", "（"]),
            ("[(（][\(pinyin)]{1,6}[)）]", ["(", "（"].flatMap { b in pinyin.map { b + String($0) } }),
            ("[(（](?=x)[\(pinyin)]", ["(", "（"].flatMap { b in pinyin.map { b + String($0) } }),
            ("(?:[(（]|ab)[\(pinyin)]", ["ab"] + ["(", "（"].flatMap { b in pinyin.map { b + String($0) } }),
            ("[\(pinyin)]x", pinyin.map(String.init)), ("[\(pinyin)]?x", pinyin.map(String.init)),
            ("[\(pinyin)]*", nil),
            // ICU reads a dash first or last as itself, and one between two plain characters as their
            // span; a dash after a span, or a span from an escape, is not read.
            ("[-•]x", ["-x", "•x"]), ("[x-]y", ["xy", "-y"]), ("[a-c]x", ["ax", "bx", "cx"]),
            ("[a-c-e]x", nil), ("[\\s-x]y", nil), ("[-]", ["-"]),
            ("[0-9]x", (0...9).map { "\($0)x" }), ("[a-\u{10FFFF}]x", nil),
        ] as [(String, [String]?)])
    func startWords(_ pattern: String, _ words: [String]?) {
        let starts = RequiredLiterals.read(pattern).starts
        #expect(Self.scalars(starts) == Self.scalars(words), "\(pattern): \(String(describing: starts))")
    }

    /// A branch that opens with a lookbehind starts, just after it, with one of its start words'
    /// first scalars: a place there is tried only where one stands (nil: where it may start with
    /// anything, or match nothing).
    @Test(
        arguments: [
            ("(?<=[。])[(（]x", ["(", "（"]), ("(?<=[。])ab|(?<=！)c", ["a", "c"]),
            ("(?<=[。])\\s*[(（]", RequiredLiterals.Parser.whiteSpace.map { $0[0] } + ["(", "（"]),
            ("(?<=[。])a?", nil), ("(?<=[。])\\p{Han}", nil), ("(?<=[。])a|(?<=！)", nil), ("a(?<=a)", nil),
            ("(?:^|(?<=[。]))\\s*x", RequiredLiterals.Parser.whiteSpace.map { $0[0] } + ["x"]),
        ] as [(String, [Unicode.Scalar]?)])
    func firstScalarsAfterALookbehind(_ pattern: String, _ next: [Unicode.Scalar]?) {
        let reading = RequiredLiterals.read(pattern)
        #expect(
            reading.afterNext.map(Set.init) == next.map(Set.init),
            "\(pattern): \(String(describing: reading.afterNext))")
    }

    /// Letters of pinyin, more than a class may hold to be multiplied out: still start words.
    static let pinyin = "abcdefghijklmnopqrstuvwxyzāáǎàēéěèīíǐìōóǒò"

    /// A branch that opens with a lookbehind for a few scalars starts just after one of them (or
    /// at the text's start, for `^`); the other branches at their start words.
    @Test(
        arguments: [
            ("(?<=[。！？])\\s*[(（]", [], ["。", "！", "？"], false), ("(?:^|(?<=[。]))x", [], ["。"], true),
            ("(?<=[。])a|b", ["b"], ["。"], false), ("(?<=ab|c)d", [], ["b", "c"], false),
            ("(?<=[。])?a", ["a"], [], false), ("(?<!。)x", ["x"], [], false), ("(?<=\\p{Han})x", ["x"], [], false),
            ("(?<=a)\\s*|x*", nil, [], false), ("^a|(?<=。)b", [], ["。"], true), ("\\b(?<=a\\b)x", [], ["a"], false),
            ("(?<=a){0}x|y", ["x", "y"], [], false), ("(?:(?<=a)b)+c", [], ["a"], false),
            ("(?<=a)b|\\d", nil, [], false), ("(?=a)(?<=b)a", [], ["b"], false), ("(?<=\\Qab\\E)c", [], ["b"], false),
        ] as [(String, [String]?, [String], Bool)])
    func startsAfterALookbehind(_ pattern: String, _ words: [String]?, _ after: [String], _ alsoAtStart: Bool) {
        let reading = RequiredLiterals.read(pattern)
        #expect(
            Self.scalars(reading.starts) == Self.scalars(words), "\(pattern): \(String(describing: reading.starts))")
        #expect(Set(reading.after) == Set(after.map { $0.unicodeScalars.first! }), "\(pattern): \(reading.after)")
        #expect(reading.alsoAtStart == alsoAtStart, "\(pattern)")
    }

    /// Start places found sixteen units at a time (a few distinct first units) or a unit at a
    /// time (more) are the places a plain walk of the text finds: each word where it stands,
    /// just after each scalar looked behind for, in order.
    @Test func startPlacesAreWhereAPlainWalkFindsThem() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("(（[ab一二三四五六七八九。！x 街道\u{20000}")
        for round in 0..<400 {
            let words = (0..<Int.random(in: 1...(round % 2 == 0 ? 3 : 9), using: &generator)).map { _ in
                String((0..<Int.random(in: 1...3, using: &generator)).map { _ in alphabet.randomElement()! })
            }
            let after = round % 3 == 0 ? [Unicode.Scalar("。"), "！"] : []
            let alsoAtStart = round % 5 == 0
            guard let starts = StartWords(words, after: after, alsoAtStart: alsoAtStart) else { continue }
            let text = String((0..<Int.random(in: 0...90, using: &generator)).map { _ in alphabet.randomElement()! })
            let units = Array(text.utf16)
            let wordUnits = words.map { Array($0.utf16) }
            let afterUnits = Set(after.map { $0.utf16.last! })
            var expected = alsoAtStart ? [0] : []
            for i in units.indices {
                let here = wordUnits.contains { units[i...].starts(with: $0) } && expected.last != i
                if here { expected.append(i) }
                if afterUnits.contains(units[i]) { expected.append(i + 1) }
            }
            let found = units.withUnsafeBufferPointer { starts.positions(in: $0, atMost: .max) }
            #expect(found == expected, "\(words) \(after) in \(text.debugDescription)")
        }
    }

    /// Words canonically equal as Strings but not to ICU, which matches scalars (`;` and U+037E,
    /// U+2000 and U+2002 in `\s`), are both kept: a text with either is searched, and found.
    @Test func canonicallyEqualWordsAreBothKept() throws {
        for (source, texts) in [("[;\u{037E}]x", [";x", "\u{037E}x"]), ("\\s+y", ["\u{2000}y", "\u{2002}y"])] {
            let pattern = try RegexLimitTests.pattern(source)
            let filter = PatternFilter([pattern], longest: .max)
            for text in texts {
                #expect(
                    filter.candidates(in: Array(text.unicodeScalars)) == [.all], "\(source) on \(text.debugDescription)"
                )
                #expect(pattern.contains(text), "\(source) on \(text.debugDescription)")
            }
        }
    }

    /// `\cX` in a class is one control character whatever X is: `[\c]]x` is U+001D then x, and
    /// the filter lets a text with them through.
    @Test func aControlEscapeInAClassTakesItsLetter() throws {
        let pattern = try RegexLimitTests.pattern("[\\c]]x")
        #expect(pattern.contains("\u{1D}x"))
        #expect(PatternFilter([pattern], longest: .max).candidates(in: Array("\u{1D}x".unicodeScalars)) == [.all])
    }

    /// How many decimal digits in a row every match holds: runs go on across pieces, assertions
    /// and lookarounds, alternatives give the fewest, a class that may hold anything else breaks a run.
    @Test(
        arguments: [
            ("\\d{3,4}-\\d{7,8}|(?<!\\d)1[3-9]\\d{9}(?!\\d)", 7), ("\\d{4}[-/.年]\\d{1,2}", 4), ("[0-9]{6}", 6),
            ("[０-９]{3}", 3), ("[\\d]{2}", 2), ("1\\d", 2), ("\\Q12\\E3", 3), ("(\\d{2}){3}", 6), ("\\d\\b\\d", 2),
            ("(?:\\d\\d|\\d{3})x\\d", 2), ("(?:\\d{2}|\\d{3}x){2}", 2), ("(?:x\\d{2}){2}", 2), ("\\d(?=x)\\d", 2),
            ("\\d+", 1), ("a\\d?b", 0), ("[0-9a]{5}", 0), ("[^0-9]{5}", 0), ("[0-٩]{5}", 0), ("\\d{0}x", 0),
            ("(?i)\\d{5}", 0), ("\\w{5}", 0), (".{3}\\d", 1), ("1a{0}2", 2), ("1a{0,2}2", 1),
            // Nested counts past any integer are capped, not overflowed.
            ("((((\\d{100000}){100000}){100000}){100000})", Digits.cap),
        ] as [(String, Int)])
    func digitRuns(_ pattern: String, _ run: Int) {
        #expect(RequiredLiterals.read(pattern).digitRun == run, "\(pattern)")
    }

    /// The most UTF-16 units a match can take: two for any character a class, an escape or `.`
    /// may match, a literal's own, nothing for assertions and lookarounds; no bound past an
    /// unbounded quantifier, a grapheme cluster (`\X`) or any integer.
    @Test(
        arguments: [
            ("\\d{3,4}-\\d{7,8}|(?<!\\d)1[3-9]\\d{9}(?!\\d)", 25), ("abc", 3), ("𠀀x", 3), ("a|bcd", 3),
            ("(?:ab){2,3}", 6), ("(?=xyz)y", 1), ("(?<=abc)d", 1), ("x(?#c)y", 2), ("\\Qab\\E", 2), ("[abc]{2}", 2),
            ("\\p{Han}{2}", 4), (".{0,3}", 6), ("\\d{2}\\b", 4), ("(?:)", 0), ("^$", 0), ("x{0}", 0), ("(?:ab|c)?d", 3),
            ("\\uFFFFx", 3), ("(?:a*){0}b", 1),
        ] as [(String, Int)])
    func longestMatches(_ pattern: String, _ units: Int) {
        #expect(RequiredLiterals.read(pattern).longest == units, "\(pattern)")
    }

    @Test(arguments: ["a+", "a*b", "\\d{2,}", "\\X", "(?i)ab", "((((\\d{100000}){100000}){100000}){100000})", "(a)\\1"])
    func unboundedMatches(_ pattern: String) {
        #expect(RequiredLiterals.read(pattern).longest == nil, "\(pattern)")
    }

    /// How many digits in a row every match opens with, where no branch is anchored and no start
    /// words are known: such a pattern is tried only where that many stand.
    @Test(
        arguments: [
            ("\\d{3,4}-\\d{7,8}|(?<!\\d)1[3-9]\\d{9}(?!\\d)", 3), ("(?<![\\d.])\\d{2}x", 2), ("\\d+", 1),
            ("x\\d{5}", 0),
            ("^\\d{4}|\\d{2}", 0), ("\\d{4}|^x", 0), ("(?:\\d\\d|ab)", 0), ("\\b\\d{2}(?=\\d)\\d", 3),
            ("\\d?\\d{2}", 2),
            ("[0-9]{3}", 3), ("\\d{0}\\d\\d", 2),
        ] as [(String, Int)])
    func digitLeads(_ pattern: String, _ lead: Int) {
        #expect(RequiredLiterals.read(pattern).digitLead == lead, "\(pattern)")
    }

    /// A pattern that needs a run of digits skips texts without one, is tried only where the
    /// digits its matches open with stand, and finds what ICU finds: random texts of ASCII,
    /// full-width, Arabic-Indic and astral digits among letters, Han and dashes, short and long.
    @Test func aTextWithoutTheDigitsIsNotSearched() throws {
        let sources = [
            "\\d{3,4}-\\d{7,8}|(?<!\\d)1[3-9]\\d{9}(?!\\d)", "[0-9]{3}", "[０-９]{2}x", "\\d{2}(?:\\d|y)\\d",
            "(?:\\d\\d|x\\d){2}\\d", "\\Q12\\E\\d", "\u{0661}\\d", "\\d?\\d{2}-?", "(?<![\\d.])\\d{2,}",
        ]
        let pieces = ["1", "3", "0", "３", "\u{0663}", "\u{0661}", "\u{1D7D1}", "-", "x", "y", "中", " "]
        var generator = SystemRandomNumberGenerator()
        for source in sources {
            let pattern = try RegexLimitTests.pattern(source)
            #expect(pattern.gate.digitRun >= 2, "\(source)")
            let foundation = try NSRegularExpression(pattern: source)
            for round in 0..<400 {
                let long = round % 2 == 0
                let text = (0..<Int.random(in: 0...(long ? 200 : 24), using: &generator)).map { _ in
                    long && Bool.random(using: &generator) ? "中" : pieces.randomElement(using: &generator)!
                }.joined()
                #expect(
                    RegexLimitTests.ranges(foundation, text) == pattern.matches(in: text).map(RegexLimitTests.groups),
                    "\(source) on \(text)")
            }
        }
    }

    /// The text's digits are a superset of what ICU's `\d` matches: every scalar of the Basic
    /// Multilingual Plane ICU takes for a digit is one to the run counter too.
    @Test func theRunCounterKnowsEveryDigitICUKnows() throws {
        // The ICU extraction links (the system's), not Foundation's own copy.
        let icu = try RegexLimitTests.pattern("^\\d$")
        let missed = (0..<0x10000).compactMap(Unicode.Scalar.init).filter { scalar in
            let text = String(scalar)
            let isDigit = icu.contains(text)
            return isDigit && !Pattern.isDigit(UInt16(scalar.value), Pattern.decimalDigits)
        }
        #expect(missed.isEmpty, "\(missed.map { String($0.value, radix: 16) })")
        // A literal digit in a pattern is judged by the standard library's tables: each of those
        // digits is one to the counter too.
        let unknown = (0..<0x10000).compactMap(Unicode.Scalar.init).filter {
            RequiredLiterals.Parser.digitValue($0) != nil && !Pattern.decimalDigits.contains($0)
        }
        #expect(unknown.isEmpty, "\(unknown.map { String($0.value, radix: 16) })")
        // The counter's shortcut below U+0660 answers as the table does.
        let differ = (0..<0x10000).compactMap(Unicode.Scalar.init).filter {
            Pattern.isDigit(UInt16($0.value), Pattern.decimalDigits) != Pattern.decimalDigits.contains($0)
        }
        #expect(differ.isEmpty, "\(differ.map { String($0.value, radix: 16) })")
        let astral = Array("\u{1D7D1}\u{1D7D2}".utf16)
        #expect(astral.withUnsafeBufferPointer { Pattern.hasDigits($0, inARow: 2) })
    }

    /// The runs of digits, found by reading every `count`th unit until a digit, are the runs a
    /// unit-by-unit count finds: random texts of digits (astral ones too) among Han and letters.
    @Test func digitRunsAreTheRunsOfEveryUnit() {
        let pieces = ["1", "0", "３", "\u{0663}", "\u{1D7D1}", "x", "中", "中中中", "-"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            let units = Array(text.utf16)
            var every: [Range<Int>] = []  // maximal runs, unit by unit
            for (i, u) in units.enumerated() where Pattern.isDigit(u, Pattern.decimalDigits) {
                if let last = every.last, last.upperBound == i {
                    every[every.count - 1] = last.lowerBound..<i + 1
                } else {
                    every.append(i..<i + 1)
                }
            }
            for count in 1...8 {
                let long = every.filter { $0.count >= count }
                units.withUnsafeBufferPointer { buffer in
                    #expect(Pattern.digitRuns(buffer, atLeast: count) == long, "\(count) in \(text)")
                    #expect(Pattern.hasDigits(buffer, inARow: count) == !long.isEmpty, "\(count) in \(text)")
                }
            }
        }
    }

    /// Words compared by their scalars, as ICU compares them (as Strings, U+2000 is U+2002).
    static func scalars(_ words: [String]?) -> Set<[Unicode.Scalar]>? {
        words.map { Set($0.map { Array($0.unicodeScalars) }) }
    }

    /// Where some of its branches are anchored, a pattern's other branches give the starts, and the
    /// text's start is tried too (within a group, an anchored branch's words still count); an
    /// anchored pattern's own words say whether a text can match at all.
    @Test(
        arguments: [
            ("^ab|^cd", ["ab", "cd"], false), ("^a|bc", ["bc"], true), ("^\\d|b", ["b"], true),
            ("^$|abc", ["abc"], true), ("x|^", ["x"], true), ("^a|b?", nil, true), ("^\\d+|\\d", nil, true),
            ("(?:^a|b)c", ["ac", "bc"], false), ("^(?:a|b)x", ["ax", "bx"], false), ("^\\d*a", nil, false),
        ] as [(String, [String]?, Bool)])
    func anchoredBranchesAddTheStart(_ pattern: String, _ words: [String]?, _ alsoAtStart: Bool) {
        let reading = RequiredLiterals.read(pattern)
        #expect(
            Self.scalars(reading.starts) == Self.scalars(words), "\(pattern): \(String(describing: reading.starts))")
        #expect(reading.alsoAtStart == alsoAtStart, "\(pattern)")
    }

    /// Each top-level branch is read alone, for what it needs (a lookbehind's words too: they stand
    /// in the text) and where it starts; a pattern of one branch (an alternation inside a group is
    /// one) has no branches of its own, nor one the reader gives up on.
    @Test func branchesAreReadOneByOne() {
        let reading = RequiredLiterals.read("^文\\s*[:：]|记者\\s*\\p{Han}{2,3}|(?<=[。！])[(（]\\p{Han}{2,3}[)）]$|\\d{4}年")
        #expect(
            reading.branches.map { Self.scalars($0.required) } == [["文"], ["记者"], ["。", "！"], ["年"]].map(Self.scalars))
        #expect(reading.branches.map(\.anchored) == [true, false, false, false])
        #expect(reading.branches[1].starts == ["记者"])
        #expect(reading.branches[2].after.sorted { $0.value < $1.value } == ["。", "！"])
        #expect(reading.branches[3].digitRun == 4)
        #expect(RequiredLiterals.read("(?:记者|通讯员)\\p{Han}{2,3}").branches.isEmpty)
        #expect(RequiredLiterals.read("a|b|[").branches.isEmpty)
    }

    /// The filter marks the branches whose words a text holds, with those that need none (so a
    /// pattern with a branch that needs none is always tried, its other branches only with their words).
    @Test func theFilterMarksTheBranchesWhoseWordsATextHolds() throws {
        let patterns = try ["^文\\s*[:：]|记者\\s*\\p{Han}{2,3}|作者", "\\d+|记者"].map { try RegexLimitTests.pattern($0) }
        let filter = PatternFilter(patterns, longest: .max)
        func branches(_ text: String) -> [UInt64] { filter.candidates(in: Array(text.unicodeScalars)).map(\.rawValue) }
        #expect(branches("文章") == [0b001, 0b01])
        #expect(branches("本报记者") == [0b010, 0b11])
        #expect(branches("记者文章作者") == [0b111, 0b11])
        #expect(branches("今天") == [0, 0b01])
    }

    /// Patterns of several branches (anchored, looking behind, led by words or digits, or by
    /// nothing) on random texts: tried only where the branches whose words the text holds may
    /// start, each finds what NSRegularExpression finds.
    @Test func gatedBranchesFindWhatICUFinds() throws {
        let sources = [
            "^文\\s*[:：]\\s*\\S|记者\\s*\\p{Han}{2,3}|(?<=[。！])\\s*[(（]\\p{Han}{2,3}[)）]\\s*$",
            "^(?:上一篇|下一篇)|[(（]\\s*\\d{1,2}-\\d{1,2}\\s*[)）]$|版权所有", "记者|\\d{3}-\\d{4}|^\\p{Han}{0,4}作者",
            "(?<![\\d一二])[一二]+部分|第[一二0-9]+[章节]|\\d{2}年|(?<=讯)[(（]\\p{Han}{2,3}报道[)）]",
            "a|b|^c|(?<=x)d|e\\d\\d|.{0,3}f", "记者(\\p{Han}{2})|(作者)[:：](\\S+)|^(文)",
        ]
        let pieces = [
            "文", ":", "：", " ", "记者", "作者", "。", "！", "(", "（", ")", "）", "王小", "明", "上一篇", "下一篇",
            "1", "23", "-", "版权所有", "一", "二", "部分", "第", "章", "年", "讯", "报道", "a", "b", "c", "x", "d",
            "e", "f", "\u{1D7D1}", "\n",
        ]
        var generator = SystemRandomNumberGenerator()
        for source in sources {
            let pattern = try RegexLimitTests.pattern(source)
            #expect(pattern.branchGates.count > 2, "\(source)")
            let filter = PatternFilter([pattern], longest: .max)
            let foundation = try NSRegularExpression(pattern: source)
            for _ in 0..<800 {
                let text = Fixture.randomText(from: pieces, pieces: 0...40, using: &generator)
                let branches = filter.candidates(in: Array(text.unicodeScalars))[0]
                let found = Pattern.withUTF16(text) { pattern.matches(inUTF16: $0, branches: branches) }
                #expect(
                    RegexLimitTests.ranges(foundation, text) == found.map(RegexLimitTests.groups),
                    "\(source) on \(text.debugDescription)")
            }
        }
    }

    /// Every built-in pattern, on every line of the samples and the corpus text pages (as written
    /// and in the folded form the chrome rules see): where the pattern matches, the filter lets it
    /// run, and tried where the branches it lets through may start, it finds what
    /// NSRegularExpression finds.
    @Test func theFilterNeverHidesAMatchOnRealLines() throws {
        let book = Fixture.book
        let patterns: [Pattern] =
            book.chrome.compactMap(\.pattern) + book.chrome.flatMap { $0.fields.map(\.1) }
            + book.quantity.exclusions.map(\.pattern) + book.page.signatures
        let filter = PatternFilter(patterns, longest: .max)
        let foundation = try patterns.map { try NSRegularExpression(pattern: $0.source) }
        let folders = [Fixture.samples, Fixture.shared.appendingPathComponent("corpus/text")]
        var lines: [String] = []
        for folder in folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".txt") {
                let text = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
                let split = text.split(whereSeparator: \.isNewline).map(String.init)
                lines += split + split.map(Fold.matching)
            }
        }
        #expect(lines.count > 1_500)
        var matched = 0
        var skipped = 0
        for line in lines {
            let may = filter.candidates(in: Array(line.unicodeScalars))
            for (i, pattern) in patterns.enumerated() {
                let matches = RegexLimitTests.ranges(foundation[i], line)
                matched += matches.isEmpty ? 0 : 1
                skipped += may[i].isEmpty ? 1 : 0
                // A pattern the filter skips is not run at all.
                let gated =
                    may[i].isEmpty
                    ? []
                    : Pattern.withUTF16(line) {
                        pattern.matches(inUTF16: $0, branches: may[i]).map(RegexLimitTests.groups)
                    }
                #expect(gated == matches, "'\(pattern.source)' on '\(line.prefix(60))': \(gated) of \(matches)")
            }
        }
        #expect(matched > 500)
        // The filter earns its keep: most pattern runs on most lines are skipped.
        #expect(Double(skipped) > 0.5 * Double(lines.count * patterns.count), "skipped \(skipped)")
    }
}
