import Foundation

/// Decides where a page is from (`Rules/regions.yaml`), once per document, so that a bare 元 is
/// the currency of that place and a year like 114年 can be read in its calendar. Evidence is
/// counted: the URL's domain, and the region's words in the text, each word at most three times
/// (one 香港 in a mainland story decides nothing). A region other than the default needs a score of
/// three and more than one and a half times the default's; the script alone decides nothing.
public struct PageRegion: Sendable {
    let regions: [RegionRule]
    /// The regions' codes, in their order: shared by every page's `RegionScores`.
    let codes: [String]
    /// Every region word, to its region and weight.
    let words: Lexicon<Evidence>
    let wordCount: Int
    /// Each region's domains, and each without its leading dots (a host `hk` is of `.hk`): made once,
    /// where every page's host is compared with them.
    let domains: [[(suffix: String, bare: String)]]

    struct Evidence: Sendable {
        var region: Int
        var weight: Int
        /// The word's number among all region words: a hit's text is its word, so repeats are
        /// counted by number, not by a String made of each hit.
        var word: Int
    }

    /// Score a domain match is worth: enough on its own, not against a page full of another
    /// region's words (baike.baidu.hk mirrors mainland articles).
    static let domainWeight = 6
    static let repeatsCounted = 3
    /// Score of a page written in a region's script (`script` in the rules): a mainland story about a
    /// Hong Kong singer, in Simplified, stays mainland unless the page says much more.
    static let scriptWeight = 6
    /// The share of Han characters that folding changes above which a page is in Traditional script:
    /// Simplified text has next to none, Traditional a fifth to a third (many characters are shared).
    static let traditionalPage = 0.08

    /// No word holds a line break, so none runs from the title's line on into the body: the two
    /// are read apart, the body's words off the document's shared scan.
    let wordsStopAtLineBreaks: Bool

    public init(rules book: RuleBook) {
        regions = book.quantity.regions
        codes = regions.map(\.code)
        var evidence: [(String, Evidence)] = []
        for (i, region) in regions.enumerated() {
            for word in region.words {
                evidence.append((word.form, Evidence(region: i, weight: word.weight, word: evidence.count)))
            }
        }
        words = Lexicon(evidence)
        wordCount = evidence.count
        domains = regions.map { $0.domains.map { ($0, String($0.drop { $0 == "." })) } }
        wordsStopAtLineBreaks = !evidence.contains { $0.0.unicodeScalars.contains("\n") }
    }

    /// What was decided: the region, and whether its currency is in doubt (a page in Traditional
    /// script that points nowhere: Hong Kong, Macau and Taiwan pages write that way, mainland ones rarely).
    public struct Decision: Sendable {
        public var region: RegionRule
        public var doubtful: Bool
        /// Each region's score: what `tiqu explain` shows.
        public var scores: RegionScores
        /// The scores, highest first (`hk 7 · mainland 3 · mo 1 · tw 0`).
        public var evidence: String { scores.description }
    }

    /// The region of a page; nil when the rules name no default.
    public func decide(_ map: TextMap, title: String?, url: String?) -> Decision? {
        decide(map, title: title, url: url, lexicons: .none)
    }

    /// `decide`, with the words of the folded body that the document's shared scan found.
    func decide(_ map: TextMap, title: String?, url: String?, lexicons: LexiconHits) -> Decision? {
        guard let fallback = regions.firstIndex(where: \.isDefault) else { return nil }
        let heading: [Unicode.Scalar] = title.map { Array(Fold.matching($0).unicodeScalars) + ["\n"] } ?? []
        var scores = score(heading: heading, body: map.folded, url: url, lexicons: lexicons)
        let traditional = Self.traditionalShare(map) > Self.traditionalPage
        for (i, region) in regions.enumerated() where region.script == (traditional ? "traditional" : "simplified") {
            scores[i] += Self.scriptWeight
        }
        let evidence = RegionScores(codes: codes, scores: scores)
        guard let best = scores.indices.filter({ $0 != fallback }).max(by: { scores[$0] < scores[$1] }),
            scores[best] >= 3, 2 * scores[best] > 3 * scores[fallback]
        else {
            let doubtful = scores[fallback] < 3 && traditional
            return Decision(region: regions[fallback], doubtful: doubtful, scores: evidence)
        }
        return Decision(region: regions[best], doubtful: false, scores: evidence)
    }

