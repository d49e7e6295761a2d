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

    @Option(
        help: ArgumentHelp(
            "Read more paths from this file, one per line (- for stdin): how Spark hands over WARC files.",
            valueName: "file"))
    var pathsFrom: String?

    @Option(
        help: ArgumentHelp(
            "Also read files in folders whose name or path below the folder matches this glob (beside the page files: html, htm, shtml, xhtml, txt, warc, warc.gz, jsonl; repeatable).",
            valueName: "glob"))
    var include: [String] = []

    @Option(
        help: ArgumentHelp(
            "Skip files in folders whose name or path below the folder matches this glob (repeatable).",
            valueName: "glob"))
    var exclude: [String] = []

    @Option(help: ArgumentHelp("Worker threads (default: all cores).", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(
        help: ArgumentHelp(
            "Seconds one document may take before it becomes a budget_exceeded error record.", valueName: "seconds"))
    var budget: Double = 20

    /// Records in input order (the default), or as they finish.
    enum Order: String, EnumerableFlag {
        case ordered, unordered

        static func help(for value: Order) -> ArgumentHelp? {
            value == .ordered
                ? "Write records in input order (the default)."
                : "Write records as they finish (faster when documents vary in size)."
        }
    }

    @Flag var order: Order = .ordered

    @Flag(
        help: "With -o or --sqlite: keep the records already written, skip their ids (those in every output), and add.")
    var resume = false

    @Option(help: ArgumentHelp("The closing summary on stderr: text or json.", valueName: "format"))
    var stats: StatsFormat = .text

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write JSONL here instead of stdout (completed atomically).", valueName: "file"))
    var output: String?

    @Option(
        help: ArgumentHelp(
            "Also store the records in this SQLite file (tables documents, errors, one per fact kind; view statistics); without -o no JSONL is written. A document already there is replaced.",
            valueName: "file"))
    var sqlite: String?

    @Flag(help: "Include the cleaned body text in each record.")
    var withText = false

    @Flag(help: "Write every dropped line or block, and the rule that dropped it, to stderr.")
    var explain = false

    @Flag(help: "Exit with status 1 when any document failed.")
    var strict = false

    @Option(
        help: ArgumentHelp(
            "The publication date of pages that show none (2023-05-01): the year of their yearless dates.",
            valueName: "date"))
    var published: String?

    @Option(help: ArgumentHelp("The field of a JSONL line that holds its id.", valueName: "name"))
    var idField = "id"

    @Option(help: ArgumentHelp("A field of JSONL lines that holds the body as text (repeatable).", valueName: "name"))
    var textField: [String] = []

    @Option(help: ArgumentHelp("A field of JSONL lines that holds the body as HTML (repeatable).", valueName: "name"))
    var htmlField: [String] = []

    @OptionGroup var rules: RuleOptions

    /// The JSONL field names: the options' first, then the usual ones.
    var fields: JSONLFields {
        var fields = JSONLFields()
        fields.id = idField
        fields.text = textField + fields.text
        fields.html = htmlField + fields.html
        return fields
    }

    enum StatsFormat: String, ExpressibleByArgument { case text, json }

    /// The most worker threads a run takes: beyond the cores of any machine, and small enough
    /// that the documents in flight (eight a worker) stay countable.
    static let maxJobs = 1024
    /// The longest budget one document may have: a day. Longer is no budget at all.
    static let maxBudgetSeconds = 86_400.0
    /// Bytes of documents read and not yet written, whatever their count: a folder of 60 MB files
    /// must not hold 8 × jobs of them in memory at once.
    static let maxBytesInFlight = 256 * 1024 * 1024

    func validate() throws {
        if paths.isEmpty && jsonl.isEmpty && pathsFrom == nil {
            throw ValidationError("give at least one file or folder, - for stdin, --jsonl FILE or --paths-from FILE")
        }
        if !(1...Self.maxJobs).contains(jobs) { throw ValidationError("--jobs must be between 1 and \(Self.maxJobs)") }
        if !(budget > 0 && budget <= Self.maxBudgetSeconds) {
            throw ValidationError(
                "--budget must be a number of seconds above 0 and at most \(Int(Self.maxBudgetSeconds))")
        }
        for (flag, path) in [("-o", output), ("--sqlite", sqlite)] where path == "" {
            throw ValidationError("\(flag) needs a file name")
        }
        if resume && output == nil && sqlite == nil {
            throw ValidationError("--resume needs -o FILE or --sqlite FILE: it continues that output")
        }
        if let sqlite, let output, OutputSink.absolute(sqlite) == OutputSink.absolute(output) {
            throw ValidationError("--sqlite and -o name the same file; give each its own")
        }
        if let published, DateText.iso(published) == nil {
            throw ValidationError("--published '\(published)' is not a date (write it as 2023-05-01)")
        }
        let readers = stdinReaders
        if readers.count > 1 {
            throw ValidationError(
                "\(readers.joined(separator: " and ")) each read stdin, which holds one stream; "
                    + "give all but one of them a file")
        }
    }

    /// What the folders held that was passed over: files that are no pages, links to folders.
    func notePassed(_ inputs: Inputs) {
        if inputs.skippedFiles > 0 {
            Console.error(
                "tiqu: \(inputs.skippedFiles) file(s) in the folders are no page files (or excluded) and were not read; "
                    + "--include GLOB reads them")
        }
        if inputs.skippedLinks > 0 {
            Console.error(
                "tiqu: \(inputs.skippedLinks) link(s) to folders in the folders were not followed (such links can loop); "
                    + "give a link's target as an input to read it")
        }
    }

    /// The inputs that read stdin: it holds one stream, so a second reader would find it empty.
    var stdinReaders: [String] {
        paths.filter { $0 == "-" }.map { _ in "the path -" } + jsonl.filter { $0 == "-" }.map { _ in "--jsonl -" }
            + (pathsFrom == "-" ? ["--paths-from -"] : [])
    }

    func run() throws {
        Interrupt.install()
        let book = try rules.load()
        let pipeline = Pipeline(rules: book, budget: .milliseconds(Int(budget * 1000)))
        let paths = try allPaths()
        let jsonlPaths = jsonl.map(Arguments.raw)
        let inputs = Inputs(paths: paths, jsonl: jsonlPaths, include: include, exclude: exclude, fields: fields)
        try refuseOutputsOver(paths + jsonlPaths, wanted: inputs.wanted)
        let (sink, store, done) = try openOutputs()
        let feed = Feed(inputs, skipping: resume ? done : [])
        let started = Date()
        let onTerminal = isatty(STDERR_FILENO) != 0
        let total = onTerminal ? Inputs.count(paths: paths, jsonl: jsonlPaths, include: include, exclude: exclude) : nil
        let progress = Progress(enabled: onTerminal, total: total)
        let (summary, readAll) = try stream(
            feed, through: pipeline, into: sink, store, progress: progress, started: started)
        // A run stopped while its reader waits on a pipe: the reader's counts are not to be read.
        if readAll { notePassed(feed.inputs) }
        try writeSummary(summary, seconds: Date().timeIntervalSince(started), skipped: readAll ? feed.skipped : 0)
        if let signal = Interrupt.signal { throw ExitCode(128 + signal) }
        if strict && summary.failed > 0 { throw ExitCode(ExitStatus.documentsFailed) }
    }

    /// The documents of the inputs, in turn, past those `--resume` finds already written. Read on
    /// the stream's reader thread; its counts are the caller's once the reader has come to its end.
    final class Feed {
        private(set) var inputs: Inputs
        let done: Set<String>
        private(set) var skipped = 0

        init(_ inputs: Inputs, skipping done: Set<String>) {
            (self.inputs, self.done) = (inputs, done)
        }

        func next() -> Inputs.Item? {
            while !Interrupt.requested, let item = inputs.next() {
                guard done.contains(item.id) else { return item }
                skipped += 1
            }
            return nil
        }
    }

    /// Refuses (a usage error) an `-o` or `--sqlite` that would write over an input: a page, the
    /// path list, a rule file. Records written over them lose them.
    func refuseOutputsOver(_ inputPaths: [RawPath], wanted: (RawPath) -> Bool) throws {
        let listing = pathsFrom.flatMap { $0 == "-" ? nil : Arguments.raw($0) }
        let ruleFolders = try rules.layers.map(Arguments.raw)
        for (flag, path) in [("-o", output), ("--sqlite", sqlite)] {
            guard let path,
                let refusal = OutputSink.refusal(
                    output: path, flag: flag, inputs: inputPaths + [listing].compactMap { $0 }, wanted: wanted,
                    ruleFolders: ruleFolders)
            else { continue }
            Console.error("tiqu: \(refusal)")
            throw ExitCode(ExitStatus.usage)
        }
    }

    /// Streams the documents through `jobs` workers into the outputs; at most `window` are read and
    /// not yet written. Returns the run's counts and whether the reader came to its end.
    func stream(
        _ feed: Feed, through pipeline: Pipeline, into sink: OutputSink?, _ store: SQLiteStore?, progress: Progress,
        started: Date
    ) throws -> (Summary, readAll: Bool) {
        let emitter = Emitter(withText: withText)
        var summary = Summary()
        do {
            let readAll = try Stream<Inputs.Item, (Record, Int)>().run(
                jobs: jobs, window: 8 * jobs, maxBytes: Self.maxBytesInFlight, ordered: order == .ordered,
                next: feed.next, size: \.size,
                transform: { item in
                    switch item {
                    case .page(var page):
                        page.fallback.published = published
                        return (pipeline.process(page), page.bytes.count)
                    case .failed(let record): return (record, 0)
                    }
                },
                write: { record, bytes in
                    summary.count(record, inputBytes: bytes)
                    progress.update(summary, started: started)
                    if explain { Explain.write(record) }
                    // Resuming into two outputs, a document one of them already holds goes to the other only.
                    if !(sink?.existingIDs.contains(record.id) ?? true) { try sink?.write(emitter.bytes(record)) }
                    try store?.write(record)
                }, stopped: { Interrupt.requested })
            try sink?.finish()
            try store?.finish()
            progress.finish()
            return (summary, readAll)
        } catch {
            sink?.abort()
            try? store?.finish()
            Console.error("tiqu: \(Self.message(error))")
            throw ExitCode(ExitStatus.runFailed)
        }
    }

    /// The closing summary on stderr, as `--stats` asks.
    func writeSummary(_ summary: Summary, seconds: Double, skipped: Int) throws {
        guard stats == .text else {
            Console.error(
                summary.json(
                    seconds: seconds, skipped: skipped, interrupted: Interrupt.requested,
                    rules: RuleBook.digest(of: try rules.layers)))
            return
        }
        Console.error(
            summary.line(seconds: seconds, output: [output, sqlite].compactMap { $0 }.joined(separator: " and "))
                + (skipped > 0 ? " (\(skipped) already in the output, skipped)" : "")
                + (Interrupt.requested ? "; interrupted: run it again with --resume to continue" : ""))
    }

    /// The JSONL sink (none with `--sqlite` alone), the store, and the ids `--resume` skips: those
    /// already in every output. A document missing from one output is run again and written to the
    /// outputs that lack it (the store replaces by id; the JSONL is not written twice).
    func openOutputs() throws -> (OutputSink?, SQLiteStore?, Set<String>) {
        var sink: OutputSink?
        do {
            sink = sqlite != nil && output == nil ? nil : try OutputSink(path: output, resume: resume)
            let store = try sqlite.map { path throws(StoreError) in try SQLiteStore(path: path, withText: withText) }
            guard resume else { return (sink, store, []) }
            let held = [sink?.existingIDs, try store?.storedIDs()].compactMap { $0 }
            return (sink, store, held.dropFirst().reduce(held.first ?? []) { $0.intersection($1) })
        } catch {
            sink?.abort()
            Console.error("tiqu: \(Self.message(error))")
            throw ExitCode(ExitStatus.runFailed)
        }
    }

    /// What an output's failure says to the user.
    static func message(_ error: Error) -> String {
        (error as? OutputError)?.message ?? (error as? StoreError)?.message ?? "\(error)"
    }

    /// The paths on the command line, then those `--paths-from` lists, as the bytes they were given in.
    func allPaths() throws -> [RawPath] {
        var all = paths.map(Arguments.raw)
        guard let pathsFrom else { return all }
        let listed: Result<[UInt8], RawFile.Failure>
        if pathsFrom == "-" {
            listed = RawFile.read(STDIN_FILENO, limit: Self.maxPathList, stopped: { Interrupt.requested }).map(\.bytes)
        } else {
            listed = Self.readList(Arguments.raw(pathsFrom))
        }
        if let signal = Interrupt.signal {
            Console.error("tiqu: stopped while reading the --paths-from list; nothing was run")
            throw ExitCode(128 + signal)
        }
        switch listed {
        case .success(let bytes):
            for line in bytes.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }) {
                let trimmed = line.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }
                    .reversed()
                if !trimmed.isEmpty { all.append(RawPath(bytes: Array(trimmed))) }
            }
            return all
        case .failure(let failure):
            Console.error("tiqu: cannot read --paths-from \(pathsFrom): \(failure.message)")
            throw ExitCode(ExitStatus.runFailed)
        }
    }

    /// A list of paths larger than this is no list: 64 MiB holds about a million paths.
    static let maxPathList = 64 * 1024 * 1024

    /// A `--paths-from` file, which may be a pipe (`--paths-from <(find …)`), never a device.
    static func readList(_ path: RawPath) -> Result<[UInt8], RawFile.Failure> {
        guard FileKind(path) == .fifo else { return RawFile.contents(path, limit: maxPathList) }
        return RawFile.open(path).flatMap { fd in
            defer { close(fd) }
            return RawFile.read(fd, limit: maxPathList, stopped: { Interrupt.requested }).map(\.bytes)
        }
    }
}

