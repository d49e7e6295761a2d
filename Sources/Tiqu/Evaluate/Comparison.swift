import Foundation

/// A record as an expected file holds it: what regression tests compare against.
public struct ExpectedRecord: Sendable {
    public var meta: [String: String?]
    /// The labelled subject (the place the page is about).
    public var subject: Subject?
    public var text: String
    public var format: String?
    public var encoding: String?
    public var facts: [Fact]

    /// The largest expected file read (the samples' are under 100 KB).
    static let maxBytes = 64 << 20

    /// Reads `NAME.expected.json` (a record as `tiqu extract --with-text` writes it, pretty-printed or
    /// not). A file that cannot be read or parsed throws a `DocumentError` saying why, in words:
    /// `not_found` when there is none.
    public init(contentsOf url: URL) throws {
        let bytes: [UInt8]
        switch RawFile.contents(RawPath(url.path), limit: Self.maxBytes) {
        case .success(let read): bytes = read
        case .failure(let failure): throw DocumentError(failure.code, failure.message)
        }
        guard let root = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
            throw DocumentError("bad_expected", Self.problem(bytes))
        }
        let meta = root["meta"] as? [String: Any] ?? [:]
        self.meta = Dictionary(
            uniqueKeysWithValues: ["title", "published", "outlet", "author", "editor"].map { ($0, meta[$0] as? String) }
        )
        subject = Subject(json: root["subject"])
        text = root["text"] as? String ?? ""
        let source = root["source"] as? [String: Any] ?? [:]
        format = source["format"] as? String
        encoding = source["encoding"] as? String
        facts = FactKind.allCases.flatMap { kind in
            (root[kind.rawValue] as? [[String: Any]] ?? []).map { Fact(json: $0, kind: kind) }
        }
    }
}

extension ExpectedRecord {
    /// Why `bytes` are no JSON object, in words, with the line and column where the parser stopped.
    static func problem(_ bytes: [UInt8]) -> String {
        let reason: String
        do {
            _ = try JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)
            return "it holds JSON, but not a JSON object"
        } catch {
            reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        }
        // Foundation says where as a byte offset ("Invalid value around character 24."): a line and
        // column are what an editor goes to.
        guard let at = reason.range(of: #" around character [0-9]+"#, options: .regularExpression),
            let offset = Int(reason[at].split(separator: " ").last ?? "")
        else { return reason }
        let end = min(max(offset, 0), bytes.count)
        let lineStart = bytes[..<end].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let line = bytes[..<end].count { $0 == 0x0A } + 1
        let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1
        return "\(reason[..<at.lowerBound]) at line \(line), column \(column)"
    }
}

/// How one sample's record differs from its expected record. Facts are compared by kind and span;
/// a fact at the right span with another value is `changed`. Field order, warnings and stats make no noise.
public struct Comparison: Sendable {
    static func describe(_ subject: Subject?) -> String {
        guard let subject else { return "null" }
        return subject.name + (subject.code.map { " (\($0))" } ?? "")
    }

    public var missing: [Fact] = []
    public var unexpected: [Fact] = []
    public var changed: [(expected: Fact, actual: Fact)] = []
    /// Attribute disagreements at matching spans: reported, not counted against precision or recall.
    public var attributeChanges: [(expected: Fact, actual: Fact)] = []
    public var textChanged = false
    /// The lines of the text that went (`-`) and came (`+`), when it changed.
    public var textDiff: [String] = []
    public var metaChanges: [String] = []
    public var counts: [FactKind: (expected: Int, actual: Int, correct: Int)] = [:]

    public var isClean: Bool {
        missing.isEmpty && unexpected.isEmpty && changed.isEmpty && !textChanged && metaChanges.isEmpty
    }

    public init(expected: ExpectedRecord, actual: Record) {
        if expected.text != actual.text { textChanged = true }
        let actualMeta: [String: String?] = [
            "title": actual.meta.title, "published": actual.meta.published, "outlet": actual.meta.outlet,
            "author": actual.meta.author, "editor": actual.meta.editor,
        ]
        for key in ["title", "published", "outlet", "author", "editor"]
        where (expected.meta[key] ?? nil) != (actualMeta[key] ?? nil) {
            metaChanges.append(
                "meta.\(key): \((expected.meta[key] ?? nil) ?? "null") → \((actualMeta[key] ?? nil) ?? "null")")
        }
        if expected.subject != actual.subject {
            metaChanges.append("subject: \(Self.describe(expected.subject)) → \(Self.describe(actual.subject))")
        }
        let alignment = textChanged ? TextAlignment(expected.text, actual.text) : nil
        textDiff = alignment?.diff ?? []
        guard let alignment else {
            compareFacts(expected.facts, actual.facts)
            return
        }
        let moved = expected.facts.map { alignment.moved($0) }
        compareFacts(moved.compactMap { $0 }, actual.facts)
        // Facts whose line went are missing, whatever stands at their old offsets now.
        let gone = zip(expected.facts, moved).filter { $0.1 == nil }.map(\.0)
        missing += gone
        for f in gone { counts[f.kind]?.expected += 1 }
    }

