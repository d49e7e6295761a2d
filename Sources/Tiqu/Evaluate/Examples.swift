import Foundation

extension RuleBook {
    /// Runs every example of every rule; each one that does not hold is a diagnostic at the example.
    public func exampleFailures() -> [Diagnostic] {
        let classifier = LineClassifier(rules: chrome)
        var failures: [Diagnostic] = []
        for rule in chrome {
            for example in rule.examples {
                failures += Self.chromeFailures(rule, example, classifier: classifier).map { message in
                    Diagnostic(
                        path: rule.path, line: example.line, column: example.column,
                        message: "rule '\(rule.id)': \(message)")
                }
            }
        }
        failures += markedExampleFailures()
        failures += pageExampleFailures()
        for group in html.groups {
            for (value, expected) in group.examples
            where html.groups(for: value).contains(where: { $0.id == group.id }) != expected {
                let message = "group '\(group.id)': class '\(value)' \(expected ? "must" : "must not") carry this group"
                failures.append(Diagnostic(path: group.path, line: group.line, column: 5, message: message))
            }
        }
        return failures
    }

    /// How `page.yaml` examples fail: each line is read as the page mechanisms read it (a
    /// signature, a name line, a dateline) with all page rules together.
    func pageExampleFailures() -> [Diagnostic] {
        var failures: [Diagnostic] = []
        for rule in page.rules {
            for example in rule.examples {
                let got: String?
                switch example.field {
                case .author:
                    got =
                        Signature(rules: page).author(in: [example.text])
                        ?? (NameLine.isNames(example.text, rules: page) ? example.text : nil)
                case .published:
                    got =
                        PageDates.isDateline(example.text, footerWords: page.footerWords)
                        ? PageDates.fullDates(in: example.text).first : nil
                }
                guard got != (example.expected.isEmpty ? nil : example.expected) else { continue }
                let message =
                    "rule '\(rule.id)': '\(example.text)' gives \(example.field.rawValue) "
                    + "\(got.map { "'\($0)'" } ?? "nothing"), expected "
                    + (example.expected.isEmpty ? "nothing" : "'\(example.expected)'")
                failures.append(
                    Diagnostic(path: rule.path, line: example.line, column: example.column, message: message))
            }
        }
        return failures
    }

    /// The example's metadata a line does not give (an empty value: must give nothing).
    static func metaFailures(_ input: String, _ expected: [ChromeRule.Field: String], _ meta: Meta) -> [String] {
        expected.sorted(by: { $0.key.rawValue < $1.key.rawValue }).compactMap { field, value in
            let got: String? =
                switch field {
                case .published: meta.published
                case .outlet: meta.outlet
                case .author: meta.author
                case .editor: meta.editor
                }
            guard value.isEmpty ? got != nil : got != value else { return nil }
            return "'\(input)' gives \(field.rawValue) \(got.map { "'\($0)'" } ?? "nothing"), expected '\(value)'"
        }
    }

    /// How a chrome rule's example fails: a repair that gives other text, a kept line that is
    /// dropped, a dropped line that is kept or dropped by another rule, or metadata it does not give.
    static func chromeFailures(_ rule: ChromeRule, _ example: ChromeRule.Example, classifier: LineClassifier)
        -> [String]
    {
        let input = example.input
        switch example.expect {
        case .becomes(let expected):
            let (repaired, _, meta) = classifier.repairWithCredits(input)
            let text = repaired == expected ? [] : ["'\(input)' became '\(repaired)', expected '\(expected)'"]
            return text + metaFailures(input, example.meta, meta)
        case .keep:
            guard
                case .chrome(let by, _) = classifier.classify(input, matching: Fold.lineMatching(input), inHead: false)
            else { return [] }
            return ["'\(input)' must be kept, but rule '\(by.id)' drops it"]
        case .drop:
            let verdict = classifier.classify(input, matching: Fold.lineMatching(input), inHead: true)
            guard case .chrome(let by, let meta) = verdict else {
                return ["'\(input)' must be dropped, but it is kept"]
            }
            var failures: [String] = []
            if by.id != rule.id {
                failures.append("'\(input)' is dropped by rule '\(by.id)', which comes first, not by this rule")
            }
            return failures + metaFailures(input, example.meta, meta)
        }
    }
}

