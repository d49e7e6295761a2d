import ArgumentParser
import Foundation
import Tiqu

/// What a command says when what it was given is wrong: one line in Tiqu's words on stderr, naming
/// the path and the problem, and the exit status that goes with it.
enum Usage {
    /// A usage error (a path on the command line that is missing or of the wrong kind): the line,
    /// and the usage status to throw.
    static func error(_ message: String) -> ExitCode {
        Console.error("tiqu: \(message)")
        return ExitCode(ExitStatus.usage)
    }

    /// A file a command loads before it runs (floors, exclusions) that does not load: its
    /// diagnostic, as rule files print theirs, and the usage status, as rules that do not load have.
    static func error(_ diagnostic: Diagnostic) -> ExitCode {
        Console.error(diagnostic.description)
        return ExitCode(ExitStatus.usage)
    }

    /// The names in a folder given on the command line; `label` says what it is (`samples folder`,
    /// `--rules`). A folder that is missing, a file or unreadable is a usage error naming it.
    static func folderNames(_ path: String, _ label: String) throws -> [String] {
        switch FolderListing.names(path) {
        case .success(let names): return names
        case .failure(let problem): throw error("\(label) \(path) \(problem.message)")
        }
    }

    /// Why a file operation failed, in the system's words (`No such file or directory`), not
    /// Foundation's error dump.
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        return ns.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(ns.code))) : ns.localizedDescription
    }

    /// Lines of an input that are not what they should be (`path:line: why`), on stderr: the first
    /// `shown`, then how many more, so a wrong file of a million lines prints a dozen.
    static func listBadLines(_ lines: [String], what: String, shown: Int = 10) {
        for line in lines.prefix(shown) { Console.error("tiqu: \(line)") }
        if lines.count > shown { Console.error("tiqu: … and \(lines.count - shown) more line(s) \(what)") }
    }
}
