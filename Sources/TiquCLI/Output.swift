import Foundation
import Tiqu

/// Where JSONL goes: stdout, or a file written beside its final name and renamed into place
/// when complete, so a killed run never leaves a half file that looks whole.
final class OutputSink {
    private let handle: FileHandle
    private let finalPath: String?
    private let temporaryPath: String?
    private var buffer = Data()

    /// Ids of the complete records already in the output file (with `keepExisting`).
    private(set) var existingIDs = Set<String>()

    init(path: String?, keepExisting: Bool = false) throws {
        guard let path, path != "-" else {
            handle = FileHandle.standardOutput
            finalPath = nil
            temporaryPath = nil
            return
        }
        let temp = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        var existing = Data()
        if keepExisting, let old = FileManager.default.contents(atPath: path) {
            // Keep whole lines only: a line cut by a crash is dropped and its document redone.
            for line in old.split(separator: 0x0A, omittingEmptySubsequences: true) {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any], let id = object["id"] as? String else { continue }
                existingIDs.insert(id)
                existing.append(contentsOf: line)
                existing.append(0x0A)
            }
        }
        guard FileManager.default.createFile(atPath: temp, contents: existing) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temp))
        try handle.seekToEnd()
        finalPath = path
        temporaryPath = temp
    }

    func write(_ line: String) throws {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() throws {
        try flush()
        guard let finalPath, let temporaryPath else { return }
        try handle.close()
        if FileManager.default.fileExists(atPath: finalPath) { try FileManager.default.removeItem(atPath: finalPath) }
        try FileManager.default.moveItem(atPath: temporaryPath, toPath: finalPath)
    }
}

/// Runs documents through `jobs` worker threads as a stream: a reader thread pulls inputs, workers
/// process them, and the caller's thread writes results — in input order (`ordered`) or as they
/// finish. At most `window` documents are in flight, so memory does not grow with the corpus, and a
/// slow document holds up only its own slot (and, when ordered, the writing of those after it).
final class Stream<Input, Output> {
    private let condition = NSCondition()
    private var queue: [(Int, Input)] = []
    private var results: [Int: Output] = [:]
    private var readerDone = false
    private var read = 0
    private var inFlight = 0

    /// Feeds `next()` through `transform` on `jobs` threads and hands each output to `write` on the
    /// calling thread. `next` runs on a reader thread and returns nil at the end (or to stop early).
    func run(jobs: Int, window: Int, ordered: Bool, next: @escaping () -> Input?, transform: @escaping (Input) -> Output, write: (Output) throws -> Void) rethrows {
        let reader = Thread { [self] in
            while true {
                condition.lock()
                while inFlight >= window { condition.wait() }
                condition.unlock()
                guard let item = next() else { break }
                condition.lock()
                queue.append((read, item))
                read += 1
                inFlight += 1
                condition.broadcast()
                condition.unlock()
            }
            condition.lock()
            readerDone = true
            condition.broadcast()
            condition.unlock()
        }
        reader.start()
        for _ in 0..<jobs {
            Thread { [self] in
                while true {
                    condition.lock()
                    while queue.isEmpty && !readerDone { condition.wait() }
                    if queue.isEmpty { condition.unlock(); return }
                    let (sequence, item) = queue.removeFirst()
                    condition.unlock()
                    let output = transform(item)
                    condition.lock()
                    results[sequence] = output
                    condition.broadcast()
                    condition.unlock()
                }
            }.start()
        }
        var written = 0
        while true {
            condition.lock()
            var output: Output?
            while output == nil {
                if ordered {
                    output = results.removeValue(forKey: written)
                } else if let any = results.first {
                    output = results.removeValue(forKey: any.key)
                }
                if output == nil {
                    if readerDone && written == read { condition.unlock(); return }
                    condition.wait()
                }
            }
            condition.unlock()
            try write(output!)
            condition.lock()
            written += 1
            inFlight -= 1
            condition.broadcast()
            condition.unlock()
        }
    }
}