    /// The share of Han characters written in Traditional script (changed by folding).
    static func traditionalShare(_ map: TextMap) -> Double {
        if map.foldedIsOriginal { return 0 }  // folding changed nothing, as in most bodies
        var han = 0, changed = 0
        if map.origin == nil {
            // Each folded scalar comes from the original one at its offset, as in most bodies: compared
            // there, with no span mapped back. Read in memory: every scalar of the body is asked, and
            // a zip of the arrays checks both bounds at each (the two are as long: no offset moved).
            map.folded.withUnsafeBufferPointer { folded in
                map.original.withUnsafeBufferPointer { original in
                    for k in 0..<min(folded.count, original.count) where folded[k].isHan {
                        han += 1
                        if original[k] != folded[k] { changed += 1 }
                    }
                }
            }
        } else {
            for (i, s) in map.folded.enumerated() where s.isHan {
                han += 1
                let origin = map.originalRange(i..<(i + 1))
                if origin.count == 1, map.original[origin.lowerBound] != s { changed += 1 }
            }
        }
        return han == 0 ? 0 : Double(changed) / Double(han)
    }

    /// The scores of `heading + body`, where the heading is the title's line, ending in a line
    /// break, or nothing: no year's number runs across that break, nor, where `wordsStopAtLineBreaks`,
    /// any word, so the two parts are read apart.
    func score(heading: [Unicode.Scalar], body: [Unicode.Scalar], url: String?, lexicons: LexiconHits) -> [Int] {
        var scores = [Int](repeating: 0, count: regions.count)
        var seen = [Int](repeating: 0, count: wordCount)  // by word
        func count(_ hits: [(range: Range<Int>, payload: Evidence)]) {
            for hit in hits {
                seen[hit.payload.word] += 1
                if seen[hit.payload.word] <= Self.repeatsCounted { scores[hit.payload.region] += hit.payload.weight }
            }
        }
        if wordsStopAtLineBreaks {
            count(words.all(in: heading))
            count(lexicons.all(words, in: body))
        } else {
            count(words.all(in: heading + body))
        }
        for (i, region) in regions.enumerated() {
            guard let era = region.eraYears else { continue }
            scores[i] += 2 * min(Self.repeatsCounted, eraYearCount(heading, era) + eraYearCount(body, era))
        }
        if let host = url.flatMap({ URL(string: $0)?.host?.lowercased() }) {
            for (i, domains) in domains.enumerated()
            where domains.contains(where: { host.hasSuffix($0.suffix) || host == $0.bare }) {
                scores[i] += Self.domainWeight
            }
        }
        return scores
    }

    /// How many numbers in `era` stand before 年 (114年, 114 年) and are not part of a longer number.
    /// Read back from each 年, which a search finds eight scalars at a time: most of a body has few.
    func eraYearCount(_ text: [Unicode.Scalar], _ era: ClosedRange<Int>) -> Int {
        var count = 0
        var year = Self.yearMark.first(in: text, from: 0)
        while year < text.count {
            let end = year > 0 && text[year - 1] == " " ? year - 1 : year  // where the number ends
            var start = end
            while start > 0, NumeralParser.isASCIIDigit(text[start - 1]), end - start < 4 { start -= 1 }
            if (1...3).contains(end - start), start == 0 || !NumeralParser.isASCIIDigit(text[start - 1]),
                era.contains(text[start..<end].reduce(0) { $0 * 10 + Int($1.value - 48) })
            {
                count += 1
            }
            year = Self.yearMark.first(in: text, from: year + 1)
        }
        return count
    }

    static let yearMark = ScalarMarks(["年"])
}
