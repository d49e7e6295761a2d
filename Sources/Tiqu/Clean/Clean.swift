/// Clean: a decoded page → body blocks, metadata and the list of what was removed.
/// HTML goes through libxml2 and block scoring; text scrapes through the line classifier.
/// Both use the same chrome rules, so a byline or footer is recognised the same way in either.
public struct Clean: Stage {
    let classifier: LineClassifier
    let hints: HTMLHints
    let gazetteer: Gazetteer
    let pageRules: PageRules

    public init(rules: RuleBook) {
        classifier = LineClassifier(rules: rules.chrome)
        hints = rules.html
        gazetteer = rules.gazetteer
        pageRules = rules.page
    }

    public func run(_ page: DecodedPage) throws(DocumentError) -> CleanText {
        try run(page, deadline: nil)
    }

    /// Cleans the page, giving up with `budget_exceeded` once `deadline` passes.
    public func run(_ page: DecodedPage, deadline: ContinuousClock.Instant?) throws(DocumentError) -> CleanText {
        var clean: CleanText
        let deadline = Deadline(deadline)
        switch page.format {
        case .text:
            clean = try TextCleaner(classifier: classifier, deadline: deadline, gazetteer: gazetteer, page: pageRules)
                .clean(page.text)
        case .html:
            if let problem = MarkupLimits.problem(in: page.text) {
                throw DocumentError("too_complex", "\(problem); such a page is not parsed")
            }
            var cleaner = HTMLCleaner(hints: hints, classifier: classifier, page: pageRules, deadline: deadline)
            cleaner.pageURL = page.source.url
            guard let result = try cleaner.clean(page.text) else {
                throw DocumentError("html_unparsable", "libxml2 found no document element in the HTML")
            }
            clean = result
            if !Self.hasClosingTag(page.text) {
                clean.warnings.append("the HTML ends without </html> or </body>: the page may be truncated")
            }
        }
        clean.meta.title = clean.meta.title.map(Self.withoutPhotoMark)
        // No control characters in a record's text (a mis-decoded byte, a stray escape).
        for i in clean.blocks.indices { clean.blocks[i].text = Controls.removed(from: clean.blocks[i].text) }
        if clean.blocks.isEmpty {
            let what = clean.meta.title == nil ? "no body text found" : "no body text under the headline"
            clean.warnings.append("\(what) (\(clean.dropped.count) block(s) dropped as chrome)")
        }
        Self.openWithTitle(&clean)
        return clean
    }

    /// The headline opens the text, as the page shows it: its facts are the page's facts too
    /// (FACTS.md counts a headline's quantities), and a span in it is a span in `text`. It is
    /// added once: not when the body already opens with it.
    static func openWithTitle(_ clean: inout CleanText) {
        guard let title = clean.meta.title?.trimming(.whitespaces), !title.isEmpty,
            !title.unicodeScalars.contains(where: Self.startsNewline),
            clean.blocks.first.map({ !HTMLCleaner.sameTitle($0.text, title) }) ?? true
        else { return }
        clean.blocks.insert(Block(.heading, title), at: 0)
    }

    /// Whether a scalar makes its Character a line break (`Character.isNewline`, which reads the
    /// first scalar): each of them is a control, which always starts a Character of its own.
    static func startsNewline(_ u: Unicode.Scalar) -> Bool {
        (0x0A...0x0D).contains(u.value) || u.value == 0x85 || u.value == 0x2028 || u.value == 0x2029
    }

    /// `…会议召开[图]`, `…所需(组图)`: a list page's mark that the story has photos, not part of its title.
    static func withoutPhotoMark(_ title: String) -> String {
        let trimmed = title.trimming(.whitespaces)
        for mark in ["[图]", "(图)", "（图）", "[组图]", "(组图)", "（组图）", "【图】", "【组图】"] where trimmed.hasSuffix(mark) {
            return String(trimmed.dropLast(mark.count)).trimming(.whitespaces)
        }
        return trimmed
    }

    /// Whether the page's last 2 KB close its body or document (`</html`, `</BODY`): on bytes,
    /// lowered as ASCII, as the tags are written.
    static func hasClosingTag(_ html: String) -> Bool {
        let tail = html.utf8.suffix(2048).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        return tail.contains(bytes: "</html") || tail.contains(bytes: "</body")
    }
}
