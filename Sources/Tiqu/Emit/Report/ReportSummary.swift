/// The head of a report: counts of documents, errors by code, facts by kind, the most frequent
/// attributes and units as bars, the slowest documents, and for a test the differences.
struct ReportSummary {
    let entries: [ReportEntry]
    /// The page file that holds document `i` (0-based), for links.
    let page: (Int) -> String

    /// Rows of the bar charts.
    static let top = 12

    var html: String {
        let records = entries.filter { $0.record.error == nil }
        let facts = records.flatMap(\.record.facts)
        let quantities = facts.compactMap(\.value.quantity)
        var out = "<section class=\"summary\"><h2>Summary</h2><div class=\"cards\">\n"
        out += table(
            "Documents",
            [("documents", entries.count), ("records", records.count), ("errors", entries.count - records.count)]
                + counts(entries.compactMap(\.record.error?.code)).map { ("error: " + $0.0, $0.1) })
        out += table(
            "Facts by kind", FactKind.allCases.map { kind in (kind.rawValue, facts.filter { $0.kind == kind }.count) })
        out += differences
        out += bars("Most frequent attributes", counts(quantities.compactMap(\.attribute)))
        out += bars("Most frequent units", counts(quantities.map(\.unit)))
        out += slowest
        return out + "</div></section>\n"
    }

    /// Items by how often they occur, most frequent first, then by name.
    private func counts(_ items: [String]) -> [(String, Int)] {
        var seen: [String: Int] = [:]
        for item in items { seen[item, default: 0] += 1 }
        return seen.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
    }

    private func table(_ heading: String, _ rows: [(String, Int)]) -> String {
        let cells = rows.map { "<tr><td>\($0.0.escapedHTML)</td><td class=\"n\">\($0.1)</td></tr>" }.joined()
        return "<div class=\"card\"><h3>\(heading)</h3><table>\(cells)</table></div>\n"
    }

    private func bars(_ heading: String, _ rows: [(String, Int)]) -> String {
        guard let most = rows.first?.1 else { return "" }
        let cells = rows.prefix(Self.top).map { name, count in
            let width = Int((Double(count) / Double(most) * 100).rounded())
            return "<tr><td>\(name.escapedHTML)</td><td class=\"bar\"><span style=\"width:\(width)%\"></span></td>"
                + "<td class=\"n\">\(count)</td></tr>"
        }.joined()
        return "<div class=\"card wide\"><h3>\(heading)</h3><table class=\"bars\">\(cells)</table></div>\n"
    }

    private var differences: String {
        let tested = entries.filter { $0.expected != nil }
        guard !tested.isEmpty else { return "" }
        let found = tested.flatMap { Array($0.status.values) }
        let expected = tested.flatMap { Array($0.expected?.status.values ?? [:].values) }
        return table(
            "Against expected",
            [
                ("missing", expected.filter { $0 == "missing" }.count),
                ("unexpected", found.filter { $0 == "unexpected" }.count),
                ("changed", found.filter { $0 == "changed" }.count),
            ])
    }

    private var slowest: String {
        let timed = entries.indices.filter { entries[$0].seconds != nil }
            .sorted { entries[$0].seconds! > entries[$1].seconds! }.prefix(10)
        guard !timed.isEmpty else { return "" }
        let rows = timed.map { i in
            "<tr><td><a href=\"\(page(i).escapedHTML)#d-\(i + 1)\">\(entries[i].record.id.escapedHTML)</a></td>"
                + "<td class=\"n\">\(DocumentSection.milliseconds(entries[i].seconds!))</td></tr>"
        }.joined()
        return "<div class=\"card\"><h3>Slowest documents</h3><table>\(rows)</table></div>\n"
    }
}
