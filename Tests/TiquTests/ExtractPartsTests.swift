import Foundation
import Testing

@testable import Tiqu

/// The extractors' own helpers against plain reference readings: the unit form a quantity
/// was written with, and the UTF-16 the exclusion patterns read.
@Suite struct QuantityPartsTests {
    static let extractor = QuantityExtractor(rules: Fixture.book)

    /// The longest form (the first of the longest) that ends at `end`, read off the Strings.
    static func referenceSurface(_ text: [Unicode.Scalar], end: Int, unit: QuantityRules.Unit) -> String {
        let tail = String(String.UnicodeScalarView(text[..<end]))
        var best: String?
        for form in unit.forms where tail.unicodeScalars.reversed().starts(with: form.unicodeScalars.reversed()) {
            if form.unicodeScalars.count > (best?.unicodeScalars.count ?? -1) { best = form }
        }
        return best ?? unit.unit
    }

    @Test func theSurfaceIsTheLongestFormEndingThere() {
        var generator = SystemRandomNumberGenerator()
        let units = Self.extractor.rules.units
        let pieces = units.flatMap(\.forms) + ["3", "万", "个", "平方", "亿", "𠀀", "e\u{301}", ""]
        for _ in 0..<3000 {
            let text = Array(
                (0..<Int.random(in: 0...4, using: &generator)).map { _ in pieces.randomElement()! }
                    .joined().unicodeScalars)
            let unit = units.randomElement()!
            let end = Int.random(in: 0...text.count, using: &generator)
            let surface = Self.extractor.unitSurface(text, end: end, unit: unit)
            #expect(surface == Self.referenceSurface(text, end: end, unit: unit), "\(text) \(end) \(unit.id)")
        }
    }

    @Test func formsSetLaterAreTheFormsRead() {
        var unit = Self.extractor.rules.units[0]
        unit.forms = ["平方公里", "公里"]
        #expect(unit.formScalars == [Array("平方公里".unicodeScalars), Array("公里".unicodeScalars)])
        let text = Array("面积3.5平方公里".unicodeScalars)
        #expect(Self.extractor.unitSurface(text, end: text.count, unit: unit) == "平方公里")
    }

    /// A clause's hits, taken off hits sorted by their ends, and the longest hit a test picks, against
    /// filtering every hit. The clauses of a scan come one after another, mostly in order (the walk
    /// goes on from the last clause's first hit), now and then starting before the last.
    @Test func aClausesHitsAreThoseInsideIt() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            // Each hit's payload is its number, so that hits of one range are told apart.
            let hits = (0..<Int.random(in: 0...12, using: &generator)).map { i in
                let start = Int.random(in: 0...30, using: &generator)
                return (range: start..<(start + Int.random(in: 1...5, using: &generator)), payload: i)
            }.sorted { $0.range.upperBound < $1.range.upperBound }
            var (inside, first, lower): ([QuantityExtractor.Hit], Int, Int) = ([(0..<1, -1)], 0, 0)  // emptied first
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                lower = Bool.random(using: &generator) ? Int.random(in: 0...30, using: &generator) : min(30, lower + 3)
                let clause = lower..<Int.random(in: lower...36, using: &generator)
                QuantityExtractor.collect(hits, inside: clause, into: &inside, from: &first)
                let expected = hits.filter {
                    $0.range.lowerBound >= clause.lowerBound && $0.range.upperBound <= clause.upperBound
                }
                #expect(inside.map(\.payload) == expected.map(\.payload), "\(hits) \(clause)")
            }
            let end = Int.random(in: 0...36, using: &generator)
            let longest = QuantityExtractor.longest(of: hits, where: { $0.range.upperBound == end })
            let reference = hits.filter { $0.range.upperBound == end }.max { $0.range.count < $1.range.count }
            #expect(longest?.payload == reference?.payload, "\(hits) \(end)")
        }
    }

    @Test func utf16WithOffsetsIsTheTextsUTF16() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Unicode.Scalar] = ["a", "1", "电", "话", "-", "😀", "𠀀", "\u{301}", "\0", "\u{FFFF}", "\u{10FFFF}"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement()! }
            let (units, offsets) = QuantityExtractor.utf16WithOffsets(text)
            #expect(units == Array(String(String.UnicodeScalarView(text)).utf16))
            // No offsets only where each unit is a whole scalar, its own offset.
            #expect((offsets == nil) == text.allSatisfy { $0.value <= 0xFFFF })
            let scalarAt = offsets ?? Array(0...text.count)
            #expect(scalarAt.count == units.count + 1 && scalarAt.last == text.count)
            // Each unit's scalar holds that unit: a whole scalar, or one half of a surrogate pair.
            for (k, i) in scalarAt.dropLast().enumerated() {
                #expect(Array(String(text[i]).utf16).contains(units[k]))
            }
        }
    }
}