/// Command-line arguments as the bytes they were given in: ArgumentParser hands over Strings, in
/// which a file name that is not UTF-8 has become U+FFFD; the original bytes are found in argv.
enum Arguments {
    static func raw(_ argument: String) -> RawPath {
        guard argument.contains("\u{FFFD}") else { return RawPath(argument) }
        for i in 0..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[i] else { continue }
            let bytes = Array(UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)))
            if String(decoding: bytes, as: UTF8.self) == argument { return RawPath(bytes: bytes) }
        }
        return RawPath(argument)
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
    func json(seconds: Double, skipped: Int, interrupted: Bool, rules: String) -> String {
        JSON.object([
            ("version", .string(Tiqu.version)), ("rules", .string(rules)),
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
        if !byCode.isEmpty {
            s += " (" + byCode.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")"
        }
        s += ", \(warned) with warnings, in " + String(format: "%.2f s", seconds)
        if seconds > 0 {
            s += String(
                format: " (%.1f MB, %.1f MB/s, %.0f docs/s)", Double(inputBytes) / 1e6,
                Double(inputBytes) / 1e6 / seconds, Double(documents) / seconds)
        }
        if let output, !output.isEmpty { s += "; output in \(output)" }
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
            for d in record.dropped {
                s += "   dropped [\(d.rule)] \(d.text.count > 120 ? String(d.text.prefix(120)) + "…" : d.text)\n"
            }
            for w in record.warnings { s += "   warning: \(w)\n" }
        }
        Console.raw(s)
    }
}

