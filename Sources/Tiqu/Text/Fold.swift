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
    /// The characters `runs` looks at further: those t2s changes on its own and those a phrase
    /// starts with. Most Han characters of a text are neither, and one bit says so.
    private let notable: ScalarSet

    /// OpenCC finds `t2s.json` in its data directory by name. Any other configuration, or t2s
    /// when its dictionaries cannot be listed, converts every text whole.
    public init?(config: String = "t2s.json") {
        guard let h = opencc_open(config), h != opencc_t(bitPattern: -1) else { return nil }
        handle = h
        guard config == "t2s.json" else {
            (triggers, phrases, notable) = (nil, nil, .empty)
            return
        }
        let keys = Self.keys(config)
        if keys == nil {
            let warning = "tiqu: warning: OpenCC's t2s dictionaries could not be listed: texts are converted whole\n"
            FileHandle.standardError.write(Data(warning.utf8))
        }
        // Without the list every BMP Han character is probed: the cleaners' one-character forms
        // (`single`) must not depend on it.
        let probes = keys ?? Self.bmpHan.map { [$0] }
        triggers = Triggers(keys: probes, probing: { Self.convert(h, $0) })
        phrases = keys.map(PhraseKeys.init)
        notable = (triggers?.changing ?? .empty).union(phrases?.firsts ?? .empty)
    }

    /// Every BMP character that a dictionary entry may hold (`Triggers.mayBeInEntry`).
    static var bmpHan: [Unicode.Scalar] {
        (0x3400...0xFAFF).compactMap(Unicode.Scalar.init).filter(Triggers.mayBeInEntry)
    }

    /// The keys of the configuration's dictionaries, each as its scalars; nil when OpenCC cannot
    /// list them, or a key holds a character that runs are not made of (`mayBeInEntry`).
    static func keys(_ config: String) -> [[Unicode.Scalar]]? {
        guard let raw = copencc_keys(config) else { return nil }
        defer { copencc_keys_free(raw) }
        // TSPhrases is listed twice (it segments and converts): each key once.
        var seen = Set<Substring>()
        let keys = String(cString: raw).split(separator: "\n").filter { seen.insert($0).inserted }
            .map { Array($0.unicodeScalars) }
        guard !keys.isEmpty, keys.allSatisfy({ $0.allSatisfy(Triggers.mayBeInEntry) }) else { return nil }
        return keys
    }

    deinit { opencc_close(handle) }

    /// Converts `text` with this converter's configuration (Simplified for the default `t2s.json`).
    public func simplified(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        guard triggers != nil else { return Self.convert(handle, text) ?? text }
        let scalars = Array(text.unicodeScalars)
        let converted = simplified(scalars)
        return converted.count == scalars.count && converted == scalars ? text : String(scalars: converted)
    }

    /// Converts a text held as scalars, as `simplified(_:)` does: the text itself (the same array)
    /// when nothing in it changes, as in a Simplified page. Scalars in and out, so that the body's
    /// folding (`TextMap`) decodes and encodes nothing.
    public func simplified(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard let triggers, let phrases else {
            return Self.convert(handle, String(scalars: text)).map { Array($0.unicodeScalars) } ?? text
        }
        let (byTable, forOpenCC) = Self.convertedAlone(text, triggers, phrases, notable: notable)
        return forOpenCC.isEmpty ? byTable : converting(text, byTable, Self.joined(forOpenCC))
    }

    /// `byTable` (the text with its runs converted character by character) with each piece of
    /// `text` converted by OpenCC instead. t2s's dictionary entries are all Han, so OpenCC's
    /// longest-match segmentation never crosses a character outside a run: converting runs apart
    /// gives the text's own conversion. A run where no phrase starts converts character by
    /// character (OpenCC segments it into single characters and looks each up alone, as
    /// `Triggers` probed); the others go to OpenCC, those close together as one span (one call,
    /// not one per clause).
    func converting(_ text: [Unicode.Scalar], _ byTable: [Unicode.Scalar], _ pieces: [Range<Int>]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count + text.count / 4)
        var copied = 0  // every scalar before this is in `out`
        for piece in pieces {
            out += byTable[copied..<piece.lowerBound]
            if let converted = Self.convert(handle, String(scalars: text[piece])) {
                out += converted.unicodeScalars
            } else {
                out += text[piece]
            }
            copied = piece.upperBound
        }
        out += byTable[copied...]
        return out
    }

    /// The runs for OpenCC with each that lies within `joinedGap` of the one before joined to it,
    /// together with everything between them.
    static func joined(_ runs: [Range<Int>]) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        for run in runs {
            if let last = pieces.last, run.lowerBound - last.upperBound <= joinedGap {
                pieces[pieces.count - 1] = last.lowerBound..<run.upperBound
            } else {
                pieces.append(run)
            }
        }
        return pieces
    }

    /// The text with each run t2s changes converted character by character (`byTable`: the text
    /// itself, the same array, when no run converts so), and the runs that need OpenCC instead.
    /// Each run is converted as the scan finds it: no list of them is grown.
    static func convertedAlone(
        _ text: [Unicode.Scalar], _ triggers: Triggers, _ phrases: PhraseKeys, notable: ScalarSet
    ) -> (byTable: [Unicode.Scalar], forOpenCC: [Range<Int>]) {
        var converted = text  // the same array until a run converts
        let forOpenCC = runs(text, triggers, phrases, notable: notable) { run in
            converted.withUnsafeMutableBufferPointer { scalars in
                for k in run { if let one = triggers.single(scalars[k]) { scalars[k] = one } }
            }
        }
        return (converted, forOpenCC)
    }

    /// The runs of a text that t2s changes, in order: maximal runs of characters that dictionary
    /// entries are made of, holding a character t2s changes or where a phrase starts. Those where a
    /// phrase starts, or a character has no one-character form of its own, need OpenCC (returned);
    /// the others convert by table (handed to `byTable`). `notable` holds every BMP character where
    /// one is changed or a phrase starts. Read through buffers: it is asked of every character.
    static func runs(
        _ text: [Unicode.Scalar], _ triggers: Triggers, _ phrases: PhraseKeys, notable: ScalarSet,
        byTable: (Range<Int>) -> Void
    ) -> [Range<Int>] {
        var forOpenCC: [Range<Int>] = []
        text.withUnsafeBufferPointer { scalars in
            notable.withBMPBits { notable in
                var i = 0
                while i < scalars.count {
                    // Below the Han blocks (ASCII, punctuation): about half of a body, passed at once.
                    while i < scalars.count, scalars[i].value < 0x3400 { i += 1 }
                    guard i < scalars.count else { break }
                    guard Triggers.mayBeInEntry(scalars[i]) else {
                        i += 1
                        continue
                    }
                    let start = i
                    var (triggered, unknown, phrase) = (false, false, false)
                    while i < scalars.count, Triggers.mayBeInEntry(scalars[i]) {
                        let v = scalars[i].value
                        if v >= 0x10000 || notable[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 {
                            // A character with no one-character form of its own is one t2s changes.
                            if triggers.changes(scalars[i]) {
                                triggered = true
                                if triggers.alone(scalars[i]) == nil { unknown = true }
                            }
                            if phrases.starts(in: text, at: i) { phrase = true }
                        }
                        i += 1
                    }
                    if unknown || phrase {
                        forOpenCC.append(start..<i)
                    } else if triggered {
                        byTable(start..<i)
                    }
                }
            }
        }
        return forOpenCC
    }

    /// Runs to OpenCC at most this many scalars apart are converted in one call.
    static let joinedGap = 200

    /// The Simplified form t2s gives a character on its own, when that is one other character.
    @inline(__always) public func single(_ u: Unicode.Scalar) -> Unicode.Scalar? { triggers?.single(u) }

    /// The characters `single` gives another character for.
    var singleForms: ScalarSet { triggers?.singleForms ?? .empty }

    /// OpenCC's conversion of `text`; nil if OpenCC fails.
    static func convert(_ handle: opencc_t, _ text: String) -> String? {
        var text = text
        var out: [UInt8] = []
        guard text.withUTF8({ convert(handle, $0, into: &out) }) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends OpenCC's conversion of `span` (valid UTF-8) to `out`; false, appending nothing, if
    /// OpenCC fails.
    static func convert(_ handle: opencc_t, _ span: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        guard !span.isEmpty else { return true }  // an empty buffer may have no address to hand over
        let converted = span.withMemoryRebound(to: CChar.self) { opencc_convert_utf8(handle, $0.baseAddress, $0.count) }
        guard let converted else { return false }
        defer { opencc_convert_utf8_free(converted) }
        out += UnsafeRawBufferPointer(start: converted, count: strlen(converted))
        return true
    }

    /// The shared converter; nil only when OpenCC's data files are missing.
    public static let shared: ScriptConverter? = ScriptConverter()
}

/// The characters t2s changes on its own: every one-character key of its dictionaries that OpenCC
/// converts to something else (found at start-up by converting each key, one per line: about
/// 4,000), and every Han character beyond the BMP (rare, so not probed). A text with none of them
/// and no phrase (`PhraseKeys`) has no dictionary entry that changes it.
struct Triggers: Sendable {
    let changing: ScalarSet
    /// The characters t2s makes one other character of, on their own (`single` is not nil).
    let singleForms: ScalarSet
    /// Each probed character's own conversion, by offset from `base`: 0 when it stays itself, the
    /// scalar when it is one other character, `several` otherwise.
    private let singles: [UInt32]
    /// The BMP's Han characters (`mayBeInEntry`) lie from `base` to `last`.
    private static let base: UInt32 = 0x3400, last: UInt32 = 0xFAFF
    private static let several = UInt32.max

    /// `keys` are the dictionaries' keys; `convert` is OpenCC's conversion.
    init?(keys: [[Unicode.Scalar]], probing convert: (String) -> String?) {
        let probes = keys.compactMap { $0.count == 1 && $0[0].value < 0x10000 ? $0[0] : nil }
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
        changing = ScalarSet(changed.map(\.0))
        var singles = [UInt32](repeating: 0, count: Int(Self.last - Self.base) + 1)
        for (u, line) in changed {
            let one = line.unicodeScalars.count == 1
            singles[Int(u.value - Self.base)] = one ? line.unicodeScalars.first!.value : Self.several
        }
        self.singles = singles
        singleForms = ScalarSet(changed.filter { $0.1.unicodeScalars.count == 1 }.map(\.0))
    }

    /// The one other character t2s makes of `u` on its own, if any.
    @inline(__always) func single(_ u: Unicode.Scalar) -> Unicode.Scalar? {
        alone(u).flatMap { $0 == u ? nil : $0 }
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

    /// Whether t2s changes `u` on its own (any character beyond the BMP counts: unprobed).
    @inline(__always) func changes(_ u: Unicode.Scalar) -> Bool {
        u.value >= 0x3400 && (u.value >= 0x10000 || changing.contains(u))
    }

    /// Whether `u` may be part of a dictionary entry: the Han blocks of the BMP (with the Yijing
    /// symbols between the first two) and anything beyond it. `ScriptConverter.keys` checks that
    /// every key holds only these.
    @inline(__always) static func mayBeInEntry(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return (0x3400...0x9FFF).contains(v) || (0xF900...0xFAFF).contains(v) || v >= 0x10000
    }
}

/// The keys longer than one character of the dictionaries a configuration segments and converts
/// with (t2s: TSPhrases' few hundred). Where none of them starts, OpenCC's maximum-match
/// segmentation leaves every character a segment of its own, and each converts as it does alone.
struct PhraseKeys: Sendable {
    /// The first and second characters of the keys: most characters of a text are neither, and
    /// the keys are looked up only where both are.
    let firsts: ScalarSet
    private let seconds: ScalarSet
    /// The keys by first character.
    private let byFirst: [Unicode.Scalar: [[Unicode.Scalar]]]

    init(keys: [[Unicode.Scalar]]) {
        let phrases = keys.filter { $0.count > 1 }
        byFirst = Dictionary(grouping: phrases, by: { $0[0] })
        firsts = ScalarSet(phrases.map { $0[0] })
        seconds = ScalarSet(phrases.map { $0[1] })
    }

    /// Whether a key starts at `text[i]`.
    @inline(__always) func starts(in text: [Unicode.Scalar], at i: Int) -> Bool {
        guard firsts.contains(text[i]), i + 1 < text.count, seconds.contains(text[i + 1]) else { return false }
        return byFirst[text[i]]!.contains { key in
            key.count <= text.count - i && text[i..<(i + key.count)].elementsEqual(key)
        }
    }
}

/// Folds the ways one text can be written so that one pattern matches them all:
/// full-width ASCII and ideographic spaces become ASCII, Traditional becomes Simplified.
public enum Fold {
    /// Full-width ASCII (U+FF01–FF5E) → ASCII, and unusual spaces → U+0020, one scalar for one.
    public static func width(_ text: String) -> String { folding(text, by: widthFolded) }

    /// The same fold of a text held as scalars: the same array when nothing in it folds.
    public static func width(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard text.withUnsafeBufferPointer(holdsWidthFold),
            let first = text.firstIndex(where: { widthFolded($0) != $0 })
        else { return text }
        var folded = text
        for i in first..<text.count { folded[i] = widthFolded(text[i]) }
        return folded
    }

    /// Whether the text holds a scalar `widthFolded` changes: each of its ranges tested without a
    /// branch and read to the end, with no early exit, so that the loop reads several scalars at
    /// once. It is asked of every scalar of a body, and nearly every body has none.
    static func holdsWidthFold(_ text: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        var found: UInt32 = 0
        for s in text {
            let v = s.value
            found |=
                (v &- 0xFF01 <= 0xFF5E - 0xFF01 ? 1 : 0) | (v &- 0x2000 <= 0x200A - 0x2000 ? 1 : 0)
                | (v == 0x3000 ? 1 : 0) | (v == 0x00A0 ? 1 : 0) | (v == 0x202F ? 1 : 0) | (v == 0x205F ? 1 : 0)
        }
        return found != 0
    }

    /// One scalar's width fold: full-width ASCII to ASCII, unusual spaces to U+0020.
    @inline(__always) static func widthFolded(_ s: Unicode.Scalar) -> Unicode.Scalar {
        let v = s.value
        // ASCII, and Han and most other text between the ideographic space and the full-width forms, stay.
        if v < 0xA0 || (v > 0x3000 && v < 0xFF01) { return s }
        if v >= 0xFF01 && v <= 0xFF5E { return Unicode.Scalar(v - 0xFEE0)! }
        if v == 0x3000 || v == 0x00A0 || (v >= 0x2000 && v <= 0x200A) || v == 0x202F || v == 0x205F { return " " }
        return s
    }

    /// The text with each scalar folded one for one; a text with nothing to fold is returned
    /// without a copy. Read and written as UTF-8 bytes: the scalar views' index checks cost more
    /// than the folds. Inlined, so that `fold` is too: it is asked of every scalar.
    @inline(__always) static func folding(_ text: String, by fold: (Unicode.Scalar) -> Unicode.Scalar) -> String {
        folding(text, changing: { fold($0) != $0 }, by: fold)
    }

    /// `folding(_:by:)` where `changes` says which scalars `fold` changes: the others are copied
    /// as they are, in runs, and `fold` is asked only of those it changes.
    @inline(__always) static func folding(
        _ text: String, changing changes: (Unicode.Scalar) -> Bool, by fold: (Unicode.Scalar) -> Unicode.Scalar
    ) -> String {
        var text = text
        let folded = text.withUTF8 { bytes -> String? in
            var first = 0
            while first < bytes.count {
                let (u, width) = bytes.scalar(at: first)
                if changes(u) { break }
                first += width
            }
            guard first < bytes.count else { return nil }
            // A fold never lengthens a scalar's UTF-8 but from three bytes to four (BMP to astral).
            // Written into a buffer of our own, not by a closure handed to String's initializer,
            // which would call `fold` through a pointer.
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count + bytes.count / 3 + 4) { out in
                var n = 0
                var copied = 0  // every byte before this is in `out`, folded
                var i = first
                while i < bytes.count {
                    let (u, width) = bytes.scalar(at: i)
                    if changes(u) {
                        (out.baseAddress! + n).initialize(from: bytes.baseAddress! + copied, count: i - copied)
                        n += i - copied
                        assert(n + 4 <= out.count, "the capacity allows a fold to four bytes for each three")
                        n += String.writeUTF8(of: fold(u).value, at: out.baseAddress! + n)
                        copied = i + width
                    }
                    i += width
                }
                (out.baseAddress! + n).initialize(from: bytes.baseAddress! + copied, count: bytes.count - copied)
                n += bytes.count - copied
                return String(decoding: UnsafeBufferPointer(rebasing: out[..<n]), as: UTF8.self)
            }
        }
        return folded ?? text
    }

    /// The matching form of a line a cleaner judges: width-folded, and each character in the
    /// Simplified form t2s gives it alone (one scalar for one, so the line keeps its shape). Chrome
    /// and byline patterns are words whose characters convert alone, so they need no phrases, and
    /// this costs a tenth of t2s: most of a page's lines are judged and thrown away. Names do need
    /// phrases (乾縣 is 乾县, 於潛 stays 於潜): look them up in `matching`'s form.
    public static func lineMatching(_ text: String) -> String { lineMatchingCounted(text).matching }

    /// `lineMatching`, and the Characters of the line and of its matching form when every scalar of
    /// both is a Character of its own (`isCharacterAlone`; nil otherwise): the text cleaner and the
    /// line classifier ask that count of every line, and the fold, one scalar for one, reads every
    /// scalar already.
    static func lineMatchingCounted(_ text: String) -> (matching: String, characters: Int?) {
        let converter = ScriptConverter.shared
        var text = text
        let (folded, characters) = lineFolds.withBMPBits { bits in
            @inline(__always) func changes(_ s: Unicode.Scalar) -> Bool {
                let v = s.value
                return v < 0x10000 ? bits[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 : lineFolded(s, converter) != s
            }
            return text.withUTF8 { bytes -> (String?, Int?) in
                var (first, scalars, alone) = (0, 0, true)
                while first < bytes.count {
                    first = skipKept(bytes, from: first, bits, counting: &scalars)
                    guard first < bytes.count else { break }
                    let (u, width) = bytes.scalar(at: first)
                    if changes(u) { break }
                    alone = alone && u.isCharacterAlone
                    (first, scalars) = (first + width, scalars + 1)
                }
                guard first < bytes.count else { return (nil, alone ? scalars : nil) }
                // A fold never lengthens a scalar's UTF-8 but from three bytes to four (BMP to astral).
                let folded = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count + bytes.count / 3 + 4)
                {
                    out in
                    var n = 0
                    var copied = 0  // every byte before this is in `out`, folded
                    var i = first
                    while i < bytes.count {
                        i = skipKept(bytes, from: i, bits, counting: &scalars)
                        guard i < bytes.count else { break }
                        var (u, width) = bytes.scalar(at: i)
                        if changes(u) {
                            alone = alone && u.isCharacterAlone
                            (out.baseAddress! + n).initialize(from: bytes.baseAddress! + copied, count: i - copied)
                            n += i - copied
                            u = lineFolded(u, converter)
                            n += String.writeUTF8(of: u.value, at: out.baseAddress! + n)
                            copied = i + width
                        }
                        alone = alone && u.isCharacterAlone
                        (i, scalars) = (i + width, scalars + 1)
                    }
                    (out.baseAddress! + n).initialize(from: bytes.baseAddress! + copied, count: bytes.count - copied)
                    n += bytes.count - copied
                    return String(decoding: UnsafeBufferPointer(rebasing: out[..<n]), as: UTF8.self)
                }
                return (folded, alone ? scalars : nil)
            }
        }
        return (folded ?? text, characters)
    }

    /// Past the scalars from `i` that the line fold keeps (none of `bits`, the BMP bitmap of
    /// `lineFolds`) and that are Characters of their own whatever their neighbours, adding them to
    /// `scalars`: ASCII but CR, eight bytes at a time, and the Han of U+5000–U+9FFF (lead bytes
    /// E5–E9), told by its lead byte. Nearly every scalar of a line is one, and is not decoded.
    @inline(__always) static func skipKept(
        _ bytes: UnsafeBufferPointer<UInt8>, from i: Int, _ bits: UnsafeBufferPointer<UInt64>,
        counting scalars: inout Int
    ) -> Int {
        var i = i
        while i < bytes.count {
            let lead = bytes[i]
            if lead < 0x80, lead != 0x0D {
                let end = ByteWord.skipUnmarked(bytes, from: i + 1) { word in
                    (word & ByteWord.highs) | ByteWord.bytes(equalTo: 0x0D, in: word)
                }
                (i, scalars) = (end, scalars + end - i)
                continue
            }
            guard lead.leadsCommonHan else { break }
            let v = bytes.threeByteValue(at: i)
            guard bits[Int(v >> 6)] & (1 << UInt64(v & 63)) == 0 else { break }
            (i, scalars) = (i + 3, scalars + 1)
        }
        return i
    }

    /// One scalar's line fold: the width fold, or the one character t2s makes of a Han character alone.
    @inline(__always) static func lineFolded(_ s: Unicode.Scalar, _ converter: ScriptConverter?) -> Unicode.Scalar {
        s.value >= 0x3400 && !(0xFF01...0xFF5E).contains(s.value) ? converter?.single(s) ?? s : widthFolded(s)
    }

    /// The BMP scalars the line fold changes: one bit read for each scalar of a line, where the
    /// fold costs tens of instructions. The width folds, found by folding every scalar that
    /// `widthFolded` does not pass at once, and t2s's one-character forms.
    static let lineFolds: ScalarSet = {
        let width = (Array(0xA0...0x3000) + Array(0xFF01...0xFFFF)).compactMap(Unicode.Scalar.init)
            .filter { widthFolded($0) != $0 }
        return ScalarSet(width).union(ScriptConverter.shared?.singleForms ?? .empty)
    }()

    /// The matching form of a text: width-folded, then Simplified.
    public static func matching(_ text: String) -> String {
        let folded = width(text)
        return ScriptConverter.shared?.simplified(folded) ?? folded
    }
}
