import COpenCC
import COpenCCKeys
import Foundation

/// Traditional → Simplified conversion through OpenCC's `t2s.json` configuration.
///
/// One converter serves all threads: OpenCC's converter is immutable once built. Most text needs
/// no conversion at all (a Simplified page), and OpenCC's dictionary walk was a fifth of the
/// pipeline's time, so a text is handed to OpenCC only when it holds a character the
/// configuration can change (`Triggers`), and then only the Han runs where one of its phrases
/// starts (`PhraseKeys`); every other run converts character by character, as OpenCC would.
public final class ScriptConverter: @unchecked Sendable {
    let handle: opencc_t
    private let triggers: Triggers?
    private let phrases: PhraseKeys?

    /// OpenCC finds `t2s.json` in its data directory by name.
    public init?(config: String = "t2s.json") {
        guard let h = opencc_open(config), h != opencc_t(bitPattern: -1) else { return nil }
        handle = h
        triggers = config == "t2s.json" ? Triggers(probing: { Self.convert(h, $0) }) : nil
        phrases = triggers == nil ? nil : PhraseKeys(config: config)
    }

    deinit { opencc_close(handle) }

    /// Converts `text` with this converter's configuration (Simplified for the default `t2s.json`).
    public func simplified(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        guard let triggers else { return Self.convert(handle, text) ?? text }
        return triggers.any(in: text) ? convertingRuns(text, triggers) : text
    }

    /// A maximal run of characters that dictionary entries are made of, holding a trigger.
    struct Run {
        var start: String.Index, end: String.Index
        var startOffset: Int, endOffset: Int  // in scalars
        /// Where a phrase starts, or a character has no one-character form of its own.
        var needsOpenCC: Bool
    }

    /// The text with each run of Han characters that holds a trigger converted, and the rest
    /// copied. t2s's dictionary entries are all Han, so OpenCC's longest-match segmentation never
    /// crosses a character outside a run: converting runs apart gives the text's own conversion.
    /// A run where no phrase starts converts character by character (OpenCC segments it into
    /// single characters and looks each up alone, as `Triggers` probed); the others go to OpenCC,
    /// those close together as one span (one call, not one per clause).
    func convertingRuns(_ text: String, _ triggers: Triggers) -> String {
        let scalars = text.unicodeScalars
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var copied = scalars.startIndex  // everything before this is in `out`
        for piece in joined(triggeredRuns(scalars, triggers)) {
            out += Substring(scalars[copied..<piece.start])
            if piece.needsOpenCC {
                let span = String(Substring(scalars[piece.start..<piece.end]))
                out += Self.convert(handle, span) ?? span
            } else {
                for u in scalars[piece.start..<piece.end] { out.unicodeScalars.append(triggers.alone(u) ?? u) }
            }
            copied = piece.end
        }
        out += Substring(scalars[copied...])
        return out
    }

    /// The runs with each run for OpenCC that lies within `joinedGap` of the last one joined to it,
    /// together with everything between them.
    func joined(_ runs: [Run]) -> [Run] {
        var pieces: [Run] = []
        var last: Int?  // the last piece for OpenCC; the pieces after it are converted by table
        for run in runs {
            if run.needsOpenCC, let last, run.startOffset - pieces[last].endOffset <= Self.joinedGap {
                pieces.removeSubrange((last + 1)...)
                (pieces[last].end, pieces[last].endOffset) = (run.end, run.endOffset)
            } else {
                if run.needsOpenCC { last = pieces.count }
                pieces.append(run)
            }
        }
        return pieces
    }

    /// The runs of `scalars` that hold a character t2s may change, in order.
    func triggeredRuns(_ scalars: String.UnicodeScalarView, _ triggers: Triggers) -> [Run] {
        var runs: [Run] = []
        var run: (start: String.Index, offset: Int, triggered: Bool, unknown: Bool)?
        var (i, offset) = (scalars.startIndex, 0)
        while true {
            let u = i < scalars.endIndex ? scalars[i] : nil
            if let u, Triggers.mayBeInEntry(u) {
                if run == nil { run = (i, offset, false, false) }
                if triggers.changes(u) { run!.triggered = true }
                if triggers.alone(u) == nil { run!.unknown = true }
            } else {
                if let r = run, r.triggered {
                    let needsOpenCC = r.unknown || phrases?.start(in: scalars[r.start..<i]) ?? true
                    runs.append(
                        Run(start: r.start, end: i, startOffset: r.offset, endOffset: offset, needsOpenCC: needsOpenCC))
                }
                run = nil
                guard u != nil else { break }
            }
            (i, offset) = (scalars.index(after: i), offset + 1)
        }
        return runs
    }

    /// Runs to OpenCC at most this many scalars apart are converted in one call.
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
    /// Each probed character's own conversion, by offset from the first probed range's start:
    /// 0 when it stays itself, the scalar when it is one other character, `several` otherwise.
    private let singles: [UInt32]
    private static let base = probedRanges[0].lowerBound
    private static let several = UInt32.max

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
        for (u, line) in changed {
            singles[Int(u.value - Self.base)] =
                line.unicodeScalars.count == 1 ? line.unicodeScalars.first!.value : Self.several
        }
        self.singles = singles
    }

    @inline(__always) func single(_ u: Unicode.Scalar) -> Unicode.Scalar? {
        // The bitmap of changing characters is small enough to stay in cache; the table is not.
        guard changing.contains(u) else { return nil }
        let i = Int(u.value) - Int(Self.base)
        guard i >= 0, i < singles.count, singles[i] != 0, singles[i] != Self.several else { return nil }
        return Unicode.Scalar(singles[i])
    }

    /// The one character t2s makes of `u` on its own (`u` itself when it stays), or nil when that
    /// is not one character or `u` was not probed.
    @inline(__always) func alone(_ u: Unicode.Scalar) -> Unicode.Scalar? {
        guard u.value < 0x10000 else { return nil }
        guard changing.contains(u) else { return u }
        let i = Int(u.value) - Int(Self.base)
        guard i >= 0, i < singles.count, singles[i] != Self.several else { return nil }
        return singles[i] == 0 ? u : Unicode.Scalar(singles[i])
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

/// The keys longer than one character of the dictionaries a configuration segments and converts
/// with (t2s: TSPhrases' few hundred), read from the installed dictionaries through OpenCC. Where
/// none of them starts, OpenCC's maximum-match segmentation leaves every character a segment of
/// its own, and each converts as it does alone.
struct PhraseKeys: Sendable {
    private let firsts: ScalarSet
    private let byFirst: [Unicode.Scalar: [[Unicode.Scalar]]]

    /// Nil when OpenCC cannot list them, or a key holds a character runs are not made of.
    init?(config: String) {
        guard let raw = copencc_multi_char_keys(config) else { return nil }
        defer { copencc_keys_free(raw) }
        let keys = String(cString: raw).split(separator: "\n").map { Array($0.unicodeScalars) }
        guard keys.allSatisfy({ $0.allSatisfy(Triggers.mayBeInEntry) }) else { return nil }
        byFirst = Dictionary(grouping: keys, by: { $0[0] })
        firsts = ScalarSet(Array(byFirst.keys))
    }

    /// Every key, each as its scalars.
    var keys: [[Unicode.Scalar]] { byFirst.values.flatMap { $0 } }

    /// Whether a key starts anywhere in `run`.
    func start(in run: Substring.UnicodeScalarView) -> Bool {
        var i = run.startIndex
        while i < run.endIndex {
            if firsts.contains(run[i]), byFirst[run[i]]!.contains(where: { run[i...].starts(with: $0) }) { return true }
            i = run.index(after: i)
        }
        return false
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
