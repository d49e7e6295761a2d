import Foundation
import Testing
@testable import Tiqu

/// The built `tiqu` binary, end to end: stdout, stderr and exit statuses.
@Suite(.serialized) struct CLITests {
    @Test func extractWritesOneLinePerInputAndASummary() throws {
        let dir = Fixture.temporaryDirectory()
        try Data().write(to: dir.appendingPathComponent("empty.txt"))
        try Data([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]).write(to: dir.appendingPathComponent("image.png"))
        try Data("街道面积5.2平方公里，常住人口8.8万人。".utf8).write(to: dir.appendingPathComponent("ok.txt"))
        let run = try Fixture.run(["extract", dir.path, "/nonexistent/gone.html", Fixture.seeds.path])
        #expect(run.status == 0)
        let lines = run.lines
        #expect(lines.map { $0["id"] as? String } == ["empty", "image", "ok", "gone", "000_a50fa9c0a5e753b2", "003_87e76716f90a3b64"])
        #expect(lines.compactMap { ($0["error"] as? [String: Any])?["code"] as? String } == ["empty", "binary", "not_found"])
        #expect(run.stderr.contains("tiqu: 6 document(s), 3 record(s), 3 error(s) (binary: 1, empty: 1, not_found: 1)"))
        #expect(!run.stdout.contains("\\u"), "CJK is not escaped")
    }

    @Test func strictFailsWhenADocumentFailed() throws {
        #expect(try Fixture.run(["extract", "--strict", "/nonexistent/x.txt"]).status == 1)
        #expect(try Fixture.run(["extract", "--strict", Fixture.seeds.path]).status == 0)
    }

    @Test func usageErrorsExitTwo() throws {
        let run = try Fixture.run(["extract"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("Missing expected argument"))
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
        let run = try Fixture.run(["extract", "--with-text", "-"], stdin: Data("<html><body><article><p>街道面积5.2平方公里，常住人口8.8万人，户籍人口5.1万人。</p></article></body></html>".utf8))
        let line = try #require(run.lines.first)
        #expect(line["id"] as? String == "stdin")
        #expect((line["source"] as? [String: Any])?["format"] as? String == "html")
        #expect(line["text"] as? String == "街道面积5.2平方公里，常住人口8.8万人，户籍人口5.1万人。")
    }

    @Test func explainShowsWhatWasDroppedAndWhy() throws {
        let run = try Fixture.run(["extract", "--explain", Fixture.seeds.appendingPathComponent("000_a50fa9c0a5e753b2.txt").path])
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
        let layered = try Fixture.run(["extract", "--with-text", "--rules", dir.path, seed]).lines[0]["text"] as? String ?? ""
        let viaEnv = try Fixture.run(["extract", "--with-text", seed], environment: ["TIQU_RULES": dir.path]).lines[0]["text"] as? String ?? ""
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

    @Test func rulesCheckPinpointsErrors() throws {
        #expect(try Fixture.run(["rules", "check"]).stdout.contains(": ok"))
        let dir = Fixture.temporaryDirectory()
        try "kind: chrome\nrules:\n  - id: x/a\n    role: footer\n    patern: abc\n".write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let run = try Fixture.run(["rules", "check", dir.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("bad.yaml:5:5: error: unknown key 'patern' in a chrome rule; did you mean 'pattern'?"))
    }
}
