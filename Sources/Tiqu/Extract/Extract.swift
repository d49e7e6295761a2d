/// One fact family's mechanism. It reads the analysis and the facts of the kinds it declares in
/// `reads` (found by other extractors, which therefore run first), and returns matches in folded
/// coordinates; its knowledge comes from the rule book it was built from.
public protocol Extractor: Sendable {
    /// The kinds of fact it finds.
    var finds: Set<FactKind> { get }
    /// The kinds found by other extractors that it looks at (a citation's issuer is a place).
    var reads: Set<FactKind> { get }
    func matches(in analysis: Analysis, earlier: [Match]) -> [Match]
}

/// What the extract stage gives a record: its facts, its subject, and warnings about the facts.
public struct Extraction: Sendable {
    public var facts: [Fact]
    public var subject: Subject?
    /// Where the page is from (`mainland`, `hk`, `mo`, `tw`), and the scores that decided it.
    public var region: String?
    public var regionEvidence: String?
    public var warnings: [String]
}

/// Extract: sentences → facts. Runs every extractor after those whose facts it reads (places
/// before the honors and citations that name them, honors before the programs they would
/// otherwise swallow), maps each match back to the original text, and attaches its sentence.
public struct Extract: Stage {
    let places: PlaceExtractor
    let region: PageRegion
    let extractors: [any Extractor]

    public init(rules: RuleBook) {
        places = PlaceExtractor(rules: rules)
        region = PageRegion(rules: rules)
        extractors = Self.ordered([
            QuantityExtractor(rules: rules), PeriodExtractor(rules: rules), places, HonorExtractor(rules: rules),
            ProgramExtractor(rules: rules), CitationExtractor(rules: rules),
        ])
    }

    /// The extractors in an order where each runs after every extractor whose kinds it reads (and,
    /// among those free to run, in the order given). An extractor that reads its own kind (periods
    /// read the calendar's dates) runs after the others that find it.
    static func ordered(_ extractors: [any Extractor]) -> [any Extractor] {
        var pending = Array(extractors.indices)
        var order: [Int] = []
        while !pending.isEmpty {
            let ready = pending.first { i in
                pending.allSatisfy { j in j == i || extractors[i].reads.isDisjoint(with: extractors[j].finds) }
            }
            guard let next = ready else { preconditionFailure("extractors read each other's facts in a cycle") }
            order.append(next)
            pending.removeAll { $0 == next }
        }
        return order.map { extractors[$0] }
    }

    public func run(_ analysis: Analysis) throws(DocumentError) -> Extraction {
        var analysis = analysis
        let decision = region.decide(analysis.map, title: analysis.meta.title, url: analysis.url)
        analysis.region = decision?.region
        var matches: [Match] = []
        for extractor in extractors {
            // Most extractors read no other's facts: no filtered copy of every match for them.
            let reads = extractor.reads
            matches += extractor.matches(
                in: analysis, earlier: reads.isEmpty ? [] : matches.filter { reads.contains($0.kind) })
            if analysis.expired { throw DocumentError.budgetExceeded(after: "\(type(of: extractor))") }
        }
        var facts: [Fact] = []
        var warnings: [String] = []
        for m in matches {
            let span = analysis.map.originalRange(m.range)
            let sentence = analysis.sentences.containing(m.range.lowerBound)?.index ?? -1
            var fact = Fact(
                text: analysis.map.originalText(m.range), start: span.lowerBound, end: span.upperBound,
                sentence: sentence, rule: m.rule, value: m.value)
            fact.helpers = m.helpers
            if let date = m.value.date, date.yearFrom == DateValue.guessedEra {
                warnings.append(
                    "dates: '\(fact.text)' is read as a year of the Republic of China era (\(date.value)), "
                        + "but the page is not a Taiwan page")
            }
            if let division = m.value.division, division.names.count != division.count {
                warnings.append(
                    "divisions: '\(fact.text)' names \(division.names.count) unit(s) but says \(division.count)")
            }
            facts.append(fact)
        }
        // Sorted by keys read once: a fact's kind is read off its value, which a comparison would copy.
        let keys = facts.map { ($0.kind.index, $0.start, $0.end) }
        facts = facts.indices.sorted { keys[$0] < keys[$1] }.map { facts[$0] }
        if decision?.doubtful == true, facts.contains(where: { $0.value.quantity?.currencyFrom == "page" }) {
            warnings.append(
                "currency: a bare 元 is read as \(decision!.region.currency), but the page is in Traditional script "
                    + "and names no region (on Hong Kong, Macau and Taiwan pages it is HKD, MOP or TWD)")
        }
        return Extraction(
            facts: facts, subject: places.subject(of: analysis, places: matches.filter { $0.kind == .places }),
            region: analysis.region?.code, regionEvidence: decision?.evidence, warnings: warnings)
    }
}
