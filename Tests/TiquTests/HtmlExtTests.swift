import Foundation
import Testing

@testable import Tiqu

/// The 55 pages of `../shared/corpus/html-ext` (a peer's hand-made content, author and date for
/// news, blog, school and government pages nobody tuned on), run through the whole pipeline, with
/// floors that only rise. CI has the folder, so a missing folder fails the test.
///
/// Content is compared with all white space removed, character by character: the characters both
/// texts share are counted through `CollectionDifference` (a longest common subsequence), which
/// finds a little more than the difflib matching blocks of `scripts/score-html-ext.py`, so the
/// figure here sits slightly above that script's. F1 is the mean of the pages' F1. A date is right
/// when it names the label's day (or its month or year when the label says no more); an author
/// when the set of names agrees, white space and separators aside.
@Suite struct HtmlExtTests {
    static let root = Fixture.shared.appendingPathComponent("corpus/html-ext")

    /// Floors: raise them when the figures rise, never lower them.
    static let contentF1Floor = 0.955
    static let datesRightFloor = 39
    static let authorsRightFloor = 26

    struct Scores {
        var f1: [Double] = []
        var dates = (right: 0, pages: 0)
        var authors = (right: 0, pages: 0)
    }

    @Test func contentDateAndAuthorStayAboveTheirFloors() throws {
        let pages = Self.root.appendingPathComponent("pages")
        let names = try FileManager.default.contentsOfDirectory(atPath: pages.path).filter { $0.hasSuffix(".html") }
            .sorted()
        #expect(names.count == 55, "html-ext should hold 55 pages, found \(names.count) in \(pages.path)")
        var scores = Scores()
        for name in names {
            let record = Fixture.record(pages.appendingPathComponent(name))
            score(record, stem: String(name.dropLast(".html".count)), into: &scores)
        }
        let meanF1 = scores.f1.reduce(0, +) / Double(max(scores.f1.count, 1))
        print(
            "html-ext: content F1 \(String(format: "%.3f", meanF1)) over \(scores.f1.count) pages; "
                + "date \(scores.dates.right)/\(scores.dates.pages); author \(scores.authors.right)/\(scores.authors.pages)"
        )
        #expect(meanF1 >= Self.contentF1Floor)
        #expect(scores.dates.right >= Self.datesRightFloor)
        #expect(scores.authors.right >= Self.authorsRightFloor)
    }

    func score(_ record: Record, stem: String, into scores: inout Scores) {
        if let theirs = label("content", stem), !Self.squeezed(theirs).isEmpty {
            scores.f1.append(Self.f1(ours: record.text, theirs: theirs))
        }
        if let want = label("date", stem).flatMap(Self.dateParts) {
            scores.dates.pages += 1
            let got = record.meta.published.flatMap(Self.dateParts)
            if let got, got.count >= want.count, Array(got.prefix(want.count)) == want { scores.dates.right += 1 }
        }
        if let want = label("author", stem), !want.isEmpty, !want.uppercased().hasPrefix("UNK") {
            scores.authors.pages += 1
            if Self.names(record.meta.author ?? "") == Self.names(want) { scores.authors.right += 1 }
        }
    }

    func label(_ kind: String, _ stem: String) -> String? {
        let url = Self.root.appendingPathComponent(kind).appendingPathComponent(stem + ".txt")
        return (try? String(contentsOf: url, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func squeezed(_ s: String) -> [Character] { s.filter { !$0.isWhitespace } }

    static func f1(ours: String, theirs: String) -> Double {
        let a = squeezed(ours), b = squeezed(theirs)
        guard !a.isEmpty else { return 0 }
        // What `a` lacks of `b` is removed from `b`; the rest of `b` is shared.
        let removed = a.difference(from: b).removals.count
        let shared = Double(b.count - removed)
        let p = shared / Double(a.count), r = shared / Double(b.count)
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }

    /// `2005-5-7 21:23:57` → [2005, 5, 7]; `UNKNOWN` → nil.
    static func dateParts(_ s: String) -> [Int]? {
        var parts: [Int] = []
        for run in s.prefix(10).split(whereSeparator: { !$0.isASCII || !$0.isNumber }).prefix(3) {
            guard let n = Int(run) else { break }
            parts.append(n)
        }
        guard let year = parts.first, (1000...9999).contains(year) else { return nil }
        return parts
    }

    static func names(_ s: String) -> Set<String> {
        Set(s.split { $0.isWhitespace || "、,，;；/&".contains($0) }.map(String.init))
    }
}
