import Foundation

/// The documents named on a command line, read one at a time: files, folders (recursively, in
/// name order) and `-` for stdin. A path that cannot be read becomes an error record, so every
/// input still yields exactly one output line.
public struct Inputs: Sequence, IteratorProtocol {
    public enum Item {
        case page(Page)
        case failed(Record)
    }

    /// Larger inputs are refused unread: no scrape is this big, and reading it would cost the memory
    /// of every other worker.
    public static let maxDocumentBytes = 64 * 1024 * 1024

    /// Paths still to visit, last first.
    private var pending: [String]
    /// Files of the folder being read, last first.
    private var folderFiles: [String] = []

    public init(paths: [String]) {
        pending = paths.reversed()
    }

    public mutating func next() -> Item? {
        while true {
            if let file = folderFiles.popLast() { return Self.read(file) }
            guard let path = pending.popLast() else { return nil }
            if path == "-" { return .page(Page(id: "stdin", source: Source(path: "-"), bytes: Array(FileHandle.standardInput.readDataToEndOfFile()))) }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                guard let files = Self.files(in: path) else {
                    return .failed(Self.failure(path, DocumentError("unreadable", "cannot list the folder \(path)")))
                }
                folderFiles = files.reversed()
                continue
            }
            return Self.read(path)
        }
    }

    /// The regular files below a folder, hidden ones (and hidden folders) left out, in name order
    /// with numbers compared as numbers, so runs are reproducible whatever the file system.
    static func files(in folder: String) -> [String]? {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return nil }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let type = walker.fileAttributes?[.type] as? FileAttributeType
            if (relative as NSString).lastPathComponent.hasPrefix(".") {
                if type == .typeDirectory { walker.skipDescendants() }
                continue
            }
            if type == .typeRegular { files.append(relative) }
        }
        return files.sorted { $0.compare($1, options: .numeric) == .orderedAscending }
            .map { (folder as NSString).appendingPathComponent($0) }
    }

    /// A record id: the file name without its extension.
    public static func id(for path: String) -> String {
        path == "-" ? "stdin" : ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    static func failure(_ path: String, _ error: DocumentError) -> Record {
        Record(id: id(for: path), source: Source(path: path), error: error)
    }

    /// Reads one file (no folders, no stdin) into a page, or the error record that explains why not.
    public static func read(_ path: String) -> Item {
        let fm = FileManager.default
        guard fm.fileExists(atPath: path) else { return .failed(failure(path, DocumentError("not_found", "no such file or folder: \(path)"))) }
        if let size = (try? fm.attributesOfItem(atPath: path))?[.size] as? Int, size > maxDocumentBytes {
            return .failed(failure(path, DocumentError("too_large", "the file is \(size) bytes; documents over \(maxDocumentBytes) bytes are not read")))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failed(failure(path, DocumentError("unreadable", "cannot open \(path) for reading (permission denied?)")))
        }
        defer { try? handle.close() }
        do {
            let data = try handle.readToEnd() ?? Data()
            return .page(Page(id: id(for: path), source: Source(path: path), bytes: Array(data)))
        } catch {
            return .failed(failure(path, DocumentError("unreadable", "cannot read \(path): \(error.localizedDescription)")))
        }
    }
}

