import Foundation
import Testing

@testable import Tiqu

/// A pattern (or a top-level branch) whose every match ends the text but for white space, with one
/// of a few scalars as its last that is no white space (`…[)）]\s*$`), is not tried on a text that
/// ends otherwise. The end is read from the pattern itself, so it must never be wrong: a wrong end
/// would make a rule silently stop firing on the texts it should match.
@Suite struct EndGateTests {
    /// The scalars every match's last that is no white space is one of, where every match ends at
    /// `$` (then white space at most): a piece that may match nothing, or white space alone, adds
    /// its own to those of the pieces before it. Nil where the reader cannot prove it: a lookahead
    /// in place of `$`, `\z` or `\Z`, multi-line mode, an alternative that ends elsewhere or may
    /// be white space alone, a match that may be white space alone, a class it cannot list.
    @Test(
        arguments: [
            ("[(（]\\p{Han}{2,3}[)）]$", [")", "）"]), ("[)）]\\s*$", [")", "）"]), ("x[)）] *$", [")", "）"]),
            ("ab$", ["b"]), ("a\\s+$", ["a"]), ("a[ \\t　]*$", ["a"]), ("a$\\s*", ["a"]), ("(?:a|b\\s)$", ["a", "b"]),
            ("a$|b\\s*$", ["a", "b"]), ("(?:ab)+$", ["b"]), ("a(?<=a)$", ["a"]), ("a\\b$", ["a"]), ("a$(?#c)", ["a"]),
            ("\\Q)\\E$", [")"]), ("\\Q) \\E$", [")"]), ("𠀀$", ["𠀀"]), ("(?:a$)", ["a"]), ("(?>a|b)++$", ["a", "b"]),
            ("a[)）]?$", ["a", ")", "）"]), ("a(?:b|)$", ["a", "b"]), ("[|｜][|｜\\s]*$", ["|", "｜"]),
            ("a[\\s)]$", ["a", ")"]), ("a(?:\\s|b)*$", ["a", "b"]), ("a[)）]{0}$", ["a"]),
            ("[\(EndGateTests.many)]$", EndGateTests.many.map(String.init)),
            ("(?:^|(?<=[。]))\\s*[（(](\\p{Han}{2,3})[)）]$", [")", "）"]),
            ("a(?=\\s*$)", nil), ("a\\z", nil), ("a\\Z", nil), ("(?m)a$", nil), ("a$b", nil), ("a(?:\\s|$)", nil),
            ("(?:a$|b)", nil), ("a$|b", nil), ("[)）]?$", nil), ("(?:b|)$", nil), ("\\s*$", nil), ("$", nil),
            ("\\p{Han}$", nil), ("a.$", nil), ("a\\d$", nil), ("[\\s)]$", nil), ("[^a]$", nil), ("a$?", nil),
            ("(?:a$)*", nil), ("(?:a$){0}", nil), ("a\\S$", nil), ("a\\1$", nil), ("(a)\\1$", nil),
        ] as [(String, [String]?)])
    func endsWith(_ pattern: String, _ scalars: [String]?) {
        let endsWith = RequiredLiterals.read(pattern).endsWith
        #expect(endsWith.map(Set.init) == scalars.map { Set($0.map { $0.unicodeScalars.first! }) }, "\(pattern)")
    }

    /// More members than a class's words are multiplied out for, but still listed.
    static let many = "abcdefghijklmnopqrstuvwxyzāáǎàēéěèīíǐìōóǒò"

    /// Each top-level branch has its own end: the branches that end the text are not tried on a
    /// text that ends otherwise, whatever the others do.
    @Test func branchesEndOneByOne() {
        let reading = RequiredLiterals.read("^文\\s*[:：]|(?<=[。！])\\s*[(（]\\p{Han}{2,3}[)）]\\s*$|\\.png$")
        #expect(reading.endsWith == nil)
        #expect(reading.branches.map(\.endsWith) == [nil, [")", "）"], ["g"]])
    }

