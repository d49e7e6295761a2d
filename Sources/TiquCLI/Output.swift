import Foundation
import Tiqu

/// Where JSONL goes: stdout, or a file written beside its final name and renamed into place
/// when complete, so a killed run never leaves a half file that looks whole.
final class OutputSink {
    private let handle: FileHandle
    private let finalPath: String?
    private let temporaryPath: String?
    private var buffer = Data()

    init(path: String?) throws {
        guard let path, path != "-" else {
            handle = FileHandle.standardOutput
            finalPath = nil
            temporaryPath = nil
            return
        }
        let temp = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temp, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temp))
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
    static func map<T, R>(_ items: [T], _ transform: (T) -> R) -> [R] {
        var results = [R?](repeating: nil, count: items.count)
        results.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: items.count) { i in
                (base + i).pointee = transform(items[i])
            }
        }
        return results.map { $0! }
    }
}
