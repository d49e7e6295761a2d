import ArgumentParser
import Foundation
import Tiqu

/// `tiqu explain FILE`: the cleaned text by sentence, with every fact, its rule and its value.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show a document's sentences and, for each match, the rule that made it and its normalized value."
    )

    @Argument(help: ArgumentHelp("A page or text scrape.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("Show only facts from rules whose id starts with this.", valueName: "id"))
    var rule: String?

    @OptionGroup var rules: RuleOptions

    func run() throws {
        let pipeline = Pipeline(rules: try rules.load())
        let record: Record
        switch Inputs.read(file) {
        case .page(let page): record = pipeline.process(page)
        case .failed(let failed): record = failed
        }
        if let error = record.error {
            print("\(record.id): error \(error.code): \(error.message)")
            throw ExitCode(1)
        }
        let m = record.meta
        print(
            "\(record.id) — \(m.title ?? "(no title)") | \(m.published ?? "-") | \(m.outlet ?? "-") | \(m.author ?? "-") | \(m.editor ?? "-")"
        )
        if let region = record.region { print("region: \(region) (\(record.regionEvidence ?? "-"))") }
        let text = Array(record.text.unicodeScalars)
        let facts = record.facts.filter { rule == nil || $0.rule.hasPrefix(rule!) }
        for s in record.sentences {
            let inSentence = facts.filter { $0.sentence == s.index }
            if rule != nil && inSentence.isEmpty { continue }
            print("[\(s.index)] \(String(String.UnicodeScalarView(text[s.start..<s.end])))")
            for f in inSentence {
                let extras = f.value.fields.filter {
                    !["value", "min", "max", "unit", "approx"].contains($0.0) && $0.1 != JSON.null
                }
                .map { "\($0.0)=\($0.1.serialized().trimmingCharacters(in: CharacterSet(charactersIn: "\"")))" }.joined(
                    separator: " ")
                print(
                    "    \(f.kind.rawValue) ⟦\(f.text)⟧ → \(f.value)\(extras.isEmpty ? "" : "  " + extras)  [\(f.rule)]"
                )
            }
        }
    }
}
