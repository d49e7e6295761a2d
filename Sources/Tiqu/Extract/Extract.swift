/// One fact family's mechanism. It reads the analysis and returns matches in folded coordinates;
/// its knowledge comes from the rule book it was built from.
public protocol Extractor: Sendable {
    func matches(in analysis: Analysis) -> [Match]
}

/// Extract: sentences → facts. Runs every extractor, maps each match back to the original text,
/// and attaches its sentence.
public struct Extract: Stage {
    let extractors: [any Extractor]

    public init(rules: RuleBook) {
        extractors = [QuantityExtractor(rules: rules)]
    }

    public func run(_ analysis: Analysis) -> [Fact] {
        var facts: [Fact] = []
        for extractor in extractors {
            for m in extractor.matches(in: analysis) {
                let span = analysis.map.originalRange(m.range)
                let sentence = analysis.sentences.containing(m.range.lowerBound)?.index ?? -1
                facts.append(Fact(kind: m.kind, text: analysis.map.originalText(m.range), start: span.lowerBound, end: span.upperBound,
                                  sentence: sentence, rule: m.rule, fields: m.fields, summary: Fact.summary(m.kind, m.fields)))
            }
        }
        return facts.sorted { ($0.kind, $0.start, $0.end) < ($1.kind, $1.start, $1.end) }
    }
}
