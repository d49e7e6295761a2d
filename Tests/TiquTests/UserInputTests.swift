import Foundation
import Testing

@testable import Tiqu

/// Input the way users have it: already-clean text, JSONL with its own metadata, a folder with
/// notes beside its pages, a run without bylines, an installed binary.
@Suite struct UserInputTests {
    /// A rules folder holding one unit rule for the ton, written with `key` (`id` or `extends`).
    static func tonRules(_ key: String, _ target: String, form: String) throws -> URL {
        let dir = Fixture.temporaryDirectory()
        let lines = [
            "kind: unit", "rules:", "  - \(key): \(target)", key == "id" ? "    unit: ton" : nil,
            "    forms: [\(form)]",
            "    examples: ['运来⟦500\(form)⟧ → 500 ton']",
        ]
        try lines.compactMap { $0 }.joined(separator: "\n").write(
            to: dir.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    static func facts(_ record: [String: Any], _ kind: String) -> [String] {
        (record[kind] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
    }

    /// A line of clean text is body, not a title over nothing: its quantity is found.
    @Test func aLineOfCleanTextIsBody() throws {
        let run = try Fixture.run(["extract", "-"], stdin: Data("常住人口8.8万人".utf8))
        let record = try #require(run.lines.first)
        #expect(Self.facts(record, "quantities") == ["8.8万人"])
        #expect(record["warnings"] as? [String] == [])
    }

    /// Four lines of figures, no furniture anywhere: every line is body, none a caption.
    @Test func linesOfFiguresAreAllBody() throws {
        let file = Fixture.temporaryDirectory().appendingPathComponent("figures.txt")
        try "常住人口8.8万人\n面积5.2平方公里\n地区生产总值30.57亿元\n同比增长6.5%\n".write(
            to: file, atomically: true, encoding: .utf8)
        let record = try #require(try Fixture.run(["extract", "--with-text", file.path]).lines.first)
        #expect(Self.facts(record, "quantities") == ["8.8万人", "5.2平方公里", "30.57亿元", "6.5%"])
        #expect((record["stats"] as? [String: Any])?["chrome_lines"] as? Int == 0)
    }

    /// A nav bar of short words says the text is a scrape: its caption still goes.
    @Test func aNavBarMakesAScrape() throws {
        let text = "首页 新闻 政务 服务 互动 专题\n某镇召开工作会议\n今天，全镇召开会议，常住人口8.8万人。\n会议现场\n"
        let record = Fixture.record(bytes: Array(text.utf8))
        #expect(record.dropped.map(\.rule) == ["chrome/nav-bar", "chrome/caption"])
    }

    /// A scrape keeps its furniture rules: the seed with pinyin artifacts still drops its captions.
    @Test func aScrapeStillLosesItsCaptions() {
        let record = Fixture.record(Fixture.seeds.appendingPathComponent("003_87e76716f90a3b64.txt"))
        #expect(record.dropped.contains { $0.rule == "chrome/caption" })
    }

    /// A JSONL line's title and date fill `meta` and date its yearless months; `content` is a body
    /// field; other names are mapped with --text-field and --id-field.
    @Test func jsonlMetadataFillsTheRecord() throws {
        let lines = [
            #"{"id":"p1","title":"某镇概况","published":"2023-05-01","text":"今年1-4月，全镇完成投资2亿元。"}"#,
            #"{"id":"p2","date":"2022年3月1日","content":"9月，常住人口8.8万人。","source":"某网"}"#,
            #"{"key":"p3","body":"面积5.2平方公里。"}"#,
        ]
        let run = try Fixture.run(
            ["extract", "--jsonl", "-", "--text-field", "body", "--id-field", "key"],
            stdin: Data(lines.joined(separator: "\n").utf8))
        let records = run.lines
        try #require(records.count == 3)
        let meta = records.map { $0["meta"] as? [String: Any] ?? [:] }
        #expect(meta[0]["title"] as? String == "某镇概况")
        #expect(meta[0]["published"] as? String == "2023-05-01")
        #expect((records[0]["dates"] as? [[String: Any]])?.first?["value"] as? String == "2023-01/2023-04")
        #expect(meta[1]["published"] as? String == "2022-03-01")
        #expect((records[1]["dates"] as? [[String: Any]])?.first?["value"] as? String == "2022-09")
        #expect(((records[1]["source"] as? [String: Any])?["extra"] as? [String: Any])?["source"] as? String == "某网")
        #expect(records[2]["id"] as? String == "p3")
        #expect(Self.facts(records[2], "quantities") == ["5.2平方公里"])
    }

    /// --published dates the pages that show no date of their own; a page's own date wins.
    @Test func publishedIsTheReferenceDateOfPagesWithoutOne() throws {
        let dir = Fixture.temporaryDirectory()
        try "9月，常住人口8.8万人。".write(to: dir.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        let run = try Fixture.run(["extract", "--published", "2021-06-30", dir.path])
        let record = try #require(run.lines.first)
        #expect((record["dates"] as? [[String: Any]])?.first?["value"] as? String == "2021-09")
        let refused = try Fixture.run(["extract", "--published", "someday", dir.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--published 'someday' is not a date"))
    }

    /// A folder is read for its pages: notes, expected records and settings beside them are not
    /// pages; --include takes more; a JSONL file in it is read line by line.
    @Test func aFolderIsReadForItsPages() throws {
        let dir = Fixture.temporaryDirectory()
        for name in ["a.html", "b.TXT", "notes.md", "a.expected.json", "floors.yaml"] {
            try "<p>常住人口8.8万人。</p>".write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try #"{"id":"line1","text":"面积5.2平方公里。"}"#.write(
            to: dir.appendingPathComponent("more.jsonl"), atomically: true, encoding: .utf8)
        let run = try Fixture.run(["extract", dir.path])
        #expect(run.lines.compactMap { $0["id"] as? String } == ["a", "b", "line1"])
        #expect(run.stderr.contains("tiqu: 3 file(s) in the folders are no page files (or excluded) and were not read"))
        let wider = try Fixture.run(["extract", "--include", "*.md", dir.path]).lines.compactMap { $0["id"] as? String }
        #expect(wider == ["a", "b", "line1", "notes"])
    }

    /// scripts/install.sh puts the binary and its rules under a prefix; the binary run from there
    /// reads those rules, says its version and rule set, and finds the conformance exclusions.
    @Test func anInstalledBinaryFindsItsRules() throws {
        let prefix = Fixture.temporaryDirectory()
        let install = Process()
        install.executableURL = URL(fileURLWithPath: "/bin/bash")
        install.arguments = [Fixture.root.appendingPathComponent("scripts/install.sh").path, prefix.path]
        install.environment = ProcessInfo.processInfo.environment.merging(["TIQU_BINARY": Fixture.binary.path]) { $1 }
        install.standardError = FileHandle.nullDevice
        try install.run()
        install.waitUntilExit()
        try #require(install.terminationStatus == 0)
        let tiqu = prefix.appendingPathComponent("bin/tiqu").path
        let elsewhere = Fixture.temporaryDirectory()
        func run(_ arguments: [String]) throws -> (String, Int32) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: tiqu)
            p.arguments = arguments
            p.currentDirectoryURL = elsewhere
            let out = Pipe()
            p.standardOutput = out
            p.standardError = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (String(decoding: data, as: UTF8.self), p.terminationStatus)
        }
        let (version, _) = try run(["--version"])
        #expect(version.hasPrefix("tiqu ") && version.contains("(rules "))
        let (check, status) = try run(["rules", "check"])
        #expect(status == 0)
        #expect(check.contains(prefix.appendingPathComponent("share/tiqu/Rules").path))
        let (conformance, _) = try run(["conformance", Fixture.shared.appendingPathComponent("conformance").path])
        #expect(conformance.contains("in scope:"), "\(conformance.suffix(300))")
    }
    /// `tiqu explain` reads stdin and several files, and shows one kind of fact when asked.
    @Test func explainReadsStdinAndFiltersByKind() throws {
        let run = try Fixture.run(
            ["explain", "-", "--kind", "quantities"], stdin: Data("全镇常住人口8.8万人，面积5.2平方公里。".utf8))
        #expect(run.stdout.contains("quantities ⟦8.8万人⟧ → 88000 person"))
        let two = try Fixture.run(["explain", "--kind", "places", Fixture.seeds.path])
        #expect(two.stdout.contains("000_a50fa9c0a5e753b2 — ") && two.stdout.contains("003_87e76716f90a3b64 — "))
        #expect(!two.stdout.contains("quantities ⟦"))
        // The indicator, qualifier and modifier rules behind a quantity's fields are named too.
        let why = try Fixture.run(
            ["explain", "-", "--rule", "indicators"], stdin: Data("全镇常住人口约8.8万人，比上年增长6.5%。".utf8))
        #expect(
            why.stdout.contains("[units/person, qualifiers/about, indicators/resident-population]"), "\(why.stdout)")
    }

    /// A user's rule with a built-in rule's id replaces it, and the run says so, with both places.
    @Test func aUserRuleReplacingABuiltInOneIsNamed() throws {
        let dir = try Self.tonRules("id", "units/ton", form: "公噸")
        let run = try Fixture.run(["extract", "--rules", dir.path, "-"], stdin: Data("运来500公噸。".utf8))
        #expect(run.stderr.contains("mine.yaml:3: rule 'units/ton' overrides the one at "))
        #expect(run.stderr.contains("Rules/units.yaml:"))
        #expect(Self.facts(try #require(run.lines.first), "quantities") == ["500公噸"])
    }

    /// `extends:` adds forms to a built-in rule, which keeps its own; an extension of no rule is
    /// an error at its file and line.
    @Test func aUserRuleExtendsABuiltInOne() throws {
        let dir = try Self.tonRules("extends", "units/ton", form: "公噸兒")
        let run = try Fixture.run(["extract", "--rules", dir.path, "-"], stdin: Data("运来500公噸兒，另有300吨。".utf8))
        #expect(Self.facts(try #require(run.lines.first), "quantities") == ["500公噸兒", "300吨"])
        #expect(!run.stderr.contains("overrides"))
        let check = try Fixture.run(["rules", "check", try Self.tonRules("extends", "units/tonn", form: "公噸兒").path])
        #expect(check.status != 0)
        #expect(check.stdout.contains("mine.yaml:3:") && check.stdout.contains("extends 'units/tonn', but no rule"))
    }
}
