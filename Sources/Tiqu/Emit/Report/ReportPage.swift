/// A review page of records: one self-contained HTML file (inline CSS and script, no network) per
/// `perPage` documents, each with the summary of all of them, links to the others, and the documents.
public struct ReportPage: Sendable {
    /// The heading, and the first page's file name (`report.html`; later pages `report-2.html` …).
    public var title: String
    public var fileName: String
    public var perPage: Int
    /// What made the report (`tiqu 0.9.0`).
    public var generator: String

    public init(title: String, fileName: String, generator: String, perPage: Int = 500) {
        self.title = title
        self.fileName = fileName
        self.generator = generator
        self.perPage = max(1, perPage)
    }

    /// The name of page `n` (0-based): `report.html`, `report-2.html`, …
    public func name(ofPage n: Int) -> String {
        guard n > 0 else { return fileName }
        let base = fileName.hasSuffix(".html") ? String(fileName.dropLast(5)) : fileName
        return "\(base)-\(n + 1).html"
    }

    /// The pages' HTML, in order (at least one, even for no documents).
    public func pages(_ entries: [ReportEntry]) -> [String] {
        let summary = ReportSummary(entries: entries, page: { name(ofPage: $0 / perPage) }).html
        let count = max(1, (entries.count + perPage - 1) / perPage)
        return (0..<count).map { n in
            let range = (n * perPage)..<min(entries.count, (n + 1) * perPage)
            let sections = range.map { DocumentSection(entry: entries[$0], number: $0 + 1).html }.joined()
            return page(n, of: count, total: entries.count, summary: summary, sections: sections)
        }
    }

    private func page(_ n: Int, of count: Int, total: Int, summary: String, sections: String) -> String {
        let kinds = FactKind.allCases.map {
            "<label class=\"k-\($0.singular)\"><input type=\"checkbox\" checked data-kind=\"\($0.singular)\"> "
                + "\($0.singular)</label>"
        }.joined(separator: " ")
        return """
            <!DOCTYPE html>
            <html lang="zh"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="\(generator.escapedHTML)">
            <title>\(title.escapedHTML)\(count > 1 ? " (\(n + 1)/\(count))" : "")</title>
            <style>\(ReportAssets.css)</style></head>
            <body>
            <header><h1>\(title.escapedHTML)</h1><p class="by">\(generator.escapedHTML)</p>
            <p class="kinds">highlight: \(kinds)</p>\(navigation(n, of: count, total: total))</header>
            \(summary)
            <main>
            \(sections)</main>
            <aside id="detail" hidden><button type="button" id="close">×</button><table></table></aside>
            <script>\(ReportAssets.script)</script>
            </body></html>

            """
    }

    private func navigation(_ n: Int, of count: Int, total: Int) -> String {
        guard count > 1 else { return "" }
        let links = (0..<count).map { i in
            let first = i * perPage + 1, last = min(total, (i + 1) * perPage)
            return i == n
                ? "<b>\(first)–\(last)</b>" : "<a href=\"\(name(ofPage: i).escapedHTML)\">\(first)–\(last)</a>"
        }
        return "<nav>documents: \(links.joined(separator: " "))</nav>"
    }
}
