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

    /// The keys of a mapping with their key nodes (for positions) and values.
    func mapping(allowed: [String], what: String) throws(Diagnostic) -> [String: (key: RuleNode, value: RuleNode)] {
        guard case .mapping(let mapping) = node else { throw error("\(what) must be a mapping, found \(kindName)") }
        var result: [String: (key: RuleNode, value: RuleNode)] = [:]
        for (k, v) in mapping {
            let keyNode = RuleNode(node: k, path: path)
            guard let key = k.string else { throw keyNode.error("keys in \(what) must be strings") }
            guard allowed.contains(key) else {
                let hint =
                    closest(key, in: allowed).map { "; did you mean '\($0)'?" }
                    ?? "; allowed keys: \(allowed.joined(separator: ", "))"
                throw keyNode.error("unknown key '\(key)' in \(what)\(hint)")
            }
            if result[key] != nil { throw keyNode.error("key '\(key)' appears twice in \(what)") }
            result[key] = (keyNode, RuleNode(node: v, path: path))
        }
        return result
    }

    func string(_ what: String) throws(Diagnostic) -> String {
        guard case .scalar(let scalar) = node else { throw error("\(what) must be a string, found \(kindName)") }
        return scalar.string
    }

    func int(_ what: String) throws(Diagnostic) -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            throw error("\(what) must be a whole number, found \(node.scalar.map { "'\($0.string)'" } ?? kindName)")
        }
        return value
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
