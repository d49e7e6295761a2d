import Foundation

/// Cleans a plain-text scrape line by line: each line is repaired (artifacts), then classified by
/// the chrome rules; body lines become paragraphs, table-like lines become rows.
struct TextCleaner {
    let classifier: LineClassifier
    /// When the document's time budget runs out: a 30 MB scrape must not hold its worker for long.
    let deadline: Deadline
    /// A caption-shaped line of place names only is a roster's item, not a caption.
    let gazetteer: Gazetteer
    /// A bracketed signature closing the article names its writer (`Rules/page.yaml`).
    let page: PageRules

    /// A line this long is reported: it is kept as one paragraph, but a user will want to know
    /// the scrape lost its line breaks.
    static let longLineWarning = 100_000

    /// Whether the text is a scrape, where a line may go for its shape alone (a caption, a run of
    /// short words); in clean text only what a line says drops it.
    var scrape = true

    /// Cleans a text. A text in which no rule finds page furniture by what a line says (no nav,
    /// byline or footer pattern, no artifact) and no short line stands between blank lines (where
    /// an image was) is already clean text — a paragraph, a list of figures — and a short line
    /// there is not a caption: every line is body (the first may still be the title, which opens
    /// the text all the same).
    func clean(_ text: String) throws(DocumentError) -> CleanText {
        var gaps = 0
        let scraped = try cleanLines(text, imageGaps: &gaps)
        guard scrape, gaps == 0, showsNoFurniture(scraped) else { return scraped }
        var plain = self
        plain.scrape = false
        var clean = try plain.cleanLines(text, imageGaps: &gaps)
        // A single line is the text, not a headline over nothing.
        if clean.blocks.isEmpty, let title = clean.meta.title {
            clean.blocks = [Self.block(title)]
            clean.meta.title = nil
        }
        return clean
    }

    /// Whether lines were dropped (or the text left no body), all as captions by their shape, and
    /// nothing else says the text is a scrape (a nav bar of short words does).
    func showsNoFurniture(_ clean: CleanText) -> Bool {
        return (!clean.dropped.isEmpty || clean.blocks.isEmpty)
            && clean.dropped.allSatisfy { classifier.captionShapes.contains($0.rule) }
            && clean.artifactsRemoved == 0 && clean.meta.published == nil && clean.meta.outlet == nil
            && clean.meta.editor == nil
    }

    /// Cleans line by line; `imageGaps` counts the lines dropped for their shape that stand
    /// between two blank lines inside the text.
    func cleanLines(_ text: String, imageGaps: inout Int) throws(DocumentError) -> CleanText {
        let longestRule = classifier.rules.map(\.maxChars).max() ?? 0
        var inHead = true
        var lineNumber = 0
        let lines = Block.lines(of: text)
        let blank = lines.map(Self.isBlank)  // asked of each line's neighbours: answered once a line
        func isBlank(_ i: Int) -> Bool { i < 0 || i >= lines.count || blank[i] }
        var clean = Self.emptyResult(lines: blank)
        var previousWasBody = false
        var head = PageHead()
        var credits = Meta()
        var label: String?  // a dropped label line (`索引号:`), whose value may come on the next line
        for (index, raw) in lines.enumerated() {
            lineNumber += 1
            try deadline.check(step: lineNumber, "cleaning line \(lineNumber) of \(lines.count)")
            var line = Self.trimmed(raw)
            guard !line.isEmpty else {
                previousWasBody = false
                continue
            }
            let count = line.scalarCount
            // A line this long is longer than any chrome rule: body, and by itself over the budget.
            if count > CleanText.maxBodyChars { throw CleanText.overBudget(count, "line \(lineNumber) alone has") }
            if count >= Self.longLineWarning {
                clean.warnings.append("line \(lineNumber) is \(count) characters long; kept as one paragraph")
            }
            // Each rule bounds its line length.
            let (repaired, removed, credit) = classifier.repairWithCredits(line, scalarCount: count)
            line = repaired
            clean.artifactsRemoved += removed
            let besideBlank = isBlank(index - 1) || isBlank(index + 1)
            let folded = count > longestRule ? nil : Fold.lineMatchingCounted(line)
            var verdict = folded.map { self.verdict(line, $0, inHead: inHead, besideBlank: besideBlank) } ?? .body
            let characters = folded?.characters  // counted by the fold: nil where a scalar is no Character alone
            if let label, verdict.isBody { verdict = labelValue(line, after: label) ?? verdict }
            // In clean text a line dropped for its shape alone is body; the head reads on as if it were dropped.
            let shapeOnly = isShapeOnly(line, verdict, inHead: inHead, clean: clean)
            if shapeOnly { verdict = .body }
            let byPattern = verdict.isPatternChrome  // asked once: each asking copies the rule
            label = Self.isLabel(line, droppedByPattern: byPattern) ? line : nil
            // A line the page's layout wrapped continues the paragraph above it, unless a pattern
            // says what the line is (来源:…): a shape alone (a short tail) does not.
            if previousWasBody, Self.endsInWrappedParagraph(clean.blocks), !byPattern {
                Self.joinWrapped(&clean.blocks[clean.blocks.count - 1].text, line)
                credits.fill(from: credit)
                continue
            }
            previousWasBody = verdict.isBody
            if verdict.isBody { credits.fill(from: credit) }
            let (droppedBefore, wasHead) = (clean.dropped.count, inHead)
            place(line, verdict, characters: characters, inHead: &inHead, clean: &clean)
            if shapeOnly { inHead = wasHead }
            let dropped = clean.dropped.count > droppedBefore && !byPattern
            if dropped, index > 0, index + 1 < lines.count, isBlank(index - 1), isBlank(index + 1) { imageGaps += 1 }
            // A line dropped for its shape alone is unseen by the head, like a drop.
            if !shapeOnly { head.note(line, verdict, characters: characters, number: index, clean: &clean) }
        }
        return withAuthor(clean, credits: credits)
    }

