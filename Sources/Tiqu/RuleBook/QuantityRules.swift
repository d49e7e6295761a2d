/// What the quantity extractor knows, from `Rules/`: units, qualifiers, indicators, modifiers and
/// contexts that are never quantities. Each entry keeps its id and examples.
public struct QuantityRules: Sendable {
    /// A unit and its surface forms (`平方公里`, `平方千米`), with what its values may be.
    public struct Unit: Sendable {
        /// The fields read only where a unit's form is matched or checked, in one box the copies
        /// share: a unit is copied with every number read, and one retain is cheaper than six. A
        /// change copies the box first (copy on write), so a unit is still a value.
        final class Words: @unchecked Sendable {
            var id: String
            var forms: [String] { didSet { formScalars = Unit.scalars(forms) } }
            /// `forms` as scalars, compared with a text's where a quantity's written unit is read (a
            /// String's scalars are slow to walk; `count` has 62 forms).
            private(set) var formScalars: [[Unicode.Scalar]]
            var notBefore: [[Unicode.Scalar]] = []
            var prefixes: [String] = []
            var context: [[Unicode.Scalar]] = []

            init(id: String, forms: [String]) { (self.id, self.forms, formScalars) = (id, forms, Unit.scalars(forms)) }

            func copy() -> Words {
                let words = Words(id: id, forms: forms)
                (words.notBefore, words.prefixes, words.context) = (notBefore, prefixes, context)
                return words
            }
        }

        /// Written only through `edit`, on a box no other unit holds.
        private var words: Words

        /// Changes the boxed fields, in a box of this unit's own.
        private mutating func edit(_ change: (Words) -> Void) {
            if !isKnownUniquelyReferenced(&words) { words = words.copy() }
            change(words)
        }

        public var id: String {
            get { words.id }
            set { edit { $0.id = newValue } }
        }
        public var unit: String
        public var forms: [String] {
            get { words.forms }
            set { edit { $0.forms = newValue } }
        }
        var formScalars: [[Unicode.Scalar]] { words.formScalars }
        /// Multiply the number by this to get the base unit (`斤` → 0.5 kg).
        public var factor: Double
        /// Counts of things: the surface form is kept as `classifier`, and the value must be whole.
        public var classifier: Bool
        public var integer: Bool
        /// Values outside these bounds are not this unit (a year of 2020 is a date, not a duration).
        public var min: Double?
        public var max: Double?
        /// Only after an Arabic number (`方` after 4 is a measure; in 四方联动 it is not).
        public var arabicOnly: Bool
        /// May be negative (a fall of -3.91%, -5℃); other units never are.
        public var signed: Bool = false
        /// Where the unit stands: after its number (`8.8万人`), before it (`百分之三十`), or, for a
        /// bare fraction (`三分之一`), nowhere — the unit a fraction's value is given in.
        public var written: Written = .after
        /// Words that, right after the form, make it another word (成 before 为: 成为 is a verb).
        public var notBefore: [[Unicode.Scalar]] {
            get { words.notBefore }
            set { edit { $0.notBefore = newValue } }
        }
        /// Only after 万 or 亿 (8亿度 is electricity; 16度 is a temperature or an angle).
        public var multiplied: Bool = false
        /// A classifier whose counted noun decides the unit (230个志愿者 → person): see `CountedNoun`.
        public var countsByNoun: Bool = false
        /// Words before the number that name this currency (港幣150萬元, 美金2億元): they win over a bare 元.
        public var prefixes: [String] {
            get { words.prefixes }
            set { edit { $0.prefixes = newValue } }
        }
        /// A bare 元: its currency is the page's (HKD on a Hong Kong page), not the form's.
        public var pageCurrency: Bool = false
        /// 半 before it is a half (半年以上, 半个月): a time unit.
        public var half: Bool = false
        /// Words one of which must stand shortly before the number (16° is a temperature after 气温).
        public var context: [[Unicode.Scalar]] {
            get { words.context }
            set { edit { $0.context = newValue } }
        }

        init(
            id: String, unit: String, forms: [String], factor: Double, classifier: Bool, integer: Bool,
            min: Double?, max: Double?, arabicOnly: Bool
        ) {
            (words, self.unit) = (Words(id: id, forms: forms), unit)
            (self.factor, self.classifier, self.integer, self.min, self.max) = (factor, classifier, integer, min, max)
            self.arabicOnly = arabicOnly
        }

        static func scalars(_ forms: [String]) -> [[Unicode.Scalar]] { forms.map { Array($0.unicodeScalars) } }

