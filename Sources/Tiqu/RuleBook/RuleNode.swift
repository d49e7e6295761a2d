import Foundation
import Yams

/// A YAML node that knows its file and position, with typed accessors that fail with a
/// `Diagnostic` pointing at the offending key or value. Schemas reject unknown keys.
struct RuleNode {
    let node: Node
    let path: String

    func error(_ message: String) -> Diagnostic {
        let mark = node.mark
        return Diagnostic(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message)
    }

    var kindName: String {
        switch node {
        case .scalar: return "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// What the node holds, for messages: a scalar's text quoted, else its kind.
    var found: String { node.scalar.map { "'\($0.string)'" } ?? kindName }

    /// The root of a YAML file read as rule files are (a regular file of at most
    /// `RuleBook.maxRuleFileBytes`, UTF-8), or nil when it holds no document. `what` names the
    /// file in messages (`the rule file`, `the floors file`).
    static func root(of path: String, what: String) throws(Diagnostic) -> RuleNode? {
        let bytes = try RuleBook.contents(path, what: what)
        guard let yaml = String(data: Data(bytes), encoding: .utf8) else {
            throw Diagnostic(path: path, line: 1, column: 1, message: "cannot read \(what) as UTF-8 text")
        }
        do {
            return try Yams.compose(yaml: yaml).map { RuleNode(node: $0, path: path) }
        } catch let e as YamlError {
            throw RuleBook.diagnostic(e, path: path)
        } catch {
            throw Diagnostic(path: path, line: 1, column: 1, message: "\(error)")
        }
    }

    /// The entries of a mapping, in file order, each key a string said once and, when `allowed`
    /// is given, one of those.
    func entries(_ what: String, allowed: [String]? = nil) throws(Diagnostic) -> [(
        name: String, key: RuleNode, value: RuleNode
    )] {
        guard case .mapping(let mapping) = node else { throw error("\(what) must be a mapping, found \(kindName)") }
        var result: [(name: String, key: RuleNode, value: RuleNode)] = []
        for (k, v) in mapping {
            let keyNode = RuleNode(node: k, path: path)
            guard let key = k.string else { throw keyNode.error("keys in \(what) must be strings") }
            if let allowed, !allowed.contains(key) {
                let hint =
                    closest(key, in: allowed).map { "; did you mean '\($0)'?" }
                    ?? "; allowed keys: \(allowed.joined(separator: ", "))"
                throw keyNode.error("unknown key '\(key)' in \(what)\(hint)")
            }
            if result.contains(where: { $0.name == key }) {
                throw keyNode.error("key '\(key)' appears twice in \(what)")
            }
            result.append((key, keyNode, RuleNode(node: v, path: path)))
        }
        return result
    }

    /// The keys of a mapping with their key nodes (for positions) and values.
    func mapping(allowed: [String], what: String) throws(Diagnostic) -> [String: (key: RuleNode, value: RuleNode)] {
        var result: [String: (key: RuleNode, value: RuleNode)] = [:]
        for (key, keyNode, value) in try entries(what, allowed: allowed) { result[key] = (keyNode, value) }
        return result
    }

    func string(_ what: String) throws(Diagnostic) -> String {
        guard case .scalar(let scalar) = node else { throw error("\(what) must be a string, found \(kindName)") }
        return scalar.string
    }

    func int(_ what: String) throws(Diagnostic) -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            throw error("\(what) must be a whole number, found \(found)")
        }
        return value
    }

    /// A length or a count (`max_chars`, `min_tokens`): a whole number of at least `least`.
    func count(_ what: String, atLeast least: Int = 1) throws(Diagnostic) -> Int {
        let value = try int(what)
        guard value >= least else { throw error("\(what) must be at least \(least), found \(value)") }
        return value
    }

