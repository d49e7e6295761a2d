import Foundation

/// A JSONL line read without handing its page to JSONSerialization. A dump holds a whole page in
/// one string (`"html":"<!DOCTYPE…"`), and Foundation built it at a fifth of a JSONL run's time.
/// The line is read here in one pass over its bytes: string values are decoded directly, and the
/// other members (a number, an array, `null`) are parsed by JSONSerialization from a small object
/// of those members alone, so their reading stays Foundation's. What this strict reading does not
/// know — a repeated key, an escaped lone surrogate or NUL, bytes that are not UTF-8, a raw control
/// character, U+FEFF (which Foundation drops in places), anything that is not plain JSON — makes it
/// decline, and the caller parses the whole line with JSONSerialization as before.
struct JSONLine {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    /// The line's object, or nil when the strict reading declines it.
    static func object(_ line: [UInt8]) -> [String: Any]? {
        line.withUnsafeBufferPointer { buffer in
            var reader = JSONLine(bytes: buffer)
            return reader.object()
        }
    }

    /// Nested values deeper than this are left to JSONSerialization.
    static let maxDepth = 64

    static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    var peek: UInt8? { at < bytes.count ? bytes[at] : nil }

    mutating func take(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        at += 1
        return true
    }

    mutating func skipSpace() {
        while let b = peek, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { at += 1 }
    }

    /// The whole line as one object: string members decoded, the others parsed by Foundation.
    mutating func object() -> [String: Any]? {
        skipSpace()
        guard take(UInt8(ascii: "{")) else { return nil }
        var strings: [String: String] = [:]
        var keys = Set<String>()
        var others: [UInt8] = [UInt8(ascii: "{")]  // the members that are not strings, as written
        skipSpace()
        if !take(UInt8(ascii: "}")) {
            repeat {
                skipSpace()
                let keyStart = at
                guard let key = string(), keys.insert(key).inserted else { return nil }
                let keyEnd = at
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                if peek == Self.quote {
                    guard let value = string() else { return nil }
                    strings[key] = value
                } else {
                    let valueStart = at
                    guard skipValue(depth: 0) else { return nil }
                    if others.count > 1 { others.append(UInt8(ascii: ",")) }
                    others += UnsafeBufferPointer(rebasing: bytes[keyStart..<keyEnd])
                    others.append(UInt8(ascii: ":"))
                    others += UnsafeBufferPointer(rebasing: bytes[valueStart..<at])
                }
                skipSpace()
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")) else { return nil }
        }
        skipSpace()
        guard at == bytes.count else { return nil }
        return Self.merging(strings, others: others + [UInt8(ascii: "}")], count: keys.count)
    }

    /// The decoded strings with Foundation's reading of the other members.
    static func merging(_ strings: [String: String], others: [UInt8], count: Int) -> [String: Any]? {
        var object: [String: Any] = strings
        guard strings.count < count else { return object }
        guard let rest = try? JSONSerialization.jsonObject(with: Data(others)) as? [String: Any],
            rest.count + strings.count == count
        else { return nil }
        object.merge(rest) { kept, _ in kept }
        return object
    }
}

// MARK: Strings

extension JSONLine {
    /// A string at `at` (its opening quote), decoded; nil for anything the strict reading declines.
    mutating func string() -> String? {
        guard take(Self.quote) else { return nil }
        var start = at
        var out: [UInt8] = []
        while true {
            // A run of plain bytes is copied whole (a string without escapes is not copied at all).
            at = Self.skipPlainWords(bytes, from: at)
            while at < bytes.count, Self.isPlain(bytes[at]) { at += 1 }
            guard let b = peek, b >= 0x20 else { return nil }
            if b == 0xEF {
                if Self.isBOM(bytes, at) { return nil }
                at += 1
                continue
            }
            let run = UnsafeBufferPointer(rebasing: bytes[start..<at])
            at += 1
            if b == Self.quote, out.isEmpty { return String(validating: run, as: UTF8.self) }
            // At the first escape, room for the rest of the line: a page's text has escapes all through
            // it (`\n`), and its bytes would otherwise be copied each time the array doubles.
            if out.isEmpty { out.reserveCapacity(bytes.count - start) }
            out += run
            if b == Self.quote { return String(validating: out, as: UTF8.self) }
            guard unescape(into: &out) else { return nil }
            start = at
        }
    }

    /// Past the words of eight plain bytes from `i`: a text's long runs between escapes are read a
    /// word at a time, up to the word that holds a byte to look at.
    @inline(__always) static func skipPlainWords(_ bytes: UnsafeBufferPointer<UInt8>, from i: Int) -> Int {
        ByteWord.skipUnmarked(bytes, from: i) { word in
            ByteWord.bytes(below: 0x20, in: word) | ByteWord.bytes(equalTo: quote, in: word)
                | ByteWord.bytes(equalTo: backslash, in: word) | ByteWord.bytes(equalTo: 0xEF, in: word)
        }
    }