/// The page's region scored from the title's line and the body read apart, the body's words off
/// the shared scan, against the two read as one text.
@Suite struct RegionScoreTests {
    @Test func titleAndBodyReadApartScoreAsOneText() {
        let region = PageRegion(rules: Fixture.book)
        #expect(region.wordsStopAtLineBreaks)
        let words = region.regions.flatMap { $0.words.map { $0.form } }
        let pieces = words + ["114", "年", " ", "2023", "\n", "港", "澳", "台", "元", "，", "1", "12345年"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            func text(_ n: Int) -> [Unicode.Scalar] {
                Array((0..<n).map { _ in pieces.randomElement(using: &generator)! }.joined().unicodeScalars)
            }
            let heading = Bool.random(using: &generator) ? text(Int.random(in: 0...4, using: &generator)) + ["\n"] : []
            let body = text(Int.random(in: 0...30, using: &generator))
            let hits = LexiconScan([region.words]).hits(in: body)
            let apart = region.score(heading: heading, body: body, url: nil, lexicons: hits)
            let whole = region.score(heading: [], body: heading + body, url: nil, lexicons: .none)
            #expect(apart == whole, "\(String(String.UnicodeScalarView(heading + body)))")
        }
    }

    /// Era years are counted back from each 年 as a scan of every number forward counts them: one to
    /// three digits not part of a longer number, one space at most before 年, the value in the era.
    @Test func eraYearsCountedFromTheirYearMarkAsFromTheirNumbers() {
        let region = PageRegion(rules: Fixture.book)
        let pieces = ["1", "14", "114", "2023", "0", "9", " ", "  ", "年", "年", "民國", "x", "\n"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let text = Array(
                (0..<Int.random(in: 0...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                    .joined().unicodeScalars)
            let era = 1...Int.random(in: 1...200, using: &generator)
            #expect(
                region.eraYearCount(text, era) == Self.eraYearsForward(text, era),
                "\(String(String.UnicodeScalarView(text)))")
        }
    }

    /// The count read forward, number by number.
    static func eraYearsForward(_ text: [Unicode.Scalar], _ era: ClosedRange<Int>) -> Int {
        let isDigit = { (s: Unicode.Scalar) in ("0"..."9").contains(s) }
        var (count, i) = (0, 0)
        while i < text.count {
            guard isDigit(text[i]), i == 0 || !isDigit(text[i - 1]) else {
                i += 1
                continue
            }
            var j = i
            while j < text.count, isDigit(text[j]) { j += 1 }
            let year = j < text.count && text[j] == " " ? j + 1 : j
            if j - i <= 3, era.contains(Int(String(String.UnicodeScalarView(text[i..<j])))!), year < text.count,
                text[year] == "年"
            {
                count += 1
            }
            i = j
        }
        return count
    }
}

/// A clause's awards counted off the whole text's, against a scan of the clause alone.
@Suite struct AwardCountTests {
    @Test func theAwardsInsideAClauseAreTheClausesOwn() {
        let honors = HonorExtractor(rules: Fixture.book)
        let awardWords = ["一等奖", "二等奖", "金奖", "奖", "优秀奖", "、", "，", "获", "“", "”"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let text = Array(
                (0..<Int.random(in: 0...12, using: &generator)).map { _ in awardWords.randomElement(using: &generator)!
                }
                .joined().unicodeScalars)
            let hits = honors.awards.all(in: text).map(\.range)
            let lo = Int.random(in: 0...text.count, using: &generator)
            let clause = lo..<Int.random(in: lo...text.count, using: &generator)
            for n in 1...3 {
                let alone = honors.awards.all(in: text, range: clause).count >= n
                #expect(HonorExtractor.count(hits, inside: clause, atLeast: n) == alone, "\(text) \(clause) \(n)")
            }
        }
    }
}

/// A random range of at most six positions in `0..<length` (empty ones too, at the end as well).
private func randomRange(within length: Int, _ generator: inout SystemRandomNumberGenerator) -> Range<Int> {
    let start = Int.random(in: 0...length, using: &generator)
    return start..<Int.random(in: start...min(length, start + 6), using: &generator)
}

/// The place index's lookups against searching every place, as the place extractor searched
/// before: places (overlapping ones and empty ones too) added in any order, then asked about.
@Suite struct PlaceIndexTests {
    @Test func theIndexAnswersAsASearchOfEveryPlace() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1000 {
            let length = Int.random(in: 0...30, using: &generator)
            func range() -> Range<Int> { randomRange(within: length, &generator) }
            var places = (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                Match(range: range(), rule: "test", value: .rank(Rank(1)))
            }
            var index = PlaceIndex(places, length: length)
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                places.append(Match(range: range(), rule: "test", value: .rank(Rank(1))))
                index.add(places[places.count - 1].range)
            }
            for _ in 0..<10 {
                let asked = range()
                #expect(index.covers(asked) == places.contains { $0.range.overlaps(asked) }, "\(places) \(asked)")
                let at = asked.lowerBound
                #expect(index.first(startingAt: at) == places.firstIndex { $0.range.lowerBound == at })
                #expect(index.last(endingAt: at) == places.lastIndex { $0.range.upperBound == at })
                let even = index.last(endingAt: at) { $0.isMultiple(of: 2) }
                #expect(even == places.indices.last { places[$0].range.upperBound == at && $0.isMultiple(of: 2) })
            }
        }
    }
}

