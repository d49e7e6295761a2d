import Foundation
import Testing
@testable import Tiqu

/// Rule patterns run under ICU's time limit: a user's pattern that backtracks without bound costs a
/// document milliseconds and a warning, `rules check` reports it, and rule files have a size limit.
@Suite(.serialized) struct RegexLimitTests {
    /// A chrome rule that backtracks exponentially on a run of `a` that does not end the line.
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
        let lines = (0..<1_000).map { _ in String(repeating: "a", count: 30) + "!" }
        try ("今天天气很好，经济增长了百分之五。\n" + lines.joined(separator: "\n")).write(to: page, atomically: true, encoding: .utf8)
        let run = try Spawn.run(["extract", "--budget", "5", "--rules", rules.path, page.path], timeout: 60)
        #expect(run.status == 0)
        #expect(run.errorCodes.isEmpty, "\(run.stdout.prefix(300))")
        let warnings = run.lines.first?["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.contains("rule 'mine/runaway' timed out") && $0.contains("skipped on 997 more") },
                "\(warnings)")
        #expect(run.maxRSS < HostileRunTests.maxRSSBytes)
    }

    @Test func aRecordWithoutTimeOutsIsUnchanged() throws {
        let record = Fixture.record(bytes: Array("今天天气很好，经济增长了百分之五。".utf8))
        #expect(record.warnings.isEmpty)
    }

    /// The time limit grows with the text: no built-in pattern gives up on a long ordinary text.
    @Test func builtInPatternsFinishOnLongOrdinaryText() throws {
        let folder = Fixture.shared.appendingPathComponent("corpus/text")
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            .compactMap { try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
        let text = Fold.matching(Array(repeating: pages.joined(separator: "\n"), count: 4).joined(separator: "\n"))
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
        #expect(run.stdout.contains("runaway.yaml:5:14: error: the pattern of rule 'mine/runaway' ran out of its time limit"),
                "\(run.stdout)")
        let builtIn = try Fixture.run(["rules", "check"])
        #expect(builtIn.status == 0)
        #expect(!builtIn.stdout.contains("time limit"), "\(builtIn.stdout)")
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
        let handle = try FileHandle(forWritingTo: {
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
        #expect(run.maxRSS < 200 << 20)
    }

    /// A FIFO in a rules folder blocked the load forever.
    @Test func aRuleFileThatIsNotARegularFileIsRefused() throws {
        let dir = Fixture.temporaryDirectory()
        #expect(mkfifo(dir.appendingPathComponent("pipe.yaml").path, 0o644) == 0)
        let run = try Spawn.run(["rules", "check", dir.path], timeout: 20)
        #expect(run.status == 1)
        #expect(run.stdout.contains("pipe.yaml:1:1: error: the rule file is a FIFO (named pipe), not a regular file"),
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
        let line = String(repeating: "a", count: 30) + "!"
        let counts = UnsafeMutableBufferPointer<[Pattern.Timeouts.Entry]>.allocate(capacity: 8)
        defer { counts.deallocate() }
        counts.initialize(repeating: [])
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            counts[worker] = Pattern.Timeouts.collect {
                for _ in 0..<5 { _ = (worker % 2 == 0 ? runaway : fine).contains(line) }
            }.1
        }
        for worker in 0..<8 {
            let expected = worker % 2 == 0 ? [Pattern.Timeouts.Entry(rule: "runaway", timedOut: 3, skipped: 2)] : []
            #expect(counts[worker] == expected)
        }
        #expect(runaway.run(line) { _ in true } != .done, "outside collect a runaway pattern is still run, not skipped")
    }

    static func pattern(_ source: String, rule: String = "test") throws -> Pattern {
        let node = RuleNode(node: .scalar(.init(source)), path: "test.yaml")
        return try Pattern(source, rule: rule, at: node)
    }
}