        /// Whether one of `notBefore` starts at `position`.
        func isBlocked(in text: [Unicode.Scalar], at position: Int) -> Bool {
            text.hasWord(from: words.notBefore, at: position)
        }
    }

    /// A noun that says what a count counts: a person (志愿者), a household (农户), or a thing
    /// (小组) that stops an earlier noun from deciding (村民小组 counts groups).
    public struct CountedNoun: Sendable {
        public var id: String
        public var unit: String
        public var forms: [String]
        /// Right after a number, the noun is its unit (15576农户 → household).
        public var implies: Bool
        /// Not a noun: a word that ends the counted noun's phrase (参加, 相继), so the noun before it decides.
        public var endsPhrase: Bool { unit == "phrase_end" }
    }

    public enum Written: String, Sendable, CaseIterable {
        case after, before, fraction
    }

    public typealias Approx = Quantity.Approx

    /// Words around a number that make it approximate: before it (`近`, `超过`) or after it (`余`, `左右`).
    public struct Qualifier: Sendable {
        public var id: String
        public var approx: Approx
        public var before: [String]
        /// After the number, before the unit (`6万余人`).
        public var afterNumber: [String]
        /// After the unit (`500元左右`, `18岁以下`).
        public var afterUnit: [String]
        /// Before a number that starts with its multiplier only (上千家, 上百人): 上 before 10个 is no qualifier.
        public var beforeMultiplier: [String] = []
    }

    /// An indicator: what a number measures (`常住人口`, `地区生产总值`), in any of its forms.
    public struct Indicator: Sendable {
        public var id: String
        public var name: String
        public var forms: [String]
        /// The unit of a bare number right after it (户籍人口17.3万 → person).
        public var unit: String?
    }

    public enum ModifierRole: String, Sendable, CaseIterable {
        /// A change and its direction (`增长`, `减少`), the comparison (`同比`), a rate (`人均`).
        case increase, decrease, basis, per
        /// Words that bind a name to its number (`为`, `达到`, `共有`): not part of the attribute.
        case verb
        /// Words that open a clause without naming anything (`全年`, `其中`, `累计`).
        case lead
    }

    /// Words that say a number is a change (`增长`), against what (`同比`), or a rate (`人均`).
    public struct Modifier: Sendable {
        public var id: String
        public var role: ModifierRole
        public var forms: [String]
    }

    /// A context in which no number is a quantity (ICP numbers, phone numbers, idioms with 一).
    public struct Exclusion: Sendable {
        public var id: String
        public var pattern: Pattern
    }

    public var units: [Unit] = []
    public var qualifiers: [Qualifier] = []
    public var indicators: [Indicator] = []
    public var modifiers: [Modifier] = []
    public var exclusions: [Exclusion] = []
    public var countedNouns: [CountedNoun] = []
    public var regions: [RegionRule] = []
    /// Every rule's examples, by rule id, with the file they came from.
    public var examples: [RuleExamples] = []
    /// Rules of this folder that add forms to a rule of an earlier one.
    var extensions: [RuleExtension] = []

    public init() {}

    static let ruleKeys = ["id", "note", "examples"]

    mutating func parse(kind: String, rules: [RuleNode]) throws(Diagnostic) {
        for node in rules {
            if let addition = try RuleExtension.parse(node) {
                extensions.append(addition)
                continue
            }
            switch kind {
            case "unit": try parseUnit(node)
            case "qualifier": try parseQualifier(node)
            case "indicator": try parseIndicator(node)
            case "modifier": try parseModifier(node)
            case "not_quantity": try parseExclusion(node)
            case "counted_noun": try parseCountedNoun(node)
            case "region": try parseRegion(node)
            default: preconditionFailure("unhandled kind \(kind)")
            }
        }
    }

