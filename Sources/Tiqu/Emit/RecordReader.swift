import Foundation

/// A record read back from the JSON Emit wrote (a JSONL line, an expected file): what reports and
/// regression tests start from. Fields a record does not hold (text without `--with-text`, dropped
/// lines) stay empty.
extension Record {
    /// Reads a line as `tiqu extract` writes it; one that is no JSON object, or has no string `id`,
    /// throws a `bad_record` error saying why.
    public init(json data: Data) throws {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw DocumentError("bad_record", "the line " + JSONLFile.problem(Array(data)))
        }
        guard root["id"] is String else {
            throw DocumentError("bad_record", "the line is a JSON object with no 'id'; records have one")
        }
        let source = root["source"] as? [String: Any] ?? [:]
        var origin = Source(
            path: source["path"] as? String ?? "", format: (source["format"] as? String).flatMap(Format.init),
            encoding: source["encoding"] as? String, url: source["url"] as? String)
        origin.extra = source["extra"].map(JSON.init(any:))
        let id = root["id"] as? String ?? ""
        if let error = root["error"] as? [String: Any] {
            self.init(
                id: id, source: origin,
                error: DocumentError(error["code"] as? String ?? "", error["message"] as? String ?? ""))
            return
        }
        self.init(id: id, source: origin, error: DocumentError("", ""))
        self.error = nil
        read(root)
    }

    private mutating func read(_ root: [String: Any]) {
        let meta = root["meta"] as? [String: Any] ?? [:]
        self.meta = Meta(
            title: meta["title"] as? String, published: meta["published"] as? String, outlet: meta["outlet"] as? String,
            author: meta["author"] as? String, editor: meta["editor"] as? String)
        subject = Subject(json: root["subject"])
        region = root["region"] as? String
        let stats = root["stats"] as? [String: Any] ?? [:]
        let count = { (key: String) in stats[key] as? Int ?? 0 }
        self.stats = Stats(
            chars: count("chars"), paragraphs: count("paragraphs"), chromeLines: count("chrome_lines"),
            artifactsRemoved: count("artifacts_removed"), sentences: count("sentences"))
        text = root["text"] as? String ?? ""
        facts = FactKind.allCases.flatMap { kind in
            (root[kind.rawValue] as? [[String: Any]] ?? []).map { Fact(json: $0, kind: kind) }
        }
        warnings = root["warnings"] as? [String] ?? []
    }
}

extension Subject {
    /// The subject as records write it (`{"name", "code", "chain"}`), or as older records did (a name).
    public init?(json value: Any?) {
        if let name = value as? String {
            self.init(name: name)
            return
        }
        guard let object = value as? [String: Any], let name = object["name"] as? String else { return nil }
        self.init(name: name, code: object["code"] as? String, chain: object["chain"] as? [String] ?? [])
    }
}

extension Fact {
    /// A fact as a record writes it under its kind's key.
    public init(json item: [String: Any], kind: FactKind) {
        self.init(
            text: item["text"] as? String ?? "", start: item["start"] as? Int ?? -1, end: item["end"] as? Int ?? -1,
            sentence: item["sentence"] as? Int ?? -1, rule: item["rule"] as? String ?? "",
            value: FactValue(kind: kind, fields: item.mapValues(JSON.init(any:))))
    }
}

extension JSON {
    /// A JSON value from what JSONSerialization returns.
    public init(any value: Any) {
        switch value {
        case is NSNull: self = .null
        case let s as String: self = .string(s)
        case let b as Bool where type(of: value) == Bool.self: self = .bool(b)
        case let n as NSNumber: self = .double(n.doubleValue)
        case let a as [Any]: self = .array(a.map(JSON.init(any:)))
        case let d as [String: Any]: self = .object(d.sorted { $0.key < $1.key }.map { ($0.key, JSON(any: $0.value)) })
        default: self = .null
        }
    }
}
