/// Ranks: a number after 第 (`第4`, `第11位`) is a position, not a quantity. Read where the
/// quantity scanner meets the number.
extension QuantityExtractor {
    /// Words after the number that belong to the rank (`第11位`, `第3名`).
    static let rankEnds: Set<Unicode.Scalar> = ["位", "名"]

    /// The rank whose number `first` starts at `i`, right after 第.
    func rank(_ text: [Unicode.Scalar], _ first: Numeral, at i: Int) -> Found {
        var end = first.range.upperBound
        if end < text.count, Self.rankEnds.contains(text[end]) { end += 1 }
        let span = (i - 1)..<end
        return Found(range: span, match: Match(range: span, rule: "ranks/ordinal", value: .rank(Rank(first.value))))
    }
}
