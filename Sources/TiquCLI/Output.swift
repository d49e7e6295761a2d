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

/// Maps a batch on all cores, keeping input order.
enum ParallelMap {
    static func map<T, R>(_ items: [T], threads: Int, _ transform: (T) -> R) -> [R] {
        var results = [R?](repeating: nil, count: items.count)
        let lanes = max(1, min(threads, items.count))
        results.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            // Each lane takes every lanes-th item: N lanes are N threads at most.
            DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                var i = lane
                while i < items.count {
                    (base + i).pointee = transform(items[i])
                    i += lanes
                }
            }
        }
        return results.map { $0! }
    }
}
