/// The positions of a text that some ranges cover, for the question "is this span taken?",
/// answered in the time of the span asked about, not of the ranges given: a long page holds
/// thousands of facts, and an extractor that asked each of them for every candidate would take
/// time that grows with the square of the page. Ranges given and asked about lie in the text.
struct Coverage {
    private let length: Int
    /// One bit per position, made when the first range is covered (most texts hold no honor or
    /// date at all, and a page asks a dozen coverages): a bit, not a Bool, so that there is an
    /// eighth as much to zero.
    private var covered: [UInt64] = []

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
        if covered.isEmpty { covered = [UInt64](repeating: 0, count: (length + 63) / 64) }
        covered.withUnsafeMutableBufferPointer { words in
            // A word at a time: the bits of `inside` from `k` to the end of its word or of `inside`.
            var k = inside.lowerBound
            while k < inside.upperBound {
                let end = min(inside.upperBound, (k | 63) + 1)
                let ones = end - k == 64 ? UInt64.max : (1 << UInt64(end - k)) - 1
                words[k >> 6] |= ones << UInt64(k & 63)
                k = end
            }
        }
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
    func overlaps(_ range: Range<Int>) -> Bool {
        !covered.isEmpty && range.clamped(to: 0..<length).contains { isCovered($0) }
    }

    /// Whether a covering range contains `position`.
    func contains(_ position: Int) -> Bool {
        !covered.isEmpty && (0..<length).contains(position) && isCovered(position)
    }

    /// The bit of a position in the text.
    @inline(__always) private func isCovered(_ position: Int) -> Bool {
        covered[position >> 6] & (1 << UInt64(position & 63)) != 0
    }
}
