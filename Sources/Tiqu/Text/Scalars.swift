import Foundation

extension Array where Element == Unicode.Scalar {
    /// The scalars of `text`, decoded from its UTF-8 in one pass: `Array(text.unicodeScalars)`
    /// counts the view and then copies it a scalar at a time through the string's indices.
    public init(scalarsOf text: String) {
        var text = text
        self = text.withUTF8 { bytes in
            let count = bytes.scalarCount
            return [Unicode.Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
                guard let out = buffer.baseAddress else { return }  // written through: `buffer` is inout
                var (i, at) = (0, 0)
                while i < bytes.count {
                    // ASCII and three-byte scalars (Han, CJK punctuation) first: nearly all of a Chinese body.
                    let lead = bytes[i]
                    if lead < 0x80 {
                        out[at] = Unicode.Scalar(lead)
                        (i, at) = (i &+ 1, at &+ 1)
                        continue
                    }
                    if lead & 0xF0 == 0xE0 {
                        out[at] = unsafeBitCast(bytes.threeByteValue(at: i), to: Unicode.Scalar.self)
                        (i, at) = (i &+ 3, at &+ 1)
                        continue
                    }
                    let (s, width) = bytes.scalar(at: i)
                    out[at] = s
                    (i, at) = (i &+ width, at &+ 1)
                }
                initialized = count
            }
        }
    }

    /// Whether one of `words` starts at `position` (a rule's `not_before` words after its form).
    func hasWord(from words: [[Unicode.Scalar]], at position: Int) -> Bool {
        // The first scalar is compared first: at most places no word starts (a rule's suffix is not blocked).
        guard position < count else { return position == count && words.contains(where: \.isEmpty) }
        let first = self[position]
        return words.contains { word in
            guard let head = word.first else { return true }
            return head == first && position + word.count <= count
                && self[position..<(position + word.count)].elementsEqual(word)
        }
    }
}

/// Some words' first scalars, by their low seven bits: where a scalar's bit is clear, none of the
/// words starts there, told without comparing each word (`hasWord`).
struct FirstScalars: Sendable {
    private var bits: (low: UInt64, high: UInt64) = (0, 0)

    init(_ words: [[Unicode.Scalar]]) {
        for word in words {
            // An empty word starts everywhere.
            guard let head = word.first else {
                bits = (.max, .max)
                return
            }
            let v = head.value & 127
            if v < 64 { bits.low |= 1 << UInt64(v) } else { bits.high |= 1 << UInt64(v - 64) }
        }
    }

    /// Whether one of the words may start with `u`.
    @inline(__always) func mayStart(_ u: Unicode.Scalar) -> Bool {
        let v = u.value & 127
        return (v < 64 ? bits.low >> UInt64(v) : bits.high >> UInt64(v - 64)) & 1 != 0
    }
}

extension String {
    /// Whether the text's UTF-8 ends in these bytes (the UTF-8 of some scalars): its scalars then
    /// end in those scalars.
    func endsWithBytes(_ suffix: [UInt8]) -> Bool {
        utf8.withContiguousStorageIfAvailable { bytes in
            bytes.count >= suffix.count && bytes[(bytes.count - suffix.count)...].elementsEqual(suffix)
        } ?? utf8.reversed().starts(with: suffix.reversed())
    }

    /// `unicodeScalars.count`, from the UTF-8 bytes: every byte but a continuation byte starts a
    /// scalar, so no scalar is decoded.
    public var scalarCount: Int {
        utf8.withContiguousStorageIfAvailable(\.scalarCount) ?? unicodeScalars.count
    }
}

extension StringProtocol {
    /// `count` (Characters), read off the scalars when each of them is a Character whatever its
    /// neighbours, as in nearly every line of Chinese text, so no grapheme breaking runs; by
    /// grapheme breaking otherwise.
    public var characterCount: Int { aloneCount(atMost: .max) ?? count }

    /// Whether the text has at least `n` Characters, counted no further than that.
    public func hasCharacters(atLeast n: Int) -> Bool { characterCount(atMost: n) >= n }

    /// Whether the text has at most `n` Characters, counted no further than one past that.
    public func hasCharacters(atMost n: Int) -> Bool { n == .max || characterCount(atMost: n + 1) <= n }

    /// `min(characterCount, limit)`, reading no further into the text than that.
    public func characterCount(atMost limit: Int) -> Int { aloneCount(atMost: limit) ?? prefix(limit).count }

