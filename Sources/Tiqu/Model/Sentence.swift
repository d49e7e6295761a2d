/// A sentence of the body: its index and its span, in original code points and in the folded view.
public struct Sentence: Sendable, Equatable {
    public var index: Int
    /// Span in the record's `text` (code points).
    public var start: Int
    public var end: Int
    /// The same span in the folded view.
    public var folded: Range<Int>
}

extension Array where Element == Sentence {
    /// The sentence whose folded span holds `position` (sentences are in order).
    func containing(_ position: Int) -> Sentence? {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid].folded.upperBound <= position { lo = mid + 1 } else { hi = mid }
        }
        return lo < count && self[lo].folded.contains(position) ? self[lo] : nil
    }
}
