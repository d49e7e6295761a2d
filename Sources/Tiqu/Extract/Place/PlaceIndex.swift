/// The places found in a text, by the positions they cover, start and end at, kept as places are
/// added. A mention's neighbours and whether its words are taken are looked up here rather than
/// searched for among every place found, which would take time growing with the square of the
/// places (a yearbook names tens of thousands). Arrays of the text's length: a lookup hashes nothing.
struct PlaceIndex {
    /// The positions the places cover.
    private var taken: Coverage
    /// The places that start and end at a text position, in one array (a page makes a few indexes).
    private struct Position {
        /// One more than the index of the first place that starts there, 0 for none.
        var firstStarting: Int32 = 0
        /// One more than the index of the last place that ends there, 0 for none.
        var lastEnding: Int32 = 0
    }

    /// One per position of the text and one for its end.
    private var positions: [Position]
    /// Per place: one more than the index of the place before it that ends where it ends, 0 for none.
    private var previousEnding: [Int32] = []

    /// The places of a text of `length` scalars, in the order of their indices.
    init(_ places: [Match], length: Int) {
        taken = Coverage(length: length)
        positions = [Position](repeating: Position(), count: length + 1)
        previousEnding.reserveCapacity(places.count)
        for place in places { add(place.range) }
    }

    /// Adds the range of the place whose index is the number added so far.
    mutating func add(_ range: Range<Int>) {
        assert(range.upperBound < positions.count, "a range of the text")
        let number = Int32(previousEnding.count + 1)
        taken.cover(range)
        if positions[range.lowerBound].firstStarting == 0 { positions[range.lowerBound].firstStarting = number }
        previousEnding.append(positions[range.upperBound].lastEnding)
        positions[range.upperBound].lastEnding = number
    }

    /// Whether a place covers some of `range` (`Range.overlaps` with any place's range).
    func covers(_ range: Range<Int>) -> Bool { taken.overlaps(range) }

    /// The first place that starts at `position`.
    func first(startingAt position: Int) -> Int? { Self.index(positions[position].firstStarting) }

    /// The last place that ends at `position`, of those `accepted` takes.
    func last(endingAt position: Int, where accepted: (Int) -> Bool = { _ in true }) -> Int? {
        var at = positions[position].lastEnding
        while let i = Self.index(at) {
            if accepted(i) { return i }
            at = previousEnding[i]
        }
        return nil
    }

    private static func index(_ number: Int32) -> Int? { number == 0 ? nil : Int(number) - 1 }
}
