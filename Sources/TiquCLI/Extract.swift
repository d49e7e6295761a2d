import ArgumentParser
import Foundation
import Tiqu

/// `tiqu extract`: the main job. One JSON line per input document, record or error.
struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Clean scraped pages and write one JSON record per document (JSONL).",
        discussion: """
        PATH is a file, a folder (read recursively, in name order, filtered by --include/--exclude), a \
        WARC or WARC.gz file (one document per response record) or - for stdin; --jsonl reads one \
        page per line ({"id":…,"url":…,"html":…} or {"id":…,"text":…}; other fields go to source.extra). \
        Every input document yields exactly one line, in input order: its record, or an error record \
        naming it and the reason. Ctrl-C stops after the documents in flight; the output so far is \
        complete lines, and --resume continues it. \
        Exit status: 0 when the run completed (even if documents failed; a summary goes to stderr), \
        1 with --strict when any document failed, 2 for a usage error, 3 when the run could not go on.
        """
    )

    @Argument(help: ArgumentHelp("Files, folders, WARC(.gz) files or - (stdin).", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("A JSONL file of pages, or - for stdin (repeatable).", valueName: "file"))
    var jsonl: [String] = []

    @Option(help: ArgumentHelp("Read more paths from this file, one per line (- for stdin): how Spark hands over WARC files.", valueName: "file"))
    var pathsFrom: String?

    @Option(help: ArgumentHelp("Only files in folders whose name or path below the folder matches this glob (repeatable).", valueName: "glob"))
    var include: [String] = []

    @Option(help: ArgumentHelp("Skip files in folders whose name or path below the folder matches this glob (repeatable).", valueName: "glob"))
    var exclude: [String] = []

    @Option(help: ArgumentHelp("Worker threads (default: all cores).", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Seconds one document may take before it becomes a budget_exceeded error record.", valueName: "seconds"))
    var budget: Double = 20

    /// Records in input order (the default), or as they finish.
    enum Order: String, EnumerableFlag {
        case ordered, unordered

        static func help(for value: Order) -> ArgumentHelp? {
            value == .ordered ? "Write records in input order (the default)." : "Write records as they finish (faster when documents vary in size)."
        }
    }

    @Flag var order: Order = .ordered

    @Flag(help: "With -o: keep the records already in the output file, skip their ids, and append.")
    var resume = false

    @Option(help: ArgumentHelp("The closing summary on stderr: text or json.", valueName: "format"))
    var stats: StatsFormat = .text

    @Option(name: .shortAndLong, help: ArgumentHelp("Write JSONL here instead of stdout (completed atomically).", valueName: "file"))
    var output: String?

    @Flag(help: "Include the cleaned body text in each record.")
    var withText = false

    @Flag(help: "Write every dropped line or block, and the rule that dropped it, to stderr.")
    var explain = false

    @Flag(help: "Exit with status 1 when any document failed.")
    var strict = false

    @OptionGroup var rules: RuleOptions

    enum StatsFormat: String, ExpressibleByArgument { case text, json }

    func validate() throws {
        if paths.isEmpty && jsonl.isEmpty && pathsFrom == nil { throw ValidationError("give at least one file or folder, - for stdin, --jsonl FILE or --paths-from FILE") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if !(budget > 0) { throw ValidationError("--budget must be a positive number of seconds") }
        if resume && output == nil { throw ValidationError("--resume needs -o FILE: it continues that file") }
    }

    func run() throws {
        let book = try rules.load()
        let pipeline = Pipeline(rules: book, budget: .milliseconds(Int(budget * 1000)))
        let emitter = Emitter(withText: withText)
        let sink: OutputSink
        var done = Set<String>()
        do {
            sink = try OutputSink(path: output, keepExisting: resume)
            done = sink.existingIDs
        } catch {
            FileHandle.standardError.write(Data("tiqu: cannot write \(output ?? "stdout"): \(error.localizedDescription)\n".utf8))
            throw ExitCode(ExitStatus.runFailed)
        }
        let started = Date()
        var summary = Summary()
        var paths = self.paths
        if let pathsFrom {
            guard let data = pathsFrom == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: pathsFrom) else {
                FileHandle.standardError.write(Data("tiqu: cannot read --paths-from \(pathsFrom)\n".utf8))
                throw ExitCode(ExitStatus.runFailed)
            }
            paths += String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        var inputs = Inputs(paths: paths, jsonl: jsonl, include: include, exclude: exclude)
        Interrupt.install()
        let onTerminal = isatty(STDERR_FILENO) != 0
        let progress = Progress(enabled: onTerminal, total: onTerminal ? Inputs.count(paths: paths, jsonl: jsonl, include: include, exclude: exclude) : nil)
        // Documents stream through `jobs` workers; at most `window` are read and not yet written.
        var skipped = 0
        let window = 8 * jobs
        do {
            try Stream<Inputs.Item, (Record, Int)>().run(jobs: jobs, window: window, ordered: order == .ordered, next: {
                while !Interrupt.requested, let item = inputs.next() {
                    if resume, done.contains(item.id) { skipped += 1; continue }
                    return item
                }
                return nil
            }, transform: { item in
                switch item {
                case .page(let page): return (pipeline.process(page), page.bytes.count)
                case .failed(let record): return (record, 0)
                }
            }, write: { record, bytes in
                summary.count(record, inputBytes: bytes)
                progress.update(summary, started: started)
                if explain { Explain.write(record) }
                try sink.write(emitter.line(record))
            })
        } catch {
            FileHandle.standardError.write(Data("tiqu: cannot write output: \(error.localizedDescription)\n".utf8))
            throw ExitCode(ExitStatus.runFailed)
        }
        do { try sink.finish() } catch {
            FileHandle.standardError.write(Data("tiqu: cannot complete \(output ?? "stdout"): \(error.localizedDescription)\n".utf8))
            throw ExitCode(ExitStatus.runFailed)
        }
        progress.finish()
        let seconds = Date().timeIntervalSince(started)
        let closing = stats == .json ? summary.json(seconds: seconds, skipped: skipped, interrupted: Interrupt.requested)
            : summary.line(seconds: seconds, output: output) + (skipped > 0 ? " (\(skipped) already in the output, skipped)" : "")
            + (Interrupt.requested ? "; interrupted: run again with --resume -o to continue" : "")
        FileHandle.standardError.write(Data((closing + "\n").utf8))
        if Interrupt.requested { throw ExitCode(ExitStatus.interrupted) }
        if strict && summary.failed > 0 { throw ExitCode(ExitStatus.documentsFailed) }
    }
}

/// Counts for the closing line on stderr.
struct Summary {
    var documents = 0
    var failed = 0
    var bytes = 0
    var byCode: [String: Int] = [:]
    var warned = 0

    /// Bytes of input read (the pages as they came, before decoding).
    var inputBytes = 0

    mutating func count(_ record: Record, inputBytes: Int) {
        documents += 1
        self.inputBytes += inputBytes
        bytes += record.stats.chars
        if let error = record.error {
            failed += 1
            byCode[error.code, default: 0] += 1
        } else if !record.warnings.isEmpty {
            warned += 1
        }
    }

    /// The summary for machines (`--stats json`).
    func json(seconds: Double, skipped: Int, interrupted: Bool) -> String {
        JSON.object([
            ("documents", .int(documents)), ("records", .int(documents - failed)), ("errors", .int(failed)),
            ("errors_by_code", .object(byCode.sorted { $0.key < $1.key }.map { ($0.key, JSON.int($0.value)) })),
            ("with_warnings", .int(warned)), ("skipped", .int(skipped)), ("interrupted", .bool(interrupted)),
            ("seconds", .double((seconds * 1000).rounded() / 1000)),
            ("docs_per_second", .double(seconds > 0 ? (Double(documents) / seconds * 10).rounded() / 10 : 0)),
            ("input_mb", .double((Double(inputBytes) / 1e6 * 100).rounded() / 100)),
            ("mb_per_second", .double(seconds > 0 ? (Double(inputBytes) / 1e6 / seconds * 100).rounded() / 100 : 0)),
        ]).serialized()
    }

    func line(seconds: Double, output: String?) -> String {
        var s = "tiqu: \(documents) document(s), \(documents - failed) record(s), \(failed) error(s)"
        if !byCode.isEmpty { s += " (" + byCode.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")" }
        s += ", \(warned) with warnings, in " + String(format: "%.2f s", seconds)
        if seconds > 0 { s += String(format: " (%.1f MB, %.1f MB/s, %.0f docs/s)", Double(inputBytes) / 1e6, Double(inputBytes) / 1e6 / seconds, Double(documents) / seconds) }
        if let output { s += "; output in \(output)" }
        return s
    }
}

/// `--explain`: what was dropped from each document and by which rule.
enum Explain {
    static func write(_ record: Record) {
        var s = "== \(record.id) (\(record.source.path))\n"
        if let error = record.error {
            s += "   error \(error.code): \(error.message)\n"
        } else {
            if let title = record.meta.title { s += "   title: \(title)\n" }
            for d in record.dropped { s += "   dropped [\(d.rule)] \(d.text.count > 120 ? String(d.text.prefix(120)) + "…" : d.text)\n" }
            for w in record.warnings { s += "   warning: \(w)\n" }
        }
        FileHandle.standardError.write(Data(s.utf8))
    }
}

extension Inputs.Item {
    var id: String {
        switch self {
        case .page(let page): return page.id
        case .failed(let record): return record.id
        }
    }
}

/// Ctrl-C: stop taking new documents, finish the ones in flight, close the output cleanly.
enum Interrupt {
    nonisolated(unsafe) static var requested = false

    static func install() {
        signal(SIGINT) { _ in
            if Interrupt.requested { _exit(130) }  // a second Ctrl-C means now
            Interrupt.requested = true
        }
    }
}

/// A progress line on a terminal (never in a pipe): documents, characters, rates, errors.
final class Progress {
    let enabled: Bool
    private var last = Date.distantPast

    /// How many documents the run has, when that is known before reading them (files and folders only).
    let total: Int?

    init(enabled: Bool, total: Int?) {
        self.enabled = enabled
        self.total = total
    }

    func update(_ s: Summary, started: Date) {
        guard enabled, Date().timeIntervalSince(last) > 0.5 else { return }
        last = Date()
        let t = max(Date().timeIntervalSince(started), 0.001)
        var line = String(format: "\r%d documents, %.1f MB, %.0f docs/s, %.2f MB/s, %d errors",
                          s.documents, Double(s.inputBytes) / 1e6, Double(s.documents) / t, Double(s.inputBytes) / 1e6 / t, s.failed)
        if let total, s.documents > 0, s.documents < total {
            line += String(format: ", ETA %.0f s", t / Double(s.documents) * Double(total - s.documents))
        }
        line += " "
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
