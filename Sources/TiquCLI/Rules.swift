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
            let examples = book.chrome.reduce(0) { $0 + $1.examples.count } + book.html.groups.reduce(0) { $0 + $1.examples.count }
                + book.markedExamples.reduce(0) { $0 + $1.examples.count }
            print("\(book.files.count) file(s), \(book.chrome.count + book.html.groups.count + book.markedExamples.count) rule(s), \(examples) example(s): \(failures.isEmpty ? "ok" : "\(failures.count) failed")")
            if !failures.isEmpty { throw ExitCode(1) }
        }
    }
}
