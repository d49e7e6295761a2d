import Foundation
import Testing

@testable import Tiqu

/// Hostile inputs, arguments and output targets, run through the built `tiqu` as a user would:
/// nothing crashes, nothing is lost, nothing that is not Tiqu's is touched, memory stays bounded.
@Suite(.serialized) struct HostileRunTests {
    /// Every run here must stay under this peak RSS, whatever it is fed.
    static let maxRSSBytes = 1 << 30

    // MARK: Crashes

    @Test func closedStdinIsAnErrorLineNotATrap() throws {
        let page = try Spawn.run(["extract", "-"], stdin: .closed)
        #expect(page.status == 0)
        #expect(page.errorCodes == ["unreadable"])
        #expect(page.stdout.contains("\"id\":\"stdin\""))
        let jsonl = try Spawn.run(["extract", "--jsonl", "-"], stdin: .closed)
        #expect(jsonl.status == 0)
        #expect(jsonl.errorCodes == ["unreadable"])
    }

    @Test func aFolderGivenAsJSONLIsAnErrorLine() throws {
        let dir = Fixture.temporaryDirectory()
        let run = try Spawn.run(["extract", "--jsonl", dir.path, Fixture.seeds.path])
        #expect(run.status == 0)
        #expect(run.errorCodes == ["unreadable"])
        #expect(run.stdout.contains("is a folder; --jsonl takes a JSONL file"))
        #expect(run.lines.count == 3)
    }

    @Test func aFullStderrDoesNotChangeTheExitStatus() throws {
        let run = try Spawn.run(["extract", Fixture.seeds.path], stderr: "/dev/full")
        #expect(run.status == 0)
        #expect(run.lines.count == 2)
    }

