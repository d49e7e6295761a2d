/// Emit: a record as one JSON line, keys in a fixed order (`id`, `source`, `meta`, `subject`, `stats`, `text`,
/// one array per fact kind, `warnings`).
public struct Emitter: Sendable {
    /// Include the body text (`--with-text`); off by default to keep batch output small.
    public var withText: Bool

    public init(withText: Bool) {
        self.withText = withText
    }

    public func json(_ record: Record) -> JSON {
        var source: [(String, JSON)] = [("path", .string(record.source.path))]
        if let format = record.source.format { source.append(("format", .string(format.rawValue))) }
        if let encoding = record.source.encoding { source.append(("encoding", .string(encoding))) }
        if let url = record.source.url { source.append(("url", .string(url))) }
        if let extra = record.source.extra { source.append(("extra", extra)) }
        if let error = record.error {
            return .object([
                ("id", .string(record.id)),
                ("source", .object(source)),
                ("error", .object([("code", .string(error.code)), ("message", .string(error.message))])),
            ])
        }
        let m = record.meta
        var fields: [(String, JSON)] = [
            ("id", .string(record.id)),
            ("source", .object(source)),
            (
                "meta",
                .object([
                    ("title", .optional(m.title)), ("published", .optional(m.published)),
                    ("outlet", .optional(m.outlet)), ("author", .optional(m.author)), ("editor", .optional(m.editor)),
                ])
            ),
            ("subject", record.subject.map(\.json) ?? .null), ("region", .optional(record.region)),
            (
                "stats",
                .object([
                    ("chars", .int(record.stats.chars)), ("paragraphs", .int(record.stats.paragraphs)),
                    ("chrome_lines", .int(record.stats.chromeLines)),
                    ("artifacts_removed", .int(record.stats.artifactsRemoved)),
                    ("sentences", .int(record.stats.sentences)),
                ])
            ),
        ]
        if withText { fields.append(("text", .string(record.text))) }
        var byKind = [[JSON]](repeating: [], count: FactKind.allCases.count)
        for fact in record.facts { byKind[fact.kind.index].append(fact.json) }
        for kind in FactKind.allCases { fields.append((kind.rawValue, .array(byKind[kind.index]))) }
        fields.append(("warnings", .array(record.warnings.map(JSON.string))))
        return .object(fields)
    }

    /// The record's output line, without the trailing newline.
    public func line(_ record: Record) -> String { json(record).serialized() }
}

extension Subject {
    var json: JSON {
        .object([("name", .string(name)), ("code", .optional(code)), ("chain", .array(chain.map(JSON.string)))])
    }
}