    /// `min(scalar count, limit)` when every scalar up to there is a Character of its own
    /// (`isCharacterAlone`); nil when one is not, and Characters must be cut. Read off the UTF-8
    /// where the text has it in memory: the scalar view walks it slowly.
    private func aloneCount(atMost limit: Int) -> Int? {
        let counted = utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            var (n, i) = (0, 0)
            while i < bytes.count {
                guard n < limit else { return limit }
                // ASCII but CR, and the Han of U+5000–U+9FFF (lead bytes E5–E9), answer from their
                // first byte: nearly every scalar of a Chinese line.
                let lead = bytes[i]
                if lead < 0x80, lead != 0x0D {
                    (n, i) = (n + 1, i + 1)
                    continue
                }
                if lead.leadsCommonHan {
                    (n, i) = (n + 1, i + 3)
                    continue
                }
                let (u, width) = bytes.scalar(at: i)
                guard u.isCharacterAlone else { return nil }
                (n, i) = (n + 1, i + width)
            }
            return n
        }
        if let counted { return counted }
        var n = 0
        for u in unicodeScalars {
            guard n < limit else { return limit }
            guard u.isCharacterAlone else { return nil }
            n += 1
        }
        return n
    }
}

extension StringProtocol {
    /// Whether every scalar is a Character of its own (`isCharacterAlone`, as in nearly every line
    /// of Chinese text): the text's Characters are then read off its scalars, without grapheme
    /// breaking.
    public var scalarsAreCharacters: Bool { aloneCount(atMost: .max) != nil }

    /// Whether one of the text's Characters is one of `marks` (each a Character of one scalar):
    /// read off the scalars when every one is a Character of its own, by grapheme breaking
    /// otherwise (a mark followed by a combining mark or a joiner is no mark).
    public func containsCharacter(in marks: ScalarSet) -> Bool {
        guard scalarsAreCharacters else {
            return contains { c in c.unicodeScalars.count == 1 && marks.contains(c.unicodeScalars.first!) }
        }
        return unicodeScalars.contains(where: marks.contains)
    }
}

extension Unicode.Scalar {
    /// Whether grapheme breaking never joins this scalar to another such scalar (its break class is
    /// Other, Control or LF, and no Hangul or Indic rule applies): ASCII but CR, Latin-1 and Latin
    /// Extended, spaces and general punctuation, letterlike forms, arrows and other symbols up to
    /// U+2BFF (icons on navigation lines), CJK punctuation without its tone marks, kana without its
    /// sound marks, Han, private-use icons, the byte-order mark, full-width forms. In a text where
    /// every scalar is such, every scalar is a Character of its own (a test checks each beside a
    /// letter, a Han character, a line feed and itself); one such scalar alone proves nothing about
    /// its Character, since a mark or joiner after it joins it.
    var isCharacterAlone: Bool {
        let v = value
        if v < 0x300 { return v != 0x0D }
        if v >= 0x4E00 {
            return v <= 0x9FFF || (0xE000...0xF8FF).contains(v) || v == 0xFEFF || (0xFF01...0xFF65).contains(v)
        }
        if v < 0x3000 {
            return (0x2000...0x200B).contains(v) || (0x2010...0x205E).contains(v) || (0x2100...0x2BFF).contains(v)
        }
        return (0x3000...0x3029).contains(v) || (0x3030...0x303F).contains(v) || (0x3041...0x3096).contains(v)
            || (0x309B...0x30FF).contains(v) || (0x3400...0x4DBF).contains(v)
    }
}

extension StringProtocol {
    /// Foundation's `trimmingCharacters(in: set)`, by scalars from both ends: Foundation trims
    /// through NSString, a bridge that cost more than the rest of some extractors; most text has
    /// nothing to trim and is returned as it is. Read off the UTF-8 where the text has it in one
    /// piece (a native string or a slice of one), else off the scalar view.
    public func trimming(_ set: ScalarSet) -> String {
        let trimmed = utf8.withContiguousStorageIfAvailable { bytes -> String? in
            let kept = bytes.withoutEdges(in: set)
            return kept.count == bytes.count
                ? nil : String(decoding: UnsafeBufferPointer(rebasing: bytes[kept]), as: UTF8.self)
        }
        if let trimmed { return trimmed ?? String(self) }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !set.contains($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !set.contains($0) })!
        if start == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return String(self) }
        return String(scalars: scalars[start...last])
    }
}

extension String {
    /// The string of these scalars, written straight into UTF-8: `String(scalars: _:)`
    /// appends one scalar at a time, and extractors make a string of every candidate span.
    public init<C: Collection>(scalars: C) where C.Element == Unicode.Scalar {
        // A slice of a string already holds its UTF-8: copied whole, not a scalar at a time.
        if let slice = scalars as? Substring.UnicodeScalarView {
            self.init(Substring(slice))
            return
        }
        var bytes = 0
        for u in scalars { bytes += UTF8.width(u) }
        self.init(unsafeUninitializedCapacity: bytes) { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            var i = 0
            for u in scalars { i += String.writeUTF8(of: u.value, at: base + i) }
            return i
        }
    }
}

