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

    /// Records where a head line went, once the cleaner has placed it; on a byline (or, with no
    /// title yet, at the body's first paragraph), moves the title to the line above it.
    mutating func note(_ line: String, _ verdict: LineClassifier.Verdict, clean: inout CleanText) {
        guard !done else { return }
        switch verdict {
        case .body where line.count >= Self.bodyStartChars:
            // No byline: the head's one title-shaped line right above the body is the title.
            if clean.meta.title == nil { retitle(&clean, alone: true) }
            done = true
        case .body, .heading:
            lines.append((line, .block(clean.blocks.count - 1)))
        case .chrome(let rule, _) where rule.role == .byline:
            let bareDate = line.unicodeScalars.allSatisfy { !$0.isHan || "年月日".unicodeScalars.contains($0) }
            retitle(&clean, alone: bareDate)
        case .chrome(let rule, _) where rule.role == .caption:
            lines.append((line, clean.meta.title == line ? .title : .dropped(clean.dropped.count - 1)))
        case .chrome:
            break
        }
    }

    /// A line of only a date, or the body itself, says less than a labelled byline: above it, the
    /// title must be `alone`, the head's only line long enough to be one (an issuer's two lines
    /// above a date are no title).
    private mutating func retitle(_ clean: inout CleanText, alone: Bool) {
        let candidates = lines.suffix(3).reversed().drop { $0.text.count < Self.titleMinChars }
        guard let (text, place) = candidates.first, Self.canBeTitle(text) else { return }
        if alone {
            // …and the first line kept above the body: a name above a description (拱墅区 /
            // 中国浙江省杭州市的市辖区) is an encyclopaedia's head, not a headline.
            guard lines.filter({ $0.text.count >= Self.titleMinChars }).count == 1,
                lines.first(where: { if case .block = $0.place { true } else { false } })?.text ?? text == text
            else { return }
        }
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

    /// A head line that can be the page's title: long enough to name something (导航, 版面概览 are
    /// labels), no breadcrumb (>> … >> 其他文件) and no table frame (词条 | 东坝镇 |).
    static func canBeTitle(_ line: String) -> Bool {
        line.count >= titleMinChars && isTitleShaped(line) && !line.contains(where: { ">»›|｜".contains($0) })
    }

    static func isTitleShaped(_ line: String) -> Bool {
        guard line.count <= titleMaxChars, let last = line.last else { return false }
        return !"。；;，,".contains(last) && line.unicodeScalars.contains { $0.isHan }
    }
}
