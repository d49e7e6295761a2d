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
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the serialization's UTF-8 to `out`: bytes, so that a record of a thousand small
    /// values is not a thousand string appends.
    public func write(to out: inout [UInt8]) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .int(let i): JSON.writeInt(i, to: &out)
        case .double(let d): JSON.writeDouble(d, to: &out)
        case .string(let s): JSON.writeString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            JSON.writeMembers(pairs, to: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// An object's members without its braces, for a writer that adds members of its own.
    public static func writeMembers(_ pairs: [(String, JSON)], to out: inout [UInt8]) {
        for (i, (key, value)) in pairs.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSON.writeString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            value.write(to: &out)
        }
    }

    /// A number: whole values under 10^15 without a fraction, others as Swift prints them, and
    /// `null` for what JSON cannot write (infinities, NaN).
    static func writeDouble(_ d: Double, to out: inout [UInt8]) {
        guard d.isFinite else {
            out += "null".utf8
            return
        }
        if d == d.rounded() && abs(d) < 1e15 {
            writeInt(Int(d), to: &out)
        } else {
            out += "\(d)".utf8
        }
    }

    /// The bytes that may need an escape: a control, a quote, a backslash, the lead byte of U+2028/9.
    static let mayEscape: [Bool] = (0...255).map { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }

    /// A string in quotes, escaped where JSON must (controls, quote, backslash) and where
    /// JavaScript reads a line end (U+2028, U+2029); runs between escapes are copied whole.
    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        let mayEscape = Self.mayEscape
        s.withUTF8 { bytes in
            var run = 0
            var i = 0
            while i < bytes.count {
                guard mayEscape[Int(bytes[i])] else {
                    i += 1
                    continue
                }
                let (escape, width) = escaped(bytes, at: i)
                guard let escape else {
                    i += 1
                    continue
                }
                out += UnsafeBufferPointer(rebasing: bytes[run..<i])
                out += escape.utf8
                i += width
                run = i
            }
            out += UnsafeBufferPointer(rebasing: bytes[run...])
        }
        out.append(UInt8(ascii: "\""))
    }

    /// An integer's decimal digits, written without a String.
    static func writeInt(_ i: Int, to out: inout [UInt8]) {
        if i < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = i.magnitude
        var divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        } while divisor > 0
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
