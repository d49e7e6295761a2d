/// Searches of a text for the few scalars a scan stops at (a number's first digit, a quote mark, a
/// title mark): most of a text is none of them, and each search is asked of every scalar.
extension ScalarSet {
    /// The first position from `start` on whose scalar is in the set, or the text's end: a loop
    /// over the text's memory and the set's bitmap.
    func firstMember(in text: [Unicode.Scalar], from start: Int) -> Int {
        text.withUnsafeBufferPointer { scalars in
            withBMPBits { bits in
                var k = start
                while k < scalars.count {
                    let v = scalars[k].value
                    let found = v < 0x10000 ? bits[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 : contains(scalars[k])
                    if found { break }
                    k += 1
                }
                return k
            }
        }
    }
}

/// A few marks a scan stops at (quote marks, title marks, a colon), looked for eight scalars of a
/// text at a time: each mark is compared with the eight at once.
struct ScalarMarks: Sendable {
    let marks: [Unicode.Scalar]
    /// Each mark eight times, one to a lane.
    private let lanes: [SIMD8<UInt32>]
    /// The least mark and the width of the marks' range, eight times: a block with no scalar in the
    /// range (Han text between two quote marks) holds no mark, and is passed with one comparison.
    private let low: SIMD8<UInt32>, width: SIMD8<UInt32>

    init(_ marks: [Unicode.Scalar]) {
        (self.marks, lanes) = (marks, marks.map { SIMD8(repeating: $0.value) })
        let values = marks.map(\.value)
        low = SIMD8(repeating: values.min() ?? 0)
        width = SIMD8(repeating: (values.max() ?? 0) - (values.min() ?? 0))
    }

    /// The first position from `start` on that holds one of the marks, or the text's end.
    func first(in text: [Unicode.Scalar], from start: Int) -> Int {
        text.withUnsafeBufferPointer { scalars in
            var k = start
            if let base = UnsafeRawPointer(scalars.baseAddress) {
                while k + 8 <= scalars.count {
                    let block = base.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<UInt32>.self)
                    if any(block &- low .<= width), lanes.contains(where: { any(block .== $0) }) { break }
                    k += 8
                }
            }
            while k < scalars.count, !marks.contains(scalars[k]) { k += 1 }
            return k
        }
    }
}

/// Where a text holds any of the marks its extractors search for (quote marks, title marks, a
/// colon), found in one pass for all of them: each search then walks these few positions, where
/// each extractor would read the whole text again for its own marks.
struct MarkPositions: Sendable {
    /// The text read: a search of another text (even of equal scalars) reads that text itself.
    private let text: [Unicode.Scalar]
    /// The marks looked for, and where the text holds them, in order.
    private let searched: Searched
    private let positions: [Int]

    /// The marks one pass looks for: their set, and the greatest of them, above which a scalar (a Han
    /// character: most of a body) is passed with one comparison.
    struct Searched: Sendable {
        let set: ScalarSet
        let greatest: UInt32

        init(_ searches: [ScalarMarks]) {
            let marks = searches.flatMap(\.marks)
            (set, greatest) = (ScalarSet(marks), marks.map(\.value).max() ?? 0)
        }
    }

    /// The marks of `searched` in `text`.
    init(_ text: [Unicode.Scalar], of searched: Searched) {
        var positions: [Int] = []
        let (set, greatest) = (searched.set, searched.greatest)
        text.withUnsafeBufferPointer { scalars in
            for k in scalars.indices where scalars[k].value <= greatest && set.contains(scalars[k]) {
                positions.append(k)
            }
        }
        (self.text, self.searched, self.positions) = (text, searched, positions)
    }

    private init() { (text, searched, positions) = ([], Searched([]), []) }

    /// No text read: every search reads its text itself.
    static let none = MarkPositions()

    /// `marks.first(in: text, from: start)`, from the positions when they are of this text and of
    /// these marks.
    func first(_ marks: ScalarMarks, in text: [Unicode.Scalar], from start: Int) -> Int {
        guard isRead(text), marks.marks.allSatisfy(searched.set.contains) else {
            return marks.first(in: text, from: start)
        }
        var k = positions.partitioningIndex { $0 >= start }
        while k < positions.count, !marks.marks.contains(text[positions[k]]) { k += 1 }
        return k < positions.count ? positions[k] : text.count
    }

    private func isRead(_ other: [Unicode.Scalar]) -> Bool {
        other.count == text.count
            && text.withUnsafeBufferPointer { a in other.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress }
            }
    }
}