    /// A result with nothing in it yet and room made once: each line that is not blank makes one
    /// block or one dropped line at most (appending grew both a doubling at a time).
    static func emptyResult(lines blank: [Bool]) -> CleanText {
        var clean = CleanText(blocks: [], meta: Meta(), dropped: [], artifactsRemoved: 0, warnings: [])
        let filled = blank.lazy.filter { !$0 }.count
        clean.blocks.reserveCapacity(filled)
        clean.dropped.reserveCapacity(filled)
        return clean
    }

    /// Whether every Character of a line is white space. A Character is white space by its first
    /// scalar: a scalar that is neither white space nor joined to the one before it answers the
    /// question without grapheme breaking. Read off the UTF-8 (an indented line starts with spaces).
    static func isBlank(_ line: Substring) -> Bool {
        let answer = line.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            var i = 0
            while i < bytes.count {
                let (u, width) = bytes.scalar(at: i)
                guard u.isWhiteSpace else { return u.isCharacterAlone ? false : nil }
                i += width
            }
            return true
        }
        return answer.flatMap { $0 } ?? line.allSatisfy { $0.isWhitespace || $0 == "\u{3000}" }
    }

    /// A line without `edgeSpace` at either end: cut from the text by UTF-8 offsets, so that its
    /// bytes are copied, not validated again as bytes made into a String are.
    static func trimmed(_ line: Substring) -> String {
        let utf8 = line.utf8
        guard let kept = utf8.withContiguousStorageIfAvailable({ $0.withoutEdges(in: edgeSpace) }) else {
            return line.trimming(edgeSpace)
        }
        guard !kept.isEmpty else { return "" }
        guard kept.count < utf8.count else { return String(line) }  // most lines: nothing to trim
        let start = utf8.index(utf8.startIndex, offsetBy: kept.lowerBound)
        return String(line[start..<utf8.index(start, offsetBy: kept.count)])
    }

    /// A label line a pattern dropped, ending in a colon with nothing after it: a form whose
    /// values sit on the lines below their labels (an information card).
    static func isLabel(_ line: String, droppedByPattern: Bool) -> Bool {
        guard droppedByPattern, let last = line.last else { return false }
        return last == ":" || last == "："
    }

    /// The verdict on a short line under a label, read together with the label (`来源:` then
    /// `某某网` is a byline naming the outlet): a label's value goes with it.
    func labelValue(_ line: String, after label: String) -> LineClassifier.Verdict? {
        guard line.hasCharacters(atMost: PageHead.bodyStartChars),
            !line.unicodeScalars.contains(where: Self.clauseMarks.contains)
        else {
            return nil
        }
        let joined = label + " " + line
        let verdict = classifier.classify(joined, matching: Fold.lineMatching(joined), inHead: true, shapes: false)
        return verdict.isPatternChrome ? verdict : nil
    }

    /// Whether, in clean text, a line would go for its shape alone (a caption that is not the title).
    func isShapeOnly(_ line: String, _ verdict: LineClassifier.Verdict, inHead: Bool, clean: CleanText) -> Bool {
        guard !scrape, case .chrome(let rule, _) = verdict, !isTitle(line, rule, inHead: inHead, clean: clean) else {
            return false
        }
        return rule.pattern == nil
    }

    /// Whether a line this rule drops becomes the title: the first caption-shaped line above the body.
    func isTitle(_ line: String, _ rule: ChromeRule, inHead: Bool, clean: CleanText) -> Bool {
        rule.role == .caption && inHead && clean.meta.title == nil && PageHead.canBeTitle(line)
    }

    /// Puts a classified line where it belongs: a body paragraph or row, a kept heading, the
    /// title (the first caption-shaped line above the body), or the dropped lines with its metadata.
    /// `characters`: the line's Characters where each of its scalars is one (nil: not known).
    func place(
        _ line: String, _ verdict: LineClassifier.Verdict, characters: Int?, inHead: inout Bool, clean: inout CleanText
    ) {
        switch verdict {
        case .body:
            clean.blocks.append(Self.block(line, characters: characters))
            // Short headline-shaped lines (a subtitle, a list of other headlines) leave the head open.
            inHead =
                inHead && !PageHead.hasCharacters(line, characters, atLeast: PageHead.bodyStartChars)
                && PageHead.isTitleShaped(line, characters: characters)
        case .heading:
            // A section label inside a flattened table (`分产业 |`) stays part of the table.
            let row = Self.block(line, characters: characters)
            clean.blocks.append(row.kind == .tableRow ? row : Block(.heading, line: line))
        case .chrome(let rule, let meta):
            if isTitle(line, rule, inHead: inHead, clean: clean) {
                clean.meta.title = line
            } else {
                clean.dropped.append(Dropped(text: line, rule: rule.id))
                clean.meta.fill(from: meta)
            }
        }
    }

    /// Without a byline's author, a reporter's credit the repairs deleted from the body
    /// (`(通讯员:林小海)`), else a bracketed signature closing the article, names the writer.
    func withAuthor(_ clean: CleanText, credits: Meta) -> CleanText {
        var clean = clean
        // The signature may close only the last paragraphs: the others are not copied out.
        let last = clean.blocks.lazy.filter { $0.kind == .paragraph }.map(\.text).suffix(Signature.lastBlocks)
        clean.meta.author =
            clean.meta.author ?? page.creditAuthor(credits) ?? Signature(rules: page).author(in: Array(last))
        return clean
    }

    /// The chrome rules' verdict on a line, except that a caption-shaped line of place names only,
    /// below the title, is a roster's item (嘉兴市嘉善县西塘镇) and stays body.
    /// `folded` is the line's matching form and its Characters (`Fold.lineMatchingCounted`).
    func verdict(_ line: String, _ folded: (matching: String, characters: Int?), inHead: Bool, besideBlank: Bool)
        -> LineClassifier.Verdict
    {
        let (matching, characters) = folded
        let length = characters ?? classifier.length(of: matching)
        let verdict = classifier.classify(
            line, matching: matching, length: length, inHead: inHead, shapes: true, besideBlank: besideBlank)
        // Names need t2s's phrases (乾縣 is 乾县, not 干县): the few caption lines get the full fold.
        if !inHead, case .chrome(let rule, _) = verdict, rule.role == .caption,
            gazetteer.isChainOfUnits(Fold.matching(line))
        {
            return .body
        }
        return verdict
    }

    /// A paragraph line this long that stops mid-sentence was wrapped by the page's layout (print
    /// yearbooks, PDF exports); a shorter one is a heading or a label that merely lacks a full stop.
    static let wrappedLineChars = 12

    /// Where a sentence may end; a wrapped line ends anywhere else. As scalars, with U+037E, which
    /// is canonically `;` (no other Character equals one of them): compared, not hashed as Characters.
    static let lineEnders: ScalarSet = [
        "。", "！", "？", "；", "!", "?", ";", "\u{037E}", "…", "”", "」", "』", "）", ")", ":", "：", "|", "]", "】",
    ]

    /// Whether a Character is one of `lineEnders`.
    static func endsSentence(_ c: Character) -> Bool {
        c.unicodeScalars.count == 1 && lineEnders.contains(c.unicodeScalars.first!)
    }

    /// Only prose wraps: a line without a comma or full stop (a breadcrumb, a row of menu words, a
    /// headline) ends where it ends, and the line after it starts afresh.
    static func isWrapped(_ line: String) -> Bool {
        guard !line.isEmpty else { return false }
        let last = lastScalarAlone(of: line)
        guard !(last.map(lineEnders.contains) ?? endsSentence(line.last!)),
            line.hasCharacters(atLeast: wrappedLineChars), holdsClauseMark(line)
        else { return false }
        // A line ending in Han wraps, number or not (一, 二): the numeric type is looked up only otherwise.
        if line.unicodeScalars.last?.isHan == true { return true }
        let isNumber = last.map { $0.properties.numericType != nil } ?? line.last!.isNumber
        return !isNumber
    }

    /// A line's last Character where it is its last scalar, told without grapheme breaking: a
    /// Character of its own after one that is too, or alone in the line (`isCharacterAlone`: no
    /// grapheme breaking joins two such), as in nearly every line; nil otherwise. Read off the
    /// UTF-8's last bytes. A Character of one scalar is a number as the scalar's numeric type says.
    static func lastScalarAlone(of line: String) -> Unicode.Scalar? {
        var line = line
        return line.withUTF8 { bytes in
            func start(before end: Int) -> Int {
                var i = end - 1
                while bytes[i] & 0xC0 == 0x80 { i -= 1 }  // back to the scalar's lead byte
                return i
            }
            guard !bytes.isEmpty else { return nil }
            let at = start(before: bytes.count)
            let last = bytes.scalar(at: at).0
            guard last.isCharacterAlone, at == 0 || bytes.scalar(at: start(before: at)).0.isCharacterAlone else {
                return nil
            }
            return last
        }
    }

    /// Whether the line holds one of `clauseMarks`: on its UTF-8, where ASCII is compared and the
    /// Han of U+5000–U+9FFF (none of the marks) is passed by its lead byte, as most of a line is.
    static func holdsClauseMark(_ line: String) -> Bool {
        var line = line
        return line.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b < 0x80 {
                    if b == UInt8(ascii: ",") || b == UInt8(ascii: ";") { return true }
                    i += 1
                    continue
                }
                if b.leadsCommonHan {
                    i += 3
                    continue
                }
                let (u, width) = bytes.scalar(at: i)
                if clauseMarks.contains(u) { return true }
                i += width
            }
            return false
        }
    }

    /// As scalars, with U+037E, which is canonically `;`.
    static let clauseMarks: ScalarSet = ["，", "。", "；", "、", ",", ";", "\u{037E}"]

    /// Whether the last block is a paragraph the page's layout wrapped (`isWrapped`).
    static func endsInWrappedParagraph(_ blocks: [Block]) -> Bool {
        guard let last = blocks.last else { return false }
        return last.kind == .paragraph && isWrapped(last.text)
    }

    /// Appends a wrapped line to its paragraph, in place, so that a paragraph of thousands of wrapped
    /// lines (a PDF export) is not copied at each one. Words of Latin letters keep a space between them.
    static func joinWrapped(_ paragraph: inout String, _ line: String) {
        if endsInLatinLetter(paragraph), startsWithLatinLetter(line) { paragraph.append(" ") }
        paragraph.append(line)
    }

    /// Whether a text's last Character is an ASCII letter: read off its last scalar where that is
    /// a Character of its own (`lastScalarAlone`), by grapheme breaking otherwise.
    static func endsInLatinLetter(_ text: String) -> Bool {
        if let last = lastScalarAlone(of: text) { return last.isASCIILetter }
        return text.last.map { $0.isASCII && $0.isLetter } ?? false
    }

    /// Whether a text's first Character is an ASCII letter: its first byte is one, and the scalar
    /// after it (if any) a Character of its own; by grapheme breaking where that scalar is not.
    static func startsWithLatinLetter(_ text: String) -> Bool {
        var text = text
        let answer = text.withUTF8 { bytes -> Bool? in
            guard let first = bytes.first, Unicode.Scalar(first).isASCIILetter else { return false }
            return bytes.count == 1 || bytes.scalar(at: 1).0.isCharacterAlone ? true : nil
        }
        return answer ?? text.first.map { $0.isASCII && $0.isLetter } ?? false
    }

    /// White space, line ends and the byte order mark (U+3000 and U+200B are white space already).
    static let edgeSpace: ScalarSet = ScalarSet.whitespacesAndNewlines.union(["\u{FEFF}"])

    /// Whether a line holds a cell separator at all: a tab, three spaces, or a bar between spaces
    /// (looked for only where `holdsBar`: most lines without a bar have a space).
    static func hasColumnGap(_ line: String, holdsBar: Bool) -> Bool {
        var bytes = line
        let (gap, bar) = bytes.withUTF8 { bytes in
            var (i, spaces) = (0, 0)
            while i < bytes.count {
                // Passed eight bytes at a time up to a tab or space: most of a line is neither.
                let next = ByteWord.skipUnmarked(bytes, from: i) { word in
                    ByteWord.bytes(equalTo: 0x09, in: word) | ByteWord.bytes(equalTo: 0x20, in: word)
                }
                if next > i { spaces = 0 }  // the bytes passed are neither
                guard next < bytes.count else { break }
                if bytes[next] == 0x09 { return (true, false) }
                spaces = bytes[next] == 0x20 ? spaces + 1 : 0
                if spaces == 3 { return (true, false) }
                i = next + 1
            }
            return (false, holdsBar && Self.barBetweenSpaces.withUnsafeBufferPointer { bytes.contains(bytes: $0) })
        }
        // The bytes of " | " are there; as Characters, a mark after the space would make it none
        // (asked of Foundation only then: its search costs thousands of instructions a line).
        return gap || (bar && (line.scalarsAreCharacters || line.contains(" | ")))
    }

    private static let barBetweenSpaces = Array(" | ".utf8)

    /// Whether the line holds a bar, a tab or a space: a byte any cell separator needs.
    static func mayHoldCells(_ line: String) -> Bool {
        var line = line
        return line.withUTF8 { bytes in
            let seen = ByteWord.skipUnmarked(bytes, from: 0) { word in
                ByteWord.bytes(equalTo: UInt8(ascii: "|"), in: word) | ByteWord.bytes(equalTo: 0x09, in: word)
                    | ByteWord.bytes(equalTo: 0x20, in: word)
            }
            return bytes[seen...].contains { $0 == UInt8(ascii: "|") || $0 == 0x09 || $0 == 0x20 }
        }
    }

    /// A line laid out in columns (gaps of several spaces, tabs or bars, three cells at least) is a table row;
    /// so is a line of a flattened table, whose cells stand between bars (`第一产业 | 159948 | 7.4 |`).
    /// `line` is one of the text's lines (`Block.lines(of:)`): it holds no line break. `characters`:
    /// its Characters where its caller knows each of its scalars is one (nil: not known).
    static func block(_ line: String, characters: Int? = nil) -> Block {
        // Every cell separator holds a bar, a tab or a space; most Chinese lines have none, and
        // splitting them three times over was a fifth of the cleaner's time. They are looked for
        // eight bytes at a time first.
        guard mayHoldCells(line) else { return Block(.paragraph, line: line) }
        let hasBar = line.containsLiteral("|")
        // Looked for only where the bars make no row: most lines with bars are rows.
        lazy var hasGap = Self.hasColumnGap(line, holdsBar: hasBar)
        guard hasBar || hasGap else { return Block(.paragraph, line: line) }
        // Where every scalar is a character of its own, cells are cut on bytes; a mark or joiner
        // can join a separator into a wider character (`|` + U+200C), and then cells are cut at
        // character boundaries only, by Characters and Foundation.
        let byBytes = characters != nil || line.scalarsAreCharacters
        if hasBar {
            let (cells, row) = byBytes ? barRow(line) : barRowByCharacters(line)
            if cells >= 2 || ((line.hasPrefix("|") || line.hasSuffix("|")) && cells == 1) {
                return Block(.tableRow, line: row)
            }
        }
        guard hasGap else { return Block(.paragraph, line: line) }
        let (cells, row) = byBytes ? gapRow(line) : gapRowByCharacters(line)
        return cells >= 3 ? Block(.tableRow, line: row) : Block(.paragraph, line: line)
    }

    /// What a line is cut at for columns, in turn: each piece of a cut is cut again by the next.
    static let columnGaps = ["\t", "   ", " | "]

    /// A line's columns: the cells between its gaps (`columnGaps`), trimmed, those that hold
    /// something joined by tabs, and their count. For a line whose scalars are all Characters:
    /// cut on its bytes, with no string per piece (most such lines are prose with a wide space),
    /// and the cells made strings only for a row.
    static func gapRow(_ line: String) -> (cells: Int, row: String) {
        var line = line
        return line.withUTF8 { bytes in
            var cells: [Range<Int>] = []
            func cut(_ piece: Range<Int>, atGap gap: Int) {
                guard gap < columnGapBytes.count else {
                    let cell = bytes.withoutEdges(in: .whitespaces, of: piece)
                    if !cell.isEmpty { cells.append(cell) }
                    return
                }
                let separator = columnGapBytes[gap]
                var (start, at) = (piece.lowerBound, piece.lowerBound)
                while let hit = bytes.firstIndex(of: separator[0], in: at..<piece.upperBound) {
                    guard hit + separator.count <= piece.upperBound,
                        bytes[hit..<(hit + separator.count)].elementsEqual(separator)
                    else {
                        at = hit + 1
                        continue
                    }
                    cut(start..<hit, atGap: gap + 1)
                    (start, at) = (hit + separator.count, hit + separator.count)
                }
                cut(start..<piece.upperBound, atGap: gap + 1)
            }
            cut(0..<bytes.count, atGap: 0)
            guard cells.count >= 3 else { return (cells.count, "") }
            let row = cells.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
            return (cells.count, row.joined(separator: "\t"))
        }
    }

    private static let columnGapBytes = columnGaps.map { Array($0.utf8) }

    /// `gapRow` cut at Characters, by Foundation, for a line where a mark or joiner may hold a gap.
    static func gapRowByCharacters(_ line: String) -> (cells: Int, row: String) {
        var pieces = [line[...]]
        for gap in columnGaps {
            pieces = pieces.flatMap { $0.components(separatedBy: gap).map { Substring($0) } }
        }
        let cells = nonEmptyCells(pieces)
        return (cells.count, cells.joined(separator: "\t"))
    }

    /// A flattened table's row: the cells between its bars, trimmed, those that hold something
    /// joined by tabs, and their count. For a line whose scalars are all Characters: cut on its
    /// bytes and written into one string, with no string per cell.
    static func barRow(_ line: String) -> (cells: Int, row: String) {
        var line = line
        var cells = 0
        let row = line.withUTF8 { bytes in
            // Written straight into the row's string: its cells and tabs take no more bytes than the
            // line's cells and bars.
            String(unsafeUninitializedCapacity: bytes.count) { out in
                var (n, start) = (0, 0)
                while start <= bytes.count {
                    // The next bar, passed up to eight bytes at a time.
                    var end = ByteWord.skipUnmarked(bytes, from: start) {
                        ByteWord.bytes(equalTo: UInt8(ascii: "|"), in: $0)
                    }
                    while end < bytes.count, bytes[end] != UInt8(ascii: "|") { end += 1 }
                    let cell = bytes.withoutEdges(in: .whitespaces, of: start..<end)
                    start = end + 1
                    guard !cell.isEmpty else { continue }
                    if cells > 0 {
                        out[n] = 0x09
                        n += 1
                    }
                    n = out[n...].initialize(fromContentsOf: bytes[cell])
                    cells += 1
                }
                return n
            }
        }
        return (cells, row)
    }

    /// `barRow` cut at Characters, for a line where a mark or joiner may hold a bar.
    static func barRowByCharacters(_ line: String) -> (cells: Int, row: String) {
        let cells = nonEmptyCells(line.split(separator: "|"))
        return (cells.count, cells.joined(separator: "\t"))
    }

    /// The trimmed cells that hold something.
    private static func nonEmptyCells(_ pieces: [Substring]) -> [String] {
        pieces.map { $0.trimming(.whitespaces) }.filter { !$0.isEmpty }
    }
}
