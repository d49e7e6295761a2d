/// Emit: a record as one JSON line, keys in a fixed order (`id`, `source`, `meta`, `subject`, `stats`, `text`,
/// one array per fact kind, `warnings`).
public struct Emitter: Sendable {
    /// Include the body text (`--with-text`); off by default to keep batch output small.
    public var withText: Bool

    public init(withText: Bool) {
        self.withText = withText
    }

    /// The record's output line, without the trailing newline.
    public func line(_ record: Record) -> String { String(decoding: bytes(record), as: UTF8.self) }

    /// The line's UTF-8, for a writer that wants bytes: built from strings and ASCII, it needs no
    /// check. The head (source, meta, stats) is built as values; the facts, most of a line, are
    /// written straight into the bytes.
    public func bytes(_ record: Record) -> [UInt8] {
        let out = JSONBytes(capacity: 512 + record.facts.count * 320 + (withText ? record.text.utf8.count : 0))
        out.append(UInt8(ascii: "{"))
        JSON.writeMembers(head(record), to: out)
        if record.error == nil {
            writeFacts(record, to: out)
            out.append(#","warnings":"#)
            JSON.array(record.warnings.map(JSON.string)).write(to: out)
        }
        out.append(UInt8(ascii: "}"))
        return out.bytes
    }

    /// The members before the facts: `id`, `source`, then `error` for a failed document, or `meta`,
    /// `subject`, `region`, `stats` (and `text`).
    func head(_ record: Record) -> [(String, JSON)] {
        var source: [(String, JSON)] = [("path", .string(record.source.path))]
        if let format = record.source.format { source.append(("format", .string(format.rawValue))) }
        if let encoding = record.source.encoding { source.append(("encoding", .string(encoding))) }
        if let url = record.source.url { source.append(("url", .string(url))) }
        if let extra = record.source.extra { source.append(("extra", extra)) }
        if let error = record.error {
            return [
                ("id", .string(record.id)),
                ("source", .object(source)),
                ("error", .object([("code", .string(error.code)), ("message", .string(error.message))])),
            ]
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
        return fields
    }

    /// `,"quantities":[` and the other kinds' openings, made once.
    static let kindOpeners = FactKind.allCases.map { Array(",\"\($0.rawValue)\":[".utf8) }

    /// One array per fact kind, in the kinds' order, appended to `out`.
    func writeFacts(_ record: Record, to out: JSONBytes) {
        var sink = FieldBytes(out: out)
        for kind in FactKind.allCases {
            sink.out.append(Self.kindOpeners[kind.index])
            var first = true
            // A pass over the facts per kind, by index: reading a kind costs less than eight lists of
            // indices cost to build, and a loop over the facts would copy each one (a dozen references).
            for i in record.facts.indices where record.facts[i].kind == kind {
                if !first { sink.out.append(UInt8(ascii: ",")) }
                first = false
                record.facts[i].write(to: &sink)
                sink.close()
            }
            sink.out.append(UInt8(ascii: "]"))
        }
    }
}

extension Subject {
    var json: JSON {
        .object([("name", .string(name)), ("code", .optional(code)), ("chain", .array(chain.map(JSON.string)))])
    }
}
