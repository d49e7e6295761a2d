import Foundation

extension RuleBook {
    /// Runs every example of every rule; each one that does not hold is a diagnostic at the example.
    public func exampleFailures() -> [Diagnostic] {
        var failures: [Diagnostic] = []
        let classifier = LineClassifier(rules: chrome)
        for rule in chrome {
            for example in rule.examples {
                func fail(_ message: String) {
                    failures.append(
                        Diagnostic(
                            path: rule.path, line: example.line, column: example.column,
                            message: "rule '\(rule.id)': \(message)"))
                }
                switch example.expect {
                case .becomes(let expected):
                    let (repaired, _) = classifier.repair(example.input)
                    if repaired != expected { fail("'\(example.input)' became '\(repaired)', expected '\(expected)'") }
                case .keep:
                    let verdict = classifier.classify(
                        example.input, matching: Fold.matching(example.input), inHead: false)
                    if case .chrome(let by, _) = verdict {
                        fail("'\(example.input)' must be kept, but rule '\(by.id)' drops it")
                    }
                case .drop:
                    let verdict = classifier.classify(
                        example.input, matching: Fold.matching(example.input), inHead: true)
                    guard case .chrome(let by, let meta) = verdict else {
                        fail("'\(example.input)' must be dropped, but it is kept")
                        continue
                    }
                    if by.id != rule.id {
                        fail("'\(example.input)' is dropped by rule '\(by.id)', which comes first, not by this rule")
                    }
                    for (field, value) in example.meta.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                        let got: String? =
                            switch field {
                            case .published: meta.published
                            case .outlet: meta.outlet
                            case .author: meta.author
                            case .editor: meta.editor
                            }
                        if got != value {
                            fail(
                                "'\(example.input)' gives \(field.rawValue) \(got.map { "'\($0)'" } ?? "nothing"), expected '\(value)'"
                            )
                        }
                    }
                }
            }
        }
        failures += markedExampleFailures()
        for group in html.groups {
            for (value, expected) in group.examples {
                let got = html.groups(for: value).contains { $0.id == group.id }
                if got != expected {
                    failures.append(
                        Diagnostic(
                            path: group.path, line: group.line, column: 5,
                            message:
                                "group '\(group.id)': class '\(value)' \(expected ? "must" : "must not") carry this group"
                        ))
                }
            }
        }
        return failures
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
                func fail(_ message: String) {
                    failures.append(
                        Diagnostic(
                            path: entry.path, line: example.line, column: example.column,
                            message: "rule '\(entry.id)': \(message)"))
                }
                var variants: [(name: String, text: String, shift: Int)] = [
                    ("", example.text, 0), (" behind an astral character", "🦕" + example.text, 1),
                ]
                let wide = String(
                    String.UnicodeScalarView(
                        example.text.unicodeScalars.map { s in
                            (s.value >= 0x30 && s.value <= 0x39) || s == "%" || s == "."
                                ? Unicode.Scalar(s.value + 0xFEE0)! : s
                        }))
                variants.append((" with full-width digits", wide, 0))
                if let other = toTraditional?.simplified(example.text), other != example.text,
                    other.unicodeScalars.count == example.text.unicodeScalars.count
                {
                    variants.append((" in Traditional script", other, 0))
                }
                for variant in variants {
                    let facts = pipeline.facts(of: variant.text).filter { $0.kind == entry.fact }
                    let got = facts.map { $0.start..<$0.end }
                    let want = example.spans.map { ($0.lowerBound + variant.shift)..<($0.upperBound + variant.shift) }
                    guard got == want else {
                        let found = facts.map { "'\($0.text)' (\($0.value))" }.joined(separator: ", ")
                        fail(
                            "'\(variant.text)'\(variant.name) should match \(want.isEmpty ? "nothing" : example.spans.map { "'\(example.text.scalarSlice($0))'" }.joined(separator: ", ")) but matches \(found.isEmpty ? "nothing" : found)"
                        )
                        break
                    }
                    var ok = true
                    for (fact, expectation) in zip(facts, example.expectations) {
                        if !expectation.summary.isEmpty, fact.value.description != expectation.summary {
                            fail(
                                "'\(fact.text)' in '\(variant.text)'\(variant.name) is \(fact.value), expected \(expectation.summary)"
                            )
                            ok = false
                        }
                        for (key, value) in expectation.fields {
                            let actual = fact.field(key)?.plain ?? "(no field)"
                            if actual != value {
                                fail(
                                    "'\(fact.text)' in '\(variant.text)'\(variant.name) has \(key)=\(actual), expected \(key)=\(value)"
                                )
                                ok = false
                            }
                        }
                    }
                    if !ok { break }
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
        return String(String.UnicodeScalarView(scalars[max(0, r.lowerBound)..<min(scalars.count, r.upperBound)]))
    }
}
