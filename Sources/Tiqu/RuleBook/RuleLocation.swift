import Foundation

/// Where each rule is written, so that `tiqu rules show ID` can print it as its file has it.
extension RuleBook {
    /// Every rule id in the book, in file order within each family.
    public var ruleIDs: [String] {
        chrome.map(\.id) + html.groups.map(\.id) + page.rules.map(\.id) + markedExamples.map(\.id)
    }

    /// The file and line of a rule's entry (its `- id:` line), or nil for an id no file defines.
    public func location(of id: String) -> (path: String, line: Int)? {
        if let rule = chrome.first(where: { $0.id == id }) { return (rule.path, rule.line) }
        if let group = html.groups.first(where: { $0.id == id }) { return (group.path, group.line) }
        if let rule = page.rules.first(where: { $0.id == id }) { return (rule.path, rule.line) }
        return markedExamples.first { $0.id == id }.map { ($0.path, $0.line) }
    }

    /// A rule's entry as written: its lines from the one holding `line` to the next entry at the
    /// same indentation (or a line indented less), trailing blank lines dropped.
    public static func entryText(path: String, line: Int) -> String? {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            return nil
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return nil }
        // The entry starts at the `- ` item that holds the rule's first key.
        var first = line - 1
        while first > 0, !lines[first].trimming(.whitespaces).hasPrefix("- ") { first -= 1 }
        let indent = lines[first].prefix { $0 == " " }.count
        var last = first + 1
        while last < lines.count {
            let row = lines[last]
            let rowIndent = row.prefix { $0 == " " }.count
            if !row.trimming(.whitespaces).isEmpty, rowIndent <= indent { break }
            last += 1
        }
        while last > first + 1, lines[last - 1].trimming(.whitespaces).isEmpty { last -= 1 }
        return lines[first..<last].joined(separator: "\n")
    }
}
