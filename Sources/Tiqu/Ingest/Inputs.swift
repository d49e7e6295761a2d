import Foundation

/// The documents named on a command line, read one at a time: files, folders (recursively, in
/// name order, filtered by `include`/`exclude` globs), WARC and WARC.gz files (one page per response
/// record), JSONL files and `-` for stdin. A path that cannot be read becomes an error record, so
/// every input still yields exactly one output line.
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
    /// JSONL files still to read, last first, and the one being read.
    private var pendingJSONL: [String]
    private var jsonl: (path: String, reader: LineReader, line: Int)?

    /// The WARC file being read.
    private var warc: WARCReader?
    /// Globs a file found in a folder must match one of (when any), and must match none of.
    private let include: [String]
    private let exclude: [String]

    public init(paths: [String], jsonl: [String] = [], include: [String] = [], exclude: [String] = []) {
        pending = paths.reversed()
        pendingJSONL = jsonl.reversed()
        self.include = include
        self.exclude = exclude
    }

    /// Whether a file found under `folder` passes the globs; each is tried on the path below the
    /// folder and on the file name (`*.html` and `2024/*/index.html` both work).
    func wanted(_ file: String, in folder: String) -> Bool {
        let relative = file.hasPrefix(folder + "/") ? String(file.dropFirst(folder.count + 1)) : file
        let name = (file as NSString).lastPathComponent
        func matches(_ glob: String) -> Bool { fnmatch(glob, relative, 0) == 0 || fnmatch(glob, name, 0) == 0 }
        return (include.isEmpty || include.contains(where: matches)) && !exclude.contains(where: matches)
    }

    /// How many documents these inputs hold, when that is known without reading them: nil when
    /// any input is stdin, JSONL or WARC (their documents are counted as they are read).
    public static func count(paths: [String], jsonl: [String], include: [String] = [], exclude: [String] = []) -> Int? {
        guard jsonl.isEmpty else { return nil }
        let filter = Inputs(paths: [], include: include, exclude: exclude)
        var total = 0
        for path in paths {
            if path == "-" || WARCReader.isWARC(path) { return nil }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                guard let files = files(in: path)?.filter({ filter.wanted($0, in: path) }) else { continue }
                if files.contains(where: WARCReader.isWARC) { return nil }
                total += files.count
            } else {
                total += 1
            }
        }
        return total
    }

    /// A file: a WARC file starts a run of records; anything else is one page.
    private mutating func open(_ path: String) -> Item? {
        guard WARCReader.isWARC(path) else { return Self.read(path) }
        guard FileManager.default.fileExists(atPath: path) else { return .failed(Self.failure(path, DocumentError("not_found", "no such file or folder: \(path)"))) }
        guard let reader = WARCReader(path: path) else {
            return .failed(Self.failure(path, DocumentError("unreadable", "cannot open \(path) for reading (permission denied?)")))
        }
        warc = reader
        return nil
    }

    public mutating func next() -> Item? {
        if let failure = pendingFailure {
            pendingFailure = nil
            return .failed(failure)
        }
        while let current = jsonl ?? openNextJSONL() {
            guard let line = current.reader.next() else { jsonl = nil; continue }
            jsonl = (current.path, current.reader, current.line + 1)
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            return Self.page(fromJSONLine: line, path: current.path, lineNumber: current.line + 1)
        }
        while true {
            if let reader = warc {
                if let item = reader.next() { return item }
                warc = nil
            }
            if let file = folderFiles.popLast() {
                if let item = open(file) { return item }
                continue
            }
            guard let path = pending.popLast() else { return nil }
            if path == "-" { return .page(Page(id: "stdin", source: Source(path: "-"), bytes: Array(FileHandle.standardInput.readDataToEndOfFile()))) }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                guard let files = Self.files(in: path) else {
                    return .failed(Self.failure(path, DocumentError("unreadable", "cannot list the folder \(path)")))
                }
                folderFiles = files.filter { wanted($0, in: path) }.reversed()
                continue
            }
            if let item = open(path) { return item }
        }
    }

    private mutating func openNextJSONL() -> (path: String, reader: LineReader, line: Int)? {
        while let path = pendingJSONL.popLast() {
            let handle = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path)
            guard let handle else {
                // An unreadable JSONL file is one error line; its documents are unknown.
                pendingFailure = Self.failure(path, DocumentError("unreadable", "cannot open the JSONL file \(path)"))
                return nil
            }
            jsonl = (path, LineReader(handle), 0)
            return jsonl
        }
        return nil
    }

    /// A failure found while opening inputs, returned before anything else.
    private var pendingFailure: Record?

    /// One JSONL line: `{"id":…,"url":…,"html":…}` or `{"id":…,"text":…}`; other fields go to `source.extra`.
    static func page(fromJSONLine line: [UInt8], path: String, lineNumber: Int) -> Item {
        let fallbackID = "\(((path as NSString).lastPathComponent as NSString).deletingPathExtension):\(lineNumber)"
        let source = Source(path: "\(path):\(lineNumber)")
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
            return .failed(Record(id: fallbackID, source: source, error: DocumentError("bad_jsonl", "line \(lineNumber) of \(path) is not a JSON object")))
        }
        let id = (object["id"] as? String) ?? (object["id"] as? NSNumber)?.stringValue ?? fallbackID
        guard let body = (object["html"] as? String) ?? (object["text"] as? String) else {
            return .failed(Record(id: id, source: source, error: DocumentError("bad_jsonl", "line \(lineNumber) of \(path) has neither \"html\" nor \"text\"")))
        }
        var s = source
        s.url = object["url"] as? String
        let rest = object.filter { !["id", "url", "html", "text"].contains($0.key) }
        if !rest.isEmpty { s.extra = JSON(any: rest) }
        return .page(Page(id: id, source: s, bytes: Array(body.utf8), declaredCharset: "utf-8"))
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


/// Reads a file or stdin line by line in 1 MiB chunks: a JSONL dump of any size streams through
/// in bounded memory (one line at a time, however long that line is).
final class LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var done = false

    init(_ handle: FileHandle) { self.handle = handle }

    func next() -> [UInt8]? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                return line
            }
            if done {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return line
            }
            buffer.removeFirst(start)
            start = 0
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { done = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}
