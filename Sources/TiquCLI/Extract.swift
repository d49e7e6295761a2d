import ArgumentParser
import Foundation
import Tiqu

/// `tiqu extract`: the main job. One JSON line per input document, record or error.
struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Clean scraped pages and write one JSON record per document (JSONL).",
        discussion: """
        PATH is a file, a folder (read recursively, in name order) or - for stdin. Every input \
        document yields exactly one line: its record, or an error record naming it and the reason. \
        Exit status: 0 when the run completed (even if documents failed; a summary goes to stderr), \
        1 with --strict when any document failed, 2 for a usage error, 3 when the run could not go on.
        """
    )

    @Argument(help: ArgumentHelp("Files, folders or - (stdin).", valueName: "path"))
    var paths: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Write JSONL here instead of stdout (completed atomically).", valueName: "file"))
    var output: String?

    @Flag(help: "Include the cleaned body text in each record.")
    var withText = false

    @Flag(help: "Write every dropped line or block, and the rule that dropped it, to stderr.")
    var explain = false

    @Flag(help: "Exit with status 1 when any document failed.")
    var strict = false

    @OptionGroup var rules: RuleOptions

    func run() throws {
        let book = try rules.load()
        let pipeline = Pipeline(rules: book)
        let emitter = Emitter(withText: withText)
        let sink: OutputSink
        do {
            sink = try OutputSink(path: output)
        } catch {
            FileHandle.standardError.write(Data("tiqu: cannot write \(output ?? "stdout"): \(error.localizedDescription)\n".utf8))
            throw ExitCode(ExitStatus.runFailed)
        }
        let started = Date()
        var summary = Summary()
        var inputs = Inputs(paths: paths)
        // Documents go through in batches: each batch is processed on all cores and written in input order.
        let batchSize = 64
        while true {
            var batch: [Inputs.Item] = []
            while batch.count < batchSize, let item = inputs.next() { batch.append(item) }
            if batch.isEmpty { break }
            let records = ParallelMap.map(batch) { item -> Record in
                switch item {
                case .page(let page): return pipeline.process(page)
                case .failed(let record): return record
                }
            }
            for record in records {
                summary.count(record)
                if explain { Explain.write(record) }
                do {
                    try sink.write(emitter.line(record))
                } catch {
                    FileHandle.standardError.write(Data("tiqu: cannot write output: \(error.localizedDescription)\n".utf8))
                    throw ExitCode(ExitStatus.runFailed)
                }
            }
        }
        do { try sink.finish() } catch {
            FileHandle.standardError.write(Data("tiqu: cannot complete \(output ?? "stdout"): \(error.localizedDescription)\n".utf8))
            throw ExitCode(ExitStatus.runFailed)
        }
        FileHandle.standardError.write(Data((summary.line(seconds: Date().timeIntervalSince(started), output: output) + "\n").utf8))
        if strict && summary.failed > 0 { throw ExitCode(ExitStatus.documentsFailed) }
    }
}

/// Counts for the closing line on stderr.
struct Summary {
    var documents = 0
    var failed = 0
    var byCode: [String: Int] = [:]
    var warned = 0

    mutating func count(_ record: Record) {
        documents += 1
        if let error = record.error {
            failed += 1
            byCode[error.code, default: 0] += 1
        } else if !record.warnings.isEmpty {
            warned += 1
        }
    }

    func line(seconds: Double, output: String?) -> String {
        var s = "tiqu: \(documents) document(s), \(documents - failed) record(s), \(failed) error(s)"
        if !byCode.isEmpty { s += " (" + byCode.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")" }
        s += ", \(warned) with warnings, in " + String(format: "%.2f s", seconds)
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
