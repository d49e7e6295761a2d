/// One fact family's mechanism. It reads the analysis and the facts of the kinds it declares in
/// `reads` (found by other extractors, which therefore run first; `earlier` holds those kinds alone),
/// and returns matches in folded coordinates; its knowledge comes from the rule book it was built from.
public protocol Extractor: Sendable {
    /// The kinds of fact it finds.
    var finds: Set<FactKind> { get }
    /// The kinds found by other extractors that it looks at (a citation's issuer is a place).
    var reads: Set<FactKind> { get }
    func matches(in analysis: Analysis, earlier: [Match]) -> [Match]
}

/// An extractor that reads lexicons over the whole folded text: they are read for all such
/// extractors in one pass (`LexiconScan`).
protocol ReadsWholeText {
    var wholeTextLexicons: [any ScannedLexicon] { get }
}

/// An extractor that searches the whole folded text for a few marks (quote marks, title marks): they
/// are found for all such extractors in one pass (`MarkPositions`).
protocol SearchesMarks {
    var searchedMarks: [ScalarMarks] { get }
}

/// What the extract stage gives a record: its facts, its subject, and warnings about the facts.
public struct Extraction: Sendable {
    public var facts: [Fact]
    public var subject: Subject?
    /// Where the page is from (`mainland`, `hk`, `mo`, `tw`), and the scores that decided it.
    public var region: String?
    public var regionScores: RegionScores?
    public var warnings: [String]
}

/// Extract: sentences → facts. Runs every extractor after those whose facts it reads (places
/// before the honors and citations that name them, honors before the programs they would
/// otherwise swallow), maps each match back to the original text, and attaches its sentence.
public struct Extract: Stage {
    let places: PlaceExtractor
    let region: PageRegion
    let extractors: [any Extractor]
    /// Per extractor, per kind (by `FactKind.index`): whether it reads that kind.
    let reads: [[Bool]]
    /// Per extractor, the extractors before it that find a kind it reads: the lists its earlier
    /// matches are taken from (the others hold none, and are not read match by match).
    let sources: [[Int]]
    /// The extractors that find places, which the page's subject is chosen from.
    let placeSources: [Int]
    let lexicons: LexiconScan
    /// The marks of every `SearchesMarks` extractor, made once.
    let searchedMarks: MarkPositions.Searched

    public init(rules: RuleBook) {
        places = PlaceExtractor(rules: rules)
        region = PageRegion(rules: rules)
        extractors = Self.ordered([
            QuantityExtractor(rules: rules), PeriodExtractor(rules: rules), places, HonorExtractor(rules: rules),
            ProgramExtractor(rules: rules), CitationExtractor(rules: rules),
        ])
        // Asked once here: a Set of kinds hashes each kind's name.
        reads = extractors.map { extractor in FactKind.allCases.map(extractor.reads.contains) }
        let (reading, finding) = (extractors.map(\.reads), extractors.map(\.finds))
        sources = reading.indices.map { i in (0..<i).filter { !reading[i].isDisjoint(with: finding[$0]) } }
        placeSources = finding.indices.filter { finding[$0].contains(.places) }
        lexicons = LexiconScan(
            extractors.flatMap { ($0 as? any ReadsWholeText)?.wholeTextLexicons ?? [] } + [region.words])
        searchedMarks = MarkPositions.Searched(extractors.flatMap { ($0 as? any SearchesMarks)?.searchedMarks ?? [] })
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
        analysis.lexicons = lexicons.hits(in: analysis.map.folded)
        analysis.marks = MarkPositions(analysis.map.folded, of: searchedMarks)
        let decision = region.decide(
            analysis.map, title: analysis.meta.title, url: analysis.url, lexicons: analysis.lexicons)
        analysis.region = decision?.region
        let lists = try matchLists(in: analysis)
        let places = Self.earlier(lists, from: placeSources, reading: Self.placesAlone)
        var warnings: [String] = []
        // Each match's kind is read in its list: a loop over the matches would copy every one of them.
        for list in lists {
            for i in list.indices where Self.warnedKinds.contains(list[i].kind) {
                warnings += Self.warnings(list[i], analysis)
            }
        }
        let facts = facts(of: lists, in: analysis)
        if decision?.doubtful == true, facts.contains(where: { $0.value.quantity?.currencyFrom == "page" }) {
            warnings.append(
                "currency: a bare 元 is read as \(decision!.region.currency), but the page is in Traditional script "
                    + "and names no region (on Hong Kong, Macau and Taiwan pages it is HKD, MOP or TWD)")
        }
        return Extraction(
            facts: facts, subject: self.places.subject(of: analysis, places: places),
            region: analysis.region?.code, regionScores: decision?.scores, warnings: warnings)
    }

