import COpenCC
import Foundation

/// Traditional → Simplified conversion through OpenCC's `t2s.json` configuration.
///
/// One converter serves all threads: OpenCC's converter is immutable once built. Most text needs
/// no conversion at all (a Simplified page), and OpenCC's dictionary walk was a fifth of the
/// pipeline's time, so a text is handed to OpenCC only when it holds a character the
/// configuration can change (`Triggers`); any other text converts to itself.
public final class ScriptConverter: @unchecked Sendable {
    let handle: opencc_t
    private let triggers: Triggers?

    /// OpenCC finds `t2s.json` in its data directory by name.
    public init?(config: String = "t2s.json") {
        guard let h = opencc_open(config), h != opencc_t(bitPattern: -1) else { return nil }
        handle = h
        triggers = config == "t2s.json" ? Triggers(probing: { Self.convert(h, $0) }) : nil
    }

    deinit { opencc_close(handle) }

    /// Converts `text` with this converter's configuration (Simplified for the default `t2s.json`).
    public func simplified(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        guard let triggers else { return Self.convert(handle, text) ?? text }
        return triggers.any(in: text) ? convertingRuns(text, triggers) : text
    }

    /// The text with each run of Han characters that holds a trigger converted, and the rest
    /// copied. t2s's dictionary entries are all Han, so OpenCC's longest-match segmentation never
    /// crosses a character outside a run: converting runs apart gives the text's own conversion,
    /// and a page with a few Traditional characters converts those clauses only. Runs close
    /// together go to OpenCC as one span (a Traditional page is one call, not one per clause).
    func convertingRuns(_ text: String, _ triggers: Triggers) -> String {
        let scalars = text.unicodeScalars
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var copied = scalars.startIndex  // everything before this is in `out`
        var pending: (start: String.Index, end: String.Index, endOffset: Int)?  // runs to convert as one
        func convertPending() {
            guard let span = pending else { return }
            out += Substring(scalars[copied..<span.start])
            let piece = String(Substring(scalars[span.start..<span.end]))
            out += Self.convert(handle, piece) ?? piece
            (copied, pending) = (span.end, nil)
        }
        var run: (start: String.Index, offset: Int, triggered: Bool)?
        var (i, offset) = (scalars.startIndex, 0)
        while true {
            let u = i < scalars.endIndex ? scalars[i] : nil
            if let u, Triggers.mayBeInEntry(u) {
                if run == nil { run = (i, offset, false) }
                if triggers.changes(u) { run!.triggered = true }
            } else {
                if let r = run, r.triggered {
                    if let p = pending, r.offset - p.endOffset <= Self.joinedGap {
                        pending = (p.start, i, offset)
                    } else {
                        convertPending()
                        pending = (r.start, i, offset)
                    }
                }
                run = nil
                guard u != nil else { break }
            }
            (i, offset) = (scalars.index(after: i), offset + 1)
        }
        convertPending()
        out += Substring(scalars[copied...])
        return out
    }

    /// Triggered runs at most this many scalars apart are converted in one call.
    static let joinedGap = 200

    /// The Simplified form t2s gives a character on its own, when that is one other character.
    public func single(_ u: Unicode.Scalar) -> Unicode.Scalar? { triggers?.single(u) }

    static func convert(_ handle: opencc_t, _ text: String) -> String? {
        var bytes = Array(text.utf8)
        let length = bytes.count
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { buf -> String? in
            guard
                let out = buf.baseAddress!.withMemoryRebound(
                    to: CChar.self, capacity: buf.count, { opencc_convert_utf8(handle, $0, length) })
            else {
                return nil
            }
            defer { opencc_convert_utf8_free(out) }
            return String(cString: out)
        }
    }

    /// The shared converter; nil only when OpenCC's data files are missing.
    public static let shared: ScriptConverter? = ScriptConverter()
}

/// The characters in whose presence t2s may change a text: every BMP Han character that the
/// installed dictionaries convert on its own (found by converting them all once, one per line,
/// at start-up: about 28,000 characters), the few that change only inside a phrase, and every
/// Han character beyond the BMP (rare, so not probed). A text with none of them has no
/// dictionary entry to match, so OpenCC would return it unchanged.
struct Triggers: Sendable {
    /// Characters that t2s changes only inside phrases (沈默 → 沉默, 一目瞭然 → 一目了然), or whose
    /// first mapping is themselves: read off OpenCC 1.1's TSPhrases and TSCharacters dictionaries.
    static let phraseOnly: [Unicode.Scalar] = ["沈", "彷", "牴", "瞭", "祇", "藉", "衹", "覆", "阪"]
    static let probedRanges: [ClosedRange<UInt32>] = [0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF]

    private let changing: ScalarSet
    /// Each probed character's own Simplified form when it is one other character (0: none), by
    /// offset from the first probed range's start.
    private let singles: [UInt32]
    private static let base = probedRanges[0].lowerBound

