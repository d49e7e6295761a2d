/// The body text twice: as written (the record's `text`), and folded for matching (half-width,
/// Simplified, ordinary spaces), with a map from every folded position back to the original.
/// Extractors match on `folded`; every span they find is mapped back before it leaves the library,
/// so `text[start..<end]` of a fact is exactly what the page said.
public struct TextMap: Sendable {
    /// The body as Unicode scalars: fact offsets count these, as Python's `str` does.
    public let original: [Unicode.Scalar]
    public let folded: [Unicode.Scalar]
    /// For each folded scalar, the original scalars it came from.
    let originStart: [Int32]
    let originEnd: [Int32]

    public init(_ text: String, converter: ScriptConverter? = ScriptConverter.shared) {
        original = Array(text.unicodeScalars)
        let widthFolded = Array(Fold.width(text).unicodeScalars)  // one scalar for one
        guard let converter else {
            folded = widthFolded
            originStart = (0..<Int32(original.count)).map { $0 }
            originEnd = originStart.map { $0 + 1 }
            return
        }
        let whole = Array(converter.simplified(String(String.UnicodeScalarView(widthFolded))).unicodeScalars)
        if whole.count == widthFolded.count {
            // The usual case: OpenCC changed characters, not lengths.
            folded = whole
            originStart = (0..<Int32(original.count)).map { $0 }
            originEnd = originStart.map { $0 + 1 }
            return
        }
        // A phrase changed length somewhere: convert line by line, and where a line changes
        // length, character by character, so every folded scalar knows its source.
        var out: [Unicode.Scalar] = [], starts: [Int32] = [], ends: [Int32] = []
        var lineStart = 0
        func emit(_ range: Range<Int>) {
            let piece = Array(widthFolded[range])
            let converted = Array(converter.simplified(String(String.UnicodeScalarView(piece))).unicodeScalars)
            if converted.count == piece.count {
                out += converted
                starts += range.map { Int32($0) }
                ends += range.map { Int32($0 + 1) }
                return
            }
            for i in range {
                let one = Array(converter.simplified(String(widthFolded[i])).unicodeScalars)
                out += one.isEmpty ? [widthFolded[i]] : one
                for _ in 0..<max(one.count, 1) {
                    starts.append(Int32(i))
                    ends.append(Int32(i + 1))
                }
            }
        }
        for (i, s) in widthFolded.enumerated() where s == "\n" {
            emit(lineStart..<i)
            out.append("\n")
            starts.append(Int32(i))
            ends.append(Int32(i + 1))
            lineStart = i + 1
        }
        emit(lineStart..<widthFolded.count)
        folded = out
        originStart = starts
        originEnd = ends
    }

    /// The original span of a folded span.
    public func originalRange(_ folded: Range<Int>) -> Range<Int> {
        guard !folded.isEmpty else {
            let at = folded.lowerBound < originStart.count ? Int(originStart[folded.lowerBound]) : original.count
            return at..<at
        }
        return Int(originStart[folded.lowerBound])..<Int(originEnd[folded.upperBound - 1])
    }

    /// The original text of a folded span.
    public func originalText(_ folded: Range<Int>) -> String {
        String(String.UnicodeScalarView(original[originalRange(folded)]))
    }

    public func foldedText(_ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(folded[range]))
    }
}
