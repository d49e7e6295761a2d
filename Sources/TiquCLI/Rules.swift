import ArgumentParser
import Foundation
import Tiqu

/// `tiqu rules`: work with rule files.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check rule files.",
        subcommands: [Check.self]
    )

    /// `tiqu rules check [DIR...]`: load rule folders and run every rule's examples.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate rule files and run every rule's examples; errors are printed as file:line:column.",
            discussion: "With no folder, checks the built-in rules. Given folders are layered over the built-in rules, as `extract --rules` does."
        )

        /// The exit status when every rule loads and passes its examples but a pattern runs away on
        /// long lines: the rules work, and a script can tell this apart from a broken file (1).
        static let runawayStatus: Int32 = 2

        @Argument(help: ArgumentHelp("Rule folders to check.", valueName: "dir"))
        var folders: [String] = []

        func run() throws {
            guard let builtIn = RuleBook.builtInFolder() else { throw ValidationError("cannot find the built-in Rules/ folder") }
            let layers = folders.isEmpty ? [builtIn] : [builtIn] + folders.filter { ($0 as NSString).standardizingPath != builtIn }
            let book: RuleBook
            do {
                book = try RuleBook.load(layers)
            } catch let error as RuleBookError {
                print(error.description)
                throw ExitCode(1)
            }
            let failures = book.exampleFailures()
            for f in failures { print(f.description) }
            let runaways = book.runawayPatterns()
            for r in runaways { print(r.description) }
            let examples = book.chrome.reduce(0) { $0 + $1.examples.count } + book.html.groups.reduce(0) { $0 + $1.examples.count }
                + book.markedExamples.reduce(0) { $0 + $1.examples.count }
            let verdict = failures.isEmpty ? "ok" : "\(failures.count) failed"
            let rules = book.chrome.count + book.html.groups.count + book.markedExamples.count
            print("\(book.files.count) file(s), \(rules) rule(s), \(examples) example(s): \(verdict)"
                + (runaways.isEmpty ? "" : "; \(runaways.count) pattern(s) run out of time on long lines"))
            if !failures.isEmpty { throw ExitCode(1) }
            // A pattern that loads and passes its examples but would give up on real text.
            if !runaways.isEmpty { throw ExitCode(Self.runawayStatus) }
        }
    }
}
