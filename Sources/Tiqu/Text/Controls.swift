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
    /// zeros) written as the characters HTML5 reads them as.
    public static func withC1ReferencesMapped(_ html: String) -> String {
        guard html.utf8.contains(UInt8(ascii: "&")), html.contains("&#") else { return html }
        var out = String.UnicodeScalarView()
        let scalars = Array(html.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "&", let (value, end) = reference(scalars, at: i), (0x80...0x9F).contains(value) {
                out.append(windows1252[value - 0x80])
                i = end
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }

    /// The value of a numeric reference starting at `i` and where it ends (after `;`), if any.
    static func reference(_ s: [Unicode.Scalar], at i: Int) -> (Int, Int)? {
        guard i + 3 < s.count, s[i + 1] == "#" else { return nil }
        let hex = s[i + 2] == "x" || s[i + 2] == "X"
        var j = i + (hex ? 3 : 2)
        var value = 0
        let start = j
        while j < s.count, j - start < 8, let digit = Int(String(s[j]), radix: hex ? 16 : 10) {
            value = value * (hex ? 16 : 10) + digit
            j += 1
        }
        guard j > start, j < s.count, s[j] == ";" else { return nil }
        return (value, j + 1)
    }

    /// Whether a scalar is a C0 or C1 control other than tab and line feed.
    public static func isControl(_ s: Unicode.Scalar) -> Bool {
        (s.value < 0x20 && s != "\t" && s != "\n") || s.value == 0x7F || (0x80...0x9F).contains(s.value)
    }

    /// The text without C0 and C1 controls (tab and line feed kept).
    public static func removed(from text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !isControl($0) }))
    }
}
