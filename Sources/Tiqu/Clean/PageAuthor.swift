import Foundation

/// Whether a value found where an author should be is a person's name, trimmed to the name: a
/// value Tiqu is unsure of is better null than wrong. Cut at what follows a name on a byline (a
/// tab, a wide gap, a colon and an affiliation); refused when it is markup (`size="20"`), an
/// account id (`L_104485`), a web address, a sentence (an interview question), or too long.
enum PersonName {
    /// No byline names more than this many characters: several names with separators at most.
    static let maxChars = 30
    /// Characters no name holds: markup, sentence punctuation, addresses.
    static let foreign: Set<Character> = [
        "=", "\"", "<", ">", "{", "}", "@", "，", "。", "？", "！", "；", ",", "?", "!", ";", "|", "｜",
    ]

    /// What ends a name on a byline, a web address's ending, an account id: compiled once (a
    /// string search with `.regularExpression` compiles its pattern on every call).
    static let fieldBreak = try! NSRegularExpression(pattern: #"\t|\s{2,}|　|[:：]"#)
    static let webDomain = try! NSRegularExpression(pattern: #"\.(com|cn|net|org|gov|edu)\b"#)
    static let accountID = try! NSRegularExpression(pattern: #"^[A-Za-z]*_?\d{3,}$"#)

    /// Where `regex` first matches `text`.
    static func firstMatch(_ regex: NSRegularExpression, in text: String) -> Range<String.Index>? {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)).flatMap { Range($0.range, in: text) }
    }

    static func cleaned(_ raw: String) -> String? {
        var value = raw.trimming(.whitespacesAndNewlines)
        // What follows a tab, two spaces, a full-width space or a colon is another field of the line.
        if let cut = firstMatch(fieldBreak, in: value) { value = String(value[..<cut.lowerBound]) }
        var name = value.trimming(.whitespaces)
        guard !name.isEmpty, name.count <= maxChars, !name.contains(where: foreign.contains) else { return nil }
        let lower = name.lowercased()
        guard !lower.hasPrefix("http"), !lower.hasPrefix("www."), firstMatch(webDomain, in: lower) == nil,
            firstMatch(accountID, in: name) == nil
        else { return nil }
        // Two Han characters spaced apart to line up with three-character names (赵 培) are one name.
        let parts = name.split(separator: " ")
        if parts.count == 2, parts.allSatisfy({ $0.count == 1 && $0.unicodeScalars.allSatisfy(\.isHan) }) {
            name = parts.joined()
        }
        return name
    }
}

extension PageRules {
    /// The author a credit repaired out of the body names (`(通讯员:林小海)`), trimmed as a byline's
    /// is, and never a word that is no name (a bracketed `(待续)` is deleted the same way).
    func creditAuthor(_ credits: Meta) -> String? {
        credits.author.flatMap(PersonName.cleaned).flatMap { NameLine.isNames($0, rules: self) ? $0 : nil }
    }
}

extension HTMLCleaner {
    /// The signature closing the article's paragraphs (see `Signature`).
    func signature(paragraphs: [Paragraph], article: PageDates.Article?) -> String? {
        guard let article else { return nil }
        let from = max(article.start, article.end - Signature.lastBlocks + 1)
        return Signature(rules: page).author(in: paragraphs[from...article.end].map(\.text))
    }

    /// The writer's name on its own line under the title (see `NameLine`).
    func nameLine(
        _ doc: FlatDocument, paragraphs: [Paragraph], clean: CleanText, title: String?,
        article: PageDates.Article?
    ) -> String? {
        guard let article else { return nil }
        let plain = clean.blocks.map(\.text) + clean.dropped.filter { $0.rule == "html/widget-label" }.map(\.text)
        let line = NameLine(paragraphs: paragraphs, doc: doc, plain: plain, rules: page)
        return line.author(head: article.head, start: article.start, title: title)
    }

