import Foundation

/// Runs peers' own Chinese number and unit test cases (Recognizers-Text, Duckling, cn2an, JioNLP,
/// converted to one JSONL format) against Tiqu, and reports the pass rate of the cases in scope.
/// What is out of scope, and why, is data: an exclusions file by file, flag and case id.
public struct Conformance {
    public struct Exclusions {
        public var files: [String: String] = [:]
        public var flags: [String: String] = [:]
        public var cases: [String: String] = [:]
        /// Inputs matching one of these regular expressions are out of scope, for the reason given.
        public var patterns: [String: String] = [:]
        /// Peer units Tiqu does not have, with the reason.
        public var units: [String: String] = [:]
        /// Why cases whose expected value is a list of bounds are out of scope (nil: they count).
        public var valueLists: String?

        public init() {}

        static let keys = ["files", "flags", "cases", "patterns", "units", "value_lists"]

        /// Reads the exclusions file: each section a mapping from what is excluded to why, and
        /// `value_lists` a reason. An unknown section, an entry without a reason or a pattern that is
        /// no regular expression is a diagnostic at its file:line:column, as a rule file's are.
        public init(contentsOf url: URL) throws(Diagnostic) {
            guard let root = try RuleNode.root(of: url.path, what: "the exclusions file") else { return }
            let map = try root.mapping(allowed: Self.keys, what: "an exclusions file")
            files = try Self.reasons(map["files"]?.value, "files")
            flags = try Self.reasons(map["flags"]?.value, "flags")
            cases = try Self.reasons(map["cases"]?.value, "cases")
            units = try Self.reasons(map["units"]?.value, "units")
            patterns = try Self.reasons(map["patterns"]?.value, "patterns") { key, source throws(Diagnostic) in
                // `name::regex` applies to the files whose names contain `name`.
                let parts = source.components(separatedBy: "::")
                _ = try Pattern(parts.count == 2 ? parts[1] : source, rule: "exclusions", at: key)
            }
            valueLists = try map["value_lists"]?.value.string("value_lists")
        }

        /// A section: each entry's key what is excluded, its value the reason; `check` looks at each key.
        static func reasons(
            _ node: RuleNode?, _ what: String, check: (RuleNode, String) throws(Diagnostic) -> Void = { _, _ in }
        ) throws(Diagnostic) -> [String: String] {
            guard let node else { return [:] }
            var out: [String: String] = [:]
            for (name, key, value) in try node.entries(what) {
                try check(key, name)
                let reason = try value.string("the reason for '\(name)' in \(what)")
                guard !reason.allSatisfy(\.isWhitespace) else {
                    throw value.error("'\(name)' in \(what) has no reason; say why it is out of scope")
                }
                out[name] = reason
            }
            return out
        }
    }

    public struct FileResult {
        public var file: String
        public var total: Int
        public var inScope: Int
        public var passed: Int
        public var excludedFile: String?
        public var failures: [String]
        /// Lines that are no case (`path:line: why`): left out of every count but `total`.
        public var malformed: [String] = []
        public var rate: Double { inScope == 0 ? 1 : Double(passed) / Double(inScope) }
    }

    /// How a file is checked.
    enum Check {
        /// The whole input is one numeral with this value.
        case wholeNumeral
        /// Each expected span parses as a numeral with its value.
        case numeralSpans
        /// Each expected item is a quantity at that span with that value and unit.
        case quantities
    }

    /// Peers' unit names → Tiqu's units, and the factor from the peer's value to Tiqu's.
    static let units: [String: (String, Double)] = [
        "Chinese yuan": ("CNY", 1), "CNY": ("CNY", 1), "元": ("CNY", 1), "United States dollar": ("USD", 1),
        "美元": ("USD", 1),
        "Euro": ("EUR", 1), "欧元": ("EUR", 1), "Hong Kong dollar": ("HKD", 1), "HKD": ("HKD", 1), "港元": ("HKD", 1),
        "Japanese yen": ("JPY", 1), "日元": ("JPY", 1), "新台币": ("TWD", 1), "New Taiwan dollar": ("TWD", 1),
        "泰铢": ("THB", 1),
        "卢布": ("RUB", 1), "澳元": ("AUD", 1), "韩元": ("KRW", 1), "英镑": ("GBP", 1), "Mu": ("mu", 1), "Kilogram": ("kg", 1),
        "Ton": ("ton", 1), "Meter": ("m", 1),
        "Metre": ("m", 1), "Centimeter": ("cm", 1), "Centimetre": ("cm", 1), "Kilometer": ("km", 1),
        "Kilometre": ("km", 1),
        "C": ("celsius", 1), "Celsius": ("celsius", 1), "Year": ("year", 1), "Month": ("month", 1), "Day": ("day", 1),
        "Gram": ("kg", 0.001), "Jin": ("kg", 0.5), "percentage": ("percent", 1), "Dollar": ("CNY", 1),
    ]

