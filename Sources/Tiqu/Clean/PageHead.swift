/// The lines of a text scrape above its body, kept so that a byline can name the title above it.
///
/// A scrape's first short line is often not the article's title but a share prompt, a spam heading or
/// a caption; the title is the line right above the byline (`[日期:…] 来源:… 作者:…`). When a byline
/// comes while the body has not started, the title-shaped line just above it (skipping labels of a
/// few characters) becomes the title, taken back from the body or the dropped lines.
struct PageHead {
    enum Place { case block(Int), dropped(Int), title }
    /// A body line this long has started the article: bylines after it no longer move the title.
    static let bodyStartChars = 40
    /// A title names something: shorter lines above a byline are labels (创始人, 作者).
    static let titleMinChars = 6
    static let titleMaxChars = 60

    private var lines: [(text: String, place: Place)] = []
    private var done = false

    /// Records where a head line went; on a byline, moves the title to the line above it.
    mutating func note(_ line: String, _ verdict: LineClassifier.Verdict, clean: inout CleanText) {
        guard !done else { return }
        switch verdict {
        case .body:
            if line.count >= Self.bodyStartChars {
                done = true
            } else {
                lines.append((line, .block(clean.blocks.count)))
            }
        case .heading:
            lines.append((line, .block(clean.blocks.count)))
        case .chrome(let rule, _):
            if rule.role == .byline {
                let bareDate = line.unicodeScalars.allSatisfy { !$0.isHan || "年月日".unicodeScalars.contains($0) }
                retitle(&clean, bareDate: bareDate)
            } else if rule.role == .caption {
                lines.append((line, clean.meta.title == nil ? .title : .dropped(clean.dropped.count)))
            }
        }
    }

    /// A line of only a date says less than a labelled byline: above it, the title must be the
    /// head's only line long enough to be one (an issuer's two lines above a date are no title).
    private mutating func retitle(_ clean: inout CleanText, bareDate: Bool) {
        let candidates = lines.suffix(3).reversed().drop { $0.text.count < Self.titleMinChars }
        if bareDate, lines.filter({ $0.text.count >= Self.titleMinChars }).count != 1 { return }
        guard let (text, place) = candidates.first, Self.isTitleShaped(text) else { return }
        done = true
        switch place {
        case .title: return
        case .block(let i): clean.blocks.remove(at: i)
        case .dropped(let i): clean.dropped.remove(at: i)
        }
        if let old = clean.meta.title { clean.dropped.append(Dropped(text: old, rule: "text/not-the-title")) }
        clean.meta.title = text
        dropLinesAbove(text, &clean)
    }

    /// Short lines kept above the title (a site's name, a spam heading) are the page's head, not body.
    private func dropLinesAbove(_ title: String, _ clean: inout CleanText) {
        guard let end = lines.firstIndex(where: { $0.text == title }) else { return }
        for (text, place) in lines[..<end].reversed() {
            guard case .block(let i) = place, i < clean.blocks.count, clean.blocks[i].text == text else { continue }
            clean.blocks.remove(at: i)
            clean.dropped.append(Dropped(text: text, rule: "text/above-title"))
        }
    }

    static func isTitleShaped(_ line: String) -> Bool {
        guard line.count <= titleMaxChars, let last = line.last else { return false }
        return !"。；;，,".contains(last) && line.unicodeScalars.contains { $0.isHan }
    }
}