/// Ctrl-C or SIGTERM: stop taking new documents, finish the ones in flight, close the output
/// cleanly (complete lines, in place) and exit 128 + the signal; `--resume` continues.
enum Interrupt {
    nonisolated(unsafe) static var signal: Int32?
    static var requested: Bool { signal != nil }

    static func install() {
        // A parent may have blocked them (runtimes that spawn workers do); the threads started later inherit this mask.
        var set = sigset_t()
        sigemptyset(&set)
        for number in [SIGINT, SIGTERM] { sigaddset(&set, number) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for number in [SIGINT, SIGTERM] {
            Foundation.signal(number) { received in
                if Interrupt.signal != nil { _exit(128 + received) }  // a second signal means now
                Interrupt.signal = received
            }
        }
        // Past a file size limit (`ulimit -f`) a write fails with EFBIG and is reported, instead of killing the run.
        Foundation.signal(SIGXFSZ, SIG_IGN)
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
        var line = String(
            format: "\r%d documents, %.1f MB, %.0f docs/s, %.2f MB/s, %d errors",
            s.documents, Double(s.inputBytes) / 1e6, Double(s.documents) / t, Double(s.inputBytes) / 1e6 / t, s.failed)
        if let total, s.documents > 0, s.documents < total {
            line += String(format: ", ETA %.0f s", t / Double(s.documents) * Double(total - s.documents))
        }
        line += " "
        Console.raw(line)
    }

    func finish() {
        if enabled { Console.raw("\r\u{1B}[K") }
    }
}
