import Foundation
import Testing

@testable import Tiqu

/// Rule patterns run under ICU's time limit: a user's pattern that backtracks without bound costs a
/// document milliseconds and a warning, `rules check` reports it, and rule files have a size limit.
@Suite(.serialized) struct RegexLimitTests {
    /// A chrome rule that backtracks exponentially on a run of `a` that does not end the line (a
    /// line that ends in `a`, as its matches do, for it is not tried on one that ends otherwise).
    static let runawayRule = """
        kind: chrome
        rules:
          - id: mine/runaway
            role: footer
            pattern: '(a+)+$'
            examples: [{drop: aaa}, {keep: 今天天气很好。}]
        """

    static func rulesFolder(_ yaml: String) throws -> URL {
        let dir = Fixture.temporaryDirectory()
        try yaml.write(to: dir.appendingPathComponent("runaway.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    // MARK: Extraction

    /// Before the time limit each of these lines held a worker for seconds: 1,000 of them ran for
    /// hours, far past `--budget`, and the rule silently matched nothing.
    @Test func aRunawayUserRuleFinishesWithinTheBudgetWithAWarning() throws {
        let rules = try Self.rulesFolder(Self.runawayRule)
        let page = Fixture.temporaryDirectory().appendingPathComponent("page.txt")
        let lines = (0..<1_000).map { _ in String(repeating: "a", count: 30) + "!a" }
        let text = "今天天气很好，经济增长了百分之五。\n" + lines.joined(separator: "\n")
        try text.write(to: page, atomically: true, encoding: .utf8)
        let run = try Spawn.run(["extract", "--budget", "5", "--rules", rules.path, page.path], timeout: 60)
        #expect(run.status == 0)
        #expect(run.errorCodes.isEmpty, "\(run.stdout.prefix(300))")
        let warnings = run.lines.first?["warnings"] as? [String] ?? []
        let warned = warnings.contains { $0.contains("rule 'mine/runaway' timed out on 3") && $0.contains("997 more") }
        #expect(warned, "\(warnings)")
        #expect(run.maxRSS < HostileRunTests.maxRSSBytes)
    }

    @Test func aRecordWithoutTimeOutsIsUnchanged() throws {
        let record = Fixture.record(bytes: Array("今天天气很好，经济增长了百分之五。".utf8))
        #expect(record.warnings.isEmpty)
    }

    /// The time limit grows with the text: no built-in pattern gives up on a long ordinary text.
    @Test func builtInPatternsFinishOnLongOrdinaryText() throws {
        let text = Array(repeating: try Self.corpusPages().joined(separator: "\n"), count: 4).joined(separator: "\n")
        #expect(text.count > 200_000)
        for (pattern, _) in Fixture.book.patterns {
            #expect(pattern.search(text) { _ in true } == .done, "\(pattern.rule)")
        }
    }

    // MARK: rules check

    @Test func rulesCheckReportsARunawayPattern() throws {
        let rules = try Self.rulesFolder(Self.runawayRule)
        let run = try Fixture.run(["rules", "check", rules.path])
        #expect(run.status == 2)
        let error = "runaway.yaml:5:14: error: the pattern of rule 'mine/runaway' ran out of its time limit"
        #expect(run.stdout.contains(error), "\(run.stdout)")
        let builtIn = try Fixture.run(["rules", "check"])
        #expect(builtIn.status == 0)
        #expect(!builtIn.stdout.contains("time limit"), "\(builtIn.stdout)")
    }

    /// A pattern that needs digits is probed on lines without them too: a page may hold the
    /// digits beside the line's runaway part, where extraction would run out of time.
    @Test func aPatternThatNeedsDigitsIsProbedWithoutThem() throws {
        let pattern = try Self.pattern("(a+)+\\d{3}$")
        #expect(pattern.gate.digitRun == 3)
        #expect(pattern.runawayProbe(maxChars: nil) != nil)
        let page = String(repeating: "a", count: 30) + "!" + String(repeating: "a", count: 2000) + "!123"
        #expect(pattern.search(page) { _ in true } != .done)
    }

    /// Tried at every numeral of a long run, these two took time quadratic in its length; now
    /// they start only where a run starts, and still find what they found.
    @Test func numeralRunPatternsAreLinear() throws {
        let run = String(repeating: "一", count: 40_000) + "!"
        for id in ["not-quantity/sessions", "not-quantity/parts"] {
            let pattern = try #require(Fixture.book.quantity.exclusions.first { $0.id == id }).pattern
            let started = ContinuousClock.now
            #expect(pattern.matches(in: run).isEmpty)
            #expect(ContinuousClock.now - started < .milliseconds(500), "\(id)")
        }
        let sessions = try #require(Fixture.book.quantity.exclusions.first { $0.id == "not-quantity/sessions" }).pattern
        let found = sessions.matches(in: "区委六届二十四次全会和七届三次全会").map { $0.range }
        #expect(found == [NSRange(location: 2, length: 6), NSRange(location: 11, length: 4)])
    }

    // MARK: Rule files

    /// A 50 MB rule file took 1.4 GB and half a minute to load.
    @Test func aHugeRuleFileIsRefusedQuicklyWithLittleMemory() throws {
        let dir = Fixture.temporaryDirectory()
        let rule = "  - id: x/r\n    role: footer\n    pattern: 'abc'\n    examples: [{drop: abc}]\n"
        let chunk = Data(String(repeating: rule, count: 10_000).utf8)
        let handle = try FileHandle(
            forWritingTo: {
                let url = dir.appendingPathComponent("big.yaml")
                try Data("kind: chrome\nrules:\n".utf8).write(to: url)
                return url
            }())
        try handle.seekToEnd()
        while try handle.offset() < 50 << 20 { try handle.write(contentsOf: chunk) }
        try handle.close()
        let started = Date()
        let run = try Spawn.run(["rules", "check", dir.path], timeout: 120)
        #expect(run.status == 1)
        #expect(run.stdout.contains("big.yaml:1:1: error: the rule file is"), "\(run.stdout.prefix(300))")
        #expect(run.stdout.contains("over the limit of \(RuleBook.maxRuleFileBytes) bytes"))
        #expect(Date().timeIntervalSince(started) < 5)
        // The child's peak counts the test runner it was spawned from (Linux keeps it across exec),
        // so the bound is the hostile-run one; loading the file took 2.6 GB.
        #expect(run.maxRSS < HostileRunTests.maxRSSBytes)
    }

    /// A FIFO in a rules folder blocked the load forever.
    @Test func aRuleFileThatIsNotARegularFileIsRefused() throws {
        let dir = Fixture.temporaryDirectory()
        #expect(mkfifo(dir.appendingPathComponent("pipe.yaml").path, 0o644) == 0)
        let run = try Spawn.run(["rules", "check", dir.path], timeout: 20)
        #expect(run.status == 1)
        #expect(
            run.stdout.contains("pipe.yaml:1:1: error: the rule file is a FIFO (named pipe), not a regular file"),
            "\(run.stdout)")
    }

    // MARK: Threads

    /// Threads borrow clones of one compiled pattern: every match is right, and the pool keeps
    /// no more idle clones than its limit.
    @Test func thePoolIsSafeUnderConcurrency() throws {
        let pattern = try Self.pattern("(\\d+)年(\\d+)月")
        let texts = (0..<2_000).map { "第\($0)段：\(1900 + $0 % 200)年\($0 % 12 + 1)月，共\($0)人" }
        let results = UnsafeMutableBufferPointer<String?>.allocate(capacity: texts.count)
        defer { results.deallocate() }
        results.initialize(repeating: nil)
        DispatchQueue.concurrentPerform(iterations: 32) { worker in
            for i in stride(from: worker, to: texts.count, by: 32) {
                guard let m = pattern.firstMatch(in: texts[i]) else { continue }
                results[i] = texts[i].slice(m.range(at: 1))! + "/" + texts[i].slice(m.range(at: 2))!
            }
        }
        for i in texts.indices { #expect(results[i] == "\(1900 + i % 200)/\(i % 12 + 1)") }
        #expect(pattern.engine.idleCount <= Pattern.Engine.maxIdle)
    }

    /// Time-outs are counted per thread: a runaway pattern on one thread never marks another
    /// thread's document, and outside `collect` nothing is counted or skipped.
    @Test func timeOutsAreCountedPerThread() throws {
        let runaway = try Self.pattern("(a+)+$", rule: "runaway")
        let fine = try Self.pattern("a++$", rule: "fine")
        let line = String(repeating: "a", count: 30) + "!a"  // ends as both patterns' matches do
        let counts = UnsafeMutableBufferPointer<[Pattern.Timeouts.Entry]>.allocate(capacity: 8)
        defer { counts.deallocate() }
        counts.initialize(repeating: [])
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            counts[worker] =
                Pattern.Timeouts.collect {
                    for _ in 0..<5 { _ = (worker % 2 == 0 ? runaway : fine).contains(line) }
                }.1
        }
        for worker in 0..<8 {
            let expected = worker % 2 == 0 ? [Pattern.Timeouts.Entry(rule: "runaway", timedOut: 3, skipped: 2)] : []
            #expect(counts[worker] == expected)
        }
        #expect(runaway.run(line) { _ in true } != .done, "outside collect a runaway pattern is still run, not skipped")
    }

    // MARK: Same answers as Foundation, and the speed of both

    /// Every built-in pattern finds what `NSRegularExpression` finds, on every line of the text
    /// corpus and the samples (chrome patterns on lines up to their `max_chars`, not_quantity
    /// patterns on whole pages). With `TIQU_BENCH` set it also reports both engines' CPU time.
    @Test func patternsAgreeWithFoundation() throws {
        let pages = try Self.corpusPages()
        let lines = pages.flatMap { $0.split(separator: "\n").map(String.init) }
        let chrome = Fixture.book.patterns.filter { $0.maxChars != nil }
        let whole = Fixture.book.patterns.filter { $0.maxChars == nil }
        for (pattern, maxChars) in chrome {
            let foundation = try NSRegularExpression(pattern: pattern.source)
            for line in lines where line.count <= maxChars! {
                let found = pattern.matches(in: line).map(Self.groups)
                #expect(Self.ranges(foundation, line) == found, "\(pattern.rule): \(line)")
            }
        }
        for (pattern, _) in whole {
            let foundation = try NSRegularExpression(pattern: pattern.source)
            for page in pages {
                #expect(Self.ranges(foundation, page) == pattern.matches(in: page).map(Self.groups), "\(pattern.rule)")
            }
        }
        guard ProcessInfo.processInfo.environment["TIQU_BENCH"] != nil else { return }
        Self.benchmark(chrome: chrome.map { ($0.pattern, $0.maxChars!) }, lines: lines)
    }

    /// Patterns tried only where a match can start — at the start of the text, or where one of
    /// their start words stands — find what ICU's search of the whole text finds, on random texts of
    /// their own words and characters among fillers, where start words are rare (each is tried
    /// alone) and where they crowd (ICU searches the text).
    @Test func patternsTriedWhereTheyCanStartFindWhatICUFinds() throws {
        let patterns = Fixture.book.patterns.map(\.pattern)
        #expect(patterns.filter(\.gate.anchored).count >= 10)
        #expect(patterns.filter { $0.gate.starts != nil }.count >= 15)
        var generator = SystemRandomNumberGenerator()
        let fillers = [
            "的", "发展", " ", "，", "。", "2020", "\n", "(", "）", "a", "一", "x" + String(repeating: "镇", count: 40),
        ]
        for pattern in patterns where pattern.gate.anchored || pattern.gate.starts != nil {
            let foundation = try NSRegularExpression(pattern: pattern.source)
            let reading = RequiredLiterals.read(pattern.source)
            let words = (reading.starts ?? []) + reading.after.map(String.init)
            let own = pattern.source.unicodeScalars.map(String.init)
            for _ in 0..<300 {
                let crowded = Bool.random(using: &generator)
                let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ -> String in
                    switch Int.random(in: 0..<10, using: &generator) {
                    case 0: return words.randomElement(using: &generator) ?? ""
                    case 1...(crowded ? 7 : 3): return own.randomElement(using: &generator)!
                    default: return fillers.randomElement(using: &generator)!
                    }
                }.joined()
                #expect(
                    Self.ranges(foundation, text) == pattern.matches(in: text).map(Self.groups),
                    "\(pattern.rule): \(text)")
            }
        }
    }

