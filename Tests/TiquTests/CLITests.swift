import Foundation
import Testing

@testable import Tiqu

/// The built `tiqu` binary, end to end: stdout, stderr and exit statuses.
@Suite(.serialized) struct CLITests {
    @Test func extractWritesOneLinePerInputAndASummary() throws {
        let dir = Fixture.temporaryDirectory()
        try Data().write(to: dir.appendingPathComponent("empty.txt"))
        try Data([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]).write(to: dir.appendingPathComponent("image.txt"))
        try Data("街道面积5.2平方公里，常住人口8.8万人。".utf8).write(to: dir.appendingPathComponent("ok.txt"))
        let run = try Fixture.run(["extract", dir.path, "/nonexistent/gone.html", Fixture.seeds.path])
        #expect(run.status == 0)
        let lines = run.lines
        #expect(
            lines.map { $0["id"] as? String } == [
                "empty", "image", "ok", "gone", "000_a50fa9c0a5e753b2", "003_87e76716f90a3b64",
            ])
        #expect(
            lines.compactMap { ($0["error"] as? [String: Any])?["code"] as? String } == [
                "empty", "binary", "not_found",
            ])
        #expect(run.stderr.contains("tiqu: 6 document(s), 3 record(s), 3 error(s) (binary: 1, empty: 1, not_found: 1)"))
        #expect(!run.stdout.contains("\\u"), "CJK is not escaped")
    }

    /// Paths from stdin (how Spark hands over WARC files), unordered output, and the budget option.
    @Test func pathsFromStdinUnorderedAndBudget() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixture.corpusHTML.path).sorted().prefix(8)
            .map { Fixture.corpusHTML.appendingPathComponent($0).path }
        let ordered = try Fixture.run(
            ["extract", "--paths-from", "-", "--jobs", "2"], stdin: Data(files.joined(separator: "\n").utf8))
        #expect(ordered.status == 0)
        let orderedIDs = ordered.lines.compactMap { $0["id"] as? String }
        #expect(orderedIDs == files.map { Inputs.id(for: $0) })
        let unordered = try Fixture.run(["extract", "--unordered", "--jobs", "2"] + files)
        #expect(unordered.lines.compactMap { $0["id"] as? String }.sorted() == orderedIDs.sorted())
        let tight = try Fixture.run(["extract", "--budget", "0.000001", files[0]])
        #expect(tight.status == 0)
        #expect((tight.lines.first?["error"] as? [String: Any])?["code"] as? String == "budget_exceeded")
        #expect(try Fixture.run(["extract", "--budget", "0", files[0]]).status == 2)
    }

    /// `--paths-from -` and `--jsonl -` both read stdin: a usage error naming both, before any input is read.
    @Test func twoReadersOfStdinAreAUsageError() throws {
        let run = try Fixture.run(
            ["extract", "--paths-from", "-", "--jsonl", "-"], stdin: Data(#"{"id":"a","text":"人口3万人。"}"#.utf8))
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("--jsonl - and --paths-from - each read stdin"))
    }

    /// A `--paths-from` line holding a NUL byte is refused unopened (the system would open the part
    /// before it); the next line is read as usual.
    @Test func aListedPathWithANULIsRefusedUnopened() throws {
        let dir = try Fixture.folder(["with space.txt": "常住人口8.8万人。", "good.txt": "面积5平方公里。"])
        let list =
            Array(dir.appendingPathComponent("with space.txt").path.utf8) + [0] + Array("new\n".utf8)
            + Array(dir.appendingPathComponent("good.txt").path.utf8) + [0x0A]
        let run = try Fixture.run(["extract", "--paths-from", "-"], stdin: Data(list))
        #expect(run.status == 0)
        #expect(run.lines.count == 2)
        let error = try #require(run.lines.first?["error"] as? [String: Any])
        #expect(error["code"] as? String == "not_found")
        #expect((error["message"] as? String)?.contains("with space.txt\\x00new' holds a NUL byte") == true)
        #expect(run.lines.last?["id"] as? String == "good" && run.lines.last?["error"] == nil)
    }

    @Test func strictFailsWhenADocumentFailed() throws {
        #expect(try Fixture.run(["extract", "--strict", "/nonexistent/x.txt"]).status == 1)
        #expect(try Fixture.run(["extract", "--strict", Fixture.seeds.path]).status == 0)
    }

    @Test func rulesCheckWarnsAboutFormsNoExampleShows() throws {
        let dir = Fixture.temporaryDirectory()
        let rule = """
            kind: unit
            rules:
              - id: mine/mu
                unit: mu
                forms: [亩, 畝, 市亩]
                examples:
                  - 耕地⟦120亩⟧ → 120 mu
            """
        try Data(rule.utf8).write(to: dir.appendingPathComponent("mu.yaml"))
        let run = try Fixture.run(["rules", "check", dir.path])
        #expect(run.status == 0)
        #expect(run.stdout.contains("mu.yaml:3:5: warning: rule 'mine/mu': no example shows the form(s) '市亩'"))
        #expect(!run.stdout.contains("'亩'") && run.stdout.contains(": ok ("))
    }

    @Test func rulesShowPrintsTheEntryAsWrittenWithItsExamples() throws {
        let run = try Fixture.run(["rules", "show", "periods/plan-14"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasSuffix("Rules/periods.yaml:26") == true, "\(lines)")
        #expect(lines.dropFirst().first == "  - id: periods/plan-14")
        #expect(lines.contains("      - 二十四五个") && !lines.contains { $0.contains("plan-15") })
        let missing = try Fixture.run(["rules", "show", "periods/plan-99"])
        #expect(missing.status == 2 && missing.stderr.contains("rules of that family: periods/plan-11"))
    }

    @Test func usageErrorsExitTwo() throws {
        let run = try Fixture.run(["extract"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("give at least one file or folder"))
        #expect(try Fixture.run(["extract", "--no-such-flag", "x"]).status == 2)
    }

    @Test func unwritableOutputExitsThree() throws {
        let run = try Fixture.run(["extract", "-o", "/nonexistent/dir/out.jsonl", Fixture.seeds.path])
        #expect(run.status == 3)
        #expect(run.stderr.contains("cannot write"))
    }

    @Test func outputFileIsCompleteAndStdoutStaysEmpty() throws {
        let out = Fixture.temporaryDirectory().appendingPathComponent("out.jsonl")
        let run = try Fixture.run(["extract", "--with-text", "-o", out.path, Fixture.seeds.path])
        #expect(run.status == 0 && run.stdout.isEmpty)
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(run.stderr.contains("output in \(out.path)"))
    }

    @Test func stdinIsOneDocument() throws {
        let run = try Fixture.run(
            ["extract", "--with-text", "-"],
            stdin: Data("<html><body><article><p>街道面积5.2平方公里，常住人口8.8万人，户籍人口5.1万人。</p></article></body></html>".utf8))
        let line = try #require(run.lines.first)
        #expect(line["id"] as? String == "stdin")
        #expect((line["source"] as? [String: Any])?["format"] as? String == "html")
        #expect(line["text"] as? String == "街道面积5.2平方公里，常住人口8.8万人，户籍人口5.1万人。")
    }

    @Test func explainShowsWhatWasDroppedAndWhy() throws {
        let run = try Fixture.run([
            "extract", "--explain", Fixture.seeds.appendingPathComponent("000_a50fa9c0a5e753b2.txt").path,
        ])
        #expect(run.stderr.contains("dropped [chrome/nav-bar] 首頁 熱點 時尚 直播 熱圖 科技 快消 小鎮 專題 聯盟"))
        #expect(run.stderr.contains("dropped [chrome/caption] 街道全景"))
        #expect(run.stderr.contains("dropped [chrome/editor-line] (責任編輯:曹洋)"))
    }

    @Test func worksFromAnyDirectoryWithTheBuiltInRules() throws {
        let run = try Fixture.run(["extract", Fixture.seeds.path], in: URL(fileURLWithPath: "/"))
        #expect(run.status == 0)
        #expect(run.lines.count == 2)
    }

    @Test func userRulesChangeOutputWithoutARebuild() throws {
        let dir = Fixture.temporaryDirectory()
        try """
        kind: chrome
        rules:
          - id: mine/motto
            role: footer
            pattern: '^经济复苏强劲有力'
            max_chars: 1000
            examples: [{drop: 经济复苏强劲有力。}]
        """.write(to: dir.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
        let seed = Fixture.seeds.appendingPathComponent("000_a50fa9c0a5e753b2.txt").path
        let plain = try Fixture.run(["extract", "--with-text", seed]).lines[0]["text"] as? String ?? ""
        let layered =
            try Fixture.run(["extract", "--with-text", "--rules", dir.path, seed]).lines[0]["text"] as? String ?? ""
        let viaEnv =
            try Fixture.run(["extract", "--with-text", seed], environment: ["TIQU_RULES": dir.path]).lines[0]["text"]
            as? String ?? ""
        #expect(plain.contains("經濟復蘇強勁有力"))
        #expect(!layered.contains("經濟復蘇強勁有力"))
        #expect(viaEnv == layered)
    }

    /// Redefining a built-in unit (same id, other forms) and adding a new one change what extract
    /// finds, with no rebuild.
    @Test func userUnitRulesChangeQuantities() throws {
        let dir = Fixture.temporaryDirectory()
        try """
        kind: unit
        rules:
          - id: units/household
            unit: household
            forms: [户, 戶, 家庭]
            examples:
              - 共有⟦20家庭⟧ → 20 household
          - id: mine/bed
            unit: bed
            forms: [张床位, 床位]
            examples:
              - 养老院有⟦120张床位⟧ → 120 bed
        """.write(to: dir.appendingPathComponent("units.yaml"), atomically: true, encoding: .utf8)
        let page = Fixture.temporaryDirectory().appendingPathComponent("page.txt")
        try "全镇共有20家庭参加,养老院有120张床位。".write(to: page, atomically: true, encoding: .utf8)
        func units(_ extra: [String]) throws -> [String] {
            let line = try Fixture.run(["extract"] + extra + [page.path]).lines[0]
            return (line["quantities"] as? [[String: Any]] ?? []).map { "\($0["text"]!) \($0["unit"]!)" }
        }
        #expect(try units([]) == ["20家 count", "120张 count"])
        #expect(try units(["--rules", dir.path]) == ["20家庭 household", "120张床位 bed"])
        #expect(try Fixture.run(["rules", "check", dir.path]).status == 0)
    }

    @Test func jsonlPagesCarryTheirExtraFieldsAndBadLinesBecomeErrors() throws {
        let file = Fixture.temporaryDirectory().appendingPathComponent("pages.jsonl")
        let html = try String(
            contentsOf: Fixture.corpusHTML.appendingPathComponent("xinhuanet-1.html"), encoding: .utf8)
        let lines = [
            #"{"id":"a","url":"http://x.cn/a","text":"街道面积5.2平方公里，常住人口8.8万人。","site":"x","crawl":{"t":1}}"#,
            "not json",
            String(data: try JSONSerialization.data(withJSONObject: ["id": "b", "html": html]), encoding: .utf8)!,
            #"{"id":"c"}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let run = try Fixture.run(["extract", "--jsonl", file.path, "--stats", "json"])
        #expect(run.status == 0)
        let records = run.lines
        #expect(records.map { $0["id"] as? String } == ["a", "pages:2", "b", "c"])
        let source = try #require(records[0]["source"] as? [String: Any])
        #expect(source["url"] as? String == "http://x.cn/a")
        #expect((source["extra"] as? [String: Any])?["site"] as? String == "x")
        #expect((records[0]["quantities"] as? [Any])?.count == 2)
        #expect((records[1]["error"] as? [String: Any])?["code"] as? String == "bad_jsonl")
        #expect((records[3]["error"] as? [String: Any])?["code"] as? String == "bad_jsonl")
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(run.stderr.utf8)) as? [String: Any])
        #expect(stats["documents"] as? Int == 4 && stats["errors"] as? Int == 2)
        // The same through stdin, as a stream filter under Spark or Hadoop runs it.
        let piped = try Fixture.run(
            ["extract", "--jsonl", "-"], stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(piped.status == 0 && piped.lines.count == 4)
    }

    @Test func oneThreadAndAllThreadsWriteTheSameLines() throws {
        let one = try Fixture.run([
            "extract", "--jobs", "1", Fixture.samples.path + "/000_a50fa9c0a5e753b2.txt", Fixture.corpusHTML.path,
        ])
        let all = try Fixture.run([
            "extract", "--jobs", "4", Fixture.samples.path + "/000_a50fa9c0a5e753b2.txt", Fixture.corpusHTML.path,
        ])
        #expect(one.stdout == all.stdout)
        #expect(one.lines.count == 37)
    }

    /// Interrupted and resumed, a run loses and duplicates nothing.
    @Test func interruptAndResumeLoseNothing() throws {
        let dir = Fixture.temporaryDirectory()
        for i in 0..<3000 {
            try Data("第\(i)号：街道常住人口\(i)人，面积\(i).5平方公里。".utf8).write(to: dir.appendingPathComponent("d\(i).txt"))
        }
        let out = Fixture.temporaryDirectory().appendingPathComponent("out.jsonl")
        let process = Process()
        process.executableURL = Fixture.binary
        process.arguments = ["extract", dir.path, "-o", out.path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 0.3)
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130 || process.terminationStatus == 0)
        let first = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(
            first.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil }, "only complete lines")
        let resumed = try Fixture.run(["extract", "--resume", dir.path, "-o", out.path])
        #expect(resumed.status == 0)
        let ids = try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map {
            (try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["id"] as! String
        }
        #expect(ids.count == 3000)
        #expect(Set(ids).count == 3000)
    }

    @Test func rulesCheckPinpointsErrors() throws {
        #expect(try Fixture.run(["rules", "check"]).stdout.contains(": ok"))
        let dir = Fixture.temporaryDirectory()
        try "kind: chrome\nrules:\n  - id: x/a\n    role: footer\n    patern: abc\n".write(
            to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let run = try Fixture.run(["rules", "check", dir.path])
        #expect(run.status == 1)
        #expect(
            run.stdout.contains("bad.yaml:5:5: error: unknown key 'patern' in a chrome rule; did you mean 'pattern'?"))
    }
}