extension String {
    /// Whether `word`'s UTF-8 occurs in this string's: a literal search by `memchr` and `memcmp`, for the short
    /// lines and attribute values tested against fixed words on every page (Foundation's
    /// `contains` walks both through CFString's character clusters). An empty word is in no text.
    public func containsLiteral(_ word: String) -> Bool {
        var text = self, word = word
        return text.withUTF8 { t in word.withUTF8 { t.contains(bytes: $0) } }
    }
}

extension String {
    /// The first occurrence of `word` as Foundation's `range(of:)` finds it: by `memchr` and
    /// `memcmp` on the UTF-8 when every scalar of both is a Character of its own (a byte match is
    /// then a match of whole Characters, with nothing to compose), by Foundation otherwise (it will
    /// not match 单位 in 单位 followed by a combining mark).
    public func literalRange(of word: String) -> Range<String.Index>? {
        guard scalarsAreCharacters, word.scalarsAreCharacters else {
            return range(of: word)
        }
        var text = self, word = word
        let offset: Int? = text.withUTF8 { t in
            word.withUTF8 { w in
                guard let first = w.first, t.count >= w.count else { return nil }
                var at = 0
                while let hit = t.firstIndex(of: first, in: at..<(t.count - w.count + 1)) {
                    if memcmp(t.baseAddress! + hit, w.baseAddress!, w.count) == 0 { return hit }
                    at = hit + 1
                }
                return nil
            }
        }
        guard let offset else { return nil }
        let start = utf8.index(utf8.startIndex, offsetBy: offset)
        return start..<utf8.index(start, offsetBy: word.utf8.count)
    }
}

extension String {
    /// The string of these UTF-16 units, as `String(decoding:as: UTF16.self)` makes it (a lone
    /// surrogate becomes U+FFFD), written into UTF-8 by hand: the standard library's transcoding
    /// takes several times as long, and every artifact repair rebuilds its line this way.
    public init(utf16Units units: UnsafeBufferPointer<UInt16>) {
        // A unit makes three bytes at most, a pair of them four.
        self.init(unsafeUninitializedCapacity: units.count * 3) { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            var (i, n) = (0, 0)
            while i < units.count {
                var value = UInt32(units[i])
                i += 1
                if UTF16.isLeadSurrogate(UInt16(value)), i < units.count, UTF16.isTrailSurrogate(units[i]) {
                    value = 0x10000 + ((value - 0xD800) << 10) + (UInt32(units[i]) - 0xDC00)
                    i += 1
                } else if (0xD800...0xDFFF).contains(value) {
                    value = 0xFFFD
                }
                n += String.writeUTF8(of: value, at: base + n)
            }
            return n
        }
    }

    /// Writes a scalar value's UTF-8 bytes at `p` (room for four) and says how many: the standard
    /// library's encoder hands each byte to a closure, whose writes are checked one by one.
    @inline(__always) static func writeUTF8(of value: UInt32, at p: UnsafeMutablePointer<UInt8>) -> Int {
        if value < 0x80 {
            p[0] = UInt8(truncatingIfNeeded: value)
            return 1
        }
        if value < 0x800 {
            (p[0], p[1]) = (
                UInt8(truncatingIfNeeded: 0xC0 | value >> 6), UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
            )
            return 2
        }
        if value < 0x10000 {
            p[0] = UInt8(truncatingIfNeeded: 0xE0 | value >> 12)
            (p[1], p[2]) = (
                UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3F), UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
            )
            return 3
        }
        (p[0], p[1]) = (
            UInt8(truncatingIfNeeded: 0xF0 | value >> 18), UInt8(truncatingIfNeeded: 0x80 | value >> 12 & 0x3F)
        )
        (p[2], p[3]) = (
            UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3F), UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
        )
        return 4
    }
}

extension [UInt8] {
    /// Whether these bytes hold `needle`'s UTF-8 bytes somewhere (an empty needle: yes).
    func contains(bytes needle: String) -> Bool {
        var needle = needle
        return needle.withUTF8 { n in n.isEmpty || withUnsafeBufferPointer { $0.contains(bytes: n) } }
    }
}

extension UInt8 {
    /// The lead byte of a Han character of U+5000–U+9FFF (E5–E9): a Character of its own,
    /// whatever follows, told by one byte in loops over nearly every scalar of a Chinese line.
    @inline(__always) var leadsCommonHan: Bool { self &- 0xE5 < 5 }
}