    let pipeline: Pipeline
    let exclusions: Exclusions
    /// Runs each quantity case as a whole document (ingest, clean and all), as `tiqu extract` of a
    /// one-line file would, instead of handing the text straight to extraction.
    public var endToEnd = false

    public init(pipeline: Pipeline, exclusions: Exclusions, endToEnd: Bool = false) {
        self.pipeline = pipeline
        self.exclusions = exclusions
        self.endToEnd = endToEnd
    }

    /// The quantities of a case's text, extracted alone or from its record as a document.
    func quantities(of input: String) -> [Fact] {
        guard endToEnd else { return pipeline.facts(of: input).filter { $0.kind == .quantities } }
        let record = pipeline.process(Page(id: "case", source: Source(path: "-"), bytes: Array(input.utf8)))
        // Spans count in the record's text: a case whose text the cleaner changed cannot be compared.
        guard record.text == input else { return [] }
        return record.facts.filter { $0.kind == .quantities }
    }

    static func check(for file: String) -> Check {
        if file.hasPrefix("cn2an") || file.hasPrefix("duckling-numeral") { return .wholeNumeral }
        if file.hasPrefix("recognizers-number-") { return .numeralSpans }
        return .quantities
    }

    /// Runs a file of cases, one JSON object a line with an `id` and an `input`. A file that cannot
    /// be read throws a `DocumentError` saying why; a line that is no case is listed in `malformed`.
    public func run(_ url: URL) throws -> FileResult {
        let file = url.lastPathComponent
        let lines = try Self.lines(url)
        var result = FileResult(
            file: file, total: lines.count, inScope: 0, passed: 0, excludedFile: exclusions.files[file], failures: [])
        guard result.excludedFile == nil else { return result }
        let check = Self.check(for: file)
        for (number, line) in lines {
            let c: [String: Any]
            switch Self.parse(line) {
            case .success(let object): c = object
            case .failure(let why):
                result.malformed.append("\(url.path):\(number): \(why.message)")
                continue
            }
            guard let id = c["id"] as? String, let input = c["input"] as? String else {
                result.malformed.append("\(url.path):\(number): a case needs an 'id' and an 'input', both strings")
                continue
            }
            let flags = c["flags"] as? [String] ?? []
            if exclusions.cases[id] != nil || flags.contains(where: { exclusions.flags[$0] != nil }) { continue }
            // Negatives (nothing expected): see the exclusions file.
            guard let expected = c["expected"] as? [[String: Any]], !expected.isEmpty else { continue }
            // Vague amounts with a list of bounds (十几块钱 → [10, 20]): see `value_lists` in the exclusions file.
            if exclusions.valueLists != nil,
                expected.contains(where: { $0["value_num"] is [Any] || $0["value"] is [Any] })
            {
                continue
            }
            if expected.contains(where: { ($0["unit"] as? String).map { exclusions.units[$0] != nil } ?? false }) {
                continue
            }
            // A pattern `name::regex` applies to the files whose names contain `name`.
            let excludedByPattern = exclusions.patterns.keys.contains { key in
                let parts = key.components(separatedBy: "::")
                let (prefix, regex) = parts.count == 2 ? (parts[0], parts[1]) : ("", key)
                return (prefix.isEmpty || file.contains(prefix))
                    && input.range(of: regex, options: .regularExpression) != nil
            }
            if excludedByPattern { continue }
            result.inScope += 1
            if let why = failure(check, input: input, expected: expected) {
                result.failures.append("\(id) \(input.prefix(40)): \(why)")
            } else {
                result.passed += 1
            }
        }
        return result
    }

