import Foundation
import Testing

@testable import Tiqu

/// Broken rule files get `path:line:column: error: message` diagnostics that say what to fix.
@Suite struct RuleBookTests {
    /// A word rule's fields live in a box its copies share; changing one copy leaves the others as
    /// they were (a folder's extension adds forms to its own rule book only).
    @Test func wordRulesStayValues() {
        var a = WordRule(id: "places/city", role: "level", forms: ["市"], value: "city", maxName: nil, notBefore: [])
        let b = a
        a.forms.append("市区")
        a.regions = ["mainland"]
        #expect(b.forms == ["市"] && b.regions == nil)
        #expect(a.forms == ["市", "市区"] && a.regions == ["mainland"] && a.id == b.id)
    }

    func diagnostics(_ yaml: String, file: String = "bad.yaml") -> [Diagnostic] {
        let dir = Fixture.temporaryDirectory()
        try! yaml.write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8)
        do {
            _ = try RuleBook.load([dir.path])
            return []
        } catch let error as RuleBookError {
            return error.diagnostics
        } catch {
            Issue.record("unexpected error \(error)")
            return []
        }
    }

    @Test func unknownKeyIsPinpointedWithASuggestion() throws {
        let d = diagnostics(
            """
            kind: chrome
            rules:
              - id: x/one
                role: footer
                patern: 'abc'
                examples:
                  - drop: abc
            """)
        let first = try #require(d.first)
        #expect(first.line == 5 && first.column == 5)
        #expect(first.message.contains("unknown key 'patern'") && first.message.contains("did you mean 'pattern'"))
        #expect(first.description.hasSuffix("bad.yaml:5:5: error: \(first.message)"))
    }

    @Test func wrongTypeAndBadRegexAndMissingExamples() {
        let wrongType = diagnostics(
            "kind: chrome\nrules:\n  - id: x/a\n    role: footer\n    pattern: abc\n    max_chars: many\n    examples: []\n"
        )
        #expect(wrongType.first?.message.contains("max_chars must be a whole number") == true)
        #expect(wrongType.first?.line == 6)
        let badRegex = diagnostics(
            "kind: chrome\nrules:\n  - id: x/a\n    role: footer\n    pattern: '(unclosed'\n    examples: []\n")
        #expect(badRegex.first?.message.contains("invalid regular expression") == true)
        #expect(badRegex.first?.line == 5)
        let noExamples = diagnostics("kind: chrome\nrules:\n  - id: x/a\n    role: footer\n    pattern: abc\n")
        #expect(noExamples.first?.message.contains("has no examples") == true)
    }

    /// A region's multipliers are one character each, worth a whole number above 1.
    @Test func regionMultipliersArePinpointed() {
        func region(_ multipliers: String) -> [Diagnostic] {
            diagnostics(
                "kind: region\nrules:\n  - id: r/x\n    region: xx\n    currency: XXX\n"
                    + "    multipliers: \(multipliers)\n    examples: []\n")
        }
        let twoCharacters = region("{兆兆: 1000}")
        #expect(twoCharacters.first?.message.contains("a multiplier is one character, found '兆兆'") == true)
        #expect(twoCharacters.first?.line == 6 && twoCharacters.first?.column == 19)
        #expect(region("{兆: 1}").first?.message.contains("must be a whole number above 1") == true)
        #expect(region("{兆: lots}").first?.message.contains("must be a whole number") == true)
        #expect(region("[兆]").first?.message.contains("multipliers must be a mapping") == true)
    }

    @Test func unknownKindAndRoleSuggestTheRightOne() {
        #expect(diagnostics("kind: chrom\nrules: []\n").first?.message.contains("did you mean 'chrome'") == true)
        let role = diagnostics(
            "kind: chrome\nrules:\n  - id: x/a\n    role: foter\n    pattern: abc\n    examples: []\n")
        #expect(role.first?.message.contains("did you mean 'footer'") == true)
    }

    @Test func yamlSyntaxErrorsHavePositions() throws {
        let d = diagnostics("kind: chrome\nrules:\n  - id: x/a\n    role: footer\n    pattern: 'a: b\n")
        let first = try #require(d.first)
        #expect(first.message.hasPrefix("YAML syntax"))
        #expect(first.line >= 5)
    }

    @Test func duplicateIDsInOneFolderAreErrors() {
        let d = diagnostics(
            """
            kind: chrome
            rules:
              - id: x/same
                role: footer
                pattern: abc
                examples: [{drop: abc}]
              - id: x/same
                role: footer
                pattern: def
                examples: [{drop: def}]
            """)
        #expect(d.contains { $0.message.contains("duplicate rule id 'x/same'") && $0.line == 7 })
    }

    @Test func failingExampleIsReportedAtTheExample() throws {
        let dir = Fixture.temporaryDirectory()
        try """
        kind: chrome
        rules:
          - id: x/footer
            role: footer
            pattern: '^版权'
            examples:
              - drop: 版权所有
              - drop: 本站版权
        """.write(to: dir.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
        let book = try RuleBook.load([dir.path])
        let failures = book.exampleFailures()
        #expect(failures.count == 1)
        #expect(failures.first?.line == 8)
        #expect(failures.first?.message.contains("must be dropped, but it is kept") == true)
    }

    /// Page rules (writers' names, signatures, footers) are checked like the others: a signature
    /// pattern needs the group that holds the names, a list needs its forms, and a failing example
    /// is reported at its line with what the page mechanisms read instead.
    @Test func pageRulesArePinpointedAndTheirExamplesRun() throws {
        let noGroup = diagnostics(
            "kind: page\nrules:\n  - id: x/sig\n    role: signature\n    pattern: '（\\p{Han}{2,3}）$'\n"
                + "    examples: []\n")
        #expect(noGroup.first?.message.contains("needs a group") == true)
        #expect(noGroup.first?.line == 5)
        let noForms = diagnostics("kind: page\nrules:\n  - id: x/no\n    role: not_name\n    examples: []\n")
        #expect(noForms.first?.message.contains("needs 'forms'") == true)
        let dir = Fixture.temporaryDirectory()
        try """
        kind: page
        rules:
          - id: x/more-not-names
            role: not_name
            forms: [见右图]
            examples:
              - { line: 林小山, author: 林小山 }
              - { line: 见右图, author: '' }
              - { line: 王一鸣, author: '' }
        """.write(to: dir.appendingPathComponent("page.yaml"), atomically: true, encoding: .utf8)
        let failures = try RuleBook.load([dir.path]).exampleFailures()
        #expect(failures.count == 1)
        #expect(failures.first?.line == 9)
        #expect(failures.first?.message.contains("'王一鸣' gives author '王一鸣', expected nothing") == true)
    }

    /// A user folder layers over the built-in rules: the same id replaces, a new id is added (first).
    @Test func userRulesLayerOverBuiltIn() throws {
        let dir = Fixture.temporaryDirectory()
        try """
        kind: chrome
        rules:
          - id: chrome/footer
            role: footer
            pattern: '本站声明'
            examples: [{drop: 本站声明}]
          - id: mine/slogan
            role: footer
            pattern: '^喜迎国庆$'
            examples: [{drop: 喜迎国庆}]
        """.write(to: dir.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
        let book = try RuleBook.load([Fixture.rules.path, dir.path])
        #expect(book.chrome.count == Fixture.book.chrome.count + 1)
        #expect(book.chrome.first?.id == "mine/slogan")
        let footer = try #require(book.chrome.first { $0.id == "chrome/footer" })
        if case .pattern(let p) = footer.test {
            #expect(p.source == "本站声明")
        } else {
            Issue.record("footer lost its pattern")
        }
    }

    @Test func wordRuleFilesCheckRolesAndValues() throws {
        let role = diagnostics("kind: honor\nrules:\n  - id: x/v\n    role: verbb\n    forms: [荣获]\n    examples: []\n")
        #expect(role.first?.line == 4 && role.first?.message.contains("did you mean 'verb'") == true, "\(role)")
        let level = diagnostics("kind: place\nrules:\n  - id: x/l\n    forms: [盟]\n    examples: []\n")
        #expect(level.first?.message.contains("missing the required key 'value'") == true, "\(level)")
        let kind = diagnostics(
            "kind: program_head\nrules:\n  - id: x/k\n    value: campain\n    forms: [战役]\n    examples: []\n")
        #expect(kind.first?.line == 4 && kind.first?.message.contains("unknown value 'campain'") == true, "\(kind)")
        let years = diagnostics(
            "kind: date\nrules:\n  - id: x/y\n    role: relative_year\n    value: last\n    forms: [上年]\n    examples: []\n"
        )
        #expect(years.first?.line == 5 && years.first?.message.contains("whole number of years") == true, "\(years)")
    }

    /// Values no rule can mean are refused where they are written, whatever the examples say:
    /// lengths and counts below 1, a lower bound above the upper, a factor that is not a finite
    /// number above 0, an empty form or word, an empty list.
    @Test func nonsenseValuesAreRefusedAtTheirPlace() {
        func unit(_ lines: String) -> String {
            "kind: unit\nrules:\n  - id: x/bed\n    unit: bed\n" + lines + "    examples: ['有⟦120床位⟧ → 120 bed']\n"
        }
        func chrome(_ lines: String) -> String {
            "kind: chrome\nrules:\n  - id: x/a\n    role: footer\n" + lines + "    examples: [{drop: abc}]\n"
        }
        let cases: [(String, Int, Int, String)] = [
            (chrome("    pattern: abc\n    max_chars: -5\n"), 6, 16, "max_chars must be at least 1, found -5"),
            (chrome("    pattern: abc\n    max_chars: 0\n"), 6, 16, "max_chars must be at least 1, found 0"),
            (
                chrome("    shape: short_tokens\n    min_tokens: 0\n    max_token_chars: 4\n"), 6, 17,
                "min_tokens must be at least 1, found 0"
            ),
            (unit("    forms: [床位]\n    factor: 1e400\n"), 6, 13, "factor must be a finite number, found '1e400'"),
            (unit("    forms: [床位]\n    factor: .nan\n"), 6, 13, "factor must be a number, found '.nan'"),
            (unit("    forms: [床位]\n    factor: 0\n"), 6, 13, "factor must be above 0, found '0'"),
            (
                unit("    forms: [床位]\n    min: 10\n    max: 5\n"), 7, 10,
                "max 5 is below min 10: no value lies between them; swap them or correct one"
            ),
            (unit("    forms: [床位, '']\n"), 5, 17, "item 2 of forms is empty; remove it or write the word"),
            (unit("    forms: ['  ']\n"), 5, 13, "item 1 of forms is empty"),
            (unit("    forms: []\n"), 5, 12, "forms is an empty list; list at least one, or leave the key out"),
            (unit("    forms: [床位]\n    not_before: [位子, '']\n"), 6, 22, "item 2 of not_before is empty"),
            (unit("    forms: [床位]\n    prefixes: []\n"), 6, 15, "prefixes is an empty list"),
            (
                "kind: qualifier\nrules:\n  - id: x/q\n    approx: about\n    before: ['']\n    examples: []\n", 5, 14,
                "item 1 of before is empty"
            ),
            (
                "kind: modifier\nrules:\n  - id: x/m\n    role: increase\n    forms: ''\n    examples: []\n", 5, 12,
                "item 1 of forms is empty"
            ),
            (
                "kind: place\nrules:\n  - id: x/p\n    value: city\n    forms: [市]\n    max_name: -1\n"
                    + "    examples: []\n",
                6, 15, "max_name must be at least 1, found -1"
            ),
            (
                "kind: date\nrules:\n  - id: x/e\n    role: implied_era\n    value: 1911\n    region: tw\n"
                    + "    years: [200, 38]\n    examples: []\n", 7, 12,
                "years must be the first and last year in order, such as [38, 200]; 38 is before 200"
            ),
            (
                "kind: region\nrules:\n  - id: x/r\n    region: tw\n    currency: TWD\n    era_years: [90, 130, x]\n"
                    + "    examples: []\n", 6, 16,
                "era_years must be two whole numbers, the first and last year in order, such as [90, 130]"
            ),
            (
                "kind: page\nrules:\n  - id: x/n\n    role: not_name\n    forms: [前言, '']\n    examples: []\n", 5, 17,
                "item 2 of forms is empty"
            ),
            ("kind: html\ndrop_tags: [script, '']\n", 2, 21, "item 2 of drop_tags is empty"),
            (
                "kind: unit\nrules:\n  - extends: units/ton\n    forms: ['']\n    examples: ['⟦1吨⟧ → 1 ton']\n", 4, 13,
                "item 1 of forms is empty"
            ),
        ]
        for (yaml, line, column, message) in cases {
            let d = diagnostics(yaml)
            #expect(d.count == 1, "\(yaml): \(d)")
            #expect(d.first?.line == line && d.first?.column == column, "\(yaml): \(d)")
            #expect(d.first?.message.contains(message) == true, "\(yaml): \(d)")
        }
        // What the checks allow still loads: a factor below 1, bounds in order, one form.
        #expect(diagnostics(unit("    forms: [床位]\n    factor: 0.001\n    min: 1\n    max: 1\n")).isEmpty)
    }

    /// A user's head noun makes a new kind of quoted name a program, without recompiling.
    @Test func userProgramHeadTakesEffect() throws {
        let dir = Fixture.temporaryDirectory()
        try """
        kind: program_head
        rules:
          - id: mine/garden
            value: place
            forms: [花园]
            examples:
              - 建成⟦“幸福”花园⟧ → 幸福 head=花园 kind=place
        """.write(to: dir.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
        let builtIn = try #require(RuleBook.builtInFolder())
        let book = try RuleBook.load([builtIn, dir.path])
        #expect(book.exampleFailures().isEmpty, "\(book.exampleFailures())")
        let facts = Pipeline(rules: book).facts(of: "社区里新添“邻里”花园一座")
        #expect(facts.first { $0.kind == .programs }?.value.program?.head == "花园")
        #expect(Pipeline(rules: Fixture.book).facts(of: "社区里新添“邻里”花园一座").filter { $0.kind == .programs }.isEmpty)
    }
}