    /// The last scalar that is no white space, read from the UTF-16 end, is the one a walk of the
    /// scalars finds (astral scalars, every kind of white space, texts of white space alone); a
    /// String is judged the same way.
    @Test func theLastScalarIsReadFromTheEnd() throws {
        let pieces = ["a", "）", "中", "𠀀", " ", "\n", "\r\n", "\u{3000}", "\u{85}", "\u{2028}", "\u{0B}", "\u{200B}"]
        let pattern = try RegexLimitTests.pattern("[a𠀀）]\\s*$")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let text = Fixture.randomText(from: pieces, pieces: 0...6, using: &generator)
            var expected: Unicode.Scalar?
            for scalar in text.unicodeScalars where !scalar.properties.isWhitespace { expected = scalar }
            #expect(Pattern.withUTF16(text) { Pattern.lastNonWhite($0) } == expected, "\(text.debugDescription)")
            #expect(
                pattern.mayEnd(text) == (expected.map { "a𠀀）".unicodeScalars.contains($0) } ?? false),
                "\(text.debugDescription)")
        }
    }

    /// Generated patterns whose matches, or some branches' matches, end the text, on random texts
    /// built to end in and out of their sets, then white space: each, tried where the branches
    /// whose words the text holds and whose ends it has may start, finds what NSRegularExpression
    /// finds.
    @Test func endGatedPatternsFindWhatICUFinds() throws {
        let sources = [
            "[(（]\\p{Han}{2,3}[)）]$", "(?<=[。！])\\s*[(（][^()（）]{0,8}[)）]\\s*$", "(?:\\)|）)\\s*$",
            "记者\\s*\\p{Han}{2,3}|(?<=[。！])\\s*[(（]\\p{Han}{2,3}[)）]\\s*$|^文\\s*[:：]",
            "(?:^|(?<=[。]))\\s*[（(](\\p{Han}{2,3})[)）]$", "a[)）] *$|b\\d$", "x𠀀$|y$", "\\.(?:jpe?g|png)$",
            "[)）]\\s*$|[(（]记者", "(?:ab)+[ \\t　]*$", "(?<=[。])\\s*[(（]\\p{Han}{2,3}[)）]\\s*$|[(（]\\p{Han}{2}",
            "[|｜][|｜\\s]*$|^\\s*-{3,}", "a[)）]?\\s*$", "(?:记者|编辑)[王小明]{1,4}(?:[\\s、]+王小)*\\s*[)）]?$",
        ]
        let pieces = [
            "文", ":", "记者", "。", "！", "(", "（", ")", "）", "王小", "明", "林", "a", "b", "x", "y", "1", "𠀀", ".",
            "jpg", "png", "g", " ", "\t", "\u{3000}", "|", "｜", "-", "编辑", "、", ",",
        ]
        for source in sources {
            let pattern = try RegexLimitTests.pattern(source)
            let ends = Set((pattern.branchGates + [pattern.gate]).compactMap(\.endsWith).joined())
            #expect(!ends.isEmpty, "\(source)")
            try Self.compare(pattern, on: Self.randomTexts(pieces, ending: ends.map(String.init), count: 800))
        }
    }

    /// Every built-in pattern that has an end (or a branch with one), on random texts built to end
    /// in and out of its set, and on every line of the samples and the corpus text pages as
    /// written, with white space after them, and closed by a bracket: it finds what
    /// NSRegularExpression finds.
    @Test func builtInEndGatedPatternsFindWhatICUFinds() throws {
        let book = Fixture.book
        let patterns: [Pattern] =
            book.chrome.compactMap(\.pattern) + book.chrome.flatMap { $0.fields.map(\.1) }
            + book.quantity.exclusions.map(\.pattern) + book.page.signatures
        let gated = patterns.filter { ($0.branchGates + [$0.gate]).contains { $0.endsWith != nil } }
        // The signature and the paragraph credit after a last sentence, at least.
        #expect(gated.contains { $0.rule == "page/signature" && $0.gate.endsWith == [")", "）"] })
        #expect(gated.contains { $0.rule == "artifacts/paragraph-credit" && $0.branchGates[1].endsWith != nil })
        let pieces = [
            "林小山", "王一鸣", "本报记者", "通讯员", "审稿", "供稿", "北京报道", "。", "！", "？", "”", "」", "(", "（", ")",
            "）", "[", "]", "【", "】", " ", "、", "：", "2023-", "12", "-", "09:30", ".jpg", "上一篇", "第", "版", "a",
        ]
        var lines: [String] = []
        for folder in [Fixture.samples, Fixture.shared.appendingPathComponent("corpus/text")] {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".txt") {
                let text = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
                lines += text.split(whereSeparator: \.isNewline).map(String.init)
            }
        }
        #expect(lines.count > 800)
        lines += lines.flatMap { [$0 + " \r\n", $0 + "（林小山 王一鸣）", $0 + "(本报记者 周海 北京报道)\u{3000}"] }
        for pattern in gated {
            let ends = Set((pattern.branchGates + [pattern.gate]).compactMap(\.endsWith).joined())
            let random = Self.randomTexts(pieces, ending: ends.map(String.init), count: 400)
            try Self.compare(pattern, on: random + lines)
        }
    }

    /// A `rules check` probe ends in a character the pattern does not name: it is searched all the
    /// same, as a page may end as a match must after the runaway part (and is then searched).
    @Test func aPatternThatEndsTheTextIsProbedWhateverItEndsWith() throws {
        let pattern = try RegexLimitTests.pattern("(?:a|aa)+[)）]$")
        #expect(pattern.gate.endsWith == [")", "）"])
        #expect(pattern.runawayProbe(maxChars: nil) != nil)
        let runaway = String(repeating: "a", count: 30) + "!" + String(repeating: "a", count: 2000)
        #expect(pattern.search(runaway + "!)") { _ in true } != .done)
        #expect(pattern.search(runaway + "!") { _ in true } == .done)
    }

    /// Texts of random pieces, half of them ending with one of `ending`, then white space or not.
    static func randomTexts(_ pieces: [String], ending: [String], count: Int) -> [String] {
        let white = ["", "", " ", "\n", "\r\n", "\u{3000}", "\t \n", "\u{2028}", "\u{85}"]
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { round in
            let body = Fixture.randomText(from: pieces, pieces: 0...(round % 4 == 0 ? 60 : 12), using: &generator)
            let end = round % 2 == 0 ? ending.randomElement(using: &generator)! : ""
            return body + end + white.randomElement(using: &generator)!
        }
    }

    /// The pattern's matches on each text, with the branches its filter lets through and with all
    /// of them, against NSRegularExpression's.
    static func compare(_ pattern: Pattern, on texts: [String]) throws {
        let filter = PatternFilter([pattern], longest: .max)
        let foundation = try NSRegularExpression(pattern: pattern.source)
        for text in texts {
            let expected = RegexLimitTests.ranges(foundation, text)
            let may = filter.candidates(in: Array(text.unicodeScalars))[0]
            for branches in [may, .all] where !branches.isEmpty {
                let found = Pattern.withUTF16(text) { pattern.matches(inUTF16: $0, branches: branches) }
                #expect(
                    found.map(RegexLimitTests.groups) == expected,
                    "'\(pattern.source)' on \(text.debugDescription.prefix(80))")
            }
            if may.isEmpty { #expect(expected.isEmpty, "'\(pattern.source)' on \(text.debugDescription.prefix(80))") }
        }
    }
}
