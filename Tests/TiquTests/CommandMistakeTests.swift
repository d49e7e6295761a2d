import Foundation
import Testing

@testable import Tiqu

/// What `test`, `rules check`, `conformance`, `explain` and `report` say to a mistake in what they
/// were given: one line in Tiqu's words naming the path and the problem (a file:line:column for a
/// YAML file), and the exit status the README gives it — never Foundation's error dump, never a
/// silent success.
@Suite(.serialized) struct CommandMistakeTests {
    /// A path on the command line that is missing or of the wrong kind is a usage error (exit 2)
    /// in one line naming it.
    @Test func wrongPathsAreUsageErrorsInOneLine() throws {
        let file = try Fixture.folder(["notes.txt": "not a folder"]).appendingPathComponent("notes.txt").path
        let runs: [([String], String)] = [
            (["test", "/nonexistent/samples"], "tiqu: samples folder /nonexistent/samples does not exist\n"),
            (["test", file], "tiqu: samples folder \(file) is a file, not a folder\n"),
            (["rules", "check", "/nonexistent/rules"], "tiqu: rules folder /nonexistent/rules does not exist\n"),
            (["extract", "--rules", file, file], "tiqu: --rules \(file) is a file, not a folder\n"),
            (["explain", "--rules", "/nonexistent/r", file], "tiqu: --rules /nonexistent/r does not exist\n"),
            (["conformance", "/nonexistent/cases"], "tiqu: conformance folder /nonexistent/cases does not exist\n"),
        ]
        for (arguments, message) in runs {
            let run = try Fixture.run(arguments)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr == message, "\(arguments): \(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
        let env = try Fixture.run(["extract", file], environment: ["TIQU_RULES": "/nonexistent/env"])
        #expect(env.status == 2 && env.stderr == "tiqu: TIQU_RULES folder /nonexistent/env does not exist\n")
    }

    /// A case line that is no case is named with its file and line and left out of the counts;
    /// the run ends 1, as its rates are not the whole file's.
    @Test func caseLinesThatAreNoCaseAreNamed() throws {
        let dir = try Fixture.folder([
            "cases/cn2an-x.jsonl": #"{"id":"a","input":"三百","expected":[{"value":300}]}"# + "\nnot json\n\n"
                + #"{"input":"五"}"# + "\n",
            "fine.yaml": "flags: {NotSupported: the peer skips these cases}\n",
        ])
        let cases = dir.appendingPathComponent("cases").path
        let run = try Fixture.run(["conformance", cases, "--exclusions", dir.appendingPathComponent("fine.yaml").path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("cn2an-x.jsonl") && run.stdout.contains("1 in scope,    1 passed"), "\(run.stdout)")
        #expect(run.stderr.contains("tiqu: \(cases)/cn2an-x.jsonl:2: the line is not a JSON object"), "\(run.stderr)")
        #expect(run.stderr.contains("cn2an-x.jsonl:4: a case needs an 'id' and an 'input', both strings"))
        #expect(run.stderr.contains("tiqu: 2 line(s) that are no case were left out"))
        #expect(!run.stderr.contains("Error Domain"))
    }

    /// A samples folder of one sample with its expected file recorded.
    static func samples() throws -> URL {
        let dir = try Fixture.folder(["a.txt": "街道面积5.2平方公里，常住人口8.8万人。"])
        #expect(try Fixture.run(["test", dir.path, "--update"]).status == 0)
        return dir
    }

    /// An expected file that does not parse is named with the parser's reason, is not called
    /// missing, is not offered to --update, and --update leaves it as it is (it may hold hand
    /// corrections); a missing one is still missing.
    @Test func anExpectedFileThatDoesNotParseIsNamedAndKept() throws {
        let dir = try Self.samples()
        let expected = dir.appendingPathComponent("a.expected.json")
        let broken = Data("{\n  \"id\": \"a\",\n  \"text\": oops\n}\n".utf8)
        try broken.write(to: expected)
        let run = try Fixture.run(["test", dir.path])
        #expect(run.status == 1)
        #expect(
            run.stdout.contains(
                "✗ a.txt: its expected file a.expected.json cannot be read: Invalid value at line 3, column 11;"
                    + " correct it by hand"), "\(run.stdout)")
        #expect(!run.stdout.contains("--update") && !run.stdout.contains("no expected file"))
        let update = try Fixture.run(["test", dir.path, "--update"])
        #expect(update.status == 1 && update.stdout.contains("a.expected.json cannot be read"))
        #expect(try Data(contentsOf: expected) == broken, "--update must not replace it")
        try FileManager.default.removeItem(at: expected)
        let missing = try Fixture.run(["test", dir.path])
        #expect(missing.status == 1 && missing.stdout.contains("✗ a.txt: no expected file (run with --update"))
    }

    /// Each mistake in floors.yaml is a diagnostic at its place, before any sample runs (exit 2).
    @Test func floorsMistakesArePinpointed() throws {
        let cases = [
            (
                "quantities: {precison: 0.9, recall: 0.9}\n",
                "floors.yaml:1:14: error: unknown key 'precison' in the floors of quantities; did you mean 'precision'?"
            ),
            (
                "places: {precision: 0.9, recall: 0.9}\nranks: 0.9\n",
                "floors.yaml:2:8: error: the floors of ranks must be a mapping such as"
                    + " {precision: 0.95, recall: 0.90}, found '0.9'"
            ),
            (
                "dates: {precision: high, recall: 0.9}\n",
                "floors.yaml:1:20: error: precision must be a number (0.97 for 97%), found 'high'"
            ),
            (
                "dates: {precision: 0.9, recall: 95}\n",
                "floors.yaml:1:33: error: recall must be from 0 to 1 (0.97 for 97%), found '95'"
            ),
            (
                "quantitys: {precision: 0.9}\n",
                "floors.yaml:1:1: error: unknown key 'quantitys' in a floors file; did you mean 'quantities'?"
            ),
        ]
        let dir = try Self.samples()
        for (floors, message) in cases {
            try floors.write(to: dir.appendingPathComponent("floors.yaml"), atomically: true, encoding: .utf8)
            let run = try Fixture.run(["test", dir.path])
            #expect(run.status == 2, "\(floors)")
            #expect(run.stderr.contains(message), "\(run.stderr)")
            #expect(run.stdout.isEmpty, "no sample runs")
        }
        try "quantities: {precision: 0.5, recall: 0.5}\n".write(
            to: dir.appendingPathComponent("floors.yaml"), atomically: true, encoding: .utf8)
        #expect(try Fixture.run(["test", dir.path]).status == 0)
    }

    /// An exclusions file with an unknown key or a pattern that is no regular expression is a
    /// diagnostic at its place (exit 2), before any case runs.
    @Test func exclusionsMistakesArePinpointed() throws {
        let dir = try Fixture.folder([
            "cases/cn2an-x.jsonl": #"{"id":"a","input":"三百","expected":[{"value":300}]}"# + "\n",
            "unknown.yaml": "files: {}\nflagz: {NotSupported: the peer skips these cases}\n",
            "regex.yaml": "patterns:\n  'ok': a pattern that is fine and long enough\n  'cn2an::(unclosed': why not\n",
            "empty.yaml": "flags: {NotSupported: ''}\n",
        ])
        let cases = dir.appendingPathComponent("cases").path
        let expectations = [
            (
                "unknown.yaml",
                "unknown.yaml:2:1: error: unknown key 'flagz' in an exclusions file; did you mean 'flags'?"
            ),
            ("regex.yaml", "regex.yaml:3:3: error: invalid regular expression '(unclosed'"),
            ("empty.yaml", "empty.yaml:1:23: error: 'NotSupported' in flags has no reason; say why it is out of scope"),
        ]
        for (file, message) in expectations {
            let run = try Fixture.run(["conformance", cases, "--exclusions", dir.appendingPathComponent(file).path])
            #expect(run.status == 2, "\(file)")
            #expect(run.stderr.contains(message), "\(run.stderr)")
            #expect(run.stdout.isEmpty, "no case runs")
        }
    }

    /// explain says when it has nothing to show: a folder without pages, a --rule no rule has
    /// (with the ids nearest in spelling, else its family's).
    @Test func explainSaysWhenItHasNothingToShow() throws {
        let empty = Fixture.temporaryDirectory()
        let none = try Fixture.run(["explain", empty.path])
        #expect(none.status == 2 && none.stderr.contains("tiqu: no documents in \(empty.path)"), "\(none.stderr)")
        let page = try Fixture.folder(["a.txt": "常住人口8.8万人。"]).appendingPathComponent("a.txt").path
        let typo = try Fixture.run(["explain", page, "--rule", "units/persn"])
        #expect(typo.status == 2 && typo.stdout.isEmpty)
        #expect(
            typo.stderr.contains(
                "tiqu: --rule 'units/persn': no rule has that id, nor one starting with it;"
                    + " did you mean 'units/person'"), "\(typo.stderr)")
        let family = try Fixture.run(["explain", page, "--rule", "units/zzzzzzzzzz"])
        #expect(family.status == 2 && family.stderr.contains("rules of that family: units/"), "\(family.stderr)")
        let known = try Fixture.run(["explain", page, "--rule", "units/person"])
        #expect(known.status == 0 && known.stdout.contains("[units/person"), "\(known.stdout)")
        #expect(try Fixture.run(["explain", page, "--rule", "tables"]).status == 0, "table quantities' rules")
    }

