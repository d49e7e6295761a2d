/// A span of a text to mark in a report: code points `start..<end`, the attributes of its element,
/// and those of the pieces it continues in when a later span crosses it.
struct Highlight {
    var start: Int
    var end: Int
    var attributes: String
    var continuation: String
}

/// HTML of a text with highlights as `<mark>` elements, the text itself untouched between them (so
/// the element's text content is the text). Nested spans nest; a span crossing another is closed
/// where the other must close and goes on in a continuation element, so each span has exactly one
/// element carrying its attributes.
enum Highlighter {
    /// Highlights off the text or empty are left out (the caller notes them).
    static func html(_ text: String, _ highlights: [Highlight]) -> String {
        let scalars = Array(text.unicodeScalars)
        let order = highlights.indices.filter { highlights[$0].start >= 0 && highlights[$0].end <= scalars.count }
            .filter { highlights[$0].start < highlights[$0].end }
            .sorted { (highlights[$0].start, -highlights[$0].end) < (highlights[$1].start, -highlights[$1].end) }
        var out = String.UnicodeScalarView()
        var open: [Int] = []
        var next = 0
        for p in 0...scalars.count {
            close(at: p, open: &open, highlights, into: &out)
            guard p < scalars.count else { break }
            while next < order.count, highlights[order[next]].start == p {
                out.append(contentsOf: "<mark\(highlights[order[next]].attributes)>".unicodeScalars)
                open.append(order[next])
                next += 1
            }
            escape(scalars[p], into: &out)
        }
        return String(out)
    }

    /// Closes the highlights that end at `p`; those opened inside one and going on past `p` reopen.
    private static func close(
        at p: Int, open: inout [Int], _ highlights: [Highlight], into out: inout String.UnicodeScalarView
    ) {
        while let k = open.firstIndex(where: { highlights[$0].end <= p }) {
            let above = open[(k + 1)...]
            for _ in 0...above.count { out.append(contentsOf: "</mark>".unicodeScalars) }
            let reopened = above.filter { highlights[$0].end > p }
            open.removeSubrange(k...)
            for j in reopened {
                out.append(contentsOf: "<mark\(highlights[j].continuation)>".unicodeScalars)
                open.append(j)
            }
        }
    }

    static func escape(_ scalar: Unicode.Scalar, into out: inout String.UnicodeScalarView) {
        switch scalar {
        case "&": out.append(contentsOf: "&amp;".unicodeScalars)
        case "<": out.append(contentsOf: "&lt;".unicodeScalars)
        case ">": out.append(contentsOf: "&gt;".unicodeScalars)
        case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
        default: out.append(scalar)
        }
    }
}

extension String {
    /// The string as HTML text or a quoted attribute value.
    var escapedHTML: String {
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars { Highlighter.escape(scalar, into: &out) }
        return String(out)
    }
}
