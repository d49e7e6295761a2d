import ArgumentParser
import Foundation
import Tiqu

/// `tiqu`: scraped Chinese news and government pages → clean, structured, traceable records.
struct Tiqu: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiqu",
        abstract: "Turn scraped Chinese news and local-government pages into clean, traceable JSON records.",
        subcommands: [
            Extract.self, ExplainCommand.self, ReportCommand.self, Test.self, Rules.self, ConformanceCommand.self,
            Bench.self,
        ],
        defaultSubcommand: nil
    )

    /// The release; `--version` adds the built-in rule set's digest, since records depend on both.
    static let version = "0.9.0"

    static var versionLine: String {
        let rules = RuleBook.builtInFolder().map { RuleBook.digest(of: [$0]) } ?? "not found"
        return "tiqu \(version) (rules \(rules))"
    }
}

/// Exit statuses: 0 the run completed (documents may have failed), 1 `--strict` and some failed,
/// 2 a usage error, 3 the run itself could not go on.
enum ExitStatus {
    static let documentsFailed: Int32 = 1
    static let usage: Int32 = 2
    static let runFailed: Int32 = 3
    // Stopped by Ctrl-C or SIGTERM: 128 + the signal (130, 143); the output holds complete lines.
}

// `--version` is answered before parsing: the rule set's digest reads the rule files, which no
// other command should pay for at start-up.
if Array(CommandLine.arguments.dropFirst()) == ["--version"] {
    print(Tiqu.versionLine)
    exit(0)
}

do {
    var command = try Tiqu.parseAsRoot()
    try command.run()
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch {
    let code = Tiqu.exitCode(for: error)
    if code == .success {
        Tiqu.exit(withError: error)
    }
    Console.error(Tiqu.fullMessage(for: error))
    Foundation.exit(code == .validationFailure ? ExitStatus.usage : code.rawValue)
}
