import Foundation
import Yams

/// All extraction knowledge, loaded from rule folders at run time. Later folders layer over
/// earlier ones: a rule with the same id replaces the earlier one in place; a new rule goes
/// first (a user's rule outranks the built-in ones it overlaps).
public struct RuleBook: Sendable {
    public var chrome: [ChromeRule] = []
    public var html = HTMLHints(groups: [], dropTags: [], landmarkTags: [])
    public var quantity = QuantityRules()
    public var words = WordRules()
    /// Writers' names and datelines where no byline label says them.
    public var page = PageRules()
    /// Administrative divisions with official codes, from each folder's `gazetteer/`.
    public var gazetteer = Gazetteer()
    /// The rule files read, in order.
    public var files: [String] = []
    /// What layering did that a rule author should know: a rule of a later folder that replaces
    /// one of an earlier folder with the same id, and where each is.
    public var overrides: [String] = []

    public static let kinds = ["chrome", "html", "page"] + QuantityRules.kinds + WordKind.allCases.map(\.rawValue)

    /// Every extraction rule's examples: quantities first, then the word-list families.
    public var markedExamples: [RuleExamples] { quantity.examples + words.examples }

    public init() {}

    /// Loads every `*.yaml`/`*.yml` file of each folder, in order. Throws with every problem found.
    public static func load(_ folders: [String]) throws -> RuleBook {
        var book = RuleBook()
        var diagnostics: [Diagnostic] = []
        for folder in folders {
            var layer = RuleBook()
            let files: [String]
            switch FolderListing.names(folder) {
            case .success(let names):
                files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map {
                    (folder as NSString).appendingPathComponent($0)
                }
            case .failure(let problem):
                diagnostics.append(
                    Diagnostic(path: folder, line: 1, column: 1, message: "the rules folder \(problem.message)"))
                continue
            }
            if files.isEmpty {
                diagnostics.append(
                    Diagnostic(path: folder, line: 1, column: 1, message: "no .yaml rule files in this folder"))
            }
            for file in files {
                do throws(Diagnostic) { try layer.read(file) } catch { diagnostics.append(error) }
            }
            do throws(Diagnostic) {
                try book.gazetteer.load(folder: (folder as NSString).appendingPathComponent("gazetteer"))
            } catch { diagnostics.append(error) }
            diagnostics += layer.duplicateIDs()
            book.overrides += book.overrides(by: layer)
            book.layer(layer)
            diagnostics += book.quantity.extend(with: layer.quantity.extensions).map(\.unresolved)
            diagnostics += book.words.extend(with: layer.words).map(\.unresolved)
        }
        if !diagnostics.isEmpty { throw RuleBookError(diagnostics: diagnostics) }
        return book
    }

