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
}

extension QuantityRules {
    /// A region: its code, currency, domains and words.
    mutating func parseRegion(_ node: RuleNode) throws(Diagnostic) {
        let map = try node.mapping(
            allowed: Self.ruleKeys + [
                "region", "currency", "default", "domains", "words", "strong_words", "era_years", "script",
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
                script: try Self.script(map["script"]?.value)))
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

    /// `[90, 130]`: the years, first and last.
    static func yearRange(_ node: RuleNode?) throws(Diagnostic) -> ClosedRange<Int>? {
        guard let node else { return nil }
        let bounds = try node.strings("era_years").compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] <= bounds[1] else {
            throw node.error("era_years must be two whole numbers, the first and last year: [90, 130]")
        }
        return bounds[0]...bounds[1]
    }
}
