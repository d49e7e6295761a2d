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
    /// check. Its members are written straight into the bytes, with no tree of values to build and free.
    public func bytes(_ record: Record) -> [UInt8] {
        let out = JSONBytes(capacity: 512 + record.facts.count * 320 + (withText ? record.text.utf8.count : 0))
        var line = FieldBytes(out: out)
        writeHead(record, to: &line)
        if record.error == nil {
            writeFacts(record, to: out)
            line.strings("warnings", record.warnings)
        }
        line.close()
        return out.bytes
    }

    /// The members before the facts: `id`, `source`, then `error` for a failed document, or `meta`,
    /// `subject`, `region`, `stats` (and `text`). Written straight into the line, as the facts are.
    func writeHead(_ record: Record, to line: inout FieldBytes) {
        line.string("id", record.id)
        line.key("source")
        var source = FieldBytes(out: line.out)
        source.string("path", record.source.path)
        if let format = record.source.format { source.string("format", format.rawValue) }
        if let encoding = record.source.encoding { source.string("encoding", encoding) }
        if let url = record.source.url { source.string("url", url) }
        if let extra = record.source.extra {
            source.key("extra")
            extra.write(to: line.out)
        }
        source.close()
        if let error = record.error {
            line.key("error")
            var fields = FieldBytes(out: line.out)
            fields.string("code", error.code)
            fields.string("message", error.message)
            fields.close()
            return
        }
        line.key("meta")
        var meta = FieldBytes(out: line.out)
        let m = record.meta
        meta.string("title", m.title)
        meta.string("published", m.published)
        meta.string("outlet", m.outlet)
        meta.string("author", m.author)
        meta.string("editor", m.editor)
        meta.close()
        line.key("subject")
        (record.subject.map(\.json) ?? .null).write(to: line.out)
        line.string("region", record.region)
        line.key("stats")
        var stats = FieldBytes(out: line.out)
        stats.int("chars", record.stats.chars)
        stats.int("paragraphs", record.stats.paragraphs)
        stats.int("chrome_lines", record.stats.chromeLines)
        stats.int("artifacts_removed", record.stats.artifactsRemoved)
        stats.int("sentences", record.stats.sentences)
        stats.close()
        if withText { line.string("text", record.text) }
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
