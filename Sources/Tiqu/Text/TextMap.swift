/// The body text twice: as written (the record's `text`), and folded for matching (half-width,
/// Simplified, ordinary spaces), with a map from every folded position back to the original.
/// Extractors match on `folded`; every span they find is mapped back before it leaves the library,
/// so `text[start..<end]` of a fact is exactly what the page said.
public struct TextMap: Sendable {
    /// The body as Unicode scalars: fact offsets count these, as Python's `str` does.
    public let original: [Unicode.Scalar]
    public let folded: [Unicode.Scalar]
    /// For each folded scalar, the original scalars it came from; nil when each comes from the
    /// scalar at its own offset, as in nearly every text (folding changes characters, not lengths).
    let origin: (start: [Int32], end: [Int32])?

    public init(_ text: String, converter: ScriptConverter? = ScriptConverter.shared) {
        original = Array(scalarsOf: text)
        let width = Fold.width(original)  // one scalar for one
        // Most bodies are Simplified with half-width digits already: `folded` is then `original`, the same array.
        let whole = converter?.simplified(width) ?? width
        if whole.count == original.count {
            folded = whole
            origin = nil
            return
        }
        (folded, origin) = Self.folded(lineByLine: width, converter: converter!)
    }

    /// Where a phrase changed length somewhere: converted line by line, and where a line changes
    /// length, character by character, so every folded scalar knows its source.
    static func folded(lineByLine widthFolded: [Unicode.Scalar], converter: ScriptConverter) -> (
        [Unicode.Scalar], (start: [Int32], end: [Int32])
    ) {
        var out: [Unicode.Scalar] = [], starts: [Int32] = [], ends: [Int32] = []
        var lineStart = 0
        func emit(_ range: Range<Int>) {
            let converted = converter.simplified(Array(widthFolded[range]))
            if converted.count == range.count {
                out += converted
                starts += range.map { Int32($0) }
                ends += range.map { Int32($0 + 1) }
                return
            }
            for i in range {
                let one = converter.simplified([widthFolded[i]])
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
        return (out, (starts, ends))
    }

    /// Whether folding changed nothing: the folded body is the original, the very same array.
    var foldedIsOriginal: Bool {
        origin == nil
            && original.withUnsafeBufferPointer { a in
                folded.withUnsafeBufferPointer { $0.baseAddress == a.baseAddress }
            }
    }

    /// The original span of a folded span.
    public func originalRange(_ folded: Range<Int>) -> Range<Int> {
        guard let (start, end) = origin else { return folded }
        guard !folded.isEmpty else {
            let at = folded.lowerBound < start.count ? Int(start[folded.lowerBound]) : original.count
            return at..<at
        }
        return Int(start[folded.lowerBound])..<Int(end[folded.upperBound - 1])
    }

    /// The original text of a folded span.
    public func originalText(_ folded: Range<Int>) -> String {
        String(scalars: original[originalRange(folded)])
    }

    public func foldedText(_ range: Range<Int>) -> String {
        String(scalars: folded[range])
    }
}
