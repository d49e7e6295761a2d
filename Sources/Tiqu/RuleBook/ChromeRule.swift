/// One piece of chrome knowledge from `Rules/chrome.yaml`: how to recognise a line (or block) of
/// page furniture, what it is, and what metadata it carries. Rules are tried in file order;
/// the first that fires decides.
public struct ChromeRule: Sendable {
    public enum Role: String, Sendable, CaseIterable {
        /// Furniture that is dropped and counted.
        case nav, breadcrumb, byline, caption, footer, editor, share, header
        /// A line that stays in the body as a heading; listed before shape rules so they cannot take it.
        case heading
        /// A scrape artifact repaired inside a line: the pattern's match is deleted.
        case artifact
    }

    /// How a rule recognises its lines. Patterns see the matching form (Simplified, half-width);
    /// shapes are structural tests with thresholds stated in the rule file.
    public enum Test: Sendable {
        case pattern(Pattern)
        /// A run of at least `minTokens` space- or bar-separated Han words, none longer than `maxTokenChars`.
        case shortTokens(minTokens: Int, maxTokenChars: Int)
        /// A short line with Han text, no sentence punctuation and no table columns: an image caption.
        case caption
    }

    public enum Field: String, Sendable, CaseIterable {
        case published, outlet, author, editor
    }

    public struct Example: Sendable {
        public enum Expectation: Sendable {
            case drop, keep
            case becomes(String)
        }
        public var input: String
        public var expect: Expectation
        public var meta: [Field: String]
        public var line: Int
        public var column: Int
    }

    public var id: String
    public var role: Role
    public var test: Test
    /// Lines longer than this (in characters) are never this rule's: chrome is short, and the
    /// limit also keeps patterns off megabyte-long lines.
    public var maxChars: Int
    /// Fires only before the first body line (bylines, scrape headers).
    public var headOnly: Bool
    /// Metadata captured from a matching line: group 1 of each pattern is the value.
    public var fields: [(Field, Pattern)]
    public var examples: [Example]
    public var path: String
    public var line: Int
}

extension ChromeRule {
    /// The rule's pattern, for a rule that has one.
    var pattern: Pattern? { if case .pattern(let p) = test { p } else { nil } }

    static let keys = [
        "id", "role", "pattern", "shape", "min_tokens", "max_token_chars", "max_chars", "where", "fields", "examples",
        "note",
    ]

    static func parse(_ node: RuleNode) throws(Diagnostic) -> ChromeRule {
        let map = try node.mapping(allowed: keys, what: "a chrome rule")
        let id = try map.required("id", in: node, what: "a chrome rule").string("id")
        let roleNode = try map.required("role", in: node, what: "chrome rule '\(id)'")
        let roleName = try roleNode.string("role")
        guard let role = Role(rawValue: roleName) else {
            let names = Role.allCases.map(\.rawValue)
            throw roleNode.error(
                "unknown role '\(roleName)'"
                    + (closest(roleName, in: names).map { "; did you mean '\($0)'?" }
                        ?? "; expected one of \(names.joined(separator: ", "))"))
        }
        let test = try Self.test(map, node: node, id: id)
        var headOnly = false
        if let w = map["where"] {
            switch try w.value.string("where") {
            case "head": headOnly = true
            case "anywhere": headOnly = false
            case let other: throw w.value.error("unknown 'where' value '\(other)'; expected head or anywhere")
            }
        }
        var fields: [(Field, Pattern)] = []
        if let f = map["fields"] {
            let names = Field.allCases.map(\.rawValue)
            for (name, entry) in try f.value.mapping(allowed: names, what: "fields").sorted(by: { $0.key < $1.key }) {
                let source = try entry.value.string("field '\(name)'")
                fields.append((Field(rawValue: name)!, try Pattern(source, rule: id, at: entry.value)))
            }
        }
        guard let examplesNode = map["examples"] else {
            throw node.error(
                "chrome rule '\(id)' has no examples; add 'examples:' with lines it must drop (or repair) and lines it must keep"
            )
        }
        var examples: [Example] = []
        for item in try examplesNode.value.sequence("examples") {
            examples.append(try parseExample(item, role: role))
        }
        let maxChars = try map["max_chars"]?.value.count("max_chars") ?? 200
        return ChromeRule(
            id: id, role: role, test: test, maxChars: maxChars, headOnly: headOnly, fields: fields,
            examples: examples, path: node.path, line: node.node.mark?.line ?? 1)
    }

    /// What a line must show to be the rule's: a `pattern`, or a `shape` with its parameters.
    static func test(_ map: [String: (key: RuleNode, value: RuleNode)], node: RuleNode, id: String) throws(Diagnostic)
        -> Test
    {
        switch (map["pattern"], map["shape"]) {
        case (let p?, nil):
            return .pattern(try Pattern(try p.value.string("pattern"), rule: id, at: p.value))
        case (nil, let s?):
            switch try s.value.string("shape") {
            case "short_tokens":
                return .shortTokens(
                    minTokens: try map.required("min_tokens", in: node, what: "a short_tokens rule").count(
                        "min_tokens"),
                    maxTokenChars: try map.required("max_token_chars", in: node, what: "a short_tokens rule").count(
                        "max_token_chars"))
            case "caption":
                return .caption
            case let other:
                throw s.value.error("unknown shape '\(other)'; expected short_tokens or caption")
            }
        case (_?, _?):
            throw node.error("chrome rule '\(id)' has both 'pattern' and 'shape'; give one")
        case (nil, nil):
            throw node.error("chrome rule '\(id)' needs a 'pattern' (a regular expression) or a 'shape'")
        }
    }

    static func parseExample(_ node: RuleNode, role: Role) throws(Diagnostic) -> Example {
        let map = try node.mapping(allowed: ["drop", "keep", "text", "becomes", "meta"], what: "an example")
        let mark = node.node.mark
        var meta: [Field: String] = [:]
        if let m = map["meta"] {
            for (name, entry) in try m.value.mapping(allowed: Field.allCases.map(\.rawValue), what: "example meta") {
                meta[Field(rawValue: name)!] = try entry.value.string(name)
            }
        }
        let expect: Example.Expectation
        let input: String
        if let d = map["drop"] {
            input = try d.value.string("drop")
            expect = .drop
        } else if let k = map["keep"] {
            input = try k.value.string("keep")
            expect = .keep
        } else if let t = map["text"], let b = map["becomes"] {
            input = try t.value.string("text")
            expect = .becomes(try b.value.string("becomes"))
        } else {
            throw node.error("an example needs 'drop: LINE', 'keep: LINE', or 'text: LINE' with 'becomes: REPAIRED'")
        }
        if role == .artifact, case .becomes = expect {
        } else if role == .artifact, case .drop = expect {
            throw node.error("an artifact rule repairs lines; write its examples as 'text:' and 'becomes:'")
        }
        return Example(input: input, expect: expect, meta: meta, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }
}