/// The coverage the extractors ask whether a span is taken, against asking every range.
@Suite struct CoverageTests {
    @Test func coverageAnswersAsEveryRangeWould() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1000 {
            let length = Int.random(in: 0...30, using: &generator)
            func range() -> Range<Int> { randomRange(within: length, &generator) }
            var ranges = (0..<Int.random(in: 0...6, using: &generator)).map { _ in range() }
            var coverage = Coverage(length: length, ranges)
            if Bool.random(using: &generator) {
                let more = (0..<3).map { _ in range() }
                coverage = coverage.covering(more)
                ranges += more
            }
            for _ in 0..<10 {
                let asked = range()
                #expect(coverage.overlaps(asked) == ranges.contains { $0.overlaps(asked) }, "\(ranges) \(asked)")
                let at = Int.random(in: -1...length + 1, using: &generator)
                #expect(coverage.contains(at) == ranges.contains { $0.contains(at) }, "\(ranges) \(at)")
            }
        }
    }
}

/// The binary search the facts, sentences and hits are asked about with, against a scan from the start.
@Suite struct PartitionTests {
    @Test func theFirstIndexAfterIsTheScansFirst() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let sorted = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                Int.random(in: 0...20, using: &generator)
            }.sorted()
            let key = Int.random(in: -1...21, using: &generator)
            #expect(sorted.partitioningIndex { $0 >= key } == (sorted.firstIndex { $0 >= key } ?? sorted.count))
            // A slice keeps its own indices.
            let tail = sorted.dropFirst(sorted.count / 2)
            #expect(tail.partitioningIndex { $0 > key } == (tail.firstIndex { $0 > key } ?? tail.endIndex))
        }
    }
}
