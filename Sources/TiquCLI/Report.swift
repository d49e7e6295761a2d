import ArgumentParser
import Foundation
import Tiqu

/// `tiqu report RECORDS.jsonl -o report.html`: records as a page to review in a browser.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write records as a self-contained HTML page to review: facts highlighted in the text.",
        discussion: """
            Reads records (JSONL, as tiqu extract writes them; - for stdin) and writes one HTML file, \
            with no network use, per --per-page documents (report.html, report-2.html, …): a summary \
            (documents, errors by code, facts by kind, the most frequent attributes and units, the \
            slowest documents), then each document's metadata, its text with every fact marked (hover or \
            click for its fields) and the chrome cleaning dropped, with the rule that dropped each line. \
            A record whose source file still exists is run again for its dropped lines (and its time); \
            one without text (made without --with-text) takes its text from that run, or is shown as \
            "no text". Each fact is one element with data-fact (its kind), data-start and data-end.
            """
    )

    @Argument(help: ArgumentHelp("JSONL files of records, or - (stdin).", valueName: "records"))
    var inputs: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("The first page's file.", valueName: "file"))
    var output = "report.html"

    @Option(help: ArgumentHelp("Documents per HTML file.", valueName: "n"))
    var perPage = 500

    @OptionGroup var rules: RuleOptions

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give a JSONL file of records, or - for stdin") }
        if perPage < 1 { throw ValidationError("--per-page must be at least 1") }
    }

    func run() throws {
        let folders = try rules.layers
        try Self.refuseInputs(output, inputs, folders: folders)
        let pipeline = Pipeline(rules: try rules.load())
        var entries: [ReportEntry] = []
        var bad: [String] = []
        for input in inputs {
            for (number, line) in try Self.lines(of: input) {
                let place = "\(input):\(number)"
                do {
                    entries.append(Self.entry(try Record(json: line), pipeline: pipeline))
                } catch {
                    // Listed on stderr, and in the report as an error in its place.
                    let why = "\(place): not a record: \((error as? DocumentError)?.message ?? "\(error)")"
                    bad.append(why)
                    let failed = Record(id: place, source: Source(path: place), error: DocumentError("bad_record", why))
                    entries.append(ReportEntry(record: failed, droppedKnown: false))
                }
            }
        }
        Usage.listBadLines(bad, what: "that are not records")
        // A file none of whose lines is a record is not what report reads: nothing is written.
        if !bad.isEmpty, bad.count == entries.count {
            throw Usage.error(
                "no line of \(inputs.joined(separator: ", ")) is a record;"
                    + " report reads the JSONL lines tiqu extract writes"
            )
        }
        let report = ReportPage(
            title: "Tiqu report: " + inputs.joined(separator: ", "), fileName: (output as NSString).lastPathComponent,
            generator: "tiqu \(Tiqu.version)", perPage: perPage)
        let pages = report.pages(entries)
        // The pages after the first are named after it, beside it: a device or pipe has no such neighbours.
        if pages.count > 1, !Self.isFileName(output) {
            Console.error("tiqu: \(pages.count) pages are named after -o \(output), which is no regular file; use one")
            throw ExitCode(ExitStatus.usage)
        }
        for n in pages.indices.dropFirst() {
            try Self.refuseInputs(Self.path(ofPage: n, report, output), inputs, folders: folders)
        }
        try Self.refuseSources(pages.indices.map { Self.path(ofPage: $0, report, output) }, entries)
        try Self.write(pages, report: report, to: output)
        Console.error("tiqu: \(entries.count) document(s) in \(output)")
        if !bad.isEmpty {
            Console.error("tiqu: \(bad.count) line(s) that are not records are in it as errors")
            throw ExitCode(1)
        }
    }

    /// A record read back, with its text and dropped lines from its source file when it can be run again.
    static func entry(_ record: Record, pipeline: Pipeline) -> ReportEntry {
        guard record.error == nil, let page = Inputs.reread(record.source.path, id: record.id) else {
            var entry = ReportEntry(record: record, droppedKnown: false)
            if record.error == nil {
                entry.notes.append("the source file cannot be run again: dropped lines unknown")
            }
            return entry
        }
        let started = Date()
        let again = pipeline.process(page)
        return ReportEntry(reading: record, again: again, seconds: Date().timeIntervalSince(started))
    }

    /// The lines of a JSONL file with their numbers (from 1), blank ones left out.
    static func lines(of input: String) throws -> [(Int, Data)] {
        let data: Data
        do {
            data =
                input == "-"
                ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: input))
        } catch {
            Console.error("tiqu: cannot read \(input): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.runFailed)
        }
        return data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
            .filter { !$0.element.allSatisfy { $0 == 0x20 || $0 == 0x0D || $0 == 0x09 } }
            .map { ($0.offset + 1, Data($0.element)) }
    }

    /// A page must not replace a file of records it is made from, nor go inside one of `folders`
    /// (the rule folders, a samples folder), whose files are all read by what owns them.
    static func refuseInputs(_ page: String, _ inputs: [String], folders: [String], flag: String = "-o") throws {
        guard
            let refusal = OutputSink.refusal(
                output: page, flag: flag, inputs: inputs.map(RawPath.init), wanted: { _ in true },
                ruleFolders: folders.map(RawPath.init))
        else { return }
        Console.error("tiqu: \(refusal)")
        throw ExitCode(ExitStatus.usage)
    }

    /// No page may replace a page a record was made from: the report reads it again, and the
    /// records could not be made anew.
    static func refuseSources(_ pages: [String], _ entries: [ReportEntry]) throws {
        let sources = Set(entries.compactMap { OutputSink.realpath(RawPath($0.record.source.path))?.bytes })
        guard let page = pages.first(where: { sources.contains(OutputSink.absolute($0).bytes) }) else { return }
        Console.error("tiqu: -o \(page) is the page a record was made from; write the report elsewhere")
        throw ExitCode(ExitStatus.usage)
    }

    /// Whether `output` names a regular file, or one not there yet.
    static func isFileName(_ output: String) -> Bool {
        switch FileKind(RawPath(output)) {
        case .regular, .missing: true
        default: false
        }
    }

    static func path(ofPage n: Int, _ report: ReportPage, _ output: String) -> String {
        n == 0
            ? output
            : ((output as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
                report.name(ofPage: n))
    }

    /// Writes every page beside the first, each completed atomically.
    static func write(_ pages: [String], report: ReportPage, to output: String) throws {
        for (n, html) in pages.enumerated() {
            let path = path(ofPage: n, report, output)
            do {
                let sink = try OutputSink(path: path, resume: false)
                try sink.write(html)
                try sink.finish()
            } catch {
                Console.error("tiqu: \(error.message)")
                throw ExitCode(ExitStatus.runFailed)
            }
        }
    }
}
