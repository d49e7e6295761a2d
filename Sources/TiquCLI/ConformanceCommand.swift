import ArgumentParser
import Foundation
import Tiqu

/// `tiqu conformance DIR`: peers' Chinese number and unit test cases, pass rate per file.
struct ConformanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conformance",
        abstract: "Run peers' Chinese number and unit test cases (JSONL) and report the pass rate per file.",
        discussion: "Cases out of scope are listed, with the reason, in the exclusions file (by file, flag or case id)."
    )

    @Argument(help: ArgumentHelp("The folder of peer cases (../shared/conformance).", valueName: "dir"))
    var folder: String

    @Option(
        help: ArgumentHelp(
            "The exclusions file (default: the one beside the built-in rules, in the source tree or the install).",
            valueName: "file"))
    var exclusions: String?

    @Flag(help: "List every failing case.")
    var failures = false

    @OptionGroup var rules: RuleOptions

    /// Where the exclusions are found like the rules: `Tests/Conformance/` beside the built-in
    /// `Rules/` of a source tree, `share/tiqu/conformance/` beside those of an install.
    static func defaultExclusions() -> String? {
        guard let rules = RuleBook.builtInFolder() else { return nil }
        let up = (rules as NSString).deletingLastPathComponent as NSString
        return ["Tests/Conformance/exclusions.yaml", "conformance/exclusions.yaml"].map(up.appendingPathComponent)
            .first { FileManager.default.fileExists(atPath: $0) }
    }

    func run() throws {
        guard let path = exclusions ?? Self.defaultExclusions() else {
            Console.error(
                "tiqu: no conformance exclusions file beside the built-in rules; give one with --exclusions FILE")
            throw ExitCode(ExitStatus.usage)
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            Console.error("tiqu: cannot read the exclusions file \(path)")
            throw ExitCode(ExitStatus.usage)
        }
        let exclusionsFile: Conformance.Exclusions
        do { exclusionsFile = try Conformance.Exclusions(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw Usage.error(error)
        }
        let files = try Usage.folderNames(folder, "conformance folder").filter { $0.hasSuffix(".jsonl") }.sorted()
        let conformance = Conformance(pipeline: Pipeline(rules: try rules.load()), exclusions: exclusionsFile)
        var inScope = 0, passed = 0
        var malformed: [String] = [], unread = 0
        for file in files {
            let r: Conformance.FileResult
            do {
                r = try conformance.run(URL(fileURLWithPath: folder).appendingPathComponent(file))
            } catch {
                Console.error("tiqu: \((error as? DocumentError)?.message ?? "\(error)")")
                unread += 1
                continue
            }
            malformed += r.malformed
            if let why = r.excludedFile {
                print(String(format: "%-48@ %4d cases, out of scope: %@", file as NSString, r.total, why as NSString))
                continue
            }
            inScope += r.inScope
            passed += r.passed
            print(
                String(
                    format: "%-48@ %4d cases, %4d in scope, %4d passed (%.1f%%)", file as NSString, r.total, r.inScope,
                    r.passed, r.rate * 100))
            if failures { r.failures.forEach { print("    ✗ \($0)") } }
        }
        print(
            String(
                format: "in scope: %d, passed: %d (%.1f%%)", inScope, passed,
                inScope == 0 ? 100 : Double(passed) * 100 / Double(inScope)))
        // Cases that could not be read are in no count: the rates above are not the whole file's.
        Usage.listBadLines(malformed, what: "that are no case")
        if !malformed.isEmpty { Console.error("tiqu: \(malformed.count) line(s) that are no case were left out") }
        if !malformed.isEmpty || unread > 0 { throw ExitCode(1) }
    }
}
