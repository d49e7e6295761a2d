import ArgumentParser
import Foundation
import Tiqu

/// `tiqu explain FILE`: the cleaned text by sentence, with every fact, its rule and its value.
struct ExplainCommand: ParsableCommand {
    /// The quotes around a field's serialized string.
    static let quote: ScalarSet = ["\""]
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show a document's sentences and, for each match, the rule that made it and its normalized value."
    )

    @Argument(help: ArgumentHelp("Pages, text scrapes or folders, or - for stdin.", valueName: "file"))
    var files: [String]

    @Option(help: ArgumentHelp("Show only facts from rules whose id starts with this.", valueName: "id"))
    var rule: String?

    @Option(help: ArgumentHelp("Show only facts of this kind (quantities, places, …).", valueName: "kind"))
    var kind: String?

    @OptionGroup var rules: RuleOptions

    func validate() throws {
        if let kind, FactKind(rawValue: kind) == nil {
            throw ValidationError(
                "unknown kind '\(kind)'; expected one of \(FactKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let book = try rules.load()
        if let rule { try Self.refuseUnknown(rule, book) }
        let pipeline = Pipeline(rules: book)
        var failed = false, documents = 0
        for item in Inputs(paths: files) {
            documents += 1
            switch item {
            case .page(let page): failed = !explain(pipeline.process(page)) || failed
            case .failed(let record): failed = !explain(record) || failed
            }
        }
        // A folder with no page file in it (an empty one, or notes only) explains nothing.
        if documents == 0 {
            throw Usage.error(
                "no documents in \(files.joined(separator: ", ")): no page file (.html, .txt, .warc, .jsonl, …) there")
        }
        if failed { throw ExitCode(1) }
    }

    /// `--rule` that no rule's id starts with would show no fact: a usage error, with the ids
    /// nearest in spelling or, failing those, the ids of its family.
    static func refuseUnknown(_ rule: String, _ book: RuleBook) throws {
        let ids = book.factRuleIDs
        guard !ids.contains(where: { $0.hasPrefix(rule) }) else { return }
        let like = RuleBook.ids(like: rule, among: ids)
        let hint =
            !like.nearest.isEmpty
            ? "; did you mean \(like.nearest.map { "'\($0)'" }.joined(separator: ", "))?"
            : like.family.isEmpty ? "" : "; rules of that family: \(like.family.joined(separator: ", "))"
        throw Usage.error("--rule '\(rule)': no rule has that id, nor one starting with it\(hint)")
    }

    /// Prints one record's sentences and facts; false for an error record.
    func explain(_ record: Record) -> Bool {
        if let error = record.error {
            print("\(record.id): error \(error.code): \(error.message)")
            return false
        }
        let m = record.meta
        print(
            "\(record.id) — \(m.title ?? "(no title)") | \(m.published ?? "-") | \(m.outlet ?? "-") | \(m.author ?? "-") | \(m.editor ?? "-")"
        )
        if let region = record.region { print("region: \(region) (\(record.regionEvidence ?? "-"))") }
        let text = Array(record.text.unicodeScalars)
        let facts = record.facts.filter {
            (rule == nil || ([$0.rule] + $0.helpers).contains { $0.hasPrefix(rule!) })
                && (kind == nil || $0.kind.rawValue == kind)
        }
        for s in record.sentences {
            let inSentence = facts.filter { $0.sentence == s.index }
            if (rule != nil || kind != nil) && inSentence.isEmpty { continue }
            print("[\(s.index)] \(String(scalars: text[s.start..<s.end]))")
            for f in inSentence {
                let extras = f.value.fields.filter {
                    !["value", "min", "max", "unit", "approx"].contains($0.0) && $0.1 != JSON.null
                }
                .map { "\($0.0)=\($0.1.serialized().trimming(Self.quote))" }.joined(
                    separator: " ")
                print(
                    "    \(f.kind.rawValue) ⟦\(f.text)⟧ → \(f.value)\(extras.isEmpty ? "" : "  " + extras)  "
                        + "[\(([f.rule] + f.helpers).joined(separator: ", "))]"
                )
            }
        }
        return true
    }
}
