/// Cleans a plain-text scrape line by line: each line is repaired (artifacts), then classified by
/// the chrome rules; body lines become paragraphs, table-like lines become rows.
struct TextCleaner {
    let classifier: LineClassifier

    /// A line this long is reported: it is kept as one paragraph, but a user will want to know
    /// the scrape lost its line breaks.
    static let longLineWarning = 100_000

    func clean(_ text: String) -> CleanText {
        var clean = CleanText(blocks: [], meta: Meta(), dropped: [], artifactsRemoved: 0, warnings: [])
        let longestRule = classifier.rules.map(\.maxChars).max() ?? 0
        var inHead = true
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = raw.trimmingCharacters(in: Self.edgeSpace)
            guard !line.isEmpty else { continue }
            let count = line.unicodeScalars.count
            if count >= Self.longLineWarning {
                clean.warnings.append("line \(lineNumber) is \(count) characters long; kept as one paragraph")
            }
            if count <= longestRule * 4 {
                let (repaired, removed) = classifier.repair(line)
                line = repaired
                clean.artifactsRemoved += removed
            }
            let verdict: LineClassifier.Verdict = count > longestRule ? .body : classifier.classify(line, matching: Fold.matching(line), inHead: inHead)
            switch verdict {
            case .body:
                clean.blocks.append(Self.block(line))
                inHead = false
            case .heading:
                clean.blocks.append(Block(.heading, line))
            case .chrome(let rule, let meta):
                if rule.role == .caption, inHead, clean.meta.title == nil {
                    clean.meta.title = line  // the first caption-shaped line above the body is the page's title
                } else {
                    clean.dropped.append(Dropped(text: line, rule: rule.id))
                    clean.meta.fill(from: meta)
                }
            }
        }
        return clean
    }

    static let edgeSpace: CharacterSet = .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{3000}\u{FEFF}\u{200B}"))

    /// A line laid out in columns (two or more gaps of several spaces, or tabs) is a table row.
    static func block(_ line: String) -> Block {
        let cells = line.components(separatedBy: "\t").flatMap { $0.components(separatedBy: "   ") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return cells.count >= 3 ? Block(.tableRow, cells.joined(separator: "\t")) : Block(.paragraph, line)
    }
}

import Foundation
