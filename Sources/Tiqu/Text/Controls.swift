import Foundation

/// Control characters in scraped text. HTML5 reads a numeric character reference in 0x80–0x9F
/// (`&#147;`, `&#x94;`) as the windows-1252 character of that byte (“ ” – …), since pages
/// written in that code page meant those; libxml2 gives the C1 control instead. And no record's
/// text should carry a C0 or C1 control: they are invisible, and break the tools users pipe
/// records into.
public enum Controls {
    /// The windows-1252 characters of bytes 0x80–0x9F, as HTML5's table gives them (five bytes
    /// have none and stay the control they name, which the text then drops).
    static let windows1252: [Unicode.Scalar] = [
        "\u{20AC}", "\u{81}", "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", "\u{8D}", "\u{017D}", "\u{8F}",
        "\u{90}", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", "\u{9D}", "\u{017E}", "\u{0178}",
    ]

    /// The HTML with its references to 0x80–0x9F (`&#147;`, `&#x93;`, with or without leading
    /// zeros) written as the characters HTML5 reads them as. Pages without one come back as they
    /// are, after one pass over the bytes (most pages have `&#160;` and the like, few have these).
    public static func withC1ReferencesMapped(_ html: String) -> String {
        var html = html
        let mapped = html.withUTF8 { bytes -> String? in
            var out: [UInt8] = []
            var copied = 0
            var i = 0
            // memchr finds each `&`; the page is copied only from its first C1 reference on.
            while let amp = bytes.firstIndex(of: UInt8(ascii: "&"), in: i..<bytes.count) {
                i = amp + 1
                guard let (value, end) = reference(bytes, at: amp), (0x80...0x9F).contains(value) else { continue }
                out += bytes[copied..<amp]
                out += Array(String(windows1252[value - 0x80]).utf8)
                (copied, i) = (end, end)
            }
            guard copied > 0 else { return nil }
            return String(decoding: out + bytes[copied...], as: UTF8.self)
        }
        return mapped ?? html
    }

    /// An ASCII digit's value (hex digits too when `hex`).
    static func digitValue(_ b: UInt8, hex: Bool) -> Int? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: Int(b - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: Int(b - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    /// The value of a numeric reference starting at `i` and where it ends (after `;`), if any.
    static func reference(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> (Int, Int)? {
        guard i + 3 < s.count, s[i + 1] == UInt8(ascii: "#") else { return nil }
        let hex = s[i + 2] | 0x20 == UInt8(ascii: "x")
        let start = i + (hex ? 3 : 2)
        var j = start, value = 0
        while j < s.count, j - start < 8, let digit = digitValue(s[j], hex: hex) {
            value = value * (hex ? 16 : 10) + digit
            j += 1
        }
        guard j > start, j < s.count, s[j] == UInt8(ascii: ";") else { return nil }
        return (value, j + 1)
    }

    /// Whether a scalar is a C0 or C1 control other than tab and line feed.
    public static func isControl(_ s: Unicode.Scalar) -> Bool {
        (s.value < 0x20 && s != "\t" && s != "\n") || s.value == 0x7F || (0x80...0x9F).contains(s.value)
    }

    /// The text without C0 and C1 controls (tab and line feed kept).
    public static func removed(from text: String) -> String {
        // On the bytes first: a C0 control or DEL is one byte below 0x20 or 0x7F, a C1 control the
        // pair 0xC2 0x80–0x9F, so a text without them is passed over once, eight bytes at a time
        // up to a byte that may start one (tab and line feed are looked at and passed), and returned.
        var copy = text
        let any = copy.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                i = ByteWord.skipUnmarked(bytes, from: i) { word in
                    ByteWord.bytes(below: 0x20, in: word) | ByteWord.bytes(equalTo: 0x7F, in: word)
                        | ByteWord.bytes(equalTo: 0xC2, in: word)
                }
                guard i < bytes.count else { break }
                let b = bytes[i]
                if (b < 0x20 && b != 0x09 && b != 0x0A) || b == 0x7F { return true }
                // A C2 lead is a control only before 0x80–0x9F.
                if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] < 0xA0 { return true }
                i += 1
            }
            return false
        }
        guard any else { return text }
        return String(scalars: text.unicodeScalars.filter { !isControl($0) })
    }
}
