import CSQLite
import Foundation
import Testing

@testable import Tiqu

/// `--sqlite`: every fact of every record in its kind's table at its span, a document never twice,
/// a second run of the same inputs changing nothing, and the statistics view's subject and year.
@Suite(.serialized) struct StoreTests {
    static let samples: [Record] = try! FileManager.default.contentsOfDirectory(atPath: Fixture.samples.path)
        .filter { $0.hasSuffix(".txt") || $0.hasSuffix(".html") }.sorted()
        .map { Fixture.record(Fixture.samples.appendingPathComponent($0)) }

    static func store(_ records: [Record], at path: String, withText: Bool = true) throws {
        let store = try SQLiteStore(path: path, withText: withText)
        for record in records { try store.write(record) }
        try store.finish()
    }

    @Test func everyFactOfTheSamplesIsARowAtItsSpan() throws {
        let path = Fixture.temporaryDirectory().appendingPathComponent("facts.db").path
        try Self.store(Self.samples, at: path)
        #expect(try Query.rows(path, "SELECT count(*) FROM documents") == [["\(Self.samples.count)"]])
        for kind in FactKind.allCases {
            let expected = Self.samples.reduce(0) { $0 + $1.facts.filter { $0.kind == kind }.count }
            #expect(try Query.rows(path, "SELECT count(*) FROM \(kind.rawValue)") == [["\(expected)"]], "\(kind)")
        }
        // SQLite's substr counts characters (code points), as the spans do.
        let offSpan = try Query.rows(
            path,
            """
            SELECT q.text FROM quantities q JOIN documents d ON d.id = q.document_id
            WHERE substr(d.text, q.start + 1, q."end" - q.start) != q.text
            """)
        #expect(offSpan.isEmpty)
        let place = try Query.rows(
            path, "SELECT name, level, code FROM places WHERE document_id LIKE '000_%' ORDER BY ordinal LIMIT 1")
        #expect(place.first?.first?.isEmpty == false)
        let names = try Query.rows(path, "SELECT names FROM divisions LIMIT 1")
        #expect(names.first?.first?.hasPrefix("[\"") == true, "a list is JSON text")
    }

    @Test func aSecondRunChangesNothingAndARerunReplacesADocument() throws {
        let path = Fixture.temporaryDirectory().appendingPathComponent("facts.db").path
        try Self.store(Self.samples, at: path)
        let first = try Query.dump(path)
        try Self.store(Self.samples, at: path)
        #expect(try Query.dump(path) == first)

        var fewer = Self.samples[0]
        fewer.facts = Array(fewer.facts.prefix(2))
        try Self.store([fewer], at: path)
        let count = "SELECT count(*) FROM quantities WHERE document_id = '\(fewer.id)'"
        #expect(try Query.rows(path, count) == [["\(fewer.facts.filter { $0.kind == .quantities }.count)"]])
        #expect(try Query.rows(path, "SELECT count(*) FROM documents WHERE id = '\(fewer.id)'") == [["1"]])

        let failed = Record(id: fewer.id, source: fewer.source, error: DocumentError("empty", "the file is empty"))
        try Self.store([failed], at: path)
        #expect(try Query.rows(path, "SELECT code FROM errors WHERE document_id = '\(fewer.id)'") == [["empty"]])
        #expect(try Query.rows(path, "SELECT count(*) FROM documents WHERE id = '\(fewer.id)'") == [["0"]])
        #expect(try Query.rows(path, count) == [["0"]])
        try Self.store([Self.samples[0]], at: path)
        #expect(try Query.dump(path) == first, "back as it was: the error row went with the failure")
    }

    @Test func statisticsCarryTheSubjectAndTheYearOfTheSentencesPeriod() throws {
        let path = Fixture.temporaryDirectory().appendingPathComponent("facts.db").path
        let record = Fixture.record(
            bytes: Array("鄞州区东柳街道概况\n\n2019年，东柳街道常住人口8.8万人，地区生产总值同比增长6.5%。\n".utf8))
        try Self.store([record], at: path)
        let rows = try Query.rows(
            path, "SELECT subject, subject_code, attribute, value, unit, change, period, year FROM statistics")
        #expect(rows.count == 2)
        #expect(rows.first == ["东柳街道", "330212012", "常住人口", "88000.0", "person", "", "2019年", "2019"])
        #expect(rows.last?[2...] == ["地区生产总值", "6.5", "percent", "increase", "2019年", "2019"])
    }

    @Test func aRecordThatCannotBeWrittenWholeLeavesTheStoreAsItWas() throws {
        let path = Fixture.temporaryDirectory().appendingPathComponent("facts.db").path
        try Self.store(Array(Self.samples.prefix(2)), at: path)
        let before = try Query.dump(path)
        let victim = Self.samples[1]
        #expect(victim.facts.contains { $0.kind == .places })
        try Query.execute(
            path,
            """
            CREATE TRIGGER boom BEFORE INSERT ON places WHEN NEW.document_id = '\(victim.id)'
            BEGIN SELECT RAISE(ABORT, 'boom'); END
            """)
        let store = try SQLiteStore(path: path, withText: true)
        try store.write(Self.samples[0])
        #expect(throws: StoreError.self) { try store.write(victim) }
        try store.finish()
        try Query.execute(path, "DROP TRIGGER boom")
        #expect(try Query.dump(path) == before, "the failed record's deletes and inserts were undone")
    }