    /// A number that is finite (`1e400` and `.inf` are not), within `range` when one is given;
    /// `hint` says how to write one (`0.97 for 97%`).
    func double(_ what: String, in range: ClosedRange<Double>? = nil, hint: String = "") throws(Diagnostic)
        -> Double
    {
        let how = hint.isEmpty ? "" : " (\(hint))"
        guard case .scalar(let scalar) = node, let value = Double(scalar.string) else {
            throw error("\(what) must be a number\(how), found \(found)")
        }
        guard value.isFinite else { throw error("\(what) must be a finite number\(how), found \(found)") }
        if let range, !range.contains(value) {
            throw error(
                "\(what) must be from \(range.lowerBound.plain) to \(range.upperBound.plain)\(how), found \(found)")
        }
        return value
    }

    /// A number above zero (a unit's `factor`: zero would make every value 0, a negative one flip its sign).
    func positive(_ what: String) throws(Diagnostic) -> Double {
        let value = try double(what)
        guard value > 0 else { throw error("\(what) must be above 0, found \(found)") }
        return value
    }

    func bool(_ what: String) throws(Diagnostic) -> Bool {
        guard case .scalar(let scalar) = node else { throw error("\(what) must be true or false") }
        switch scalar.string {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw error("\(what) must be true or false, found \(found)")
        }
    }

    func sequence(_ what: String) throws(Diagnostic) -> [RuleNode] {
        guard case .sequence(let seq) = node else { throw error("\(what) must be a list, found \(kindName)") }
        return seq.map { RuleNode(node: $0, path: path) }
    }

    /// A list that holds something: a key given an empty list says nothing, and is a mistake.
    func items(_ what: String) throws(Diagnostic) -> [RuleNode] {
        let items = try sequence(what)
        guard !items.isEmpty else { throw error("\(what) is an empty list; list at least one, or leave the key out") }
        return items
    }

    /// A word or a list of words (forms, `not_before`, `prefixes`, tags…): each must hold more than
    /// spaces (an empty form matches everywhere, or nowhere), and a list given must not be empty.
    func strings(_ what: String) throws(Diagnostic) -> [String] {
        var out: [String] = []
        for (i, item) in (node.scalar != nil ? [self] : try items(what)).enumerated() {
            let word = try item.string("each item of \(what)")
            guard !word.allSatisfy(\.isWhitespace) else {
                throw item.error("item \(i + 1) of \(what) is empty; remove it or write the word")
            }
            out.append(word)
        }
        return out
    }

    /// `[first, last]`: two whole numbers of at least `least`, in order (`years: [38, 200]`);
    /// `noun` is what they count (`year`).
    func wholeRange(_ what: String, of noun: String, atLeast least: Int, example: String) throws(Diagnostic)
        -> ClosedRange<Int>
    {
        let items = try sequence(what)
        let shape = "the first and last \(noun) in order, such as \(example)"
        guard items.count == 2 else { throw error("\(what) must be two whole numbers, \(shape)") }
        let first = try items[0].count("the first of \(what)", atLeast: least)
        let last = try items[1].int("the last of \(what)")
        guard first <= last else { throw error("\(what) must be \(shape); \(last) is before \(first)") }
        return first...last
    }

    /// Lower and upper bounds given as two keys (`min`, `max`): when both are, the lower may not
    /// exceed the upper, as no value could then lie between them.
    static func ordered(
        _ lower: (name: String, node: RuleNode, value: Double)?, _ upper: (name: String, node: RuleNode, value: Double)?
    ) throws(Diagnostic) {
        guard let lower, let upper, lower.value > upper.value else { return }
        throw upper.node.error(
            "\(upper.name) \(upper.value.plain) is below \(lower.name) \(lower.value.plain):"
                + " no value lies between them; swap them or correct one")
    }
}

extension Dictionary where Key == String, Value == (key: RuleNode, value: RuleNode) {
    func required(_ key: String, in owner: RuleNode, what: String) throws(Diagnostic) -> RuleNode {
        guard let entry = self[key] else { throw owner.error("\(what) is missing the required key '\(key)'") }
        return entry.value
    }
}
