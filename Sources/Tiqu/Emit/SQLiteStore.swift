import CSQLite

/// Emit to SQLite (`--sqlite facts.db`): a `documents` table, one table per fact kind, `errors`, and
/// the `statistics` view. A document is stored under its id: writing it again replaces all its rows,
/// so a re-run never duplicates and a second run of the same inputs changes nothing. Records are
/// written in transactions of `batchSize`, so a killed run leaves the batches before it, whole.
public final class SQLiteStore {
    private var db: OpaquePointer?
    private let path: String
    private let schema: StoreSchema
    private var statements: [String: OpaquePointer] = [:]
    private var inBatch = 0
    /// Whether documents get their body text (`--with-text`), as in the JSONL.
    public let withText: Bool

    /// Records per transaction: one commit per record would cost a sync each.
    public static let batchSize = 500

    public init(path: String, withText: Bool) throws(StoreError) {
        self.path = path
        self.withText = withText
        self.schema = StoreSchema()
        // SQLite writes a journal beside the database: beside a device (/dev/null) that is a stray file.
        switch FileKind(RawPath(path)) {
        case .fifo, .special: throw StoreError("cannot store in \(path): it is not a regular file")
        default: break  // a folder or an unreadable path: SQLite's own message says why
        }
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
            let reason = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            db = nil
            throw StoreError("cannot open \(path): \(reason)")
        }
        sqlite3_busy_timeout(db, 5000)
        do throws(StoreError) {
            try create()
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// The ids of the documents stored, records and errors (for `--resume`).
    public func storedIDs() throws(StoreError) -> Set<String> {
        var ids = Set<String>()
        for table in ["documents", "errors"] {
            let sql = "SELECT \(StoreSchema.quoted(StoreSchema.key(of: table))) FROM \(table)"
            let statement = try prepare(sql)
            defer { sqlite3_finalize(statement) }
            while sqlite3_step(statement) == SQLITE_ROW {
                if let id = Self.text(statement, 0) { ids.insert(id) }
            }
        }
        return ids
    }

    /// Stores one record, replacing whatever the store held under its id. A record that cannot be
    /// written whole leaves the store as it was: the batch keeps only whole records.
    public func write(_ record: Record) throws(StoreError) {
        if inBatch == 0 { try execute("BEGIN IMMEDIATE") }
        try execute("SAVEPOINT record")
        do throws(StoreError) {
            try replace(record)
        } catch {
            try? execute("ROLLBACK TO record")
            try? execute("RELEASE record")
            throw error
        }
        try execute("RELEASE record")
        inBatch += 1
        if inBatch >= Self.batchSize { try commit() }
    }

    private func replace(_ record: Record) throws(StoreError) {
        try remove(record.id)
        if let error = record.error {
            try insert(
                "errors",
                [.string(record.id), .string(record.source.path), .string(error.code), .string(error.message)])
        } else {
            try insert("documents", schema.documentRow(record, withText: withText))
            for kind in FactKind.allCases {
                for (ordinal, fact) in record.facts.filter({ $0.kind == kind }).enumerated() {
                    try insert(kind.rawValue, schema.factRow(fact, of: kind, document: record.id, ordinal: ordinal))
                }
            }
        }
    }

    /// Commits the open batch and closes the database.
    public func finish() throws(StoreError) {
        try commit()
        close()
    }

    // MARK: - Steps

    private func create() throws(StoreError) {
        let version = try integer("PRAGMA user_version")
        let tables = try integer("SELECT count(*) FROM sqlite_master")
        if tables > 0 && version != StoreSchema.version {
            throw StoreError(
                "\(path) is not a Tiqu store of this version (schema \(version), this tiqu writes "
                    + "\(StoreSchema.version)); write to a new file")
        }
        // Write-ahead logging: readers see the last whole batch while a run writes, and with
        // `synchronous = NORMAL` a crash or power loss loses at most the last batches, never the file.
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = NORMAL")
        try execute("BEGIN IMMEDIATE")
        for statement in schema.creation { try execute(statement) }
        try execute("PRAGMA user_version = \(StoreSchema.version)")
        try execute("COMMIT")
    }

    private func remove(_ id: String) throws(StoreError) {
        for table in schema.tables {
            try run("DELETE FROM \(table) WHERE \(StoreSchema.quoted(StoreSchema.key(of: table))) = ?", [.string(id)])
        }
    }

    private func insert(_ table: String, _ values: [JSON]) throws(StoreError) {
        let marks = Array(repeating: "?", count: values.count).joined(separator: ", ")
        try run("INSERT INTO \(table) VALUES (\(marks))", values)
    }

    private func commit() throws(StoreError) {
        guard inBatch > 0 else { return }
        try execute("COMMIT")
        inBatch = 0
    }

    private func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements = [:]
        sqlite3_close(db)
        db = nil
    }

    // MARK: - SQLite

    /// Runs a cached statement with these values bound in order.
    private func run(_ sql: String, _ values: [JSON]) throws(StoreError) {
        let statement: OpaquePointer
        if let cached = statements[sql] {
            statement = cached
        } else {
            statement = try prepare(sql)
            statements[sql] = statement
        }
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (i, value) in values.enumerated() { bind(value, to: statement, at: Int32(i + 1)) }
        guard sqlite3_step(statement) == SQLITE_DONE else { throw failure("cannot write") }
    }

    private func bind(_ value: JSON, to statement: OpaquePointer, at index: Int32) {
        switch value {
        case .null: sqlite3_bind_null(statement, index)
        case .bool(let b): sqlite3_bind_int64(statement, index, b ? 1 : 0)
        case .int(let i): sqlite3_bind_int64(statement, index, Int64(i))
        case .double(let d): sqlite3_bind_double(statement, index, d)
        case .string(let s): Self.bind(text: s, to: statement, at: index)
        case .array, .object: Self.bind(text: value.serialized(), to: statement, at: index)
        }
    }

    /// Text by its byte count, so a NUL inside it (JSONL ids may hold one) does not end it.
    private static func bind(text: String, to statement: OpaquePointer, at index: Int32) {
        var text = text
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(
                statement, index,
                UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                    .assumingMemoryBound(to: CChar.self), Int32(bytes.count), transient)
        }
    }

    /// A text column as stored, NULs included.
    private static func text(_ statement: OpaquePointer, _ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(statement, column) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    private func prepare(_ sql: String) throws(StoreError) -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure("cannot prepare '\(sql)'")
        }
        return statement
    }

    private func execute(_ sql: String) throws(StoreError) {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw failure("cannot run '\(sql)'") }
    }

    private func integer(_ sql: String) throws(StoreError) -> Int {
        let statement = try prepare(sql)
        defer { sqlite3_finalize(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW else { throw failure("cannot read '\(sql)'") }
        return Int(sqlite3_column_int64(statement, 0))
    }

    private func failure(_ what: String) -> StoreError {
        StoreError("\(path): \(what): \(db.map { String(cString: sqlite3_errmsg($0)) } ?? "closed")")
    }

    /// SQLite copies bound text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// Why the store could not be opened or written.
public struct StoreError: Error, Sendable {
    public var message: String

    init(_ message: String) { self.message = message }
}