    @Test func idsWithANulAreKeptWhole() throws {
        let path = Fixture.temporaryDirectory().appendingPathComponent("facts.db").path
        let ids = ["a\u{0}b", "a\u{0}c"]
        let records = ids.map { Record(id: $0, source: Source(path: "-"), error: DocumentError("empty", "empty")) }
        try Self.store(records, at: path)
        #expect(try SQLiteStore(path: path, withText: false).storedIDs() == Set(ids))
    }

    @Test func aFileThatIsNoStoreIsRefusedWithTheReason() throws {
        let dir = Fixture.temporaryDirectory()
        let other = dir.appendingPathComponent("other.db").path
        try Query.execute(other, "CREATE TABLE notes (x TEXT)")
        #expect {
            try SQLiteStore(path: other, withText: false)
        } throws: { ($0 as? StoreError)?.message.contains("not a Tiqu store") == true }
        let text = dir.appendingPathComponent("records.jsonl")
        try Data("{\"id\":\"a\"}\n".utf8).write(to: text)
        #expect {
            try SQLiteStore(path: text.path, withText: false)
        } throws: { ($0 as? StoreError)?.message.contains("records.jsonl") == true }
    }

    /// The command line: `--sqlite` alone writes no JSONL, and `--resume` skips what the store holds.
    @Test func extractWritesTheStoreAndResumesFromIt() throws {
        let dir = Fixture.temporaryDirectory()
        let path = dir.appendingPathComponent("facts.db").path
        let alone = try Fixture.run(["extract", "--sqlite", path, Fixture.seeds.path])
        #expect(alone.status == 0)
        #expect(alone.stdout.isEmpty)
        #expect(try Query.rows(path, "SELECT count(*) FROM documents") == [["2"]])
        try Query.execute(path, "DELETE FROM documents WHERE id = '003_87e76716f90a3b64'")
        let resumed = try Fixture.run(["extract", "--resume", "--sqlite", path, Fixture.seeds.path])
        #expect(resumed.stderr.contains("1 document(s)"), "\(resumed.stderr)")
        #expect(resumed.stderr.contains("(1 already in the output, skipped)"))
        #expect(try Query.rows(path, "SELECT count(*) FROM documents") == [["2"]])
        let jsonl = dir.appendingPathComponent("records.jsonl").path
        #expect(try Fixture.run(["extract", Fixture.seeds.path, "-o", jsonl]).status == 0)
        let both = try Fixture.run(["extract", "--resume", "-o", jsonl, "--sqlite", path, Fixture.seeds.path])
        #expect(both.status == 0)
        #expect(
            try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n").count == 2, "not written twice")
        let folder = try Fixture.run(["extract", "--sqlite", dir.path, Fixture.seeds.path])
        #expect(folder.status == 2)
        #expect(folder.stderr.contains("--sqlite \(dir.path) is a folder"))
    }
}

/// A killed run leaves whole batches in the store; `--resume` adds the rest, each document once.
@Suite(.serialized) struct StoreKillTests {
    @Test func aKilledRunLeavesWholeBatchesAndResumeCompletesIt() throws {
        let path = Fixture.temporaryDirectory().appendingPathComponent("facts.db").path
        let lines = (0..<1_200).map { #"{"id":"p\#($0)","text":"第\#($0)号：街道常住人口\#($0)万人。"}"# }
        let killed = try Spawn.start(["extract", "--jsonl", "-", "--jobs", "1", "--sqlite", path], stdinPipe: true)
        try killed.feed(Data((lines[0..<1_100].joined(separator: "\n") + "\n").utf8))
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, (try? Query.rows(path, "SELECT count(*) FROM documents"))?.first?.first ?? "0" == "0" {
            usleep(20_000)
        }
        kill(killed.pid, SIGKILL)
        _ = try killed.wait()
        let stored = Int(try Query.rows(path, "SELECT count(*) FROM documents")[0][0]) ?? -1
        #expect(stored > 0 && stored % SQLiteStore.batchSize == 0, "\(stored) is whole batches")
        let resumed = try Spawn.run(
            ["extract", "--jsonl", "-", "--resume", "--sqlite", path],
            stdin: .data(Data((lines.joined(separator: "\n") + "\n").utf8)))
        #expect(resumed.status == 0)
        #expect(resumed.stderr.contains("(\(stored) already in the output, skipped)"))
        #expect(try Query.rows(path, "SELECT count(*), count(DISTINCT id) FROM documents") == [["1200", "1200"]])
        #expect(try Query.rows(path, "SELECT count(*) FROM quantities") == [["1200"]])
    }
}

/// Reading a store back with SQLite's C API, every value as text (null as empty).
enum Query {
    static func rows(_ path: String, _ sql: String) throws -> [[String]] {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else { throw StoreError("open") }
        defer { sqlite3_close(db) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
            throw StoreError(String(cString: sqlite3_errmsg(db)))
        }
        defer { sqlite3_finalize(statement) }
        var rows: [[String]] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            rows.append(
                (0..<sqlite3_column_count(statement)).map { i in
                    sqlite3_column_text(statement, i).map { String(cString: $0) } ?? ""
                })
        }
        return rows
    }

    static func execute(_ path: String, _ sql: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw StoreError("open") }
        defer { sqlite3_close(db) }
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw StoreError(String(cString: sqlite3_errmsg(db)))
        }
    }

    /// Every row of every table, in key order: what "the database did not change" compares.
    static func dump(_ path: String) throws -> [[String]] {
        let tables = try rows(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map { $0[0] }
        return try tables.flatMap { table in
            try [[table]] + rows(path, "SELECT * FROM \(table) ORDER BY 1, 2")
        }
    }
}