    /// Every extractor's matches, a list for each in the extractors' order: an extractor reading one
    /// other's kinds alone (honors read the places) is given that list itself.
    func matchLists(in analysis: Analysis) throws(DocumentError) -> [[Match]] {
        var lists: [[Match]] = []
        lists.reserveCapacity(extractors.count)
        for (i, extractor) in extractors.enumerated() {
            lists.append(
                extractor.matches(in: analysis, earlier: Self.earlier(lists, from: sources[i], reading: reads[i])))
            if analysis.expired { throw DocumentError.budgetExceeded(after: "\(type(of: extractor))") }
        }
        return lists
    }

    /// The kinds the page's subject is chosen from (by `FactKind.index`): places alone.
    static let placesAlone = FactKind.allCases.map { $0 == .places }

    /// The matches of the kinds an extractor reads (by `FactKind.index`) in the lists of its `sources`, in
    /// order: counted first, so that the list is made at its size once, not grown match by match; none for
    /// an extractor that reads none.
    /// When one extractor's list holds them all and nothing else, that list is given itself: a copy
    /// would retain each match's fields.
    static func earlier(_ lists: [[Match]], from sources: [Int], reading reads: [Bool]) -> [Match] {
        var count = 0
        var only: Int?  // the list that holds every match read and nothing else, if one does
        for i in sources {
            let read = lists[i].reduce(0) { reads[$1.kind.index] ? $0 + 1 : $0 }
            guard read > 0 else { continue }
            only = count == 0 && read == lists[i].count ? i : nil
            count += read
        }
        if let only { return lists[only] }
        guard count > 0 else { return [] }
        var earlier: [Match] = []
        earlier.reserveCapacity(count)
        for i in sources {
            for m in lists[i] where reads[m.kind.index] { earlier.append(m) }
        }
        return earlier
    }

    /// The matches of the lists as facts in the original text, sorted by kind, then start, then end. Read
    /// in their lists: joining them into one copied every match.
    func facts(of lists: [[Match]], in analysis: Analysis) -> [Fact] {
        // Sorted by keys read once: a match's kind is read off its value, which a comparison would copy. The
        // keys themselves are sorted, not indices into them; each ends in its match's list and index, which
        // keeps equal facts in the lists' order.
        var keys: [(Int, Int, Int, Int, Int)] = []
        keys.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for (l, list) in lists.enumerated() {
            for i in list.indices {
                let span = analysis.map.originalRange(list[i].range)
                keys.append((list[i].kind.index, span.lowerBound, span.upperBound, l, i))
            }
        }
        keys.sort(by: <)
        return keys.map { key in
            let m = lists[key.3][key.4]
            var fact = Fact(
                text: String(scalars: analysis.map.original[key.1..<key.2]), start: key.1, end: key.2,
                sentence: analysis.sentences.containing(m.range.lowerBound)?.index ?? -1, rule: m.rule,
                value: m.value)
            fact.helpers = m.helpers
            return fact
        }
    }

    /// The kinds of match `warnings` has something to say about: it is asked of these alone, as a
    /// value read out of its box copies its fields, and most matches are of none of them.
    static let warnedKinds: [FactKind] = [.dates, .divisions]

    /// What a record should say about a match: a year read in an era the page may not use, a list
    /// of units that does not add up to its count. A warning about another kind needs that kind in
    /// `warnedKinds`.
    static func warnings(_ m: Match, _ analysis: Analysis) -> [String] {
        if let date = m.value.date, date.yearFrom == DateValue.guessedEra {
            return [
                "dates: '\(analysis.map.originalText(m.range))' is read as a year of the Republic of China era "
                    + "(\(date.value)), but the page is not a Taiwan page"
            ]
        }
        if let division = m.value.division, division.names.count != division.count {
            return [
                "divisions: '\(analysis.map.originalText(m.range))' names \(division.names.count) unit(s) but says "
                    + "\(division.count)"
            ]
        }
        return []
    }
}
