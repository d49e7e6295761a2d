/// The word lists behind programs, citations, honors, places, dates and ranks, from `Rules/`.
/// Every rule is an id, a role within its file's kind, surface forms, and for some roles a value
/// (a program head's kind, an honor prefix's level, a place suffix's level, a period's years).
public struct WordRule: Sendable {
    /// The fields, in one box the copies share: a rule is copied with every lexicon hit, and one
    /// retain is cheaper than one per field. A change copies the box first (copy on write), so a
    /// rule is still a value.
    struct Fields {
        var id: String
        var role: String
        var forms: [String]
        var value: String?
        var maxName: Int?
        var notBefore: [[Unicode.Scalar]]
        /// The first scalars of `notBefore`, for `isBlocked`.
        var notBeforeHeads: FirstScalars
        var region: String?
        var years: ClosedRange<Int>?
        var regions: Set<String>?
    }

    /// Written only through `edit`, on a box no other rule holds.
    final class Box: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    /// Changes the fields in place, in a box of this rule's own.
    private mutating func edit(_ change: (inout Fields) -> Void) {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
        change(&box.fields)
    }

    init(id: String, role: String, forms: [String], value: String?, maxName: Int?, notBefore: [[Unicode.Scalar]]) {
        box = Box(
            Fields(
                id: id, role: role, forms: forms, value: value, maxName: maxName, notBefore: notBefore,
                notBeforeHeads: FirstScalars(notBefore), region: nil, years: nil, regions: nil))
    }

    public var id: String {
        get { box.fields.id }
        set { edit { $0.id = newValue } }
    }
    public var role: String {
        get { box.fields.role }
        set { edit { $0.role = newValue } }
    }
    /// Matching forms (width-folded, Simplified).
    public var forms: [String] {
        get { box.fields.forms }
        set { edit { $0.forms = newValue } }
    }
    public var value: String? {
        get { box.fields.value }
        set { edit { $0.value = newValue } }
    }
    /// The longest name before a place level's suffix (`max_name`).
    public var maxName: Int? {
        get { box.fields.maxName }
        set { edit { $0.maxName = newValue } }
    }
    /// Words that, right after the form, mean it is not this word (`市` before `委` in 市委).
    public var notBefore: [[Unicode.Scalar]] {
        get { box.fields.notBefore }
        set {
            // Made outside the edit, whose closure calls nothing: a call there would make every read
            // of a rule's fields check for exclusive access at run time.
            let heads = FirstScalars(newValue)
            edit { ($0.notBefore, $0.notBeforeHeads) = (newValue, heads) }
        }
    }
    /// The region whose pages write an era's years without its name (`tw`), for an implied era.
    public var region: String? {
        get { box.fields.region }
        set { edit { $0.region = newValue } }
    }
    /// The years an implied era reads (`[38, 200]`).
    public var years: ClosedRange<Int>? {
        get { box.fields.years }
        set { edit { $0.years = newValue } }
    }
    /// The page regions where a place level exists (`regions: [mainland, tw]`: Hong Kong and Macau
    /// have no 社区 units); nil where it exists everywhere.
    public var regions: Set<String>? {
        get { box.fields.regions }
        set { edit { $0.regions = newValue } }
    }

    /// Whether one of `notBefore` starts at `position`.
    func isBlocked(in text: [Unicode.Scalar], at position: Int) -> Bool {
        // Asked after every suffix: at most positions no word starts, and the filter says so.
        if position < text.count, !box.fields.notBeforeHeads.mayStart(text[position]) { return false }
        return text.hasWord(from: box.fields.notBefore, at: position)
    }
}

/// The kinds of word-list rule files. Each declares its roles, the key that carries a value, and
/// the fact family its examples are checked against.
public enum WordKind: String, Sendable, CaseIterable {
    case program_head, program_cue, honor, citation, place, named_period, date, rank

    /// Roles a rule of this kind may take; the first is the default when `role` is left out.
    var roles: [String] {
        switch self {
        case .program_head: ["head", "not_head", "scheme"]
        case .program_cue: ["names", "slogan", "slogan_after", "head_stop"]
        case .honor:
            [
                "verb", "grant", "marker", "award", "level", "scope", "opening", "trim", "end", "lead", "issuer",
                "announce", "introduce",
                "surname",
                "title", "unit",
                "not_unit", "goal", "goal_after", "follow", "break",
            ]
        case .citation: ["verb", "issuer", "boundary", "title"]
        case .place:
            [
                "level", "generic", "boundary", "region", "prefix", "divisions", "belongs", "name", "after_name",
                "ethnic",
                "office",
            ]
        case .named_period: ["period", "in_year", "same_period"]
        case .date:
            [
                "calendar", "period", "relative_year", "era", "implied_era", "duration_before", "duration_after",
                "common_era",
            ]
        case .rank: ["ordinal"]
        }
    }

