import ArgumentParser
import Foundation
import Tiqu

/// `tiqu rules`: work with rule files.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check rule files, or show one rule as its file writes it.",
        subcommands: [Check.self, Show.self]
    )

    /// `tiqu rules check [DIR...]`: load rule folders and run every rule's examples.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate rule files and run every rule's examples; errors are printed as file:line:column.",
            discussion:
                "With no folder, checks the built-in rules. Given folders are layered over the built-in rules, as `extract --rules` does."
        )

        /// The exit status when every rule loads and passes its examples but a pattern runs away on
        /// long lines: the rules work, and a script can tell this apart from a broken file (1).
        static let runawayStatus: Int32 = 2

        @Argument(help: ArgumentHelp("Rule folders to check.", valueName: "dir"))
        var folders: [String] = []

        func run() throws {
            guard let builtIn = RuleBook.builtInFolder() else {
                throw ValidationError("cannot find the built-in Rules/ folder")
            }
            for folder in folders { _ = try Usage.folderNames(folder, "rules folder") }
            let layers =
                folders.isEmpty
                ? [builtIn] : [builtIn] + folders.filter { ($0 as NSString).standardizingPath != builtIn }
            let book: RuleBook
            do {
                book = try RuleBook.load(layers)
            } catch let error as RuleBookError {
                print(error.description)
                throw ExitCode(1)
            }
            let failures = book.exampleFailures()
            for f in failures { print(f.description) }
            let unexercised = book.unexercisedForms()
            for w in unexercised { print(w.description) }
            let runaways = book.runawayPatterns()
            for r in runaways { print(r.description) }
            let examples =
                book.chrome.reduce(0) { $0 + $1.examples.count } + book.html.groups.reduce(0) { $0 + $1.examples.count }
                + book.markedExamples.reduce(0) { $0 + $1.examples.count }
                + book.page.rules.reduce(0) { $0 + $1.examples.count }
            let rules = book.chrome.count + book.html.groups.count + book.markedExamples.count + book.page.rules.count
            let warned = unexercised.isEmpty ? "" : " (\(unexercised.count) rule(s) with forms no example shows)"
            let verdict = failures.isEmpty ? "ok" : "\(failures.count) failed"
            let ranAway = runaways.isEmpty ? "" : "; \(runaways.count) pattern(s) run out of time on long lines"
            print(
                "\(book.files.count) file(s), \(rules) rule(s), \(examples) example(s): \(verdict)\(warned)\(ranAway)")
            if !failures.isEmpty { throw ExitCode(1) }
            // A pattern that loads and passes its examples but would give up on real text.
            if !runaways.isEmpty { throw ExitCode(Self.runawayStatus) }
        }
    }

    /// `tiqu rules show ID`: a rule's file:line and its entry, examples included.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a rule's file:line and its entry as written, examples included.",
            discussion:
                "The id is the one every fact, --explain line and error names (units/person-wan). Rules given with --rules or TIQU_RULES are searched too; a later layer's rule replaces an earlier one with the same id."
        )

        @Argument(help: ArgumentHelp("The rule id.", valueName: "id"))
        var id: String

        @OptionGroup var rules: RuleOptions

        func run() throws {
            let book = try rules.load()
            guard let (path, line) = book.location(of: id), let entry = RuleBook.entryText(path: path, line: line)
            else {
                let near = RuleBook.ids(like: id, among: book.ruleIDs).family
                let hint = near.isEmpty ? "" : "; rules of that family: \(near.joined(separator: ", "))"
                Console.error("tiqu: no rule file defines '\(id)'\(hint)")
                throw ExitCode(ExitStatus.usage)
            }
            print("\(path):\(line)")
            print(entry)
        }
    }
}
