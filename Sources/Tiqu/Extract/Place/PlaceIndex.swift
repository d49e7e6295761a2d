/// The places found in a text, by the positions they cover, start and end at, kept as places are
/// added. A mention's neighbours and whether its words are taken are looked up here rather than
/// searched for among every place found, which would take time growing with the square of the
/// places (a yearbook names tens of thousands).
struct PlaceIndex {
    /// The positions the places cover.
    private var taken: Coverage
    /// The places that start and end at a text position.
    private struct Position {
        /// One more than the position, 0 for an empty slot.
        var key: Int32 = 0
        /// One more than the index of the first place that starts there, 0 for none.
        var firstStarting: Int32 = 0
        /// One more than the index of the last place that ends there, 0 for none.
        var lastEnding: Int32 = 0
    }

    /// The positions where a place starts or ends, in an open-addressing table at most half full:
    /// a page's places are few beside its length, and an array of every position of the text was
    /// zeroed for each index (a page makes a few).
    private var positions: [Position]
    /// How many slots of `positions` hold a position.
    private var used = 0
    /// Per place: one more than the index of the place before it that ends where it ends, 0 for none.
    private var previousEnding: [Int32] = []

    /// The places of a text of `length` scalars, in the order of their indices.
    init(_ places: [Match], length: Int) {
        taken = Coverage(length: length)
        positions = Self.table(for: places.count * 2)
        previousEnding.reserveCapacity(places.count)
        for place in places { add(place.range) }
    }

    /// An empty table for `count` positions: a power of two at least twice as large.
    private static func table(for count: Int) -> [Position] {
        var size = 16
        while size < 2 * count { size *= 2 }
        return [Position](repeating: Position(), count: size)
    }

    /// Adds the range of the place whose index is the number added so far.
    mutating func add(_ range: Range<Int>) {
        let number = Int32(previousEnding.count + 1)
        taken.cover(range)
        let start = slot(adding: range.lowerBound)
        if positions[start].firstStarting == 0 { positions[start].firstStarting = number }
        let end = slot(adding: range.upperBound)
        previousEnding.append(positions[end].lastEnding)
        positions[end].lastEnding = number
    }

    /// Whether a place covers some of `range` (`Range.overlaps` with any place's range).
    func covers(_ range: Range<Int>) -> Bool { taken.overlaps(range) }

    /// The first place that starts at `position`.
    func first(startingAt position: Int) -> Int? { Self.index(positions[slot(position)].firstStarting) }

    /// The last place that ends at `position`, of those `accepted` takes.
    func last(endingAt position: Int, where accepted: (Int) -> Bool = { _ in true }) -> Int? {
        var at = positions[slot(position)].lastEnding
        while let i = Self.index(at) {
            if accepted(i) { return i }
            at = previousEnding[i]
        }
        return nil
    }

    /// The slot that holds `position`, or the empty slot where it would go (whose places are none).
    private func slot(_ position: Int) -> Int {
        let key = Int32(position + 1), mask = positions.count - 1
        var s = hashSlot(UInt64(key), mask)
        while positions[s].key != key, positions[s].key != 0 { s = (s + 1) & mask }
        return s
    }

    /// The slot that holds `position`, taken for it if none does: the table doubled when half full.
    private mutating func slot(adding position: Int) -> Int {
        let s = slot(position)
        guard positions[s].key == 0 else { return s }
        guard 2 * (used + 1) > positions.count else {
            positions[s].key = Int32(position + 1)
            used += 1
            return s
        }
        let old = positions
        positions = Self.table(for: positions.count)
        for p in old where p.key != 0 { positions[slot(Int(p.key) - 1)] = p }
        return slot(adding: position)
    }

    private static func index(_ number: Int32) -> Int? { number == 0 ? nil : Int(number) - 1 }
}