    /// Roles whose matches a Swift mechanism finds without forms (the calendar reader, every
    /// 《…》 title): the rule gives them their id and examples, and `forms` may be left out.
    var mechanismRoles: Set<String> {
        switch self {
        case .citation: ["title"]
        case .date: ["calendar", "period", "implied_era"]
        default: []
        }
    }

    /// What a rule's `value` may be: the roles that require one, and the values allowed (nil: any).
    /// One key for every kind — a program head's kind, an honor or place level, a period's years,
    /// a relative year's offset.
    var value: (requiredFor: Set<String>, allowed: [String]?)? {
        let programKinds = [
            "initiative", "method", "brand", "organization", "place", "event", "campaign", "project", "service",
            "product",
        ]
        return switch self {
        case .program_head: (["head", "scheme"], programKinds)
        case .program_cue: ([], programKinds)
        case .honor: (["level", "scope", "opening"], ["national", "provincial", "municipal", "district"])
        case .place: (["level", "name"], ["province", "city", "district", "subdistrict", "community"])
        case .named_period: (["period", "in_year", "same_period"], nil)
        case .date: (["relative_year", "era", "implied_era"], nil)
        case .citation, .rank: nil
        }
    }

    /// The facts a rule's examples are checked against.
    func fact(_ role: String) -> FactKind {
        if self == .place, role == "divisions" { return .divisions }
        return switch self {
        case .program_head, .program_cue: .programs
        case .honor: .honors
        case .citation: .citations
        case .place: .places
        case .named_period, .date: .dates
        case .rank: .ranks
        }
    }
}

/// All word-list rules, by kind, in rule-book order (a user's rules first).
public struct WordRules: Sendable {
    public var rules: [WordKind: [WordRule]] = [:]
    public var examples: [RuleExamples] = []
    /// Rules of this folder that add forms to a rule of an earlier one.
    var extensions: [WordKind: [RuleExtension]] = [:]

    public init() {}

    public subscript(kind: WordKind) -> [WordRule] { rules[kind] ?? [] }

    /// The rules of a kind and role.
    func of(_ kind: WordKind, _ role: String) -> [WordRule] { self[kind].filter { $0.role == role } }

    /// A lexicon of every form of a kind's rules with a role, each mapped to its rule.
    /// `where` narrows the rules further (program heads of some kinds only).
    func lexicon(
        _ kind: WordKind, _ roles: String..., reversed: Bool = false, where keep: (WordRule) -> Bool = { _ in true }
    ) -> Lexicon<WordRule> {
        Lexicon(
            self[kind].filter { roles.contains($0.role) && keep($0) }.flatMap { rule in
                rule.forms.map { (reversed ? String($0.reversed()) : $0, rule) }
            })
    }

    mutating func parse(kind: WordKind, rules nodes: [RuleNode]) throws(Diagnostic) {
        let allowed =
            QuantityRules.ruleKeys + ["role", "forms", "not_before"] + (kind == .place ? ["max_name", "regions"] : [])
            + (kind.value == nil ? [] : ["value"]) + (kind == .date ? ["region", "years"] : [])
        for node in nodes {
            if var addition = try RuleExtension.parse(node) {
                addition.examples.fact = kind.fact("")
                extensions[kind, default: []].append(addition)
                continue
            }
            let map = try node.mapping(allowed: allowed, what: "a \(kind.rawValue) rule")
            let id = try map.required("id", in: node, what: "a \(kind.rawValue) rule").string("id")
            let role = try Self.role(map["role"]?.value, kind: kind)
            let value = try Self.value(map["value"]?.value, kind: kind, role: role, rule: node, id: id)
            let formsNode =
                kind.mechanismRoles.contains(role)
                ? map["forms"]?.value : try map.required("forms", in: node, what: "\(kind.rawValue) rule '\(id)'")
            let forms = try formsNode?.strings("forms").map(Fold.matching) ?? []
            let notBefore =
                try map["not_before"]?.value.strings("not_before").map { Array(Fold.matching($0).unicodeScalars) } ?? []
            let maxName = try map["max_name"]?.value.count("max_name")
            var rule = WordRule(id: id, role: role, forms: forms, value: value, maxName: maxName, notBefore: notBefore)
            if role == "implied_era" { (rule.region, rule.years) = try Self.impliedEra(map, rule: node, id: id) }
            if let regions = map["regions"] { rule.regions = Set(try regions.value.strings("regions")) }
            rules[kind, default: []].append(rule)
            guard let e = map["examples"] else {
                throw node.error(
                    "rule '\(id)' has no examples; add 'examples:' with the expected \(kind.fact(role).rawValue) marked as ⟦…⟧ (or a text that must match nothing)"
                )
            }
            var list: [MarkedExample] = []
            for item in try e.value.sequence("examples") { list.append(try MarkedExample.parse(item)) }
            examples.append(
                RuleExamples(
                    id: id, path: node.path, line: node.node.mark?.line ?? 1, fact: kind.fact(role), examples: list))
        }
    }

