/// What class and id words say about an HTML element, from `Rules/html.yaml`: words that mark
/// article content raise a block's score, words that mark chrome lower it or drop the element.
public struct HTMLHints: Sendable {
    public struct Group: Sendable {
        public enum Effect: String, Sendable {
            /// Raises the content score of an element carrying one of the words.
            case content
            /// Lowers it: the element is probably chrome, dropped when it also reads like chrome.
            case chrome
            /// Always dropped, with everything inside: comment threads, share bars, captions.
            case drop
            /// Collapsed behind an expand button (展开全文): scores lower, but inside the article it
            /// is body, since a class that folds text away is not `display:none`.
            case collapse
        }
        public var id: String
        public var effect: Effect
        public var tokens: Set<String>
        public var examples: [(String, Bool)]
        public var path: String
        public var line: Int
    }

    public var groups: [Group] { didSet { groupsOfWord = Self.groupsOfWord(groups) } }
    /// Elements whose content is never read as text (scripts, form controls, embedded media).
    public var dropTags: Set<String>
    /// Page landmarks (nav, header, footer, aside, form): dropped with their contents unless they
    /// hold the article itself.
    public var landmarkTags: Set<String>
    /// Each word with the groups that list it, so a value's groups are one lookup per word.
    private var groupsOfWord: [String: [Int]]

    public init(groups: [Group], dropTags: Set<String>, landmarkTags: Set<String>) {
        (self.groups, self.dropTags, self.landmarkTags) = (groups, dropTags, landmarkTags)
        groupsOfWord = Self.groupsOfWord(groups)
    }

    private static func groupsOfWord(_ groups: [Group]) -> [String: [Int]] {
        var index: [String: [Int]] = [:]
        for (i, group) in groups.enumerated() {
            for token in group.tokens { index[token, default: []].append(i) }
        }
        return index
    }

    /// The groups one class/id value belongs to, in the order of the rules. Values are split into
    /// words at `-`, `_`, spaces, digits and camelCase humps, so `articleBody` and `article-body`
    /// both give `article`, `body`.
    public func groups(for classAndID: String) -> [Group] {
        guard !classAndID.isEmpty else { return [] }
        var hits: [Int] = []
        HTMLHints.forEachWord(classAndID) { word in hits += groupsOfWord[word] ?? [] }
        return hits.isEmpty ? [] : groups.indices.filter { hits.contains($0) }.map { groups[$0] }
    }

    /// The ASCII words of a class or id value, lower-cased, camelCase split (`mainNav` → main, nav).
    static func words(_ value: String) -> [String] {
        var words: [String] = []
        forEachWord(value) { words.append($0) }
        return words
    }

    /// Calls `body` with each word of a class or id value: a loop over bytes into one buffer, as
    /// this runs on every element of every page.
    static func forEachWord(_ value: String, _ body: (String) -> Void) {
        var value = value
        value.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(bytes.count, 1)) { buffer in
                var length = 0
                var previousLower = false
                func flush() {
                    if length > 0 {
                        body(String(decoding: UnsafeBufferPointer(rebasing: buffer[..<length]), as: UTF8.self))
                    }
                    length = 0
                }
                for b in bytes {
                    let upper = b >= 0x41 && b <= 0x5A, lower = b >= 0x61 && b <= 0x7A
                    if upper || lower {
                        if upper && previousLower { flush() }
                        buffer[length] = upper ? b + 0x20 : b
                        length += 1
                        previousLower = lower
                    } else {
                        flush()
                        previousLower = false
                    }
                }
                flush()
            }
        }
    }
}

extension HTMLHints.Group {
    static func parse(_ node: RuleNode) throws(Diagnostic) -> HTMLHints.Group {
        let map = try node.mapping(allowed: ["id", "effect", "forms", "examples", "note"], what: "an html hint group")
        let id = try map.required("id", in: node, what: "an html hint group").string("id")
        let effectNode = try map.required("effect", in: node, what: "html hint group '\(id)'")
        guard let effect = Effect(rawValue: try effectNode.string("effect")) else {
            throw effectNode.error("unknown effect; expected content, chrome, drop or collapse")
        }
        let tokensNode = try map.required("forms", in: node, what: "html hint group '\(id)'")
        var tokens = Set<String>()
        for item in try tokensNode.items("forms") {
            let token = try item.string("a form")
            let words = HTMLHints.words(token)
            guard words == [token] else {
                throw item.error(
                    "form '\(token)' must be one lower-case ASCII word (values are split into words before matching)")
            }
            guard token.count >= 2 else {
                throw item.error("form '\(token)' is too short: one letter would match almost every class name")
            }
            tokens.insert(token)
        }
        guard let examplesNode = map["examples"] else {
            throw node.error(
                "html hint group '\(id)' has no examples; add 'examples:' with class values that carry it ('match:') and that do not ('no_match:')"
            )
        }
        var examples: [(String, Bool)] = []
        for item in try examplesNode.value.sequence("examples") {
            let e = try item.mapping(allowed: ["match", "no_match"], what: "an example")
            if let m = e["match"] {
                examples.append((try m.value.string("match"), true))
            } else if let n = e["no_match"] {
                examples.append((try n.value.string("no_match"), false))
            } else {
                throw item.error("an example needs 'match: CLASS' or 'no_match: CLASS'")
            }
        }
        return .init(
            id: id, effect: effect, tokens: tokens, examples: examples, path: node.path, line: node.node.mark?.line ?? 1
        )
    }
}