extension RuleBook {
    /// Runs every extraction rule's marked examples through the real pipeline (normalize, segment,
    /// extract), as written and again in the other script, with full-width digits and behind an
    /// astral-plane character: spans and values must hold in all four.
    func markedExampleFailures() -> [Diagnostic] {
        let pipeline = Pipeline(rules: self)
        let toTraditional = ScriptConverter(config: "s2t.json")
        var failures: [Diagnostic] = []
        for entry in markedExamples {
            for example in entry.examples {
                // The first variant that fails says why; the others would repeat it.
                let failure =
                    Self.variants(of: example.text, toTraditional: toTraditional).lazy.map { variant in
                        Self.failures(of: example, variant, kind: entry.fact, pipeline: pipeline)
                    }.first { !$0.isEmpty } ?? []
                failures += failure.map { message in
                    Diagnostic(
                        path: entry.path, line: example.line, column: example.column,
                        message: "rule '\(entry.id)': \(message)")
                }
            }
        }
        return failures
    }

    typealias Variant = (name: String, text: String, shift: Int)

    /// An example's text as written, behind an astral-plane character, with full-width digits, and
    /// in Traditional script when that keeps its length.
    static func variants(of text: String, toTraditional: ScriptConverter?) -> [Variant] {
        var variants: [Variant] = [("", text, 0), (" behind an astral character", "🦕" + text, 1)]
        let wide = String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { s in
                    (s.value >= 0x30 && s.value <= 0x39) || s == "%" || s == "." ? Unicode.Scalar(s.value + 0xFEE0)! : s
                }))
        variants.append((" with full-width digits", wide, 0))
        if let other = toTraditional?.simplified(text), other != text,
            other.unicodeScalars.count == text.unicodeScalars.count
        {
            variants.append((" in Traditional script", other, 0))
        }
        return variants
    }

    /// How one variant of a marked example fails: other spans, or a value or field that differs.
    static func failures(of example: MarkedExample, _ variant: Variant, kind: FactKind, pipeline: Pipeline) -> [String]
    {
        let facts = pipeline.facts(of: variant.text).filter { $0.kind == kind }
        let want = example.spans.map { ($0.lowerBound + variant.shift)..<($0.upperBound + variant.shift) }
        let at = "in '\(variant.text)'\(variant.name)"
        guard facts.map({ $0.start..<$0.end }) == want else {
            let found = facts.map { "'\($0.text)' (\($0.value))" }.joined(separator: ", ")
            let expected = example.spans.map { "'\(example.text.scalarSlice($0))'" }.joined(separator: ", ")
            return [
                "'\(variant.text)'\(variant.name) should match \(want.isEmpty ? "nothing" : expected) but matches \(found.isEmpty ? "nothing" : found)"
            ]
        }
        var failures: [String] = []
        for (fact, expectation) in zip(facts, example.expectations) {
            if !expectation.summary.isEmpty, fact.value.description != expectation.summary {
                failures.append("'\(fact.text)' \(at) is \(fact.value), expected \(expectation.summary)")
            }
            for (key, value) in expectation.fields {
                let actual = fact.field(key)?.plain ?? "(no field)"
                if actual != value {
                    failures.append("'\(fact.text)' \(at) has \(key)=\(actual), expected \(key)=\(value)")
                }
            }
        }
        return failures
    }
}

extension RuleBook {
    /// Forms of unit and word-list rules that none of the rule's own examples contains: forms no
    /// example shows matching, which a typo would silently break. `rules check` warns about them.
    public func unexercisedForms() -> [Diagnostic] {
        let examples = Dictionary(markedExamples.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let formsByRule: [(id: String, forms: [String])] =
            quantity.units.map { ($0.id, $0.forms) }
            + WordKind.allCases.flatMap { kind in words[kind].map { ($0.id, $0.forms) } }
        return formsByRule.compactMap { rule -> Diagnostic? in
            guard let entry = examples[rule.id] else { return nil }
            let texts = entry.examples.map { Fold.matching($0.text) }
            let unseen = rule.forms.filter { form in !texts.contains { $0.contains(form) } }
            guard !unseen.isEmpty else { return nil }
            let list = unseen.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(
                path: entry.path, line: entry.line, column: 5,
                message: "rule '\(rule.id)': no example shows the form(s) \(list)", severity: .warning)
        }
    }
}

extension String {
    /// The substring at a range of Unicode scalar offsets.
    func scalarSlice(_ r: Range<Int>) -> String {
        let scalars = Array(unicodeScalars)
        return String(scalars: scalars[max(0, r.lowerBound)..<min(scalars.count, r.upperBound)])
    }
}
