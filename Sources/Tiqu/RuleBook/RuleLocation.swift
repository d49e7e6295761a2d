import Foundation

/// Where each rule is written, so that `tiqu rules show ID` can print it as its file has it.
extension RuleBook {
    /// Every rule id in the book, in file order within each family.
    public var ruleIDs: [String] {
        chrome.map(\.id) + html.groups.map(\.id) + page.rules.map(\.id) + markedExamples.map(\.id)
    }

    /// Every id a fact can name as its rule or helper: the rules' own, and `tables/UNIT` for a
    /// quantity read from a table's column (named after the last part of its unit rule's id).
    public var factRuleIDs: [String] {
        ruleIDs + quantity.units.map { "tables/" + ($0.id.split(separator: "/").last.map(String.init) ?? $0.id) }
    }

    /// Ids of `ids` like one they lack, for its message: the nearest in spelling (at most three:
    /// within its family when it names one, else among families and ids), and those of its
    /// family (the part before `/`, at most eight).
    public static func ids(like id: String, among ids: [String]) -> (nearest: [String], family: [String]) {
        let family = id.split(separator: "/").first.map { $0 + "/" } ?? id
        let members = ids.filter { $0.hasPrefix(family) }
        guard members.isEmpty else {
            // Within a family the shared `units/` would make every id look near: compare the rest.
            let near = nearest(
                String(id.dropFirst(family.count)), in: members.map { String($0.dropFirst(family.count)) }, limit: 3)
            return (near.map { family + $0 }, Array(members.prefix(8)))
        }
        let families = Array(Set(ids.compactMap { $0.split(separator: "/").first.map(String.init) })).sorted()
        return (nearest(id, in: families + ids, limit: 3), [])
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