    /// Patterns tried just after the scalars their branches look behind for, or at start words of
    /// two scalars (a bracket and a letter of a class too large to multiply out), find what ICU's
    /// search finds: on long texts where those places are few (each is tried alone) and on short
    /// ones where they crowd (ICU searches the text).
    @Test func patternsTriedAfterTheirLookbehindFindWhatICUFinds() throws {
        let sources = [
            "(?<=[。！？])\\s*[(（]\\p{Han}{2,3}[)）]", "(?:^|(?<=[。.]))\\s*x+", "(?<=ab|c)d", "(?<=[。])a|b",
            "(?<![a-z])[(（](?:ab|c)|(?<=[。])\\s*[)）]",
            "(?<=\\p{Han})[(（][abcdefghijklmnopqrstuvwxyzāáǎàēéěèīí]{1,6}[)）]",
            "(?<=[。])(?:x|)", "(?<=[\u{1D7D1}。])x", "(?<=[。])\\s*$",
            // Classes with a dash: first or last it is itself, between two characters their span.
            "(?<=[。])[—─-]{2}\\s*\\S|^《[^》]{1,30}》$", "[-ā]x|(?<=[。])[a-c]{2}d|[x-]y",
        ]
        let pieces = [
            "。", "！", ".", "(", "（", ")", "）", " ", "a", "b", "c", "d", "x", "ā", "\u{1D7D1}", "\n", "-", "—", "─", "《",
            "y",
            "》",
        ]
        var generator = SystemRandomNumberGenerator()
        for source in sources {
            let pattern = try Self.pattern(source)
            let reading = RequiredLiterals.read(source)
            let twoScalars = reading.starts?.allSatisfy { $0.unicodeScalars.count == 2 } == true
            #expect(pattern.gate.starts != nil && (!reading.after.isEmpty || twoScalars), "\(source)")
            let foundation = try NSRegularExpression(pattern: source)
            for _ in 0..<400 {
                let long = Bool.random(using: &generator)
                let text = (0..<Int.random(in: 0...(long ? 400 : 24), using: &generator)).map { _ in
                    long && Int.random(in: 0..<8, using: &generator) > 0
                        ? "中" : pieces.randomElement(using: &generator)!
                }.joined()
                #expect(
                    Self.ranges(foundation, text) == pattern.matches(in: text).map(Self.groups), "\(source) on \(text)")
            }
        }
    }

    /// A digit-led pattern whose matches hold a longer run of digits and have a bounded length is
    /// tried only at the places with such a run close enough after them: on random texts of
    /// digits (ASCII, full-width, an astral one), letters and Han, long runs and short, it finds
    /// what ICU finds.
    @Test func digitLedPatternsTriedNearTheirRunFindWhatICUFinds() throws {
        let sources = [
            "\\d{3,4}-\\d{7,8}|(?<!\\d)1[3-9]\\d{9}(?!\\d)", "\\d{2}-?\\d{6}", "\\d\\d[a-c]{0,3}\\d{5}",
            "(?<!\\d)\\d{3}x{1,2}\\d{4}(?!\\d)", "\\d{2,3}(?:ab|\\d)\\d{4}", "\\d{4}年\\d{5}", "\\d{2}x?(?=\\d)\\d{5}",
        ]
        let pieces = ["1", "2", "0", "9", "-", "a", "b", "x", "年", "中", " ", "３", "\u{1D7D1}"]
        var generator = SystemRandomNumberGenerator()
        for source in sources {
            let pattern = try Self.pattern(source)
            #expect(
                pattern.gate.digitLead > 1 && pattern.gate.digitRun > pattern.gate.digitLead
                    && pattern.gate.longestMatch != nil,
                "\(source)")
            let foundation = try NSRegularExpression(pattern: source)
            for _ in 0..<600 {
                let digitShare = Int.random(in: 1...9, using: &generator)
                let text = (0..<Int.random(in: 0...120, using: &generator)).map { _ in
                    Int.random(in: 0..<10, using: &generator) < digitShare
                        ? ["1", "2", "0", "9", "３", "\u{1D7D1}"].randomElement(using: &generator)!
                        : pieces.randomElement(using: &generator)!
                }.joined()
                #expect(
                    Self.ranges(foundation, text) == pattern.matches(in: text).map(Self.groups), "\(source) on \(text)")
            }
        }
    }

    /// A pattern that opens with a run of a class before a word (`[\d一二…]++届`, with no start
    /// words) is tried only in the runs that end where the word stands: on random texts of digits
    /// (ASCII, full-width, an astral one), Han numerals, the words and others, it finds what ICU
    /// finds. A run that may be empty, a word the class holds, a class the reader cannot list or
    /// a pattern of more than one branch gives no such places.
    @Test func patternsTriedInTheRunBeforeTheirWordFindWhatICUFinds() throws {
        let sources = [
            "(?<![\\d一二十])[\\d一二十]++届[\\d一二十]++次", "[\\d一二]+年", "\\d+届", "(?<!a)[ab\\-\\d]{2,3}届次",
            "\\b[一二\\d]+?(?:届|次)", "(?=一)[一二\\d]{1,2}届",
        ]
        let pieces = ["1", "0", "３", "\u{1D7D1}", "一", "二", "十", "a", "b", "-", "中", " ", "年", "次"]
        var generator = SystemRandomNumberGenerator()
        for source in sources {
            let pattern = try Self.pattern(source)
            #expect(pattern.gate.runBefore != nil, "\(source)")
            let foundation = try NSRegularExpression(pattern: source)
            for _ in 0..<600 {
                let wordShare = Int.random(in: 0...40, using: &generator)
                let text = (0..<Int.random(in: 0...300, using: &generator)).map { _ in
                    Int.random(in: 0..<1000, using: &generator) < wordShare
                        ? "届" : pieces.randomElement(using: &generator)!
                }.joined()
                #expect(
                    Self.ranges(foundation, text) == pattern.matches(in: text).map(Self.groups), "\(source) on \(text)")
            }
        }
        for source in ["[\\d一]*届", "[一届]+届", "\\d+\\d", "[^a]+届", "(?:一|二)+届", "[一-九]+届", "[一]+届|二", "[\\s]+届"] {
            #expect(try Self.pattern(source).gate.runBefore == nil, "\(source)")
        }
    }

    /// Patterns whose quantifier ICU applies to less than it seems to (after `\Q…\E` or a comment),
    /// or whose `^` is not their first piece, find what ICU finds: the reader gives up on the first
    /// and does not take the second for anchored.
    @Test(arguments: [
        ("\\Q约为\\E?5000吨", "全年产量约5000吨,约为5000吨"), ("a\\Q\\E*", "baab"), ("a(?#x)*", "baab"),
        ("(?:^)\\Q\\E?abc", "xabc"), ("(?:^)(?#x)?abc", "xabc"), ("(?:ab)\\Q\\E{0}c", "abc c"),
        ("\\d?^x|y", "xyy"), ("(?:ab){0}c", "abc"), ("a?b", "cabb"), ("x|^", "ax"), ("^$|abc", ""),
        ("^a|b", "ab b"), ("^(?:a|)|b", "bab"), ("^a|b", "cab"), ("^ab|^cd", "cd ab"), ("^ab|^cd", "xab"),
    ])
    func quantifiersAndAnchorsReadAsICUReadsThem(_ source: String, _ text: String) throws {
        let pattern = try Self.pattern(source)
        let foundation = try NSRegularExpression(pattern: source)
        #expect(Self.ranges(foundation, text) == pattern.matches(in: text).map(Self.groups), "\(source)")
    }

    /// The reader takes `\s` for Unicode's White_Space and `\t`, `\n`, `\r`, `\f` for their controls, in a
    /// class or alone, as ICU reads them: every scalar of the Basic Multilingual Plane and every
    /// 16th above it, against ICU (a flag leaves the pattern to ICU's search).
    @Test func escapesReadAsICUReadsThem() throws {
        let escapes: [(String, Set<RequiredLiterals.Word>)] = [
            ("\\s", RequiredLiterals.Parser.whiteSpace), ("\\t", [["\t"]]), ("\\n", [["\n"]]), ("\\r", [["\r"]]),
            ("\\f", [["\u{0C}"]]),
        ]
        #expect(RequiredLiterals.Parser.whiteSpace.count == 25)
        for (escape, members) in escapes {
            #expect(RequiredLiterals.Parser.escaped(escape.unicodeScalars.last!) == members)
            for source in [escape, "[\(escape)]"] {
                let icu = try Self.pattern("(?-i)^\(source)$")
                #expect(icu.gate.starts == nil && !icu.gate.anchored)
                let scalars = Array(0..<0x10000) + Array(stride(from: 0x10000, to: 0x110000, by: 16))
                let differ = scalars.compactMap(Unicode.Scalar.init).filter {
                    icu.contains(String($0)) != members.contains([$0])
                }
                #expect(differ.isEmpty, "\(source): \(differ.map { String($0.value, radix: 16) })")
            }
        }
    }

    /// An attempt at a start word that needs more than a tick hands the text to ICU's search,
    /// which finds the same matches within the text's own time limit; an anchored pattern out of
    /// time at the start leaves the text to ICU's search too, and ends as it ends when the whole
    /// limit went to that start.
    @Test func aSlowAttemptHandsTheTextToICUsSearch() throws {
        let anchored = try Self.pattern("^(a+)+b.{1000}")
        let searched = try Self.pattern("(?-i)^(a+)+b.{1000}")  // the same; a flag leaves it to ICU's search
        #expect(anchored.gate.anchored && !searched.gate.anchored && searched.gate.starts == nil)
        for text in [String(repeating: "a", count: 500), "ab" + String(repeating: "x", count: 1000)] {
            #expect(anchored.run(text) { _ in true } == searched.run(text) { _ in true })
            #expect(anchored.matches(in: text).map(Self.groups) == searched.matches(in: text).map(Self.groups))
        }
        // After an anchored branch's empty match at the start, a slow attempt hands ICU the text
        // from the next code point on, so the empty match is not found twice.
        let empty = try Self.pattern("^|b(?:a|a)*c")
        #expect(empty.gate.starts?.alsoAtStart == true)
        for n in 10...18 {
            let text = "xb" + String(repeating: "a", count: n) + "d" + String(repeating: "x", count: 100)
            let foundation = try NSRegularExpression(pattern: empty.source)
            #expect(Self.ranges(foundation, text) == empty.matches(in: text).map(Self.groups), "\(n)")
        }
        let pattern = try Self.pattern("a(?:x|y)*b|c")
        #expect(pattern.gate.starts != nil)
        let long = String(repeating: "x", count: 40_000)
        for text in ["a\(long)b", "c a\(long)b c", "ab c a\(long)", "c\(long)a\(long)bc"] {
            let foundation = try NSRegularExpression(pattern: pattern.source)
            #expect(pattern.run(text) { _ in true } == .done)
            #expect(Self.ranges(foundation, text) == pattern.matches(in: text).map(Self.groups))
            #expect(!pattern.matches(in: text).isEmpty)
        }
    }

    /// CPU time of the classifier's question (does the chrome pattern match the line?), best of five.
    static func benchmark(chrome: [(Pattern, Int)], lines: [String]) {
        let foundation = chrome.map { (try! NSRegularExpression(pattern: $0.0.source), $0.1) }
        var best = (foundation: Double.infinity, icu: Double.infinity)
        var hits = (0, 0)
        for _ in 0..<5 {
            best.foundation = min(
                best.foundation,
                cpuSeconds {
                    for (regex, maxChars) in foundation {
                        for line in lines where line.count <= maxChars {
                            let whole = NSRange(location: 0, length: line.utf16.count)
                            hits.0 += regex.firstMatch(in: line, range: whole) == nil ? 0 : 1
                        }
                    }
                })
            best.icu = min(
                best.icu,
                cpuSeconds {
                    for (pattern, maxChars) in chrome {
                        for line in lines where line.count <= maxChars {
                            hits.1 += pattern.contains(line) ? 1 : 0
                        }
                    }
                })
        }
        print(
            "chrome patterns × \(lines.count) lines: NSRegularExpression \(best.foundation) s, "
                + "ICU C API \(best.icu) s, hits \(hits.0 / 5) / \(hits.1 / 5)")
    }

    static func cpuSeconds(_ body: () -> Void) -> Double {
        var start = timespec(), end = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
        body()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
        return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    }

    /// The folded pages of the text corpus and the text samples, as the rules see them.
    static func corpusPages() throws -> [String] {
        let folders = [Fixture.shared.appendingPathComponent("corpus/text"), Fixture.samples]
        return try folders.flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }.sorted()
                .compactMap { try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
                .map(Fold.matching)
        }
    }

    static func ranges(_ regex: NSRegularExpression, _ text: String) -> [[NSRange]] {
        regex.matches(in: text, range: NSRange(location: 0, length: text.utf16.count)).map { m in
            (0..<m.numberOfRanges).map { m.range(at: $0) }
        }
    }

    static func groups(_ match: Pattern.Match) -> [NSRange] { (0..<match.numberOfRanges).map(match.range(at:)) }

    static func pattern(_ source: String, rule: String = "test") throws -> Pattern {
        let node = RuleNode(node: .scalar(.init(source)), path: "test.yaml")
        return try Pattern(source, rule: rule, at: node)
    }
}