    /// A unit: its forms, factor and the values it accepts.
    mutating func parseUnit(_ node: RuleNode) throws(Diagnostic) {
        let map = try node.mapping(
            allowed: Self.ruleKeys + [
                "unit", "forms", "factor", "classifier", "integer", "min", "max", "arabic_only", "signed",
                "written", "not_before", "multiplied", "counts_by_noun", "prefixes", "page_currency", "half", "context",
            ], what: "a unit rule")
        let id = try map.required("id", in: node, what: "a unit rule").string("id")
        let written = try Self.written(map["written"]?.value)
        let formsNode =
            written == .fraction
            ? map["forms"]?.value : try map.required("forms", in: node, what: "unit rule '\(id)'")
        // Read in the order a rule is written, so the first mistake is the one said.
        let name = try map.required("unit", in: node, what: "unit rule '\(id)'").string("unit")
        let forms = try formsNode?.strings("forms").map(Fold.matching) ?? []
        let factor = try map["factor"]?.value.positive("factor") ?? 1
        let bounds = try Self.bounds(map)
        var unit = Unit(
            id: id, unit: name, forms: forms, factor: factor,
            classifier: try map["classifier"]?.value.bool("classifier") ?? false,
            integer: try map["integer"]?.value.bool("integer") ?? false,
            min: bounds.min, max: bounds.max,
            arabicOnly: try map["arabic_only"]?.value.bool("arabic_only") ?? false)
        unit.signed = try map["signed"]?.value.bool("signed") ?? false
        unit.written = written
        unit.notBefore =
            try map["not_before"]?.value.strings("not_before").map { Array(Fold.matching($0).unicodeScalars) } ?? []
        unit.multiplied = try map["multiplied"]?.value.bool("multiplied") ?? false
        unit.countsByNoun = try map["counts_by_noun"]?.value.bool("counts_by_noun") ?? false
        unit.prefixes = try map["prefixes"]?.value.strings("prefixes").map(Fold.matching) ?? []
        unit.pageCurrency = try map["page_currency"]?.value.bool("page_currency") ?? false
        unit.half = try map["half"]?.value.bool("half") ?? false
        unit.context =
            try map["context"]?.value.strings("context").map { Array(Fold.matching($0).unicodeScalars) } ?? []
        units.append(unit)
        try addExamples(id: id, map: map, node: node)
    }

    /// A unit's `min` and `max`: finite, and the first not above the second.
    static func bounds(_ map: [String: (key: RuleNode, value: RuleNode)]) throws(Diagnostic) -> (
        min: Double?, max: Double?
    ) {
        let min = try map["min"].map { e throws(Diagnostic) in ("min", e.value, try e.value.double("min")) }
        let max = try map["max"].map { e throws(Diagnostic) in ("max", e.value, try e.value.double("max")) }
        try RuleNode.ordered(min, max)
        return (min?.2, max?.2)
    }

    /// A counted noun: what a count of it is in (`person`, `household`, `count`).
    mutating func parseCountedNoun(_ node: RuleNode) throws(Diagnostic) {
        let map = try node.mapping(allowed: Self.ruleKeys + ["unit", "forms", "implies"], what: "a counted_noun rule")
        let id = try map.required("id", in: node, what: "a counted_noun rule").string("id")
        let unitNode = try map.required("unit", in: node, what: "counted_noun rule '\(id)'")
        let unit = try unitNode.string("unit")
        guard ["person", "household", "count", "phrase_end"].contains(unit) else {
            throw unitNode.error(
                "unknown unit for a counted noun; expected one of person, household, count, phrase_end")
        }
        countedNouns.append(
            CountedNoun(
                id: id, unit: unit,
                forms: try map.required("forms", in: node, what: "counted_noun rule '\(id)'").strings("forms").map(
                    Fold.matching),
                implies: try map["implies"]?.value.bool("implies") ?? false))
        try addExamples(id: id, map: map, node: node)
    }