    @Test func argumentsOutOfBoundsAreUsageErrors() throws {
        for arguments in [
            ["--budget", "1e30"], ["--budget", "inf"], ["--budget", "nan"], ["--jobs", "9223372036854775807"],
            ["--jobs", "0"],
        ] {
            let run = try Spawn.run(["extract"] + arguments + [Fixture.seeds.path])
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr.contains("must be"), "\(arguments): \(run.stderr)")
        }
    }

    // MARK: Output targets

    @Test func outputNamingAnInputFolderIsRefusedAndTheFolderKept() throws {
        let dir = try Self.pages(3)
        let run = try Spawn.run(["extract", dir.path, "-o", dir.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("is a folder"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).count == 3)
    }

    @Test func outputNamingAnInputFileIsRefusedAndTheFileKept() throws {
        let dir = try Self.pages(1)
        let file = dir.appendingPathComponent("page-0.txt")
        let before = try Data(contentsOf: file)
        for arguments in [[file.path], ["--jsonl", file.path]] {
            let run = try Spawn.run(["extract"] + arguments + ["-o", file.path])
            #expect(run.status == 2)
            #expect(run.stderr.contains("is also an input"))
            #expect(try Data(contentsOf: file) == before)
        }
    }

    @Test func outputInsideAnInputFolderIsRefusedUnlessExcluded() throws {
        let dir = try Self.pages(4)
        let out = dir.appendingPathComponent("out.jsonl")
        let refused = try Spawn.run(["extract", dir.path, "-o", out.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("inside the input folder"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let excluded = try Spawn.run(["extract", dir.path, "--exclude", "*.jsonl", "-o", out.path])
        #expect(excluded.status == 0)
        #expect(try Self.records(out).count == 4, "the partial file is hidden and never read back")
        let again = try Spawn.run(["extract", dir.path, "--exclude", "*.jsonl", "-o", out.path])
        #expect(again.status == 0)
        #expect(try Self.records(out).count == 4)
    }

    @Test func devicesAreWrittenThroughNeverReplaced() throws {
        let null = try Spawn.run(["extract", Fixture.seeds.path, "-o", "/dev/null"])
        #expect(null.status == 0)
        #expect(FileKind(RawPath("/dev/null")) == .special("a character device"))
        let full = try Spawn.run(["extract", Fixture.seeds.path, "-o", "/dev/full"])
        #expect(full.status == 3)
        #expect(full.stderr.contains("No space left on device"))
        #expect(FileKind(RawPath("/dev/full")) == .special("a character device"))
    }

    @Test func twoRunsOnOneOutputBothComplete() throws {
        let dir = try Self.pages(300)
        let out = Fixture.temporaryDirectory().appendingPathComponent("out.jsonl")
        let first = try Spawn.start(["extract", dir.path, "-o", out.path, "--jobs", "1"])
        let second = try Spawn.start(["extract", dir.path, "-o", out.path, "--jobs", "1"])
        let results = [try first.wait(), try second.wait()]
        #expect(results.map(\.status) == [0, 0], "\(results.map(\.stderr))")
        #expect(Set(try Self.records(out).compactMap { $0["id"] as? String }).count == 300)
        #expect(try Self.leftovers(out).isEmpty)
    }

    @Test func aFailedWriteRemovesThePartialFileAndKeepsTheOldOutput() throws {
        let dir = try Self.pages(200)
        let out = Fixture.temporaryDirectory().appendingPathComponent("out.jsonl")
        try Data("old\n".utf8).write(to: out)
        // A file size limit makes the writes fail as a full disk would (EFBIG instead of ENOSPC).
        let run = try Spawn.run(
            [
                "/bin/sh", "-c", "ulimit -f 64; exec \"$0\" \"$@\"", Fixture.binary.path,
                "extract", dir.path, "-o", out.path,
            ], direct: true)
        #expect(run.status == 3)
        #expect(run.stderr.contains("File too large"))
        #expect(try String(contentsOf: out, encoding: .utf8) == "old\n")
        #expect(try Self.leftovers(out).isEmpty)
    }

    /// `--resume` replaces the output with the records it keeps and adds: an output that holds
    /// anything else is left as it is, and the run refused.
    @Test func resumeRefusesAnOutputThatHoldsOtherLines() throws {
        let dir = try Self.pages(3)
        let out = Fixture.temporaryDirectory().appendingPathComponent("notes.jsonl")
        try Data("my notes\n".utf8).write(to: out)
        let run = try Spawn.run(["extract", dir.path, "-o", out.path, "--resume"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("holds a line that is not a record"), "\(run.stderr)")
        #expect(try String(contentsOf: out, encoding: .utf8) == "my notes\n")
        #expect(try Self.leftovers(out).isEmpty)
        // A last line cut short (a run into `>` killed) is no other text: its records are resumed.
        let first = try Spawn.run(["extract", dir.appendingPathComponent("page-0.txt").path]).stdout
        try Data((first + #"{"id":"page-1","sou"#).utf8).write(to: out)
        #expect(try Spawn.run(["extract", dir.path, "-o", out.path, "--resume"]).status == 0)
        #expect(try Self.records(out).compactMap { $0["id"] as? String }.sorted() == ["page-0", "page-1", "page-2"])
    }

    /// A link is written through, also to a file not there yet; a link is never replaced by a file.
    @Test func anOutputLinkIsWrittenThroughNeverReplaced() throws {
        let dir = try Self.pages(3)
        let folder = Fixture.temporaryDirectory()
        let link = folder.appendingPathComponent("link.jsonl"), target = folder.appendingPathComponent("t.jsonl")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "t.jsonl")
        #expect(try Spawn.run(["extract", dir.path, "-o", link.path]).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "t.jsonl")
        #expect(try Self.records(target).count == 3)
        // Into a folder that is not there: the run fails and the link stays.
        let dangling = folder.appendingPathComponent("dangling.jsonl")
        try FileManager.default.createSymbolicLink(atPath: dangling.path, withDestinationPath: "/nonexistent/x.jsonl")
        let failed = try Spawn.run(["extract", dir.path, "-o", dangling.path])
        #expect(failed.status == 3)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dangling.path) == "/nonexistent/x.jsonl")
        // A loop of links is refused.
        let a = folder.appendingPathComponent("a.jsonl"), b = folder.appendingPathComponent("b.jsonl")
        try FileManager.default.createSymbolicLink(atPath: a.path, withDestinationPath: b.path)
        try FileManager.default.createSymbolicLink(atPath: b.path, withDestinationPath: a.path)
        let loop = try Spawn.run(["extract", dir.path, "-o", a.path])
        #expect(loop.status == 3 && loop.stderr.contains("too many levels of symbolic links"), "\(loop.stderr)")
    }

    /// The path list and the rule files are inputs too, and a link into an input folder stands for
    /// the file it names: records written there were read back as pages, or broke every later run.
    @Test func anOutputOverAPathListARuleFileOrThroughALinkIntoAnInputIsRefused() throws {
        let dir = try Self.pages(2)
        let folder = Fixture.temporaryDirectory()
        let list = folder.appendingPathComponent("list.txt"), rules = folder.appendingPathComponent("rules")
        try Data((dir.path + "/page-0.txt\n").utf8).write(to: list)
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        let ruleFile = rules.appendingPathComponent("periods.yaml")
        try FileManager.default.copyItem(at: Fixture.rules.appendingPathComponent("periods.yaml"), to: ruleFile)
        let link = folder.appendingPathComponent("link.jsonl")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: dir.path + "/new.jsonl")
        let refused: [[String]] = [
            ["extract", "--paths-from", list.path, "-o", list.path],
            ["extract", "--rules", rules.path, dir.path, "-o", ruleFile.path],
            ["extract", "--rules", rules.path, dir.path, "-o", rules.appendingPathComponent("new.yml").path],
            ["extract", "--rules", rules.path, dir.path, "-o", rules.appendingPathComponent("gazetteer/x.csv").path],
            ["extract", dir.path, "-o", link.path],
        ]
        for arguments in refused {
            let run = try Spawn.run(arguments)
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
        }
        #expect(try String(contentsOf: list, encoding: .utf8) == dir.path + "/page-0.txt\n")
        let builtIn = Fixture.rules.appendingPathComponent("periods.yaml")
        #expect(try Data(contentsOf: ruleFile) == Data(contentsOf: builtIn))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/new.jsonl"))
    }

    /// The other commands' outputs are held to extract's: `test --report` and `report -o` never go
    /// into a samples or rule folder, `report` replaces no page a record was made from and names
    /// no page after a device, and `bench` refuses what would trap (empty pages, an endless replay).
    @Test func theOtherCommandsRefuseWhatWouldReplaceTheirInputsOrTrap() throws {
        let samples = try Fixture.folder(["a.txt": "常住人口8.8万人。", "a.expected.json": "{}"])
        let records = Fixture.temporaryDirectory().appendingPathComponent("r.jsonl")
        let extract = try Spawn.run(["extract", "--with-text", samples.path, Fixture.seeds.path, "-o", records.path])
        #expect(extract.status == 0)
        let rules = Fixture.rules.path
        let refused: [[String]] = [
            ["test", samples.path, "--report", samples.appendingPathComponent("a.expected.json").path],
            ["test", samples.path, "--report", rules + "/x.html"],
            ["report", records.path, "-o", rules + "/zz.yaml"],
            ["report", records.path, "-o", "/dev/null", "--per-page", "1"],
            ["report", records.path, "-o", samples.appendingPathComponent("a.txt").path],
            ["bench", try Fixture.folder(["empty.txt": ""]).path, "--runs", "1"],
            ["bench", samples.path, "--mb", "inf"],
        ]
        for arguments in refused {
            let run = try Spawn.run(arguments, timeout: 120)
            #expect(run.status == 2, "\(arguments): \(run.status) \(run.stderr)")
        }
        #expect(try String(contentsOf: samples.appendingPathComponent("a.expected.json"), encoding: .utf8) == "{}")
        #expect(try String(contentsOf: samples.appendingPathComponent("a.txt"), encoding: .utf8) == "常住人口8.8万人。")
        #expect(!FileManager.default.fileExists(atPath: rules + "/zz.yaml"))
        #expect(!FileManager.default.fileExists(atPath: "/dev/null-2.html"))
    }

    @Test func anEmptyOutputNameOrAStoreOnAPipeIsRefusedUpFront() throws {
        let dir = try Self.pages(1)
        for flag in ["-o", "--sqlite"] {
            let run = try Spawn.run(["extract", dir.path, flag, ""])
            #expect(run.status == 2 && run.stderr.contains("\(flag) needs a file name"), "\(run.stderr)")
        }
        // SQLite would wait on the pipe, or write a journal beside a device.
        let fifo = Fixture.temporaryDirectory().appendingPathComponent("store.db").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let store = try Spawn.run(["extract", dir.path, "--sqlite", fifo], timeout: 60)
        #expect(store.status == 3 && store.stderr.contains("not a regular file"), "\(store.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fifo + "-journal"))
    }

    /// A run killed with SIGKILL leaves its partial file; `--resume` takes its complete lines over.
    @Test func resumePicksUpAKilledRunsPartialFile() throws {
        let out = Fixture.temporaryDirectory().appendingPathComponent("out.jsonl")
        let lines = (0..<400).map { #"{"id":"p\#($0)","text":"第\#($0)号：街道常住人口\#($0)万人，面积\#($0)平方公里。"}"# }
        let killed = try Spawn.start(
            ["extract", "--jsonl", "-", "--jobs", "1", "--with-text", "-o", out.path], stdinPipe: true)
        try killed.feed(Data((lines[0..<300].joined(separator: "\n") + "\n").utf8))
        let partial = OutputSinkPaths.partial(out)
        let deadline = Date().addingTimeInterval(30)
        while (try? FileManager.default.attributesOfItem(atPath: partial)[.size] as? Int) ?? 0 < 65_536,
            Date() < deadline
        {
            usleep(50_000)
        }
        kill(killed.pid, SIGKILL)
        _ = try killed.wait()
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(FileManager.default.fileExists(atPath: partial))
        let resumed = try Spawn.run(
            ["extract", "--jsonl", "-", "--resume", "-o", out.path],
            stdin: .data(Data((lines.joined(separator: "\n") + "\n").utf8)))
        #expect(resumed.status == 0)
        #expect(resumed.stderr.contains("already in the output, skipped"))
        let ids = try Self.records(out).compactMap { $0["id"] as? String }
        #expect(ids.count == 400 && Set(ids).count == 400)
        #expect(try Self.leftovers(out).isEmpty)
    }

    /// SIGTERM puts the output in place with its complete lines; a run waiting on a pipe that stays
    /// open and idle, with nothing in flight, ends at once: it does not wait for input that may never come.
    @Test func sigtermClosesTheOutputCleanlyEvenWhileWaitingOnAPipe() throws {
        let out = Fixture.temporaryDirectory().appendingPathComponent("out.jsonl")
        let run = try Spawn.start(["extract", "--jsonl", "-", "-o", out.path], stdinPipe: true)
        try run.feed(Data(#"{"id":"a","text":"常住人口8.8万人。"}"#.utf8 + [0x0A]))
        // Start-up reads the rules and the gazetteer (0.3 s in a release build, over a second in a debug
        // one on a slow machine): the output's partial file, made once they are read, says it is done.
        let partial = out.deletingLastPathComponent().appendingPathComponent(".out.jsonl.tiqu-partial")
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: partial.path) { usleep(100_000) }
        usleep(700_000)
        kill(run.pid, SIGTERM)
        // `wait` closes the pipe: first the run must end with it open.
        #expect(run.ends(within: 3), "still running 3 s after SIGTERM")
        let result = try run.wait()
        #expect(result.status == 143)
        #expect(try Self.records(out).map { $0["id"] as? String } == ["a"])
        #expect(try Self.leftovers(out).isEmpty)
    }

    /// A `--paths-from` list read from a pipe whose writer is idle: SIGTERM stops the run before
    /// any document, at once.
    @Test func sigtermStopsARunReadingItsPathListFromAnIdlePipe() throws {
        let run = try Spawn.start(["extract", "--paths-from", "-"], stdinPipe: true)
        try run.feed(Data((try Self.pages(1).path + "/page-0.txt\n").utf8))
        usleep(1_500_000)
        kill(run.pid, SIGTERM)
        #expect(run.ends(within: 3), "still running 3 s after SIGTERM")
        let result = try run.wait()
        #expect(result.status == 143)
        #expect(result.stderr.contains("stopped while reading the --paths-from list"), "\(result.stderr)")
    }

    // MARK: Memory and hangs

    @Test func specialFilesAreRefusedQuickly() throws {
        let dir = Fixture.temporaryDirectory()
        let fifo = dir.appendingPathComponent("pipe.html").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let run = try Spawn.run(["extract", "/dev/zero", fifo, Fixture.seeds.path], timeout: 30)
        #expect(run.status == 0)
        #expect(run.errorCodes == ["not_a_file", "not_a_file"])
        #expect(run.stderr.isEmpty || run.stderr.contains("4 document(s)"))
        #expect(run.maxRSS < Self.maxRSSBytes)
    }

    @Test func largeFilesAreBoundedInFlightByBytes() throws {
        let dir = Fixture.temporaryDirectory()
        let line = Array("街道常住人口8.8万人，面积5.2平方公里，地区生产总值30.57亿元。\n".utf8)
        var big = [UInt8]()
        big.reserveCapacity(60_000_000)
        while big.count < 60_000_000 { big += line }
        for i in 0..<20 { try Data(big).write(to: dir.appendingPathComponent("big-\(i).txt")) }
        let run = try Spawn.run(["extract", "--jobs", "2", "--budget", "1", dir.path], timeout: 300)
        #expect(run.status == 0)
        #expect(run.lines.count == 20)
        #expect(run.maxRSS < Self.maxRSSBytes, "peak RSS \(run.maxRSS / 1_000_000) MB")
    }

    @Test func anOversizedJSONLLineIsAnErrorLineAndTheNextLineIsRead() throws {
        let file = Fixture.temporaryDirectory().appendingPathComponent("dump.jsonl")
        var bytes = Array(#"{"id":"huge","text":""#.utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "a"), count: 100_000_000)
        bytes += Array("\"}\n".utf8) + Array(#"{"id":"small","text":"常住人口8.8万人。"}"#.utf8) + [0x0A]
        try Data(bytes).write(to: file)
        let run = try Spawn.run(["extract", "--jsonl", file.path], timeout: 120)
        #expect(run.status == 0)
        #expect(run.lines.map { $0["id"] as? String } == ["huge", "small"])
        #expect(run.errorCodes == ["too_large"])
        #expect(run.maxRSS < Self.maxRSSBytes, "peak RSS \(run.maxRSS / 1_000_000) MB")
    }

    // MARK: Ids and names

    @Test func idsAreUniqueWithinARunAndResumeSkipsOnlyWhatIsDone() throws {
        let dir = Fixture.temporaryDirectory()
        for i in 1...40 {
            let section = dir.appendingPathComponent("sec\(i)")
            try FileManager.default.createDirectory(at: section, withIntermediateDirectories: true)
            try Data("第\(i)节：常住人口\(i)万人。".utf8).write(to: section.appendingPathComponent("index.html"))
        }
        let run = try Spawn.run(["extract", dir.path])
        let ids = run.lines.compactMap { $0["id"] as? String }
        #expect(ids.count == 40 && Set(ids).count == 40)
        #expect(ids.prefix(3) == ["sec1/index", "sec2/index", "sec3/index"])
        // The same name given twice on the command line: a suffix and a warning, never a skip.
        let a = dir.appendingPathComponent("sec1/index.html").path,
            b = dir.appendingPathComponent("sec2/index.html").path
        let twice = try Spawn.run(["extract", a, b])
        #expect(twice.lines.compactMap { $0["id"] as? String } == ["index", "index~2"])
        #expect((twice.lines[1]["warnings"] as? [String])?.contains { $0.contains("already used in this run") } == true)
        let out = Fixture.temporaryDirectory().appendingPathComponent("out.jsonl")
        #expect(try Spawn.run(["extract", a, "-o", out.path]).status == 0)
        let resumed = try Spawn.run(["extract", a, b, "--resume", "-o", out.path])
        #expect(resumed.stderr.contains("(1 already in the output, skipped)"))
        #expect(try Self.records(out).compactMap { $0["id"] as? String } == ["index", "index~2"])
    }

    @Test func anUnreadableSubfolderIsAnErrorLine() throws {
        let dir = Fixture.temporaryDirectory()
        chmod(dir.path, 0o755)
        let locked = dir.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try Data("常住人口8.8万人。".utf8).write(to: locked.appendingPathComponent("a.txt"))
        try Data("面积5平方公里。".utf8).write(to: dir.appendingPathComponent("b.txt"))
        chmod(locked.path, 0)
        defer { chmod(locked.path, 0o755) }
        // Root reads any folder: drop to nobody so that the permission holds. The build may sit in a
        // folder only root can enter (a CI clone in `mktemp -d`), so nobody runs a copy of the binary
        // with the built-in rules beside it.
        let binary = try Self.copyForAnyUser()
        let asUser =
            getuid() == 0
            ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", binary.path] : [binary.path]
        let run = try Spawn.run(asUser + ["extract", dir.path], direct: true)
        #expect(run.status == 0)
        #expect(run.lines.map { $0["id"] as? String } == ["b", "locked"])
        #expect(run.errorCodes == ["unreadable"])
        #expect(run.stdout.contains("Permission denied"))
    }

    @Test func fileNamesThatAreNotUTF8AreRead() throws {
        let dir = Fixture.temporaryDirectory()
        // "café.txt" in Latin-1: the é is the single byte 0xE9.
        let name = RawPath(bytes: Array("caf".utf8) + [0xE9] + Array(".txt".utf8))
        let path = RawPath(dir.path).appending(name)
        let fd = path.withCString { open($0, O_WRONLY | O_CREAT, 0o644) }
        #expect(fd >= 0)
        _ = "常住人口8.8万人。".withCString { write(fd, $0, strlen($0)) }
        close(fd)
        let folder = try Spawn.run(["extract", dir.path])
        #expect(folder.lines.map { $0["id"] as? String } == ["caf\\xE9"])
        #expect(folder.errorCodes.isEmpty)
        let direct = try Spawn.run(["extract", path], direct: false)
        #expect(direct.errorCodes.isEmpty, "\(direct.stdout)")
        #expect(direct.stdout.contains("88000"))
    }

    @Test func aJSONLLineWithALoneSurrogateKeepsItsIDAndText() throws {
        let line =
            #"{"id":"s1","text":"常住人口8.8万人\ud800。"}"# + "\n" + #"{"id":"s2","text":"pair \ud83d\ude00 ok，面积5平方公里"}"#
        let run = try Spawn.run(["extract", "--jsonl", "-", "--with-text"], stdin: .data(Data(line.utf8)))
        #expect(run.lines.map { $0["id"] as? String } == ["s1", "s2"])
        #expect(run.errorCodes.isEmpty)
        #expect((run.lines[0]["text"] as? String)?.contains("\u{FFFD}") == true)
        #expect((run.lines[0]["warnings"] as? [String])?.contains { $0.contains("unpaired surrogate") } == true)
        #expect((run.lines[1]["text"] as? String)?.contains("😀") == true)
    }

    // MARK: Helpers

    /// A folder of `count` small text pages.
    /// The built binary and the built-in rules, copied to a folder every user can enter.
    static func copyForAnyUser() throws -> URL {
        let dir = Fixture.temporaryDirectory()
        chmod(dir.path, 0o755)
        let binary = dir.appendingPathComponent("tiqu")
        try FileManager.default.copyItem(at: Fixture.binary, to: binary)
        try FileManager.default.copyItem(at: Fixture.rules, to: dir.appendingPathComponent("Rules"))
        chmod(binary.path, 0o755)
        return binary
    }

    static func pages(_ count: Int) throws -> URL {
        let dir = Fixture.temporaryDirectory()
        for i in 0..<count {
            try Data("第\(i)号文件：街道常住人口\(i)人，面积\(i)平方公里。".utf8).write(to: dir.appendingPathComponent("page-\(i).txt"))
        }
        return dir
    }

    static func records(_ file: URL) throws -> [[String: Any]] {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// Partial files left beside an output.
    static func leftovers(_ out: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path).filter {
            $0.contains("tiqu-partial")
        }
    }
}

enum OutputSinkPaths {
    static func partial(_ out: URL) -> String {
        out.deletingLastPathComponent().appendingPathComponent(".\(out.lastPathComponent).tiqu-partial").path
    }
}

/// Runs a program with `posix_spawn` and reaps it with `wait4`, so a test can close its stdin,
/// point its stderr at a device, signal it, and read its peak memory (Foundation's `Process` can do
/// none of these).
struct Spawn {
    enum Input {
        case empty, closed
        case data(Data)
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Peak resident memory, bytes.
        var maxRSS: Int
        var lines: [[String: Any]] {
            stdout.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }
        var errorCodes: [String] { lines.compactMap { ($0["error"] as? [String: Any])?["code"] as? String } }
    }

    final class Running {
        let pid: pid_t
        let stdinWriter: Int32?
        let out: String, err: String
        init(pid: pid_t, stdinWriter: Int32?, out: String, err: String) {
            self.pid = pid
            self.stdinWriter = stdinWriter
            self.out = out
            self.err = err
        }

        func feed(_ data: Data) throws {
            guard let fd = stdinWriter else { return }
            try data.withUnsafeBytes { try writeAll(fd, $0) }
        }

        func wait(timeout: TimeInterval = 600) throws -> Result {
            if let fd = stdinWriter { close(fd) }
            var status: Int32 = 0
            var peak = 0
            let deadline = Date().addingTimeInterval(timeout)
            // The child's own high-water mark, read while it runs: wait4's ru_maxrss also counts
            // what the test runner had resident when it forked.
            while waitpid(pid, &status, WNOHANG) == 0 {
                peak = max(peak, Self.highWaterMark(pid))
                if Date() > deadline { kill(pid, SIGKILL) }
                usleep(10_000)
            }
            let code = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            return Result(
                status: code, stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "", maxRSS: peak)
        }

        /// Whether the process ends within `seconds` by itself, its stdin left open (a zombie, not
        /// yet reaped: `wait` reaps it).
        func ends(within seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
                if stat.split(separator: " ").dropFirst(2).first == "Z" { return true }
                usleep(10_000)
            }
            return false
        }

        /// `VmHWM` of a running process, bytes (0 once it has exited).
        static func highWaterMark(_ pid: pid_t) -> Int {
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
            else { return 0 }
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
        }
    }

    /// Runs `tiqu` with `arguments` (or, with `direct`, the program `arguments[0]`) to the end.
    static func run(
        _ arguments: [Any], stdin: Input = .empty, stderr: String? = nil, direct: Bool = false,
        timeout: TimeInterval = 600
    ) throws -> Result {
        let process = try start(
            arguments, stdinPipe: true, stderr: stderr, direct: direct, closeStdin: stdin == .closed)
        if case .data(let data) = stdin { try process.feed(data) }
        return try process.wait(timeout: timeout)
    }

    /// Starts it; the caller feeds stdin, signals it, and waits.
    static func start(
        _ arguments: [Any], stdinPipe: Bool = false, stderr: String? = nil, direct: Bool = false,
        closeStdin: Bool = false
    ) throws -> Running {
        signal(SIGPIPE, SIG_IGN)  // a child that exits early must not take the test runner with it
        let dir = Fixture.temporaryDirectory().path
        let out = dir + "/stdout", err = stderr ?? dir + "/stderr"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipeFDs: [Int32] = [-1, -1]
        if closeStdin {
            posix_spawn_file_actions_addclose(&actions, 0)
        } else if stdinPipe {
            #expect(pipe(&pipeFDs) == 0)
            posix_spawn_file_actions_adddup2(&actions, pipeFDs[0], 0)
            posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
            posix_spawn_file_actions_addclose(&actions, pipeFDs[1])
        }
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [[UInt8]] =
            (direct ? [] : [Array(Fixture.binary.path.utf8)])
            + arguments.map { argument in
                if let raw = argument as? RawPath { return raw.bytes }
                return Array("\(argument)".utf8)
            }
        var cStrings = argv.map { bytes -> UnsafeMutablePointer<CChar>? in
            let p = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            for (i, b) in bytes.enumerated() { p[i] = CChar(bitPattern: b) }
            p[bytes.count] = 0
            return p
        }
        cStrings.append(nil)
        defer { cStrings.forEach { $0?.deallocate() } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, cStrings[0]!, &actions, nil, cStrings, environ)
        if stdinPipe && !closeStdin { close(pipeFDs[0]) }
        guard status == 0 else { throw CocoaError(.executableLoad) }
        return Running(pid: pid, stdinWriter: stdinPipe && !closeStdin ? pipeFDs[1] : nil, out: out, err: err)
    }
}

extension Spawn.Input: Equatable {}
