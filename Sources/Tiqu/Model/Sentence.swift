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
        let at = partitioningIndex { $0.folded.upperBound > position }
        return at < count && self[at].folded.contains(position) ? self[at] : nil
    }
}
