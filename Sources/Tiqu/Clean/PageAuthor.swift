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

    static func cleaned(_ raw: String) -> String? {
        var value = Substring(raw.trimmingCharacters(in: .whitespacesAndNewlines))
        // What follows a tab, two spaces, a full-width space or a colon is another field of the line.
        if let cut = value.range(of: #"\t|\s{2,}|　|[:：]"#, options: .regularExpression) {
            value = value[..<cut.lowerBound]
        }
        var name = String(value).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= maxChars, !name.contains(where: foreign.contains) else { return nil }
        let lower = name.lowercased()
        guard !lower.hasPrefix("http"), !lower.hasPrefix("www."),
            lower.range(of: #"\.(com|cn|net|org|gov|edu)\b"#, options: .regularExpression) == nil,
            name.range(of: #"^[A-Za-z]*_?\d{3,}$"#, options: .regularExpression) == nil
        else { return nil }
        // Two Han characters spaced apart to line up with three-character names (赵 培) are one name.
        let parts = name.split(separator: " ")
        if parts.count == 2, parts.allSatisfy({ $0.count == 1 && $0.unicodeScalars.allSatisfy(\.isHan) }) {
            name = parts.joined()
        }
        return name
    }
}

extension HTMLCleaner {
    /// The signature closing the article's paragraphs (see `Signature`).
    func signature(_ doc: FlatDocument, paragraphs: [Paragraph], clean: CleanText, title: String?) -> String? {
        guard let article = PageDates(paragraphs: paragraphs, doc: doc).article(body: clean.blocks, title: title)
        else { return nil }
        let from = max(article.start, article.end - Signature.lastBlocks + 1)
        return Signature.author(in: paragraphs[from...article.end].map(\.text))
    }

    /// The writer's name on its own line under the title (see `NameLine`).
    func nameLine(_ doc: FlatDocument, paragraphs: [Paragraph], clean: CleanText, title: String?) -> String? {
        guard let article = PageDates(paragraphs: paragraphs, doc: doc).article(body: clean.blocks, title: title)
        else { return nil }
        let plain = Set(
            clean.blocks.map(\.text) + clean.dropped.filter { $0.rule == "html/widget-label" }.map(\.text)
        ).map { $0.trimmingCharacters(in: .whitespaces) }
        let line = NameLine(paragraphs: paragraphs, doc: doc, plain: Set(plain))
        return line.author(head: article.head, start: article.start, title: title)
    }

    /// An author tag is the page's author only when the page shows the name, alone (a profile
    /// link) or in a line that is not all links: a tag naming the site's owner or its software
    /// (`Discuz! Team`) is not on the page, or only inside a link to the maker's site.
    static func isShown(_ name: String, paragraphs: [Paragraph], doc: FlatDocument) -> Bool {
        paragraphs.contains { p in
            p.text.trimmingCharacters(in: .whitespaces) == name
                || (p.text.contains(name) && !doc.runs[p.runs].allSatisfy(\.inLink))
        }
    }
}

/// The writer's name on a line of its own under the title (`胡平`, `赵延东、风笑天`), as essays and
/// papers print it: a line between the title and the first paragraphs holding nothing but one to
/// `maxNames` names of two or three Han characters (four-character lines are mostly section
/// titles; four-character names are rare), not a link and not a section word.
struct NameLine {
    static let maxNames = 5
    /// How many paragraphs from the article's first one the name line may sit.
    static let reach = 1
    /// Words that stand alone near a title without being anyone's name: section words and the
    /// labels of a page's buttons.
    static let sectionWords: Set<String> = [
        "前言", "引言", "摘要", "导语", "序言", "目录", "正文", "概述", "简介", "按语", "编者按", "提要", "作者", "全文",
        "图集", "图片", "视频", "音频", "评论", "分享", "收藏", "打印", "关闭", "返回", "字号", "阅读", "点赞", "转发", "举报",
        "纠错", "专题", "更多", "推荐", "热点", "首页",
    ]
    static let separators: Set<Character> = [" ", "、", "　"]

    let paragraphs: [HTMLCleaner.Paragraph]
    let doc: FlatDocument
    /// Lines the cleaner kept, or dropped for their shortness alone (`html/widget-label`): a line
    /// dropped for chrome markup (a share button's 微信, a footer's 新华社) is no name line.
    let plain: Set<String>

    /// The first name line after paragraph `head` (or `reach` above the first paragraph `start` when
    /// the title is not found) and up to `reach` paragraphs into the body (which the cleaner may
    /// have kept it in, or the title repeated as a heading may open); never a heading or bold line.
    func author(head: Int, start: Int, title: String?) -> String? {
        let from = max(0, min(head + 1, start - Self.reach)), to = min(start + Self.reach, paragraphs.count - 1)
        guard from <= to else { return nil }
        for p in paragraphs[from...to] {
            let text = p.text.trimmingCharacters(in: .whitespaces)
            if let title, title.contains(text) { continue }
            guard plain.contains(text), p.kind != .heading, !doc.runs[p.runs].contains(where: { $0.inLink || $0.bold }),
                Self.isNames(text)
            else { continue }
            return text
        }
        return nil
    }

    static func isNames(_ text: String) -> Bool {
        let names = text.split { separators.contains($0) }
        return (1...maxNames).contains(names.count)
            && names.allSatisfy { name in
                (2...3).contains(name.count) && name.unicodeScalars.allSatisfy(\.isHan)
                    && !sectionWords.contains(String(name))
            }
    }
}

/// The writer's signature in brackets closing the article (`…新春佳节。（常书香 马丹阳）`,
/// `（姚峰 上海报道）`, `(信报记者 蔡雪婧)`): names of two or three Han characters, perhaps after a
/// reporter's title and before a place's 报道, at the very end of one of the last body blocks.
enum Signature {
    /// How many blocks from the end the signature may close (a note or an editor line may follow).
    static let lastBlocks = 2
    static let pattern =
        #"[（(]\s*(?:\p{Han}{0,6}记者\s*)?(\p{Han}{2,3}(?:[ 、]\p{Han}{2,3}){0,3})(?:\s*\p{Han}{2,4}报道)?\s*[)）]$"#
    /// Bracketed words that end articles without naming anyone.
    static let notNames: Set<String> = [
        "完", "待续", "未完", "未完待续", "全文完", "续完", "组图", "资料图", "原创", "转载", "新华社", "中新社", "本报讯", "图片",
    ]

    /// The signature closing one of the last `lastBlocks` of `texts` (the article's paragraphs as
    /// the page has them: the cleaner deletes bracketed credits from its blocks).
    static func author(in texts: [String]) -> String? {
        for text in texts.suffix(lastBlocks).reversed() {
            let text = text.trimmingCharacters(in: .whitespaces)
            guard let match = text.range(of: pattern, options: .regularExpression) else { continue }
            let inner = String(text[match]).dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
            var names = inner
            if let reporter = names.range(of: "记者") { names = String(names[reporter.upperBound...]) }
            if let place = names.range(of: #"\s*\p{Han}{2,4}报道$"#, options: .regularExpression) {
                names = String(names[..<place.lowerBound])
            }
            names = names.trimmingCharacters(in: .whitespaces)
            guard !notNames.contains(names), NameLine.isNames(names) else { continue }
            return names
        }
        return nil
    }
}
