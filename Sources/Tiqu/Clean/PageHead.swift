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

    /// Three or more headline-shaped body lines in a row above the article (no blank line between)
    /// are a list of other articles' headlines — a site's picks of the day — not its body.
    static let headlineRun = 3

    /// Head lines with where the cleaner put them and their line number in the scrape; `headline`
    /// marks a body line shaped like a headline (`isHeadline`).
    private var lines: [(text: String, place: Place, number: Int, headline: Bool)] = []
    private var done = false

    /// Records where a head line went, once the cleaner has placed it; on a byline (or, with no
    /// title yet, at the body's first paragraph), moves the title to the line above it.
    /// `characters`: the line's Characters where each of its scalars is one (nil: not known).
    mutating func note(
        _ line: String, _ verdict: LineClassifier.Verdict, characters: Int?, number: Int, clean: inout CleanText
    ) {
        guard !done else { return }
        switch verdict {
        case .body where Self.hasCharacters(line, characters, atLeast: Self.bodyStartChars):
            // No byline: the head's one title-shaped line right above the body is the title.
            dropHeadlineLists(&clean)
            if clean.meta.title == nil { retitle(&clean, alone: true) }
            done = true
        case .body:
            lines.append((line, .block(clean.blocks.count - 1), number, Self.isHeadline(line, characters: characters)))
        case .heading:
            lines.append((line, .block(clean.blocks.count - 1), number, false))
        case .chrome(let rule, _) where rule.role == .byline:
            let bareDate = line.unicodeScalars.allSatisfy { !$0.isHan || "年月日".unicodeScalars.contains($0) }
            retitle(&clean, alone: bareDate)
        case .chrome(let rule, _) where rule.role == .caption:
            let place: Place = clean.meta.title == line ? .title : .dropped(clean.dropped.count - 1)
            lines.append((line, place, number, Self.isHeadline(line, characters: characters)))
        case .chrome:
            break
        }
    }

    /// Whether a line has at least `n` Characters: `characters`, where its caller counted them, says.
    static func hasCharacters(_ line: String, _ characters: Int?, atLeast n: Int) -> Bool {
        characters.map { $0 >= n } ?? line.hasCharacters(atLeast: n)
    }

    /// A line of only a date, or the body itself, says less than a labelled byline: above it, the
    /// title must be `alone`, the head's only line long enough to be one (an issuer's two lines
    /// above a date are no title).
    private mutating func retitle(_ clean: inout CleanText, alone: Bool) {
        dropHeadlineLists(&clean)
        let candidates = lines.suffix(3).reversed().drop { !$0.text.hasCharacters(atLeast: Self.titleMinChars) }
        guard let (text, place, _, _) = candidates.first, Self.canBeTitle(text), isIntact(place, text, clean) else {
            return
        }
        if alone {
            // …and the first line kept above the body: a name above a description (拱墅区 /
            // 中国浙江省杭州市的市辖区) is an encyclopaedia's head, not a headline.
            guard lines.filter({ $0.text.hasCharacters(atLeast: Self.titleMinChars) }).count == 1,
                lines.first(where: { if case .block = $0.place { true } else { false } })?.text ?? text == text
            else { return }
        }
        done = true
        switch place {
        case .title:
            dropLinesAbove(text, &clean)
            return
        case .block(let i): clean.blocks.remove(at: i)
        case .dropped(let i): clean.dropped.remove(at: i)
        }
        if let old = clean.meta.title { clean.dropped.append(Dropped(text: old, rule: "text/not-the-title")) }
        clean.meta.title = text
        dropLinesAbove(text, &clean)
    }

    /// Whether a head line is still where it was put: a body line the layout's wrapping has since
    /// grown into a paragraph is the article's start, not a headline to take out of it.
    private func isIntact(_ place: Place, _ text: String, _ clean: CleanText) -> Bool {
        guard case .block(let i) = place else { return true }
        return i < clean.blocks.count && clean.blocks[i].text == text
    }

    /// Short lines kept above the title (a site's name, a spam heading) are the page's head, not body.
    private func dropLinesAbove(_ title: String, _ clean: inout CleanText) {
        guard let end = lines.firstIndex(where: { $0.text == title }) else { return }
        for (text, place, _, _) in lines[..<end].reversed() {
            guard case .block(let i) = place, i < clean.blocks.count, clean.blocks[i].text == text else { continue }
            clean.blocks.remove(at: i)
            clean.dropped.append(Dropped(text: text, rule: "text/above-title"))
        }
    }

    /// Drops each run of `headlineRun` or more headline lines in a row from the body (a list of
    /// other articles), so that the title and byline below them are read as the page's head.
    private mutating func dropHeadlineLists(_ clean: inout CleanText) {
        var listed = Set<Int>()  // indexes into `lines`
        var run: [Int] = []
        for k in lines.indices {
            if lines[k].headline, let last = run.last, lines[last].number + 1 == lines[k].number {
                run.append(k)
            } else {
                if run.count >= Self.headlineRun { listed.formUnion(run) }
                run = lines[k].headline ? [k] : []
            }
        }
        if run.count >= Self.headlineRun { listed.formUnion(run) }
        guard !listed.isEmpty else { return }
        if listed.contains(where: { if case .title = lines[$0].place { true } else { false } }),
            let title = clean.meta.title
        {
            clean.dropped.append(Dropped(text: title, rule: "text/headline-list"))
            clean.meta.title = nil
        }
        let blocks = listed.compactMap { k -> Int? in
            guard case .block(let i) = lines[k].place, isIntact(lines[k].place, lines[k].text, clean) else {
                return nil
            }
            return i
        }
        clean.dropped += blocks.sorted().map { Dropped(text: clean.blocks[$0].text, rule: "text/headline-list") }
        for i in blocks.sorted(by: >) { clean.blocks.remove(at: i) }
        lines = lines.indices.filter { !listed.contains($0) }.map { k in
            var line = lines[k]
            if case .block(let i) = line.place { line.place = .block(i - blocks.filter { $0 < i }.count) }
            return line
        }
    }

    /// A line of a list of headlines: title-shaped, of a headline's length, and without the
    /// clause marks or colons of prose and labels. `characters`: as in `note`.
    static func isHeadline(_ line: String, characters: Int? = nil) -> Bool {
        hasCharacters(line, characters, atLeast: titleMinChars)
            && !hasCharacters(line, characters, atLeast: headlineMaxChars + 1)
            && isTitleShaped(line, characters: characters)
            && !line.containsCharacter(in: clauseMarks) && !isDateLine(line)
    }
    static let headlineMaxChars = 40
    /// Marks of a clause (a headline has none) and of a path or a table frame (a title has none).
    static let clauseMarks: ScalarSet = ["，", "。", "；", "、", ",", ";", "：", ":"]
    static let pathMarks: ScalarSet = [">", "»", "›", "|", "｜"]

    /// A head line that can be the page's title: long enough to name something (导航, 版面概览 are
    /// labels), no breadcrumb (>> … >> 其他文件) and no table frame (词条 | 东坝镇 |).
    static func canBeTitle(_ line: String) -> Bool {
        line.hasCharacters(atLeast: titleMinChars) && isTitleShaped(line) && !line.containsCharacter(in: pathMarks)
            && !isDateLine(line) && !isMenu(line)
    }

    /// `首頁 社論 評論 地方新聞`: three or more words of a few characters each are a menu, however short.
    static func isMenu(_ line: String) -> Bool {
        // Three words need two spaces between them (a Character is white space by its first scalar).
        guard line.unicodeScalars.lazy.filter(\.isWhiteSpace).prefix(2).count == 2 else { return false }
        // Where every scalar is a Character of its own, the words are cut and counted without grapheme breaking.
        if line.scalarsAreCharacters { return isMenu(words: line.unicodeScalars.split(whereSeparator: \.isWhiteSpace)) }
        return isMenu(words: line.split(whereSeparator: \.isWhitespace))
    }

    /// Three or more words of four characters at most, however they were cut.
    private static func isMenu(words: [some Collection]) -> Bool {
        words.count >= 3 && words.allSatisfy { $0.count <= 4 }
    }

    /// `2020年09月30日 星期三`, `中華民國91年3月19日星期二`: a masthead's date, nothing to name.
    static func isDateLine(_ line: String) -> Bool {
        // Where every scalar is a Character, one that is no number, space or calendar word (nor a
        // compatibility ideograph, which may be one canonically) settles it: most lines.
        if line.scalarsAreCharacters, line.unicodeScalars.contains(where: { !mayBeInDate($0) }) { return false }
        return line.contains(where: \.isNumber)
            && line.allSatisfy { $0.isNumber || $0.isWhitespace || calendar.contains($0) }
    }

    /// The characters of a date line's calendar words, and its separators.
    static let calendar = "年月日星期一二三四五六天中华民国華國-/.:："
    static let calendarScalars = ScalarSet(Array(calendar.unicodeScalars))

    /// Whether a scalar, as a Character of its own, may stand in a date line. A compatibility
    /// ideograph may equal a calendar word canonically (U+F98E is 年): kept, though today no line
    /// that holds one has scalars that are all Characters.
    static func mayBeInDate(_ u: Unicode.Scalar) -> Bool {
        u.properties.numericType != nil || u.isWhiteSpace || calendarScalars.contains(u)
            || (0xF900...0xFAFF).contains(u.value) || (0x2F800...0x2FA1F).contains(u.value)
    }

    /// `characters`: as in `note`.
    static func isTitleShaped(_ line: String, characters: Int? = nil) -> Bool {
        guard !hasCharacters(line, characters, atLeast: titleMaxChars + 1), let last = line.last else { return false }
        let endsClause = last.unicodeScalars.count == 1 && clauseEnds.contains(last.unicodeScalars.first!)
        return !endsClause && line.unicodeScalars.contains { $0.isHan }
    }

    /// What a title does not end with, as scalars (with U+037E, which is canonically `;`, and no
    /// other Character equals one of them): compared, not searched for as Characters in a String.
    static let clauseEnds: ScalarSet = ["。", "；", ";", "\u{037E}", "，", ","]
}
