/// How a page names its writer and dates itself where no byline label says so, from
/// `Rules/page.yaml`: words that are never a writer's name, the shapes of a signature closing the
/// article, and the words of copyright footers whose dates are not the article's. The cleaner
/// holds the mechanisms (a name line under the title, a bracketed signature, datelines near the
/// article); these rules hold what they need to know.
public struct PageRules: Sendable {
    public enum Role: String, Sendable, CaseIterable {
        /// Words that stand alone near a title or in brackets without naming anyone (前言, 分享, 完).
        case not_name
        /// Last characters of the names of outlets and offices (网, 社, 办): a word ending so is no person.
        case not_name_end
        /// A bracketed signature closing the article; group 1 of the pattern holds the names.
        case signature
        /// Words of copyright footers: a line holding one is no dateline.
        case footer
    }

    /// One example: a line, and the writer or date the page mechanisms must read from it
    /// ('' for none).
    public struct Example: Sendable {
        public enum Field: String, Sendable { case author, published }
        public var text: String
        public var field: Field
        public var expected: String
        public var line: Int
        public var column: Int
    }

    public struct Rule: Sendable {
        public var id: String
        public var role: Role
        public var forms: [String]
        public var pattern: Pattern?
        public var examples: [Example]
        public var path: String
        public var line: Int
    }

    public var rules: [Rule] = [] {
        didSet {
            notNames = Set(rules.filter { $0.role == .not_name }.flatMap(\.forms))
            notNameEnds = Set(rules.filter { $0.role == .not_name_end }.flatMap(\.forms))
            signatures = rules.compactMap { $0.role == .signature ? $0.pattern : nil }
            signatureFilter = PatternFilter(signatures, longest: .max)
            footerWords = rules.filter { $0.role == .footer }.flatMap(\.forms).map { $0.lowercased() }
        }
    }
    /// The rules' lists gathered once, as the cleaner reads them on every page.
    public private(set) var notNames: Set<String> = []
    public private(set) var notNameEnds: Set<String> = []

    /// Whether one name is a word these rules refuse: listed, or ending like an outlet or office.
    public func refuses(_ name: Substring) -> Bool {
        notNames.contains(String(name)) || name.last.map { notNameEnds.contains(String($0)) } == true
    }
    public private(set) var signatures: [Pattern] = []
    /// Which signatures may match a paragraph: most closing paragraphs hold none of their words.
    private(set) var signatureFilter = PatternFilter([], longest: .max)
    /// Lower-cased, as lines are compared lower-cased (`Copyright`).
    public private(set) var footerWords: [String] = []
}

extension PageRules.Rule {
    static let keys = ["id", "role", "forms", "pattern", "examples", "note"]

    static func parse(_ node: RuleNode) throws(Diagnostic) -> PageRules.Rule {
        let map = try node.mapping(allowed: keys, what: "a page rule")
        let id = try map.required("id", in: node, what: "a page rule").string("id")
        let roleNode = try map.required("role", in: node, what: "page rule '\(id)'")
        let roleName = try roleNode.string("role")
        guard let role = PageRules.Role(rawValue: roleName) else {
            let names = PageRules.Role.allCases.map(\.rawValue)
            throw roleNode.error("unknown role '\(roleName)'; expected one of \(names.joined(separator: ", "))")
        }
        var pattern: Pattern?
        if role == .signature {
            let source = try map.required("pattern", in: node, what: "signature rule '\(id)'")
            pattern = try Pattern(try source.string("pattern"), rule: id, at: source)
            guard pattern!.engine.groups >= 1 else {
                throw source.error("a signature pattern needs a group: group 1 holds the names, as (\\p{Han}{2,3})")
            }
        } else if let extra = map["pattern"] {
            throw extra.key.error("only a signature rule has a pattern; a \(roleName) rule lists its 'forms'")
        }
        var forms: [String] = []
        if let list = map["forms"] { forms = try list.value.strings("forms") }
        if role != .signature, forms.isEmpty {
            throw node.error("\(roleName) rule '\(id)' needs 'forms': the words it lists")
        }
        let examples = try examples(map, node: node, id: id)
        return .init(
            id: id, role: role, forms: forms, pattern: pattern, examples: examples, path: node.path,
            line: node.node.mark?.line ?? 1)
    }

    /// `examples:` items `{line: TEXT, author: NAME}` or `{line: TEXT, published: YYYY-MM-DD}`.
    static func examples(_ map: [String: (key: RuleNode, value: RuleNode)], node: RuleNode, id: String)
        throws(Diagnostic) -> [PageRules.Example]
    {
        guard let list = map["examples"] else {
            throw node.error(
                "page rule '\(id)' has no examples; add 'examples:' with lines and what they give"
                    + " ('- {line: …, author: …}' or '- {line: …, published: …}', '' for nothing)")
        }
        var examples: [PageRules.Example] = []
        for item in try list.value.sequence("examples") {
            let e = try item.mapping(allowed: ["line", "author", "published"], what: "a page rule example")
            let text = try e.required("line", in: item, what: "a page rule example").string("line")
            let fields = [PageRules.Example.Field.author, .published].filter { e[$0.rawValue] != nil }
            guard fields.count == 1, let field = fields.first else {
                throw item.error("a page rule example needs one of 'author:' or 'published:' ('' for nothing)")
            }
            let expected = try e[field.rawValue]!.value.string(field.rawValue)
            let mark = item.node.mark
            examples.append(
                .init(text: text, field: field, expected: expected, line: mark?.line ?? 1, column: mark?.column ?? 1))
        }
        return examples
    }
}
