/// Where a page is from, as `Rules/regions.yaml` tells it: each region's code, the currency a bare
/// 元 means there, the URL domains and words that point to it. One region is the default.
public struct RegionRule: Sendable {
    public var id: String
    /// `mainland`, `hk`, `mo`, `tw`.
    public var code: String
    /// What a bare 元 is on the region's pages (`HKD`).
    public var currency: String
    public var isDefault: Bool
    /// Host name endings (`.hk`, `gov.mo`).
    public var domains: [String]
    /// Words that point to the region, with their weight (a currency name weighs more than a place).
    public var words: [(form: String, weight: Int)]
    /// Years of the region's own era written before 年 (民国 years 90–130 on Taiwan pages: 114年).
    public var eraYears: ClosedRange<Int>?
    /// A page written mostly in this script (`simplified`, `traditional`) points to the region.
    public var script: String?
    /// Characters the region reads as multipliers of a number besides 万 and 亿 (兆, 10^12 on Taiwan
    /// pages, where the mainland's pages also write it for mega-: 兆瓦).
    public var multipliers: [Unicode.Scalar: Double] = [:]
}

extension QuantityRules {
    /// A region: its code, currency, domains and words.
    mutating func parseRegion(_ node: RuleNode) throws(Diagnostic) {
        let map = try node.mapping(
            allowed: Self.ruleKeys + [
                "region", "currency", "default", "domains", "words", "strong_words", "era_years", "script",
                "multipliers",
            ],
            what: "a region rule")
        let id = try map.required("id", in: node, what: "a region rule").string("id")
        let words = try map["words"]?.value.strings("words").map { (Fold.matching($0), 1) } ?? []
        let strong = try map["strong_words"]?.value.strings("strong_words").map { (Fold.matching($0), 3) } ?? []
        regions.append(
            RegionRule(
                id: id, code: try map.required("region", in: node, what: "region rule '\(id)'").string("region"),
                currency: try map.required("currency", in: node, what: "region rule '\(id)'").string("currency"),
                isDefault: try map["default"]?.value.bool("default") ?? false,
                domains: try map["domains"]?.value.strings("domains").map { $0.lowercased() } ?? [],
                words: words + strong, eraYears: try Self.yearRange(map["era_years"]?.value),
                script: try Self.script(map["script"]?.value),
                multipliers: try Self.multipliers(map["multipliers"]?.value)))
        try addExamples(id: id, map: map, node: node)
    }

    static func script(_ node: RuleNode?) throws(Diagnostic) -> String? {
        guard let node else { return nil }
        let script = try node.string("script")
        guard script == "simplified" || script == "traditional" else {
            throw node.error("script must be simplified or traditional")
        }
        return script
    }

    /// `{兆: 1000000000000}`: each one character with its value, a whole number above 1.
    static func multipliers(_ node: RuleNode?) throws(Diagnostic) -> [Unicode.Scalar: Double] {
        guard let node else { return [:] }
        guard case .mapping(let mapping) = node.node else {
            throw node.error("multipliers must be a mapping of one character to its value: {兆: 1000000000000}")
        }
        var out: [Unicode.Scalar: Double] = [:]
        for (k, v) in mapping {
            let (key, value) = (RuleNode(node: k, path: node.path), RuleNode(node: v, path: node.path))
            let word = try key.string("a multiplier")
            guard let scalar = word.unicodeScalars.first, word.unicodeScalars.count == 1 else {
                throw key.error("a multiplier is one character, found '\(word)'")
            }
            let factor = try value.int("the value of '\(word)'")
            guard factor > 1 else { throw value.error("the value of '\(word)' must be a whole number above 1") }
            out[scalar] = Double(factor)
        }
        return out
    }

    /// `[90, 130]`: the years, first and last.
    static func yearRange(_ node: RuleNode?) throws(Diagnostic) -> ClosedRange<Int>? {
        try node?.wholeRange("era_years", of: "year", atLeast: 1, example: "[90, 130]")
    }
}