    init?(probing convert: (String) -> String?) {
        let probes = Self.probedRanges.flatMap { $0 }.compactMap(Unicode.Scalar.init)
        var text = String.UnicodeScalarView()
        for u in probes {
            text.append(u)
            text.append("\n")
        }
        guard let converted = convert(String(text)) else { return nil }
        let lines = converted.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= probes.count else { return nil }
        let changed = zip(probes, lines).filter { u, line in
            line.unicodeScalars.count != 1 || line.unicodeScalars.first != u
        }
        changing = ScalarSet(changed.map(\.0) + Self.phraseOnly)
        var singles = [UInt32](repeating: 0, count: Int(Self.probedRanges.last!.upperBound - Self.base) + 1)
        for (u, line) in changed where line.unicodeScalars.count == 1 {
            singles[Int(u.value - Self.base)] = line.unicodeScalars.first!.value
        }
        self.singles = singles
    }

    @inline(__always) func single(_ u: Unicode.Scalar) -> Unicode.Scalar? {
        // The bitmap of changing characters is small enough to stay in cache; the table is not.
        guard changing.contains(u) else { return nil }
        let i = Int(u.value) - Int(Self.base)
        guard i >= 0, i < singles.count, singles[i] != 0 else { return nil }
        return Unicode.Scalar(singles[i])
    }

    /// Whether t2s may change text holding `u` (any character beyond the BMP counts, unprobed).
    @inline(__always) func changes(_ u: Unicode.Scalar) -> Bool {
        u.value >= 0x3400 && (u.value >= 0x10000 || changing.contains(u))
    }

    /// Whether `text` holds a character t2s may change.
    func any(in text: String) -> Bool { text.unicodeScalars.contains(where: changes) }

    /// Whether `u` may be part of a dictionary entry: the probed ranges, with the Yijing symbols
    /// between the first two, and anything beyond the BMP. Entries hold Han characters only.
    @inline(__always) static func mayBeInEntry(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return (0x3400...0x9FFF).contains(v) || (0xF900...0xFAFF).contains(v) || v >= 0x10000
    }
}

/// Folds the ways one text can be written so that one pattern matches them all:
/// full-width ASCII and ideographic spaces become ASCII, Traditional becomes Simplified.
public enum Fold {
    /// Full-width ASCII (U+FF01–FF5E) → ASCII, and unusual spaces → U+0020, one scalar for one.
    public static func width(_ text: String) -> String { folding(text, by: widthFolded) }

    /// One scalar's width fold: full-width ASCII to ASCII, unusual spaces to U+0020.
    @inline(__always) static func widthFolded(_ s: Unicode.Scalar) -> Unicode.Scalar {
        let v = s.value
        if v >= 0xFF01 && v <= 0xFF5E { return Unicode.Scalar(v - 0xFEE0)! }
        if v == 0x3000 || v == 0x00A0 || (v >= 0x2000 && v <= 0x200A) || v == 0x202F || v == 0x205F { return " " }
        return s
    }

    /// The text with each scalar folded one for one; a text with nothing to fold is returned
    /// without a copy. Read and written as UTF-8 bytes: the scalar views' index checks cost more
    /// than the folds.
    static func folding(_ text: String, by fold: (Unicode.Scalar) -> Unicode.Scalar) -> String {
        var text = text
        let folded = text.withUTF8 { bytes -> String? in
            var first = 0
            while first < bytes.count {
                let (u, width) = bytes.scalar(at: first)
                if fold(u) != u { break }
                first += width
            }
            guard first < bytes.count else { return nil }
            // A fold never lengthens a scalar's UTF-8 but from three bytes to four (BMP to astral).
            return String(unsafeUninitializedCapacity: bytes.count + bytes.count / 3 + 4) { out in
                _ = out.initialize(fromContentsOf: bytes[..<first])
                var n = first
                var i = first
                while i < bytes.count {
                    let (u, width) = bytes.scalar(at: i)
                    UTF8.encode(fold(u)) { byte in
                        out[n] = byte
                        n += 1
                    }
                    i += width
                }
                return n
            }
        }
        return folded ?? text
    }

    /// The matching form of a line a cleaner judges: width-folded, and each character in the
    /// Simplified form t2s gives it alone (one scalar for one, so the line keeps its shape). Chrome
    /// and byline patterns are words whose characters convert alone, so they need no phrases, and
    /// this costs a tenth of t2s: most of a page's lines are judged and thrown away. Names do need
    /// phrases (乾縣 is 乾县, 於潛 stays 於潜): look them up in `matching`'s form.
    public static func lineMatching(_ text: String) -> String {
        let converter = ScriptConverter.shared
        return folding(text) { s in
            s.value >= 0x3400 && !(0xFF01...0xFF5E).contains(s.value) ? converter?.single(s) ?? s : widthFolded(s)
        }
    }

    /// The matching form of a text: width-folded, then Simplified.
    public static func matching(_ text: String) -> String {
        let folded = width(text)
        return ScriptConverter.shared?.simplified(folded) ?? folded
    }
}