    /// An author tag is the page's author only when the page shows the name, alone (a profile
    /// link) or in a line that is not all links: a tag naming the site's owner or its software
    /// (`Discuz! Team`) is not on the page, or only inside a link to the maker's site.
    static func isShown(_ name: String, paragraphs: [Paragraph], doc: FlatDocument) -> Bool {
        paragraphs.contains { p in
            p.text.trimming(.whitespaces) == name
                || (p.text.contains(name) && !doc.runs[p.runs].allSatisfy(\.inLink))
        }
    }
}

/// The writer's name on a line of its own under the title (`胡平`, `赵延东、风笑天`), as essays and
/// papers print it: a line between the title and the first paragraphs holding nothing but one to
/// `maxNames` names of two or three Han characters (four-character lines are mostly section
/// titles; four-character names are rare), not a link and not a word `page.yaml` says is no name
/// (a section word, a button's label).
struct NameLine {
    static let maxNames = 5
    /// How many paragraphs from the article's first one the name line may sit.
    static let reach = 1
    static let separators: Set<Character> = [" ", "、", "　"]

    let paragraphs: [HTMLCleaner.Paragraph]
    let doc: FlatDocument
    /// Lines the cleaner kept, or dropped for their shortness alone (`html/widget-label`): a line
    /// dropped for chrome markup (a share button's 微信, a footer's 新华社) is no name line.
    let plain: [String]
    let rules: PageRules

    /// The first name line after paragraph `head` (or `reach` above the first paragraph `start` when
    /// the title is not found) and up to `reach` paragraphs into the body (which the cleaner may
    /// have kept it in, or the title repeated as a heading may open); never a heading or bold line.
    func author(head: Int, start: Int, title: String?) -> String? {
        let from = max(0, min(head + 1, start - Self.reach)), to = min(start + Self.reach, paragraphs.count - 1)
        guard from <= to else { return nil }
        var plainLines: Set<String>?  // made only for a line that is names: most pages have none
        for p in paragraphs[from...to] where Self.mayBeNames(p.text) {
            let text = p.text.trimming(.whitespaces)
            if let title, title.contains(text) { continue }
            guard p.kind != .heading, !doc.runs[p.runs].contains(where: { $0.inLink || $0.bold }),
                Self.isNames(text, rules: rules)
            else { continue }
            plainLines = plainLines ?? Set(plain.map { $0.trimming(.whitespaces) })
            guard plainLines!.contains(text) else { continue }
            return text
        }
        return nil
    }

    /// Whether every scalar may be part of a name line (Han, white space, a separator): most
    /// paragraphs fail within a few scalars, before any trimming or splitting.
    static func mayBeNames(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.isHan || $0.isWhiteSpace || $0 == "、" }
    }

    /// One to `maxNames` names of two or three Han characters, none of them a word that is no name.
    static func isNames(_ text: String, rules: PageRules) -> Bool {
        let names = text.split { separators.contains($0) }
        return (1...maxNames).contains(names.count)
            && names.allSatisfy { name in
                (2...3).contains(name.count) && name.unicodeScalars.allSatisfy(\.isHan)
                    && !rules.refuses(name)
            }
    }
}

/// The writer's signature in brackets closing the article (`…新春佳节。（常书香 马丹阳）`,
/// `（姚峰 上海报道）`, `(信报记者 蔡雪婧)`): the names a `page.yaml` signature pattern finds at the
/// very end of one of the last body blocks, when they are names (`NameLine.isNames`) and not a
/// word that closes articles without naming anyone (完, 待续).
struct Signature {
    /// How many blocks from the end the signature may close (a note or an editor line may follow).
    static let lastBlocks = 2
    let rules: PageRules

    /// The signature closing one of the last `lastBlocks` of `texts` (the article's paragraphs as
    /// the page has them: the cleaner deletes bracketed credits from its blocks).
    func author(in texts: [String]) -> String? {
        for text in texts.suffix(Self.lastBlocks).reversed() {
            let text = text.trimming(.whitespaces)
            // Most paragraphs end with a stop, where no signature ends: they are not read for words.
            guard rules.signatures.contains(where: { $0.mayEnd(text) }) else { continue }
            let may = rules.signatureFilter.candidates(in: text, length: 0)
            for (i, pattern) in rules.signatures.enumerated() where !may[i].isEmpty {
                guard let match = pattern.firstMatch(in: text), let names = text.slice(match.range(at: 1))
                else { continue }
                let trimmed = names.trimming(.whitespaces)
                if !rules.notNames.contains(trimmed), NameLine.isNames(trimmed, rules: rules) {
                    return trimmed
                }
            }
        }
        return nil
    }
}