    /// A qualifier: the words that make a number approximate, and how.
    mutating func parseQualifier(_ node: RuleNode) throws(Diagnostic) {
        let map = try node.mapping(
            allowed: Self.ruleKeys + ["approx", "before", "before_multiplier", "after_number", "after_unit"],
            what: "a qualifier rule")
        let id = try map.required("id", in: node, what: "a qualifier rule").string("id")
        let approxNode = try map.required("approx", in: node, what: "qualifier rule '\(id)'")
        guard let approx = Approx(rawValue: try approxNode.string("approx")) else {
            throw approxNode.error(
                "unknown approx; expected one of \(Approx.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        qualifiers.append(
            Qualifier(
                id: id, approx: approx,
                before: try map["before"]?.value.strings("before").map(Fold.matching) ?? [],
                afterNumber: try map["after_number"]?.value.strings("after_number").map(Fold.matching) ?? [],
                afterUnit: try map["after_unit"]?.value.strings("after_unit").map(Fold.matching) ?? [],
                beforeMultiplier: try map["before_multiplier"]?.value.strings("before_multiplier").map(
                    Fold.matching) ?? []))
        try addExamples(id: id, map: map, node: node)
    }

    /// An indicator: what a number measures, by the words before it.
    mutating func parseIndicator(_ node: RuleNode) throws(Diagnostic) {
        let map = try node.mapping(
            allowed: Self.ruleKeys + ["name", "forms", "unit"], what: "an indicator rule")
        let id = try map.required("id", in: node, what: "an indicator rule").string("id")
        let name = try map.required("name", in: node, what: "indicator rule '\(id)'").string("name")
        let forms = try map["forms"]?.value.strings("forms") ?? []
        indicators.append(
            Indicator(
                id: id, name: Fold.matching(name), forms: ([name] + forms).map(Fold.matching),
                unit: try map["unit"]?.value.string("unit")))
        try addExamples(id: id, map: map, node: node)
    }

    /// A modifier: a change, basis, rate, binding or clause-opening word.
    mutating func parseModifier(_ node: RuleNode) throws(Diagnostic) {
        let map = try node.mapping(allowed: Self.ruleKeys + ["role", "forms"], what: "a modifier rule")
        let id = try map.required("id", in: node, what: "a modifier rule").string("id")
        let roleNode = try map.required("role", in: node, what: "modifier rule '\(id)'")
        guard let role = ModifierRole(rawValue: try roleNode.string("role")) else {
            throw roleNode.error(
                "unknown role; expected one of \(ModifierRole.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        modifiers.append(
            Modifier(
                id: id, role: role,
                forms: try map.required("forms", in: node, what: "modifier rule '\(id)'").strings("forms").map(
                    Fold.matching)))
        try addExamples(id: id, map: map, node: node)
    }

    /// A context where no number is a quantity.
    mutating func parseExclusion(_ node: RuleNode) throws(Diagnostic) {
        let map = try node.mapping(allowed: Self.ruleKeys + ["pattern"], what: "a not_quantity rule")
        let id = try map.required("id", in: node, what: "a not_quantity rule").string("id")
        let p = try map.required("pattern", in: node, what: "not_quantity rule '\(id)'")
        exclusions.append(Exclusion(id: id, pattern: try Pattern(try p.string("pattern"), rule: id, at: p)))
        try addExamples(id: id, map: map, node: node)
    }

    static func written(_ node: RuleNode?) throws(Diagnostic) -> Written {
        guard let node else { return .after }
        guard let written = Written(rawValue: try node.string("written")) else {
            throw node.error(
                "unknown written; expected one of \(Written.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return written
    }

    mutating func addExamples(id: String, map: [String: (key: RuleNode, value: RuleNode)], node: RuleNode)
        throws(Diagnostic)
    {
        guard let e = map["examples"] else {
            throw node.error(
                "rule '\(id)' has no examples; add 'examples:' such as 'text with the ⟦match⟧ marked → value unit'")
        }
        var list: [MarkedExample] = []
        for item in try e.value.sequence("examples") { list.append(try MarkedExample.parse(item)) }
        examples.append(
            RuleExamples(id: id, path: node.path, line: node.node.mark?.line ?? 1, fact: .quantities, examples: list))
    }

    static let kinds = ["unit", "qualifier", "indicator", "modifier", "not_quantity", "counted_noun", "region"]

    var ids: [(String, String, Int)] {
        examples.map { ($0.id, $0.path, $0.line) }
    }

    /// Upper layer wins by id; new ids go first.
    mutating func layer(_ upper: QuantityRules) {
        units = RuleBook.layered(units, upper.units, id: \.id)
        qualifiers = RuleBook.layered(qualifiers, upper.qualifiers, id: \.id)
        indicators = RuleBook.layered(indicators, upper.indicators, id: \.id)
        modifiers = RuleBook.layered(modifiers, upper.modifiers, id: \.id)
        exclusions = RuleBook.layered(exclusions, upper.exclusions, id: \.id)
        countedNouns = RuleBook.layered(countedNouns, upper.countedNouns, id: \.id)
        regions = RuleBook.layered(regions, upper.regions, id: \.id)
        examples = RuleBook.layered(examples, upper.examples, id: \.id)
    }

    /// Applies a later folder's extensions to these rules; returns those that found no rule.
    mutating func extend(with extensions: [RuleExtension]) -> [RuleExtension] {
        extensions.filter { e in
            let found =
                e.apply(to: &units, id: \.id, forms: \.forms) || e.apply(to: &indicators, id: \.id, forms: \.forms)
                || e.apply(to: &modifiers, id: \.id, forms: \.forms)
                || e.apply(to: &countedNouns, id: \.id, forms: \.forms)
            if found { examples.append(e.examples) }
            return !found
        }
    }
}
