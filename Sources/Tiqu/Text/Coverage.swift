/// The positions of a text that some ranges cover, for the question "is this span taken?",
/// answered in the time of the span asked about, not of the ranges given: a long page holds
/// thousands of facts, and an extractor that asked each of them for every candidate would take
/// time that grows with the square of the page. Ranges given and asked about lie in the text.
struct Coverage {
    private let length: Int
    /// One flag per position, made when the first range is covered (most texts hold no honor or
    /// date at all, and a page asks a dozen coverages).
    private var covered: [Bool] = []

    /// Nothing covered yet in a text of `length` positions.
    init(length: Int) { self.length = length }

    /// These ranges covered in a text of `length` positions.
    init(length: Int, _ ranges: some Sequence<Range<Int>>) {
        self.init(length: length)
        cover(ranges)
    }

    mutating func cover(_ range: Range<Int>) {
        assert(range.upperBound <= length, "a range of the text")
        let inside = range.clamped(to: 0..<length)
        guard !inside.isEmpty else { return }
        if covered.isEmpty { covered = [Bool](repeating: false, count: length) }
        for k in inside { covered[k] = true }
    }

    mutating func cover(_ ranges: some Sequence<Range<Int>>) {
        for range in ranges { cover(range) }
    }

    /// These ranges covered too.
    func covering(_ ranges: some Sequence<Range<Int>>) -> Coverage {
        var more = self
        more.cover(ranges)
        return more
    }

    /// Whether a covering range overlaps `range` (`Range.overlaps`: an empty range overlaps none).
    func overlaps(_ range: Range<Int>) -> Bool { covered[range.clamped(to: covered.indices)].contains(true) }

    /// Whether a covering range contains `position`.
    func contains(_ position: Int) -> Bool { covered.indices.contains(position) && covered[position] }
}
