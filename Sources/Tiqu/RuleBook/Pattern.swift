import Foundation

/// A compiled regular expression from a rule file (ICU syntax, as NSRegularExpression reads it).
/// Compiled once at load; matching is read-only, so one instance serves every thread.
public struct Pattern: @unchecked Sendable {
    public let source: String
    let regex: NSRegularExpression

    init(_ source: String, at node: RuleNode) throws(Diagnostic) {
        do {
            regex = try NSRegularExpression(pattern: source, options: [])
        } catch {
            throw node.error("invalid regular expression '\(source)': \((error as NSError).localizedDescription)")
        }
        self.source = source
    }

    /// The first match's range in `text` (UTF-16 based, as NSString counts).
    func firstMatch(in text: String) -> NSTextCheckingResult? {
        regex.firstMatch(in: text, options: [], range: NSRange(location: 0, length: text.utf16.count))
    }

    func matches(in text: String) -> [NSTextCheckingResult] {
        regex.matches(in: text, options: [], range: NSRange(location: 0, length: text.utf16.count))
    }

    func contains(_ text: String) -> Bool { firstMatch(in: text) != nil }
}

extension String {
    /// The substring at a UTF-16 range, as NSString would cut it.
    func slice(_ range: NSRange) -> String? {
        guard range.location != NSNotFound, let r = Range(range, in: self) else { return nil }
        return String(self[r])
    }
}
