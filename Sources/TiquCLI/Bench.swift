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
            line) on one core and on --jobs cores; the time per stage on one core; and the peak RSS.
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

    func validate() throws {
        if !(mb > 0) { throw ValidationError("--mb must be positive") }
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
            var line = String(
                format: "%-34@ %8.2f s %8.1f MB/s %9.0f docs/s", name as NSString, seconds, total / seconds,
                Double(documents) / seconds)
            if let floor { line += String(format: "   %5.1f%% of libxml2", floor / seconds * 100) }
            print(line)
        }

        let parseOnly = median { timed { for _ in 0..<replays { for p in pages { _ = ParseFloor.parse(p.bytes) } } } }
        row("libxml2 parse-only, 1 core", parseOnly)
        let one = median { timed { for _ in 0..<replays { for p in pages { _ = emitter.line(pipeline.process(p)) } } } }
        row("tiqu end to end, 1 core", one, floor: parseOnly)
        let all = median {
            timed {
                var sequence = (0..<documents).makeIterator()
                try? Stream<Int, Int>().run(
                    jobs: jobs, window: 8 * jobs, maxBytes: Extract.maxBytesInFlight, ordered: false,
                    next: { sequence.next() },
                    size: { pages[$0 % pages.count].bytes.count },
                    transform: { emitter.line(pipeline.process(pages[$0 % pages.count])).utf8.count }, write: { _ in })
            }
        }
        row("tiqu end to end, \(jobs) cores", all, floor: parseOnly)
        print(String(format: "scaling on %d cores: %.2fx", jobs, one / all))

        // Stage by stage on one core (one pass; the sum is close to the end-to-end time).
        var stage = [Double](repeating: 0, count: 5)
        for _ in 0..<replays {
            for p in pages {
                var decoded: DecodedPage?
                stage[0] += timed { decoded = try? pipeline.ingest.run(p) }
                guard let decoded else { continue }
                var clean: CleanText?
                stage[1] += timed { clean = try? pipeline.clean.run(decoded) }
                guard let clean else { continue }
                var analysis: Analysis?
                stage[2] += timed { analysis = pipeline.analyze(clean) }
                var extraction: Extraction?
                stage[3] += timed { extraction = try? pipeline.extract.run(analysis!) }
                stage[4] += timed {
                    _ = emitter.line(
                        Record(
                            id: p.id, source: decoded.source, clean: clean, sentences: analysis!.sentences,
                            facts: extraction?.facts ?? [], subject: extraction?.subject, warnings: []))
                }
            }
        }
        let sum = stage.reduce(0, +)
        for (name, t) in zip(
            [
                "ingest (sniff, charset, decode)", "clean (libxml2 + chrome)", "normalize + segment",
                "extract (all families)", "emit (JSON line)",
            ], stage)
        {
            print(String(format: "  %-32@ %8.2f s %6.1f%%", name as NSString, t, t / sum * 100))
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print(String(format: "peak RSS: %.0f MB", Double(usage.ru_maxrss) / 1024))
    }
}
