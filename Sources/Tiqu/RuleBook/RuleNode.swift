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

    /// A number, within `range` when one is given; `hint` says how to write one (`0.97 for 97%`).
    func double(_ what: String, in range: ClosedRange<Double>? = nil, hint: String = "") throws(Diagnostic)
        -> Double
    {
        let how = hint.isEmpty ? "" : " (\(hint))"
        guard case .scalar(let scalar) = node, let value = Double(scalar.string) else {
            throw error("\(what) must be a number\(how), found \(found)")
        }
        if let range, !range.contains(value) {
            throw error(
                "\(what) must be from \(range.lowerBound.plain) to \(range.upperBound.plain)\(how), found \(found)")
        }
        return value
    }

    func bool(_ what: String) throws(Diagnostic) -> Bool {
        guard case .scalar(let scalar) = node else { throw error("\(what) must be true or false") }
        switch scalar.string {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw error("\(what) must be true or false")
        }
    }

    func sequence(_ what: String) throws(Diagnostic) -> [RuleNode] {
        guard case .sequence(let seq) = node else { throw error("\(what) must be a list, found \(kindName)") }
        return seq.map { RuleNode(node: $0, path: path) }
    }

    func strings(_ what: String) throws(Diagnostic) -> [String] {
        if case .scalar = node { return [try string(what)] }
        var out: [String] = []
        for item in try sequence(what) { out.append(try item.string("each item of \(what)")) }
        return out
    }
}

extension Dictionary where Key == String, Value == (key: RuleNode, value: RuleNode) {
    func required(_ key: String, in owner: RuleNode, what: String) throws(Diagnostic) -> RuleNode {
        guard let entry = self[key] else { throw owner.error("\(what) is missing the required key '\(key)'") }
        return entry.value
    }
}
