/// One document of a report as HTML: metadata, the text with its facts marked, the dropped chrome
/// beneath (collapsed), and for a test the expected text beside the found one.
struct DocumentSection {
    let entry: ReportEntry
    /// The document's number in the report, its anchor (`#d-12`).
    let number: Int

    var html: String {
        let record = entry.record
        var out = "<section class=\"doc\" id=\"d-\(number)\" data-id=\"\(record.id.escapedHTML)\">\n"
        out += "<h2><a href=\"#d-\(number)\">\(number).</a> \(record.id.escapedHTML)</h2>\n"
        out += meta
        if let error = record.error {
            out += "<p class=\"error\">\(error.code.escapedHTML): \(error.message.escapedHTML)</p>\n"
        } else {
            out += body
            out += dropped
        }
        return out + "</section>\n"
    }

    private var meta: String {
        let r = entry.record
        var rows: [(String, String)] = [("path", r.source.path.escapedHTML)]
        if let url = r.source.url {
            // Only web addresses become links: a scraped `javascript:` address stays text.
            let web = url.lowercased().hasPrefix("http://") || url.lowercased().hasPrefix("https://")
            rows.append(("url", web ? "<a href=\"\(url.escapedHTML)\">\(url.escapedHTML)</a>" : url.escapedHTML))
        }
        let fields = [
            ("title", r.meta.title), ("published", r.meta.published), ("outlet", r.meta.outlet),
            ("author", r.meta.author), ("editor", r.meta.editor), ("region", r.region),
            ("format", r.source.format?.rawValue), ("encoding", r.source.encoding),
        ]
        rows += fields.compactMap { name, value in value.map { (name, $0.escapedHTML) } }
        if let subject = r.subject {
            rows.append(("subject", (subject.name + (subject.code.map { " (\($0))" } ?? "")).escapedHTML))
        }
        if r.error == nil {
            let s = r.stats
            rows.append(
                (
                    "stats",
                    "\(s.chars) chars, \(s.paragraphs) paragraphs, \(s.sentences) sentences, \(r.facts.count) facts"
                ))
        }
        if let seconds = entry.seconds { rows.append(("time", Self.milliseconds(seconds))) }
        rows += r.warnings.map { ("warning", $0.escapedHTML) }
        rows += entry.notes.map { ("note", $0.escapedHTML) }
        let offSpan = r.error == nil && !r.text.isEmpty ? entry.offSpan.count : 0
        if offSpan > 0 {
            rows.append(("note", "\(offSpan) fact(s) do not fit the text at their span: not marked"))
        }
        let cells = rows.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined()
        return "<dl class=\"meta\">\(cells)</dl>\n"
    }

    private var body: String {
        let record = entry.record
        guard !record.text.isEmpty else { return "<p class=\"notext\">no text</p>\n" }
        let found = Self.textView(
            record.text, record.facts, status: entry.status, attribute: "data-fact", side: "found")
        guard let expected = entry.expected else { return found }
        let wanted = Self.textView(
            expected.text, expected.facts, status: expected.status, attribute: "data-expected", side: "expected")
        return "<div class=\"sides\"><div><h3>expected</h3>\(wanted)</div><div><h3>found</h3>\(found)</div></div>\n"
    }

    private var dropped: String {
        guard entry.droppedKnown else { return "" }
        let lines = entry.record.dropped
        guard !lines.isEmpty else { return "<p class=\"nodrop\">no chrome dropped</p>\n" }
        let items = lines.map { "<li><code>\($0.rule.escapedHTML)</code> \($0.text.escapedHTML)</li>" }.joined()
        return "<details class=\"dropped\"><summary>\(lines.count) line(s) of chrome dropped</summary>"
            + "<ol>\(items)</ol></details>\n"
    }

    /// A text with its facts marked: `attribute` names the fact's kind (`data-fact` on the found side,
    /// `data-expected` on the expected side of a test, so the found facts are counted once).
    static func textView(_ text: String, _ facts: [Fact], status: [Int: String], attribute: String, side: String)
        -> String
    {
        let scalars = Array(text.unicodeScalars)
        let highlights = facts.enumerated().filter { $0.element.fits(scalars) }.map { i, fact in
            let classes = "f k-\(fact.kind.singular)" + (status[i].map { " \($0)" } ?? "")
            let shared =
                " data-detail=\"\(detail(fact, status: status[i]).escapedHTML)\" title=\"\(title(fact).escapedHTML)\""
            return Highlight(
                start: fact.start, end: fact.end,
                attributes: " class=\"\(classes)\" \(attribute)=\"\(fact.kind.singular)\" data-start=\"\(fact.start)\""
                    + " data-end=\"\(fact.end)\"" + shared,
                continuation: " class=\"\(classes) cont\"" + shared)
        }
        return "<div class=\"text \(side)\">\(Highlighter.html(text, highlights))</div>"
    }

    /// A fact's fields for the detail panel (JSON, as the record writes it).
    static func detail(_ fact: Fact, status: String?) -> String {
        var object = [("kind", JSON.string(fact.kind.singular))]
        if let status { object.append(("status", .string(status))) }
        if case .object(let fields) = fact.json { object += fields }
        return JSON.object(object).serialized()
    }

    /// The hover text: the value as examples write it, the fields that are set, the rule.
    static func title(_ fact: Fact) -> String {
        let skipped: Set = ["text", "sentence", "start", "end", "rule", "value", "name", "title"]
        let fields = fact.value.fields.filter { $0.1 != .null && !skipped.contains($0.0) }
            .map { "\($0.0): \($0.1.plain)" }
        return ([fact.kind.singular + " " + fact.value.description] + fields + ["rule: " + fact.rule])
            .joined(separator: "\n")
    }

    static func milliseconds(_ seconds: Double) -> String { "\(Int((seconds * 1000).rounded())) ms" }
}