    /// An implied era's region and years, both required: `region: tw`, `years: [38, 200]`.
    static func impliedEra(_ map: [String: (key: RuleNode, value: RuleNode)], rule: RuleNode, id: String)
        throws(Diagnostic) -> (String, ClosedRange<Int>)
    {
        let what = "date rule '\(id)' with role 'implied_era'"
        let region = try map.required("region", in: rule, what: what).string("region")
        let years = try map.required("years", in: rule, what: what).wholeRange(
            "years", of: "year", atLeast: 1, example: "[38, 200]")
        return (region, years)
    }

    /// A rule's role: the kind's first when left out, else one the kind has.
    static func role(_ node: RuleNode?, kind: WordKind) throws(Diagnostic) -> String {
        guard let node else { return kind.roles[0] }
        let role = try node.string("role")
        guard kind.roles.contains(role) else {
            let hint = closest(role, in: kind.roles).map { "; did you mean '\($0)'?" } ?? ""
            let expected = kind.roles.joined(separator: ", ")
            throw node.error("unknown role '\(role)' for a \(kind.rawValue) rule\(hint); expected one of \(expected)")
        }
        return role
    }

    /// A rule's `value`: one the kind allows, required for the roles that need one; a relative
    /// year's is a whole number.
    static func value(_ node: RuleNode?, kind: WordKind, role: String, rule: RuleNode, id: String) throws(Diagnostic)
        -> String?
    {
        guard let spec = kind.value else { return nil }
        guard let node else {
            guard !spec.requiredFor.contains(role) else {
                throw rule.error(
                    "\(kind.rawValue) rule '\(id)' with role '\(role)' is missing the required key 'value'")
            }
            return nil
        }
        let value = try node.string("value")
        if let allowed = spec.allowed, !allowed.contains(value) {
            throw node.error("unknown value '\(value)'; expected one of \(allowed.joined(separator: ", "))")
        }
        if kind == .date || role == "same_period", Int(value) == nil {
            throw node.error(
                role == "relative_year" || role == "same_period"
                    ? "a relative year's value must be a whole number of years, such as -1 for 去年"
                    : "an era's value must be the whole year before its first year, such as 1911 for 民國")
        }
        return value
    }

    var ids: [(String, String, Int)] { examples.map { ($0.id, $0.path, $0.line) } }

    /// Upper layer wins by id; new ids go first.
    mutating func layer(_ upper: WordRules) {
        for kind in WordKind.allCases where upper.rules[kind] != nil {
            rules[kind] = RuleBook.layered(self[kind], upper[kind], id: \.id)
        }
        examples = RuleBook.layered(examples, upper.examples, id: \.id)
    }

    /// Applies a later folder's extensions to these rules; returns those that found no rule.
    mutating func extend(with upper: WordRules) -> [RuleExtension] {
        upper.extensions.flatMap { kind, list in
            list.filter { e in
                var rules = self[kind]
                let found = e.apply(to: &rules, id: \.id, forms: \.forms)
                if found {
                    self.rules[kind] = rules
                    var examples = e.examples
                    examples.fact = kind.fact(rules.first { $0.id == e.target }?.role ?? "")
                    self.examples.append(examples)
                }
                return !found
            }
        }
    }
}

/// One rule's marked examples, with where the rule is and which facts the examples describe.
public struct RuleExamples: Sendable {
    public var id: String
    public var path: String
    public var line: Int
    public var fact: FactKind
    public var examples: [MarkedExample]
}
