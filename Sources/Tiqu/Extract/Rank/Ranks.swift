/// Ranks: a number after 第 (`第4`, `第11位`) is a position, not a quantity. Read where the
/// quantity scanner meets the number.
extension QuantityExtractor {
    /// The rule ranks carry: `Rules/ranks.yaml` gives it its words after the number and its examples.
    static let rankRule = "ranks/ordinal"

    /// The rank whose number `first` starts at `i`, right after 第.
    func rank(_ text: [Unicode.Scalar], _ first: Numeral, at i: Int) -> Match {
        let end = rankEnds.longest(in: text, at: first.range.upperBound)?.end ?? first.range.upperBound
        let span = (i - 1)..<end
        return Match(range: span, rule: Self.rankRule, value: .rank(Rank(first.value)))
    }
}