    /// A byte that needs no look: not a quote, a backslash, a control or the lead of U+FEFF.
    @inline(__always) static func isPlain(_ b: UInt8) -> Bool {
        b != quote && b != backslash && b >= 0x20 && b != 0xEF
    }

    /// U+FEFF: JSONSerialization drops it at a string's start and after an escape, so a string
    /// holding one is left to it (written raw or escaped), and the line reads as it always did.
    static func isBOM(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        i + 2 < bytes.count && bytes[i + 1] == 0xBB && bytes[i + 2] == 0xBF
    }

    /// The escape after a backslash, appended as UTF-8.
    mutating func unescape(into out: inout [UInt8]) -> Bool {
        guard let e = peek else { return false }
        at += 1
        switch e {
        case Self.quote, Self.backslash, UInt8(ascii: "/"): out.append(e)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            guard let scalar = escapedScalar() else { return false }
            out += String(scalar).utf8
        default: return false
        }
        return true
    }

    /// `\uXXXX` after its `\u`, with the low half of a surrogate pair; nil for a lone surrogate or NUL.
    mutating func escapedScalar() -> Unicode.Scalar? {
        guard let unit = hex4(), unit != 0, unit != 0xFEFF else { return nil }
        switch unit {
        case 0xD800..<0xDC00:
            guard take(Self.backslash), take(UInt8(ascii: "u")), let low = hex4(), (0xDC00..<0xE000).contains(low)
            else { return nil }
            return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
        case 0xDC00..<0xE000: return nil
        default: return Unicode.Scalar(unit)
        }
    }

    /// Four hex digits.
    mutating func hex4() -> UInt32? {
        guard at + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[at]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            at += 1
        }
        return value
    }
}

// MARK: Other values, skipped for Foundation

extension JSONLine {
    /// Moves past one value without reading it; false where the line is no plain JSON.
    mutating func skipValue(depth: Int) -> Bool {
        guard depth < Self.maxDepth, let b = peek else { return false }
        switch b {
        case Self.quote: return skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return skipContainer(close: b == UInt8(ascii: "{") ? "}" : "]", depth)
        case UInt8(ascii: "t"): return skipWord("true")
        case UInt8(ascii: "f"): return skipWord("false")
        case UInt8(ascii: "n"): return skipWord("null")
        default: return skipNumber()
        }
    }

    /// An array's items or an object's members, up to its closing bracket.
    mutating func skipContainer(close: Unicode.Scalar, _ depth: Int) -> Bool {
        let isObject = close == "}"
        at += 1
        skipSpace()
        if take(UInt8(close.value)) { return true }
        repeat {
            skipSpace()
            if isObject {
                guard skipString() else { return false }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return false }
                skipSpace()
            }
            guard skipValue(depth: depth + 1) else { return false }
            skipSpace()
        } while take(UInt8(ascii: ","))
        return take(UInt8(close.value))
    }

    /// A string, escapes and all, without decoding it (Foundation will).
    mutating func skipString() -> Bool {
        guard take(Self.quote) else { return false }
        while let b = peek {
            at += 1
            if b == Self.quote { return true }
            if b == Self.backslash { at += 1 }
        }
        return false
    }

    mutating func skipWord(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard at + count <= bytes.count else { return false }
        for i in 0..<count where bytes[at + i] != word.utf8Start[i] { return false }
        at += count
        return true
    }

    /// A number's extent, as JSON's grammar draws it but for leading zeros (`01` passes here, and
    /// Foundation's refusal of the small object then declines the line).
    mutating func skipNumber() -> Bool {
        _ = take(UInt8(ascii: "-"))
        guard digits() > 0 else { return false }
        if take(UInt8(ascii: ".")), digits() == 0 { return false }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            _ = take(UInt8(ascii: "+")) || take(UInt8(ascii: "-"))
            guard digits() > 0 else { return false }
        }
        return true
    }

    mutating func digits() -> Int {
        let start = at
        while let b = peek, b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") { at += 1 }
        return at - start
    }
}

// MARK: Limits, for the error line of a refused line

extension JSONLine {
    /// How deep a line nests, and its first number beyond a double's range: the limits a valid line
    /// can pass, read in one pass that steps over strings.
    static func limitsPassed(_ line: [UInt8]) -> (depth: Int, hugeNumber: String?) {
        line.withUnsafeBufferPointer { buffer in
            var reader = JSONLine(bytes: buffer)
            return reader.limitsPassed()
        }
    }

    mutating func limitsPassed() -> (depth: Int, hugeNumber: String?) {
        var level = 0
        var deepest = 0
        var huge: String?
        while let b = peek {
            switch b {
            case Self.quote:
                _ = skipString()
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                level += 1
                deepest = max(deepest, level)
                at += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                level -= 1
                at += 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = at
                if !skipNumber() { at = max(at, start + 1) }
                let text = String(
                    decoding: UnsafeBufferPointer(rebasing: bytes[start..<min(at, bytes.count)]), as: UTF8.self)
                if huge == nil, Double(text)?.isFinite == false { huge = text }
            default:
                at += 1
            }
        }
        return (deepest, huge)
    }
}
