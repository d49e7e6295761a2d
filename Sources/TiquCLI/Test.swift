import ArgumentParser
import Foundation
import Tiqu

/// `tiqu test [DIR]`: the pipeline on every sample, against its expected record.
struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Regression-test the pipeline on samples against their expected records.",
        discussion: """
            Runs every NAME.txt/NAME.html in DIR and compares its record with NAME.expected.json: facts by \
            kind, span and value (missing, unexpected, changed), plus text and metadata. Prints each \
            sample's differences and precision/recall/F1 per fact kind; exits 1 when text or metadata \
            changed or a kind falls below its floor in DIR/floors.yaml. Where the text changed, its \
            lines removed and added are shown and facts on unchanged lines are compared where those \
            lines now are. --accept NAME re-records one sample; --update records them all (review \
            `git diff` before committing: hand corrections show there).
            """
    )

    @Argument(help: ArgumentHelp("The samples folder.", valueName: "dir"))
    var folder: String = "Samples"

    @Flag(help: "Rewrite the expected files from the current output and say how many changed.")
    var update = false

    @Option(help: ArgumentHelp("Re-record this sample's expected file (repeatable).", valueName: "name"))
    var accept: [String] = []

    @Option(
        help: ArgumentHelp(
            "Also write a review page: each sample's expected and found text side by side, missing and unexpected facts marked.",
            valueName: "file"))
    var report: String?

    @OptionGroup var rules: RuleOptions

    func run() throws {
        if let report {
            try ReportCommand.refuseInputs(report, [], folders: [folder] + (try rules.layers), flag: "--report")
        }
        let dir = URL(fileURLWithPath: folder)
        let samples = try Usage.folderNames(folder, "samples folder")
            .filter { $0.hasSuffix(".txt") || $0.hasSuffix(".html") || $0.hasSuffix(".htm") }
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        guard !samples.isEmpty else { throw ValidationError("no .txt or .html samples in \(folder)") }
        let unknown = Set(accept).subtracting(samples.map { Inputs.id(for: $0) })
        guard unknown.isEmpty else {
            throw ValidationError("no sample named \(unknown.sorted().joined(separator: ", "))")
        }
        // Read before the samples run: a mistake in it is found in a second, not after the run.
        let floors: Floors
        do { floors = try Floors(contentsOf: dir.appendingPathComponent("floors.yaml")) } catch {
            throw Usage.error(error)
        }
        let pipeline = Pipeline(rules: try rules.load())
        var comparisons: [Comparison] = []
        var entries: [ReportEntry] = []
        var regressions = 0, updated = 0
        for name in samples {
            let started = Date()
            let path = (folder as NSString).appendingPathComponent(name)
            let bytes: [UInt8]
            switch RawFile.contents(RawPath(path), limit: Inputs.maxDocumentBytes) {
            case .success(let read): bytes = read
            case .failure(let failure):
                print("✗ \(name): \(failure.message)")
                regressions += 1
                continue
            }
            let record = pipeline.process(Page(id: Inputs.id(for: name), source: Source(path: path), bytes: bytes))
            let expectedName = Inputs.id(for: name) + ".expected.json"
            let expectedURL = dir.appendingPathComponent(expectedName)
            let recorded = Data((Pretty.print(Emitter(withText: true).line(record)) + "\n").utf8)
            if accept.contains(Inputs.id(for: name)) {
                try Self.write(recorded, to: expectedURL)
                print("✓ \(name): accepted; its expected file now holds this run's record")
                continue
            }
            let expected: ExpectedRecord
            do {
                expected = try ExpectedRecord(contentsOf: expectedURL)
            } catch let error as DocumentError where error.code == "not_found" {
                if update {
                    try Self.write(recorded, to: expectedURL)
                    updated += 1
                } else {
                    print("✗ \(name): no expected file (run with --update to record one)")
                    regressions += 1
                }
                continue
            } catch {
                // It may hold hand corrections: said, and never replaced by --update.
                let why = (error as? DocumentError)?.message ?? "\(error)"
                print("✗ \(name): its expected file \(expectedName) cannot be read: \(why); correct it by hand")
                regressions += 1
                continue
            }
            if update {
                if (try? Data(contentsOf: expectedURL)) != recorded {
                    try Self.write(recorded, to: expectedURL)
                    updated += 1
                }
                continue
            }
            let comparison = Comparison(expected: expected, actual: record)
            comparisons.append(comparison)
            entries.append(
                ReportEntry(
                    testing: record, against: expected, comparison, seconds: Date().timeIntervalSince(started)))
            let report = comparison.report()
            print(report.isEmpty ? "✓ \(name)" : "△ \(name)")
            report.forEach { print($0) }
            if comparison.textChanged || !comparison.metaChanges.isEmpty { regressions += 1 }
        }
        if update {
            print("updated \(updated) of \(samples.count) expected file(s)")
            if regressions > 0 { throw ExitCode(1) }
            return
        }
        if let report {
            let page = ReportPage(
                title: "Tiqu test: \(folder)", fileName: (report as NSString).lastPathComponent,
                generator: "tiqu \(Tiqu.version)")
            try ReportCommand.write(page.pages(entries), report: page, to: report)
            print("report in \(report)")
        }
        let scores = Scores(comparisons)
        print("")
        scores.table().forEach { print($0) }
        let below = floors.failures(scores)
        below.forEach { print("✗ \($0)") }
        if regressions > 0 || !below.isEmpty {
            print("\(regressions) sample(s) with changed text or metadata, \(below.count) floor(s) broken")
            throw ExitCode(1)
        }
    }

    /// Writes an expected file; one that cannot be written ends the run (status 3), in words.
    static func write(_ data: Data, to url: URL) throws {
        do { try data.write(to: url) } catch {
            Console.error("tiqu: cannot write \(url.path): \(Usage.reason(error))")
            throw ExitCode(ExitStatus.runFailed)
        }
    }
}

/// Pretty JSON for expected files: one key per line, so a diff shows what changed.
enum Pretty {
    static func print(_ line: String) -> String {
        // Keep the record's own key order: indent the compact line by hand.
        var out = "", depth = 0, inString = false, escaped = false
        let chars = Array(line)
        for (i, c) in chars.enumerated() {
            if inString {
                out.append(c)
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    inString = false
                }
                continue
            }
            switch c {
            case "\"":
                inString = true
                out.append(c)
            case "{", "[":
                depth += 1
                out.append(c)
                // An empty list or object stays on its line (`[]`), as JSON pretty-printers write it.
                if i + 1 < chars.count, chars[i + 1] == "}" || chars[i + 1] == "]" { continue }
                out += "\n" + String(repeating: " ", count: depth)
            case "}", "]":
                depth -= 1
                if i > 0, chars[i - 1] == "{" || chars[i - 1] == "[" {
                    out.append(c)
                    continue
                }
                out += "\n" + String(repeating: " ", count: depth)
                out.append(c)
            case ",": out += ",\n" + String(repeating: " ", count: depth)
            case ":": out += ": "
            default: out.append(c)
            }
        }
        return out
    }
}