    /// The lines of a case file that hold something, with their numbers (from 1).
    static func lines(_ url: URL) throws -> [(Int, Substring)] {
        let bytes: [UInt8]
        switch RawFile.contents(RawPath(url.path), limit: Int.max) {
        case .success(let read): bytes = read
        case .failure(let failure): throw DocumentError(failure.code, failure.message)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.enumerated()
            .map { ($0.offset + 1, $0.element) }.filter { !$0.1.allSatisfy(\.isWhitespace) }
    }

    static func parse(_ line: Substring) -> Result<[String: Any], DocumentError> {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            return .failure(DocumentError("bad_case", "the line " + JSONLFile.problem(Array(line.utf8))))
        }
        return .success(object)
    }

    func number(_ item: [String: Any]) -> Double? {
        if let n = item["value_num"] as? Double { return n }
        if let n = item["value"] as? Double { return n }
        if let s = item["value"] as? String { return Double(s.replacingOccurrences(of: "%", with: "")) }
        // Duckling's bounds: `under` has a max (Tiqu: the value with less_than), `above` a min.
        if item["kind"] as? String == "under" { return item["max"] as? Double }
        if item["kind"] as? String == "above" { return item["min"] as? Double }
        return nil
    }

    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= max(1e-9, abs(b) * 1e-9) }

    func failure(_ check: Check, input: String, expected: [[String: Any]]) -> String? {
        let text = Array(Fold.matching(input).unicodeScalars)
        switch check {
        case .wholeNumeral:
            guard let want = number(expected[0]) else { return "no numeric value" }
            guard let n = NumeralParser.parse(text, at: 0), n.range.upperBound == text.count else {
                return "not read as one numeral"
            }
            return close(n.value, want) ? nil : "read \(n.value), expected \(want)"
        case .numeralSpans:
            for item in expected {
                guard let start = item["start"] as? Int, let end = item["end"] as? Int, let want = number(item) else {
                    return "no span or value"
                }
                guard let n = NumeralParser.parse(text, at: start), n.range.upperBound == end else {
                    return "span \(start)..<\(end) not read as one numeral"
                }
                if !close(n.value, want) { return "read \(n.value), expected \(want)" }
            }
            return nil
        case .quantities:
            let facts = quantities(of: input)
            return expected.lazy.compactMap { quantityFailure($0, facts: facts) }.first
        }
    }

    /// Why the peer's quantity `item` is not among the facts, or nil when it is.
    func quantityFailure(_ item: [String: Any], facts: [Fact]) -> String? {
        guard let start = item["start"] as? Int, let end = item["end"] as? Int else { return "no span" }
        let peerUnit = item["unit"] as? String ?? (item["type"] as? String == "percentage" ? "percentage" : "")
        guard let (unit, factor) = Self.units[peerUnit] else { return "unit '\(peerUnit)' has no Tiqu counterpart" }
        // Peers leave a qualifier (近一吨, 约5元) out of the span; Tiqu keeps it in.
        let found = facts.first { f in
            f.end == end && (f.start == start || (f.start < start && f.value.quantity?.approx != nil))
        }
        guard let fact = found, let quantity = fact.value.quantity else {
            let seen = facts.map { "\($0.text) \($0.value)" }
            return "no quantity at \(start)..<\(end) ('\(item["text"] as? String ?? "")'); found \(seen)"
        }
        if item["kind"] as? String == "between", let lo = item["min"] as? Double, let hi = item["max"] as? Double {
            // A range: Tiqu's min and max.
            guard let a = quantity.min, let b = quantity.max, close(a, lo * factor), close(b, hi * factor),
                quantity.unit == unit
            else { return "'\(fact.text)' is \(fact.value), expected \(lo * factor)-\(hi * factor) \(unit)" }
            return nil
        }
        guard let want = number(item) else { return "no value" }
        var (got, gotUnit) = (quantity.value, quantity.unit)
        // 千分之2.4 is 0.24%.
        if gotUnit == "permille", unit == "percent" { (got, gotUnit) = (got.map { $0 / 10 }, "percent") }
        guard let got, close(got, want * factor), gotUnit == unit else {
            return "'\(fact.text)' is \(fact.value), expected \(want * factor) \(unit)"
        }
        return nil
    }
}