extension UnsafeBufferPointer<UInt8> {
    /// These bytes of valid UTF-8 (scalars whole at both ends) without the scalars of `set` at
    /// either end.
    func withoutEdges(in set: ScalarSet, of range: Range<Int>? = nil) -> Range<Int> {
        var (start, end) = (range?.lowerBound ?? 0, range?.upperBound ?? count)
        while start < end {
            let (u, width) = scalar(at: start)
            guard set.contains(u) else { break }
            start += width
        }
        while end > start {
            var first = end - 1
            while self[first] & 0xC0 == 0x80 { first -= 1 }  // back to the scalar's lead byte
            guard set.contains(scalar(at: first).0) else { break }
            end = first
        }
        return start..<end
    }

    /// The scalars of this valid UTF-8: every byte but a continuation byte starts one.
    var scalarCount: Int { count - counting { x in x & ~(x << 1) } }  // 10xxxxxx: bit 7 set, bit 6 clear

    /// The UTF-16 units of this valid UTF-8: one per scalar, two for a scalar beyond the Basic
    /// Multilingual Plane (a four-byte lead, 0xF0 and up).
    var utf16Count: Int { scalarCount + counting { x in x & (x << 1) & (x << 2) & (x << 3) } }  // 1111xxxx

    /// How many bytes have their top bit set in `test` of the word that holds them: eight bytes
    /// at a time, a byte's bits shifted left landing on its own top bit.
    /// Wrapping arithmetic: neither sum can pass the buffer's size, and the checks cost a third.
    @inline(__always) private func counting(_ test: (UInt64) -> UInt64) -> Int {
        guard let base = baseAddress else { return 0 }
        var (n, i) = (0, 0)
        while i &+ 8 <= count {
            n &+= (test(ByteWord.at(i, in: base)) & ByteWord.highs).nonzeroBitCount
            i &+= 8
        }
        while i < count {
            n &+= Int(test(UInt64(base[i])) >> 7 & 1)
            i &+= 1
        }
        return n
    }

    /// Whether `needle` occurs in these bytes: `memchr` to each of its first byte, `memcmp` for the
    /// rest. An empty needle occurs nowhere (as Foundation's `contains` answers).
    func contains(bytes needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = baseAddress, let first = needle.first, count >= needle.count else { return false }
        var at = 0
        while let hit = firstIndex(of: first, in: at..<(count - needle.count + 1)) {
            if memcmp(base + hit, needle.baseAddress!, needle.count) == 0 { return true }
            at = hit + 1
        }
        return false
    }

    /// The first index in `range` that holds `byte`, found by `memchr`: for the loops that pass
    /// over most bytes of a page looking for one (`<`, `&`, a word's first byte).
    func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        guard let base = baseAddress, !range.isEmpty,
            let hit = memchr(base + range.lowerBound, Int32(byte), range.count)
        else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// The scalar whose valid UTF-8 starts at `i`, and its length in bytes: for loops over a
    /// string's bytes that need scalars only now and then, or faster than its scalar view gives them.
    @inline(__always) func scalar(at i: Int) -> (Unicode.Scalar, width: Int) {
        let lead = UInt32(self[i])
        if lead < 0x80 { return (Unicode.Scalar(UInt8(lead)), 1) }
        // Valid UTF-8 decodes to a valid scalar: no check for surrogates or the top of the range.
        if lead < 0xE0 { return (Self.valid((lead & 0x1F) << 6 | UInt32(self[i + 1] & 0x3F)), 2) }
        if lead < 0xF0 { return (Self.valid(threeByteValue(at: i)), 3) }
        let value =
            (lead & 0x07) << 18 | UInt32(self[i + 1] & 0x3F) << 12 | UInt32(self[i + 2] & 0x3F) << 6
            | UInt32(self[i + 3] & 0x3F)
        return (Self.valid(value), 4)
    }

    /// The value of the three-byte scalar (lead byte E0–EF) whose valid UTF-8 starts at `i`: the
    /// Han and CJK punctuation of a Chinese text, which the byte loops read before other widths.
    @inline(__always) func threeByteValue(at i: Int) -> UInt32 {
        UInt32(self[i] & 0x0F) << 12 | UInt32(self[i &+ 1] & 0x3F) << 6 | UInt32(self[i &+ 2] & 0x3F)
    }

    @inline(__always) private static func valid(_ value: UInt32) -> Unicode.Scalar {
        assert(Unicode.Scalar(value) != nil, "scalar(at:) reads valid UTF-8 only")
        return unsafeBitCast(value, to: Unicode.Scalar.self)
    }
}
