/// One fact family's mechanism. It reads the analysis (and what the extractors before it found)
/// and returns matches in folded coordinates; its knowledge comes from the rule book it was built from.
public protocol Extractor: Sendable {
    func matches(in analysis: Analysis, earlier: [Match]) -> [Match]
}

/// What the extract stage gives a record: its facts, its subject, and warnings about the facts.
public struct Extraction: Sendable {
    public var facts: [Fact]
    public var subject: String?
    public var warnings: [String]
}

/// Extract: sentences → facts. Runs every extractor in order (places before the honors and
/// citations that name them, honors before the programs they would otherwise swallow), maps each
/// match back to the original text, and attaches its sentence.
public struct Extract: Stage {
    let places: PlaceExtractor
    let extractors: [any Extractor]

    public init(rules: RuleBook) {
        places = PlaceExtractor(rules: rules)
        extractors = [
            QuantityExtractor(rules: rules), PeriodExtractor(rules: rules), places, HonorExtractor(rules: rules),
            ProgramExtractor(rules: rules), CitationExtractor(rules: rules),
        ]
    }

    public func run(_ analysis: Analysis) throws(DocumentError) -> Extraction {
        var matches: [Match] = []
        for extractor in extractors {
            matches += extractor.matches(in: analysis, earlier: matches)
            if analysis.expired { throw DocumentError.budgetExceeded(after: "\(type(of: extractor))") }
        }
        var facts: [Fact] = []
        var warnings: [String] = []
        for m in matches {
            let span = analysis.map.originalRange(m.range)
            let sentence = analysis.sentences.containing(m.range.lowerBound)?.index ?? -1
            let fact = Fact(
                text: analysis.map.originalText(m.range), start: span.lowerBound, end: span.upperBound,
                sentence: sentence, rule: m.rule, value: m.value)
            if let division = m.value.division, division.names.count != division.count {
                warnings.append(
                    "divisions: '\(fact.text)' names \(division.names.count) unit(s) but says \(division.count)")
            }
            facts.append(fact)
        }
        facts.sort { ($0.kind, $0.start, $0.end) < ($1.kind, $1.start, $1.end) }
        return Extraction(
            facts: facts, subject: places.subject(of: analysis, places: matches.filter { $0.kind == .places }),
            warnings: warnings)
    }
}
