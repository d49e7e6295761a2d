import Foundation

@testable import Tiqu

/// Paths and shared fixtures for the tests.
enum Fixture {
    /// The package root, found from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let samples = root.appendingPathComponent("Samples")
    static let rules = root.appendingPathComponent("Rules")
    /// `../shared`, beside the project, where CI and developers have the seeds and corpus
    /// (`TIQU_SHARED` names another place).
    static let shared =
        ProcessInfo.processInfo.environment["TIQU_SHARED"].map { URL(fileURLWithPath: $0) }
        ?? root.deletingLastPathComponent().appendingPathComponent("shared")
    static let seeds = shared.appendingPathComponent("seeds")
    static let corpusHTML = shared.appendingPathComponent("corpus/html")
    static let labels = root.appendingPathComponent("Tests/Labels/corpus-html.json")

    static let book: RuleBook = try! RuleBook.load([rules.path])
    static let pipeline = Pipeline(rules: book)

    /// A text of a random number (in `count`) of pieces drawn from `pieces`, a test's alphabet.
    static func randomText(
        from pieces: [String], pieces count: ClosedRange<Int>, using generator: inout some RandomNumberGenerator
    ) -> String {
        (0..<Int.random(in: count, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    /// Runs the pipeline on a file.
    static func record(_ url: URL) -> Record {
        switch Inputs.read(url.path) {
        case .page(let page): return pipeline.process(page)
        case .failed(let record): return record
        }
    }

    /// Runs the pipeline on bytes as if read from a file called `name`.
    static func record(bytes: [UInt8], name: String = "doc.txt") -> Record {
        pipeline.process(Page(id: Inputs.id(for: name), source: Source(path: name), bytes: bytes))
    }

    /// This test process's scratch folder, which holds every folder `temporaryDirectory` makes and
    /// is removed when the process exits: a full run writes over a gigabyte of pages and dumps, and
    /// runs left behind filled the disk of a machine that is kept from one session to the next.
    static let scratch: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tiqu-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Fixture.scratch) }
        return url
    }()

    /// A new empty folder of this run's scratch.
    static func temporaryDirectory() -> URL {
        let url = scratch.appendingPathComponent(UUID().uuidString)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A new folder holding `files` (relative path → contents; subfolders made as needed): a user's
    /// rules folder, a folder of pages.
    static func folder(_ files: [String: String]) throws -> URL {
        let dir = temporaryDirectory()
        for (path, contents) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
        return dir
    }

    /// The built `tiqu` binary, beside the test bundle.
    static var binary: URL {
        let exe =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("tiqu")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [[String: Any]] {
            stdout.split(separator: "\n").map {
                try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
            }
        }
    }

    /// Runs the built binary with arguments, feeding `stdin`.
    static func run(
        _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:], in directory: URL? = nil
    ) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read both pipes before waiting, so a large output cannot block the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let outBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            outBox.data = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let outData = outBox.data
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
