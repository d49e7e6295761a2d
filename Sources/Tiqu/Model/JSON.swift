/// A JSON value whose objects keep their keys in the order written, so records read the same every run.
public enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.double(x), .double(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// `.string` for a present value, `.null` for nil.
    public static func optional(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }

    /// Compact UTF-8 serialization: no whitespace, CJK and other non-ASCII left unescaped.
    public func serialized() -> String {
        let line = JSONBytes()
        write(to: line)
        return String(decoding: line.bytes, as: UTF8.self)
    }

    /// Appends the serialization's UTF-8 to `out`.
    public func write(to out: inout [UInt8]) {
        let line = JSONBytes()
        write(to: line)
        out += line.bytes
    }

    /// Appends the serialization's UTF-8 to `out`: bytes, so that a record of a thousand small
    /// values is not a thousand string appends.
    func write(to out: JSONBytes) {
        switch self {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .int(let i): JSON.writeInt(i, to: out)
        case .double(let d): JSON.writeDouble(d, to: out)
        case .string(let s): JSON.writeString(s, to: out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            JSON.writeMembers(pairs, to: out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// An object's members without its braces, for a writer that adds members of its own.
    public static func writeMembers(_ pairs: [(String, JSON)], to out: inout [UInt8]) {
        let line = JSONBytes()
        writeMembers(pairs, to: line)
        out += line.bytes
    }

    static func writeMembers(_ pairs: [(String, JSON)], to out: JSONBytes) {
        for (i, (key, value)) in pairs.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSON.writeString(key, to: out)
            out.append(UInt8(ascii: ":"))
            value.write(to: out)
        }
    }

    /// A number: whole values under 10^15 without a fraction, others as Swift prints them, and
    /// `null` for what JSON cannot write (infinities, NaN).
    static func writeDouble(_ d: Double, to out: JSONBytes) {
        guard d.isFinite else {
            out.append("null")
            return
        }
        if d == d.rounded() && abs(d) < 1e15 {
            writeInt(Int(d), to: out)
        } else {
            out.append(utf8Of: "\(d)")
        }
    }

    /// Whether a byte may start what a JSON line escapes: a control, a quote, a backslash, or the
    /// lead of U+2028 and U+2029 (and of the other three-byte scalars from U+2000 to U+2FFF).
    @inline(__always) static func mayEscape(_ b: UInt8) -> Bool { b < 0x20 || b == 0x22 || b == 0x5C || b == 0xE2 }

    /// The top bit of each byte of the word that `mayEscape` takes (the lowest one marked always is).
    @inline(__always) static func escapeMarks(_ word: UInt64) -> UInt64 {
        ByteWord.bytes(below: 0x20, in: word) | ByteWord.bytes(equalTo: 0x22, in: word)
            | ByteWord.bytes(equalTo: 0x5C, in: word) | ByteWord.bytes(equalTo: 0xE2, in: word)
    }

    /// A string in quotes, escaped where JSON must (controls, quote, backslash) and where
    /// JavaScript reads a line end (U+2028, U+2029); runs between escapes are copied whole, and
    /// read up to a byte that may need one eight bytes at a time.
    static func writeString(_ s: String, to out: JSONBytes) {
        out.append(UInt8(ascii: "\""))
        // Read in place: `withUTF8` would need a copy of the string to mutate, a retain and release a value.
        if s.utf8.withContiguousStorageIfAvailable({ writeEscaped($0, to: out) }) == nil {
            var s = s
            s.withUTF8 { writeEscaped($0, to: out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A string's UTF-8 with its escapes, without the quotes.
    static func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: JSONBytes) {
        var run = 0
        var i = 0
        while i < bytes.count {
            i = ByteWord.skipUnmarked(bytes, from: i, escapeMarks)
            guard i < bytes.count else { break }
            guard mayEscape(bytes[i]) else {
                i += 1
                continue
            }
            let (escape, width) = escaped(bytes, at: i)
            guard let escape else {
                i += 1
                continue
            }
            out.append(UnsafeBufferPointer(rebasing: bytes[run..<i]))
            out.append(utf8Of: escape)
            i += width
            run = i
        }
        out.append(UnsafeBufferPointer(rebasing: bytes[run...]))
    }

    /// An integer's decimal digits, written without a String. A record's numbers (offsets, counts)
    /// are short: their digits are gathered in one word and stored at once, not a digit at a time.
    static func writeInt(_ i: Int, to out: JSONBytes) {
        if i < 0 { out.append(UInt8(ascii: "-")) }
        if i.magnitude < eightDigits {
            out.append(digits(i.magnitude, atLeast: 1))
        } else {
            writeDigits(i.magnitude, to: out)
        }
    }

    static let eightDigits: UInt = 100_000_000

    /// A long number's digits, eight at a time.
    static func writeDigits(_ n: UInt, to out: JSONBytes) {
        if n >= eightDigits {
            writeDigits(n / eightDigits, to: out)
            out.append(digits(n % eightDigits, atLeast: 8))
        } else {
            out.append(digits(n, atLeast: 1))
        }
    }

    /// The digits of `n` (below 10^8), the first in the lowest byte, padded with zeros to `width`.
    @inline(__always) static func digits(_ n: UInt, atLeast width: Int) -> (word: UInt64, count: Int) {
        var (n, word, count) = (n, UInt64(0), 0)
        repeat {
            word = word << 8 | UInt64(UInt8(ascii: "0") + UInt8(n % 10))
            n /= 10
            count += 1
        } while n > 0 || count < width
        return (word, count)
    }

    /// The escape of the character whose UTF-8 starts at `i`, and how many bytes it replaces.
    @inline(__always) static func escaped(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (String?, Int) {
        let b = bytes[i]
        switch b {
        case UInt8(ascii: "\""): return ("\\\"", 1)
        case UInt8(ascii: "\\"): return ("\\\\", 1)
        case UInt8(ascii: "\n"): return ("\\n", 1)
        case UInt8(ascii: "\r"): return ("\\r", 1)
        case UInt8(ascii: "\t"): return ("\\t", 1)
        case 0..<0x20:
            let hex = String(b, radix: 16)
            return ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex, 1)
        case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
            return (bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 3)
        default: return (nil, 1)
        }
    }
}

/// A JSON text being written: bytes appended into memory that doubles as it fills. A record is a
/// thousand small pieces (keys, nulls, numbers), and an array's `append(contentsOf:)` checks
/// uniqueness and capacity and copies through a generic path for each; here it is a capacity check
/// and a copy. One line per writer, never shared between threads.
final class JSONBytes {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written so far.
    var bytes: [UInt8] { [UInt8](UnsafeBufferPointer(start: base, count: count)) }

    @inline(__always) func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always) func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).initialize(from: from, count: bytes.count)
        count += bytes.count
    }

    @inline(__always) func append(_ literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    func append(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { append($0) } }

    /// The first `count` bytes of a word (the first in its lowest byte), stored as one word.
    @inline(__always) func append(_ word: (word: UInt64, count: Int)) {
        reserve(8)
        UnsafeMutableRawPointer(base + count).storeBytes(of: word.word.littleEndian, as: UInt64.self)
        count += word.count
    }

    /// `opener`, then `"name":`, written in place with one capacity check: a record has over a
    /// thousand keys. The name is the code's own ASCII, with nothing to escape.
    @inline(__always) func appendKey(_ name: StaticString, after opener: UInt8) {
        let n = name.utf8CodeUnitCount
        reserve(n + 4)
        let at = base + count
        (at[0], at[1], at[n + 2], at[n + 3]) = (opener, UInt8(ascii: "\""), UInt8(ascii: "\""), UInt8(ascii: ":"))
        (at + 2).initialize(from: name.utf8Start, count: n)
        count += n + 4
    }

    /// `appendKey`, then `null`, after the same one capacity check: most of a quantity's fields are absent.
    @inline(__always) func appendNull(_ name: StaticString, after opener: UInt8) {
        reserve(name.utf8CodeUnitCount + 8)
        appendKey(name, after: opener)
        let at = base + count
        (at[0], at[1], at[2], at[3]) = (UInt8(ascii: "n"), UInt8(ascii: "u"), UInt8(ascii: "l"), UInt8(ascii: "l"))
        count += 4
    }

    func append(utf8Of text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    @inline(__always) private func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    private func grow(to needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: base, count: count)
        base.deallocate()
        (base, capacity) = (moved, larger)
    }
}
