/// Segment: the text map → sentences. A sentence ends at 。！？!?； (a run of them stays together,
/// as do closing quotes and brackets after it) and at every line break, so a table row is a unit of
/// its own. Decimals, ellipses and enumerations with 、 never end one.
public struct Segment: Stage {
    static let terminators = Punctuation.sentenceEnds
    static let closers = Punctuation.closers

    /// Where a sentence or a line ends: most of a text is neither, and is passed in a loop of its own.
    static let stops = terminators.union(["\n"])

    /// Fewer scalars than a body's sentences have on average (about 40 in news text).
    static let scalarsPerSentence = 32

    public init() {}

    public func run(_ map: TextMap) -> [Sentence] {
        let text = map.folded
        var sentences: [Sentence] = []
        // Room for a sentence every `scalarsPerSentence` scalars, made once: grown a doubling at a
        // time, the sentences of a body were copied five times over.
        sentences.reserveCapacity(text.count / Self.scalarsPerSentence + 1)
        // A static is read through a one-time check.
        let (terminators, closers, stops) = (Self.terminators, Self.closers, Self.stops)
        var start = 0
        func close(_ end: Int) {
            var s = start, e = end
            while s < e, text[s].isWhiteSpace { s += 1 }
            while e > s, text[e - 1].isWhiteSpace { e -= 1 }
            if s < e {
                let original = map.originalRange(s..<e)
                sentences.append(
                    Sentence(
                        index: sentences.count, start: original.lowerBound, end: original.upperBound, folded: s..<e))
            }
            start = end
        }
        var i = stops.firstMember(in: text, from: 0)
        while i < text.count {
            if text[i] == "\n" {
                close(i)
                start = i + 1
                i = stops.firstMember(in: text, from: i + 1)
                continue
            }
            var j = i + 1
            while j < text.count, terminators.contains(text[j]) || closers.contains(text[j]) { j += 1 }
            close(j)
            i = stops.firstMember(in: text, from: j)
        }
        close(text.count)
        return sentences
    }
}
