import ArgumentParser
import Foundation
import Tiqu

/// `tiqu bench`: end-to-end throughput on real pages, against libxml2 parse-only on the same bytes.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure throughput on a folder of pages, replayed to a volume, against libxml2 parse-only.",
        discussion: """
            The pages are read once and replayed until --mb of input has gone through (so the corpus on \
            disk stays small and memory holds only one copy). Reports, as medians of --runs: libxml2 \
            parse-only on one core; tiqu end to end (decode, clean, normalize, segment, extract, JSON \
            line) on one core and, when --jobs is more than one, on --jobs cores; the time per stage \
            on one core; and the peak RSS.
            """
    )

    @Argument(help: ArgumentHelp("A folder of pages (HTML or text).", valueName: "dir"))
    var folder: String

    @Option(help: ArgumentHelp("Megabytes of input per run (pages are replayed to reach it).", valueName: "mb"))
    var mb: Double = 200

    @Option(help: ArgumentHelp("Runs per measurement; the median is reported.", valueName: "n"))
    var runs: Int = 3

    @Option(help: ArgumentHelp("Worker threads for the all-cores run (default: all cores).", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var rules: RuleOptions

    /// A replay of more than this (a terabyte) is no benchmark, and its counts would overflow.
    static let maxMB = 1e6

    func validate() throws {
        if !(mb > 0 && mb <= Self.maxMB) {
            throw ValidationError("--mb must be above 0 and at most \(Int(Self.maxMB))")
        }
        if runs < 1 || jobs < 1 { throw ValidationError("--runs and --jobs must be at least 1") }
    }

    func run() throws {
        let pipeline = Pipeline(rules: try rules.load())
        let emitter = Emitter(withText: false)
        var pages: [Page] = []
        var inputs = Inputs(paths: [folder])
        while let item = inputs.next() { if case .page(let p) = item { pages.append(p) } }
        guard !pages.isEmpty else { throw ValidationError("no readable pages in \(folder)") }
        let corpusBytes = pages.reduce(0) { $0 + $1.bytes.count }
        guard corpusBytes > 0 else { throw ValidationError("the pages in \(folder) are empty: nothing to replay") }
        let replays = max(1, Int((mb * 1e6 / Double(corpusBytes)).rounded(.up)))
        let total = Double(corpusBytes * replays) / 1e6, documents = pages.count * replays
        print(
            String(
                format: "%d pages, %.2f MB, replayed %d times: %.1f MB and %d documents per run, median of %d run(s)",
                pages.count, Double(corpusBytes) / 1e6, replays, total, documents, runs))

        func median(_ f: () -> Double) -> Double {
            let times = (0..<runs).map { _ in f() }.sorted()
            return times[times.count / 2]
        }
        func timed(_ body: () -> Void) -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        func row(_ name: String, _ seconds: Double, floor: Double? = nil) {
            var line =
                name.padding(toLength: 34, withPad: " ", startingAt: 0)
                + String(
                    format: " %8.2f s %8.1f MB/s %9.0f docs/s", seconds, total / seconds, Double(documents) / seconds)
            if let floor { line += String(format: "   %5.1f%% of libxml2", floor / seconds * 100) }
            print(line)
        }

        let parseOnly = median { timed { for _ in 0..<replays { for p in pages { _ = ParseFloor.parse(p.bytes) } } } }
        row("libxml2 parse-only, 1 core", parseOnly)
        let one = median {
            timed { for _ in 0..<replays { for p in pages { _ = emitter.bytes(pipeline.process(p)) } } }
        }
        row("tiqu end to end, 1 core", one, floor: parseOnly)
        // With one job the all-cores run would time the one-core run again under another name.
        if jobs > 1 {
            let all = median {
                timed {
                    var sequence = (0..<documents).makeIterator()
                    _ = try? Stream<Int, Int>().run(
                        jobs: jobs, window: 8 * jobs, maxBytes: Extract.maxBytesInFlight, ordered: false,
                        next: { sequence.next() },
                        size: { pages[$0 % pages.count].bytes.count },
                        transform: { emitter.bytes(pipeline.process(pages[$0 % pages.count])).count }, write: { _ in })
                }
            }
            row("tiqu end to end, \(jobs) cores", all, floor: parseOnly)
            print(String(format: "scaling on %d cores: %.2fx", jobs, one / all))
        }

        // Step by step on one core (one pass; the sum is close to the end-to-end time).
        var spent: [Pipeline.Step: Duration] = [:]
        var emitting: Duration = .zero
        for _ in 0..<replays {
            for p in pages {
                let record = pipeline.process(p) { step, elapsed in spent[step, default: .zero] += elapsed }
                emitting += ContinuousClock().measure { _ = emitter.bytes(record) }
            }
        }
        let names: [(String, Duration)] =
            [
                ("ingest (sniff, charset, decode)", spent[.ingest] ?? .zero),
                ("clean (libxml2 + chrome)", spent[.clean] ?? .zero),
                ("normalize + segment", spent[.analyze] ?? .zero), ("extract (all families)", spent[.extract] ?? .zero),
                ("emit (JSON line)", emitting),
            ]
        let seconds = names.map { ($0.0, Double($0.1.components.seconds) + Double($0.1.components.attoseconds) / 1e18) }
        let sum = seconds.reduce(0) { $0 + $1.1 }
        for (name, t) in seconds {
            print(
                "  " + name.padding(toLength: 32, withPad: " ", startingAt: 0)
                    + String(format: " %8.2f s %6.1f%%", t, t / sum * 100))
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print(String(format: "peak RSS: %.0f MB", Double(usage.ru_maxrss) / 1024))
    }
}
