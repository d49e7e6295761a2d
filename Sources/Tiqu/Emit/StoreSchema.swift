/// The tables of a store: a document's fields as the record writes them, flattened, and one table per
/// fact kind whose columns are the kind's fields (`FactKind.fieldTypes`) between the fact's text and
/// where it came from. Lists (a division's names, a subject's chain, warnings) are JSON text.
struct StoreSchema {
    /// Raised when the tables change; a store of another version is refused, not half-read.
    static let version = 1

    static let documentColumns: [(String, String)] = [
        ("id", "TEXT PRIMARY KEY"), ("path", "TEXT"), ("format", "TEXT"), ("encoding", "TEXT"), ("url", "TEXT"),
        ("title", "TEXT"), ("published", "TEXT"), ("outlet", "TEXT"), ("author", "TEXT"), ("editor", "TEXT"),
        ("subject_name", "TEXT"), ("subject_code", "TEXT"), ("subject_chain", "TEXT"), ("region", "TEXT"),
        ("chars", "INTEGER"), ("paragraphs", "INTEGER"), ("chrome_lines", "INTEGER"),
        ("artifacts_removed", "INTEGER"), ("sentences", "INTEGER"), ("warnings", "TEXT"), ("text", "TEXT"),
    ]

    static let errorColumns: [(String, String)] = [
        ("document_id", "TEXT PRIMARY KEY"), ("path", "TEXT"), ("code", "TEXT"), ("message", "TEXT"),
    ]

    /// Each kind's fields, read once.
    let fields = Dictionary(uniqueKeysWithValues: FactKind.allCases.map { ($0, $0.fieldTypes) })

    /// The column that holds a table's document id.
    static func key(of table: String) -> String { table == "documents" ? "id" : "document_id" }

    /// The tables a document has rows in.
    var tables: [String] { ["documents", "errors"] + FactKind.allCases.map(\.rawValue) }

    /// Columns of a fact kind's table, with their SQLite types.
    func factColumns(_ kind: FactKind) -> [(String, String)] {
        let columns = fields[kind, default: []].map { name, example -> (String, String) in
            switch example {
            case .int, .bool: (name, "INTEGER")
            case .double: (name, "REAL")
            default: (name, "TEXT")
            }
        }
        return [("document_id", "TEXT NOT NULL"), ("ordinal", "INTEGER NOT NULL"), ("text", "TEXT")] + columns
            + [("sentence", "INTEGER"), ("start", "INTEGER"), ("end", "INTEGER"), ("rule", "TEXT")]
    }

    /// The statements that make an empty store (and leave an existing one as it is).
    var creation: [String] {
        var sql = [
            Self.table("documents", Self.documentColumns),
            Self.table("errors", Self.errorColumns),
        ]
        for kind in FactKind.allCases {
            sql.append(Self.table(kind.rawValue, factColumns(kind), key: "PRIMARY KEY (document_id, ordinal)"))
        }
        let indices = [
            ("documents", "subject_code"), ("documents", "subject_name"), ("documents", "published"),
            ("quantities", "attribute"), ("quantities", "unit"), ("honors", "level"), ("places", "code"),
        ]
        for (table, column) in indices {
            sql.append("CREATE INDEX IF NOT EXISTS \(table)_\(column) ON \(table) (\(Self.quoted(column)))")
        }
        sql.append(Self.statistics)
        return sql
    }

    /// One row per quantity with its document's subject and source: the table a user builds from
    /// thousands of pages. `year` is the year of the date fact that wrote the quantity's period in the
    /// same sentence (so `今年`, `1-10月` take the page's year, 民國 years are converted), else null.
    static let statistics = """
        CREATE VIEW IF NOT EXISTS statistics AS
        SELECT d.subject_name AS subject, d.subject_code AS subject_code, q.attribute, q.value, q.min, q.max,
               q.unit, q.rate_unit, q.approx, q.change, q.basis, q.period,
               (SELECT CAST(substr(t.value, 1, 4) AS INTEGER) FROM dates t
                 WHERE t.document_id = q.document_id AND t.sentence = q.sentence AND t.text = q.period
                   AND t.value GLOB '[0-9][0-9][0-9][0-9]*'
                 ORDER BY t.ordinal LIMIT 1) AS year,
               q.text, d.published, d.url, d.path, q.document_id, q.start, q."end"
        FROM quantities q JOIN documents d ON d.id = q.document_id
        """

    func documentRow(_ record: Record, withText: Bool) -> [JSON] {
        let m = record.meta, s = record.stats
        return [
            .string(record.id), .string(record.source.path), .optional(record.source.format?.rawValue),
            .optional(record.source.encoding), .optional(record.source.url),
            .optional(m.title), .optional(m.published), .optional(m.outlet), .optional(m.author), .optional(m.editor),
            .optional(record.subject?.name), .optional(record.subject?.code),
            record.subject.map { JSON.array($0.chain.map(JSON.string)) } ?? .null, .optional(record.region),
            .int(s.chars), .int(s.paragraphs), .int(s.chromeLines), .int(s.artifactsRemoved), .int(s.sentences),
            .array(record.warnings.map(JSON.string)), withText ? .string(record.text) : .null,
        ]
    }

    /// A fact's row: every column of its kind, null where the fact does not write the field.
    func factRow(_ fact: Fact, of kind: FactKind, document: String, ordinal: Int) -> [JSON] {
        let written = fact.value.fields
        let values = fields[kind, default: []].map { name, _ in written.first { $0.0 == name }?.1 ?? .null }
        return [.string(document), .int(ordinal), .string(fact.text)] + values
            + [.int(fact.sentence), .int(fact.start), .int(fact.end), .string(fact.rule)]
    }

    static func table(_ name: String, _ columns: [(String, String)], key: String? = nil) -> String {
        let body = columns.map { "\(quoted($0.0)) \($0.1)" } + (key.map { [$0] } ?? [])
        return "CREATE TABLE IF NOT EXISTS \(name) (\(body.joined(separator: ", ")))"
    }

    /// A column name as SQL reads it whatever it is (`end` is a keyword).
    static func quoted(_ name: String) -> String { "\"\(name)\"" }
}
