/// A page's own place names, found in its text by their keys (`PlaceExtractor.nameKey`, hashed
/// from the last character back) wherever a character a name ends with stands: what a `Lexicon`
/// of the names finds, without building an automaton for every page (a page's names are few, and
/// end in a few characters: 社区, 区, 镇 …).
struct PageNameTable {
    private let names: PackedScalars
    /// Name numbers by key.
    private let table: KeyTable
    /// The characters the names end with, and a bit for each of them by its low six bits: most
    /// characters of a text are none of them, answered by one test.
    private let lasts: [Unicode.Scalar]
    private let lastBits: UInt64
    /// A bit for each character a name starts with, by its low six bits: the walk back from a
    /// last character probes the keys only where one may start a name.
    private let firstBits: UInt64
    /// The lengths of the names, in scalars.
    private let lengths: ClosedRange<Int>

    /// The names' scalars, none empty; each is numbered by its place in `names`.
    init(_ names: [some Collection<Unicode.Scalar>]) {
        var table = KeyTable(capacity: names.count)
        var (packed, lasts) = (PackedScalars(), [Unicode.Scalar]())
        var (shortest, longest) = (Int.max, 1)
        var firstBits: UInt64 = 0
        for (number, name) in names.enumerated() {
            packed.append(name)
            let own = packed[number]
            table.add(PlaceExtractor.nameKey(of: own), Int32(number))
            if let last = own.last, !lasts.contains(last) { lasts.append(last) }
            if let first = own.first { firstBits |= 1 << UInt64(first.value & 63) }
            (shortest, longest) = (min(shortest, own.count), max(longest, own.count))
        }
        (self.names, self.lasts, self.table, self.firstBits) = (packed, lasts, table, firstBits)
        lastBits = lasts.reduce(0) { $0 | 1 << UInt64($1.value & 63) }
        lengths = min(shortest, longest)...longest  // 1...1 for no names
    }

    /// Whether a name may start with this character: compared, not looked up, at every step back.
    @inline(__always) private func mayStartName(_ scalar: Unicode.Scalar) -> Bool {
        firstBits & 1 << UInt64(scalar.value & 63) != 0
    }

    /// The number of the name whose key is `key` and whose scalars are `scalars`, if one is.
    private func number(_ key: UInt64, _ scalars: ArraySlice<Unicode.Scalar>) -> Int? {
        table.first(key) { names[Int($0)].elementsEqual(scalars) }.map(Int.init)
    }

    /// Every occurrence of every name in the text (overlaps included) with its number, in order of
    /// their ends and longest first at one end, as `Lexicon.all(in:)` finds them.
    func all(in text: [Unicode.Scalar]) -> [(range: Range<Int>, payload: Int)] {
        all(in: text, endingAt: 1..<text.count + 1)
    }

    /// `all(in:)` of the occurrences that end at one of `ends` (ascending; an end given twice is
    /// read once): only there is the text read.
    func all(in text: [Unicode.Scalar], endingAt ends: some Sequence<Int>) -> [(range: Range<Int>, payload: Int)] {
        var found: [(range: Range<Int>, payload: Int)] = []
        var previous = 0
        for end in ends {
            // An end out of order would be passed over unread: the suffix hits come in order of their ends.
            assert(end >= previous, "ends must ascend")
            guard end > previous else { continue }
            previous = end
            let last = end - 1
            guard lastBits & 1 << UInt64(text[last].value & 63) != 0, lasts.contains(text[last]) else { continue }
            let first = found.count
            var (key, start) = (PlaceExtractor.emptyNameKey, end)
            while start > 0, end - start < lengths.upperBound {
                start -= 1
                key = PlaceExtractor.nameKey(key, text[start])
                guard end - start >= lengths.lowerBound, mayStartName(text[start]),
                    let n = number(key, text[start..<end])
                else { continue }
                found.append((start..<end, n))
            }
            if found.count - first > 1 { found[first...].reverse() }
        }
        return found
    }

    /// The longest name that starts at `start`, with its number, as `Lexicon.longest(in:at:)`.
    func longest(in text: [Unicode.Scalar], at start: Int) -> (payload: Int, end: Int)? {
        guard start < text.count, mayStartName(text[start]) else { return nil }
        for length in lengths.reversed() where start + length <= text.count {
            let scalars = text[start..<(start + length)]
            if let n = number(PlaceExtractor.nameKey(of: scalars), scalars) { return (n, start + length) }
        }
        return nil
    }
}
