import Yams

/// `extends: units/ton` with `forms: [公噸]`: forms added to a rule of an earlier folder, which
/// keeps everything else it says, its examples included; the extension's own examples run too.
/// A rule with the same `id` instead replaces the earlier rule whole.
public struct RuleExtension: Sendable {
    public var target: String
    public var forms: [String]
    /// The extension's examples, under the target's id; their fact kind is set when it is applied.
    public var examples: RuleExamples
    public var path: String
    public var line: Int

    static let keys = ["extends", "forms", "examples", "note"]

    /// The extension a rule entry is, or nil when it has no `extends`.
    static func parse(_ node: RuleNode) throws(Diagnostic) -> RuleExtension? {
        guard case .mapping(let mapping) = node.node, mapping.contains(where: { $0.key.string == "extends" }) else {
            return nil
        }
        let map = try node.mapping(allowed: keys, what: "an extending rule")
        let target = try map.required("extends", in: node, what: "an extending rule").string("extends")
        let forms = try map.required("forms", in: node, what: "rule extending '\(target)'").strings("forms")
            .map(Fold.matching)
        guard let e = map["examples"] else {
            throw node.error("the rule extending '\(target)' has no examples; add one that shows a new form ⟦marked⟧")
        }
        var list: [MarkedExample] = []
        for item in try e.value.sequence("examples") { list.append(try MarkedExample.parse(item)) }
        let line = node.node.mark?.line ?? 1
        return RuleExtension(
            target: target, forms: forms,
            examples: RuleExamples(id: target, path: node.path, line: line, fact: .quantities, examples: list),
            path: node.path, line: line)
    }

    /// Adds the forms to the rule with the target id, if `rules` has it.
    func apply<T>(to rules: inout [T], id: KeyPath<T, String>, forms: WritableKeyPath<T, [String]>) -> Bool {
        guard let i = rules.firstIndex(where: { $0[keyPath: id] == target }) else { return false }
        rules[i][keyPath: forms] += self.forms.filter { !rules[i][keyPath: forms].contains($0) }
        return true
    }

    /// Why an extension found nothing to extend.
    var unresolved: Diagnostic {
        Diagnostic(
            path: path, line: line, column: 1,
            message:
                "extends '\(target)', but no rule of this kind has that id; extend a rule of the built-in or an earlier folder, or of this one"
        )
    }
}
