import ArgumentParser
import Foundation
import Tiqu

/// Where rules come from: the built-in `Rules/`, then `TIQU_RULES`, then each `--rules` folder.
struct RuleOptions: ParsableArguments {
    @Option(
        name: .customLong("rules"),
        help: ArgumentHelp(
            "A folder of rule files layered over the built-in rules (repeatable). TIQU_RULES does the same.",
            valueName: "dir"))
    var folders: [String] = []

    var layers: [String] {
        get throws {
            guard let builtIn = RuleBook.builtInFolder() else {
                throw ValidationError("cannot find the built-in Rules/ folder; install it beside the tiqu binary")
            }
            let env =
                ProcessInfo.processInfo.environment["TIQU_RULES"].map { $0.split(separator: ":").map(String.init) }
                ?? []
            // A folder named wrongly is said as the user wrote it, before any rule is read.
            for folder in env { _ = try Usage.folderNames(folder, "TIQU_RULES folder") }
            for folder in folders { _ = try Usage.folderNames(folder, "--rules") }
            return [builtIn] + env + folders
        }
    }

    /// Loads the rule book, or prints every diagnostic and exits with the usage status.
    func load() throws -> RuleBook {
        do {
            let book = try RuleBook.load(try layers)
            book.overrides.forEach { Console.error("note: " + $0) }
            return book
        } catch let error as RuleBookError {
            Console.error(error.description)
            throw ExitCode(ExitStatus.usage)
        }
    }
}