    /// Facts by kind and span; expected facts come already moved to where their line now is.
    mutating func compareFacts(_ expectedFacts: [Fact], _ actualFacts: [Fact]) {
        struct Key: Hashable {
            var kind: FactKind
            var start: Int
            var end: Int
        }
        var byKey: [Key: Fact] = [:]
        for f in actualFacts { byKey[Key(kind: f.kind, start: f.start, end: f.end)] = f }
        var seen = Set<Key>()
        for kind in FactKind.allCases {
            counts[kind] = (
                expectedFacts.filter { $0.kind == kind }.count, actualFacts.filter { $0.kind == kind }.count, 0
            )
        }
        for e in expectedFacts {
            let key = Key(kind: e.kind, start: e.start, end: e.end)
            guard let a = byKey[key] else {
                missing.append(e)
                continue
            }
            seen.insert(key)
            if a.value.description != e.value.description {
                changed.append((e, a))
            } else {
                counts[e.kind]!.correct += 1
                if e.value.quantity?.attribute != a.value.quantity?.attribute { attributeChanges.append((e, a)) }
            }
        }
        unexpected = actualFacts.filter { !seen.contains(Key(kind: $0.kind, start: $0.start, end: $0.end)) }
    }

    static let shownDiffLines = 30

    /// The diff as people read it.
    public func report() -> [String] {
        var lines: [String] = []
        if textChanged {
            lines.append("  text changed (facts on unchanged lines are compared where those lines now are):")
            lines += textDiff.prefix(Self.shownDiffLines).map { "    \($0)" }
            if textDiff.count > Self.shownDiffLines {
                lines.append("    … \(textDiff.count - Self.shownDiffLines) more")
            }
        }
        lines += metaChanges.map { "  \($0)" }
        func describe(_ f: Fact) -> String { "\(f.kind.rawValue) '\(f.text)' [\(f.start),\(f.end)) \(f.value)" }
        func attribute(_ f: Fact) -> String { f.value.quantity?.attribute ?? "null" }
        lines += missing.map { "  missing     \(describe($0))" }
        lines += unexpected.map { "  unexpected  \(describe($0)) (\($0.rule))" }
        lines += changed.map { "  changed     \(describe($0.expected)) → \($0.actual.value) (\($0.actual.rule))" }
        lines += attributeChanges.map { e, a in
            "  attribute   \(e.kind.rawValue) '\(e.text)' [\(e.start),\(e.end)) \(attribute(e)) → \(attribute(a))"
        }
        return lines
    }
}

/// Precision, recall and F1 per fact kind over many comparisons.
public struct Scores: Sendable {
    public var totals: [FactKind: (expected: Int, actual: Int, correct: Int)] = [:]

    public init(_ comparisons: [Comparison]) {
        for c in comparisons {
            for (kind, n) in c.counts {
                let t = totals[kind] ?? (0, 0, 0)
                totals[kind] = (t.expected + n.expected, t.actual + n.actual, t.correct + n.correct)
            }
        }
    }

    public func precision(_ kind: FactKind) -> Double {
        let t = totals[kind] ?? (0, 0, 0)
        return t.actual == 0 ? 1 : Double(t.correct) / Double(t.actual)
    }

    public func recall(_ kind: FactKind) -> Double {
        let t = totals[kind] ?? (0, 0, 0)
        return t.expected == 0 ? 1 : Double(t.correct) / Double(t.expected)
    }

    public func f1(_ kind: FactKind) -> Double {
        let p = precision(kind), r = recall(kind)
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }

    public func table() -> [String] {
        var lines = ["kind          expected  found  correct  precision  recall     F1"]
        for kind in FactKind.allCases {
            let t = totals[kind] ?? (0, 0, 0)
            lines.append(
                kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + String(
                        format: " %9d %6d %8d %10.3f %7.3f %6.3f", t.expected, t.actual, t.correct, precision(kind),
                        recall(kind), f1(kind)))
        }
        return lines
    }
}