    /// report names every line that is not a record (file:line, why); a file with no record at
    /// all is refused before anything is written (exit 2), one with some is reported and ends 1.
    @Test func reportNamesLinesThatAreNotRecords() throws {
        let dir = try Fixture.folder(["notes.txt": "hello\nworld\n"])
        let out = dir.appendingPathComponent("r.html")
        let notes = dir.appendingPathComponent("notes.txt").path
        let run = try Fixture.run(["report", notes, "-o", out.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("tiqu: \(notes):1: not a record: the line is not a JSON object"), "\(run.stderr)")
        #expect(run.stderr.contains("tiqu: \(notes):2: not a record"))
        #expect(run.stderr.contains("tiqu: no line of \(notes) is a record"))
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing is written")
        let lines = (0..<15).map { "line \($0)" }.joined(separator: "\n")
        let many = try Fixture.run(["report", "-", "-o", out.path], stdin: Data(lines.utf8))
        #expect(many.status == 2 && many.stderr.contains("tiqu: -:10: not a record"))
        #expect(!many.stderr.contains("-:11:") && many.stderr.contains("… and 5 more line(s) that are not records"))
        let noID = try Fixture.run(["report", "-", "-o", out.path], stdin: Data(#"{"text":"x"}"#.utf8))
        #expect(noID.stderr.contains("-:1: not a record: the line is a JSON object with no 'id'"), "\(noID.stderr)")
    }
}