    /// A hash of every rule and gazetteer file of the folders, names and contents: two runs with
    /// the same digest ran the same rules (`tiqu --version`, `--stats json`). FNV-1a, in order.
    public static func digest(of folders: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
            for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        }
        let fm = FileManager.default
        for folder in folders {
            let gazetteer = (folder as NSString).appendingPathComponent("gazetteer")
            let names =
                ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).filter {
                    $0.hasSuffix(".yaml") || $0.hasSuffix(".yml")
                }
                .sorted().map { (folder as NSString).appendingPathComponent($0) }
                + ((try? fm.contentsOfDirectory(atPath: gazetteer)) ?? []).sorted().map {
                    (gazetteer as NSString).appendingPathComponent($0)
                }
            for path in names {
                mix((path as NSString).lastPathComponent.utf8)
                mix(fm.contents(atPath: path) ?? Data())
            }
        }
        return String(hash, radix: 16)
    }

    /// The largest rule file read. The built-in files are 14 KB at most; YAML parsing holds
    /// about thirty bytes of memory per byte of file (a 50 MB file took 1.4 GB and half a minute),
    /// so a file this size is a mistake, refused before it is read.
    public static let maxRuleFileBytes = 4 << 20

    mutating func read(_ path: String) throws(Diagnostic) {
        files.append(path)
        guard let top = try RuleNode.root(of: path, what: "the rule file") else {
            throw Diagnostic(
                path: path, line: 1, column: 1, message: "the file is empty; a rule file starts with 'kind:'")
        }
        let map = try top.mapping(
            allowed: ["kind", "rules", "drop_tags", "landmark_tags", "note"], what: "a rule file")
        let kindNode = try map.required("kind", in: top, what: "a rule file")
        let kind = try kindNode.string("kind")
        switch kind {
        case "chrome":
            let rulesNode = try map.required("rules", in: top, what: "a chrome rule file")
            for item in try rulesNode.sequence("rules") { chrome.append(try ChromeRule.parse(item)) }
        case "html":
            if let groups = map["rules"] {
                for item in try groups.value.sequence("rules") { html.groups.append(try HTMLHints.Group.parse(item)) }
            }
            if let tags = map["drop_tags"] {
                html.dropTags.formUnion(try tags.value.strings("drop_tags").map { $0.lowercased() })
            }
            if let tags = map["landmark_tags"] {
                html.landmarkTags.formUnion(try tags.value.strings("landmark_tags").map { $0.lowercased() })
            }
        case "page":
            let rulesNode = try map.required("rules", in: top, what: "a page rule file")
            for item in try rulesNode.sequence("rules") { page.rules.append(try PageRules.Rule.parse(item)) }
        case _ where QuantityRules.kinds.contains(kind):
            let rulesNode = try map.required("rules", in: top, what: "a \(kind) rule file")
            try quantity.parse(kind: kind, rules: try rulesNode.sequence("rules"))
        case _ where WordKind(rawValue: kind) != nil:
            let rulesNode = try map.required("rules", in: top, what: "a \(kind) rule file")
            try words.parse(kind: WordKind(rawValue: kind)!, rules: try rulesNode.sequence("rules"))
        default:
            let hint =
                closest(kind, in: Self.kinds).map { "; did you mean '\($0)'?" }
                ?? "; expected one of \(Self.kinds.joined(separator: ", "))"
            throw kindNode.error("unknown kind '\(kind)'\(hint)")
        }
    }

    /// A rule file's bytes (or another YAML file's, `what` naming it), refused with a file error
    /// when it is not a regular file (a FIFO would block, a device never end) or is over
    /// `maxRuleFileBytes`.
    static func contents(_ path: String, what: String = "the rule file") throws(Diagnostic) -> [UInt8] {
        func refuse(_ message: String) -> Diagnostic { Diagnostic(path: path, line: 1, column: 1, message: message) }
        let raw = RawPath(path)
        switch FileKind(raw) {
        case .regular(let size) where size > maxRuleFileBytes:
            throw refuse(
                "\(what) is \(size) bytes, over the limit of \(maxRuleFileBytes) bytes (4 MiB); "
                    + "split it or remove what is not rules")
        case .regular:
            break
        case .inaccessible(let reason):
            throw refuse("cannot read \(what): \(reason)")
        case .missing:
            throw refuse("\(what) is missing")
        case .folder, .fifo, .special:
            throw refuse("\(what) is \(raw.kindName), not a regular file; give a regular file")
        }
        switch RawFile.contents(raw, limit: maxRuleFileBytes) {
        case .success(let bytes): return bytes
        case .failure(let failure): throw refuse(failure.message)
        }
    }

    static func diagnostic(_ error: YamlError, path: String) -> Diagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return Diagnostic(path: path, line: mark.line, column: mark.column, message: "YAML syntax: \(problem)")
        default:
            return Diagnostic(path: path, line: 1, column: 1, message: "YAML: \(error)")
        }
    }

    func duplicateIDs() -> [Diagnostic] {
        var seen: [String: String] = [:]
        var out: [Diagnostic] = []
        let entries =
            chrome.map { ($0.id, $0.path, $0.line) } + html.groups.map { ($0.id, $0.path, $0.line) } + quantity.ids
            + words.ids + page.rules.map { ($0.id, $0.path, $0.line) }
        for (id, path, line) in entries {
            if let first = seen[id] {
                out.append(
                    Diagnostic(
                        path: path, line: line, column: 5,
                        message: "duplicate rule id '\(id)' (first defined at \(first)); ids must be unique"))
            } else {
                seen[id] = "\(path):\(line)"
            }
        }
        return out
    }

    mutating func layer(_ upper: RuleBook) {
        chrome = Self.layered(chrome, upper.chrome, id: \.id)
        html.groups = Self.layered(html.groups, upper.html.groups, id: \.id)
        html.dropTags.formUnion(upper.html.dropTags)
        html.landmarkTags.formUnion(upper.html.landmarkTags)
        quantity.layer(upper.quantity)
        words.layer(upper.words)
        page.rules = Self.layered(page.rules, upper.page.rules, id: \.id)
        files += upper.files
    }

    /// Where each rule with a known place is written (`path:line`), by id.
    var ruleLocations: [String: String] {
        var places: [String: String] = [:]
        for rule in chrome { places[rule.id] = "\(rule.path):\(rule.line)" }
        for group in html.groups { places[group.id] = "\(group.path):\(group.line)" }
        for rule in page.rules { places[rule.id] = "\(rule.path):\(rule.line)" }
        for entry in markedExamples { places[entry.id] = "\(entry.path):\(entry.line)" }
        return places
    }

    /// The rules of `upper` that replace rules of this book, said once each.
    func overrides(by upper: RuleBook) -> [String] {
        let lower = ruleLocations
        return upper.ruleLocations.sorted { $0.key < $1.key }.compactMap { id, at in
            lower[id].map { "\(at): rule '\(id)' overrides the one at \($0) (the whole rule is replaced)" }
        }
    }

    static func layered<T>(_ lower: [T], _ upper: [T], id: (T) -> String) -> [T] {
        var result = lower
        var added: [T] = []
        for rule in upper {
            if let i = result.firstIndex(where: { id($0) == id(rule) }) { result[i] = rule } else { added.append(rule) }
        }
        return added + result
    }
}
