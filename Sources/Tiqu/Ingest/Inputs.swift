import Foundation

/// The documents named on a command line, read one at a time: files, folders (recursively, in
/// name order, filtered by `include`/`exclude` globs), WARC and WARC.gz files (one page per response
/// record), JSONL files and `-` for stdin. A path that cannot be read becomes an error record, so
/// every input still yields exactly one output line, and every id is unique within the run.
public struct Inputs: Sequence, IteratorProtocol {
    public enum Item {
        case page(Page)
        case failed(Record)
    }

    /// Larger inputs are refused unread: no scrape is this big, and reading it would cost the memory
    /// of every other worker. The same limit holds for a JSONL line, which carries one document.
    public static let maxDocumentBytes = 64 * 1024 * 1024

    /// Paths still to visit, last first.
    private var pending: [RawPath]
    /// Entries of the folder being read, last first, and the folder.
    private var folderEntries: [FolderWalk.Entry] = []
    /// JSONL files still to read, last first, and the one being read.
    private var pendingJSONL: [RawPath]
    private var jsonl: JSONLFile?
    /// The WARC file being read.
    private var warc: WARCReader?
    /// Globs a file found in a folder must match one of (when any), and must match none of.
    private let include: [String]
    private let exclude: [String]
    /// The field names of JSONL lines.
    private let fields: JSONLFields
    /// Files found in folders and left out by the globs (not page files, or excluded): the run says
    /// how many, so nothing is left out unseen.
    public private(set) var skippedFiles = 0
    /// Links to folders inside folder inputs, not followed.
    public private(set) var skippedLinks = 0
    /// Every id handed out so far: a second document with the same id gets a suffix, never a skip.
    private var issued = Set<String>()

    public init(
        paths: [RawPath], jsonl: [RawPath] = [], include: [String] = [], exclude: [String] = [],
        fields: JSONLFields = JSONLFields()
    ) {
        pending = paths.reversed()
        pendingJSONL = jsonl.reversed()
        self.include = include
        self.exclude = exclude
        self.fields = fields
    }

    public init(paths: [String], jsonl: [String] = [], include: [String] = [], exclude: [String] = []) {
        self.init(paths: paths.map(RawPath.init), jsonl: jsonl.map(RawPath.init), include: include, exclude: exclude)
    }

    /// The files a folder is read for when no `include` glob widens it: pages, WARC files and
    /// JSONL files, not the notes, expected records and settings kept beside them.
    public static let pageFiles = ["*.html", "*.htm", "*.shtml", "*.xhtml", "*.txt", "*.warc", "*.warc.gz", "*.jsonl"]

    /// glibc's FNM_CASEFOLD, which Swift does not import (it is a GNU extension).
    static let ignoringCase: Int32 = 1 << 4

    /// Whether a file found in a folder is read: a page file or one an `include` glob names, and
    /// no `exclude` glob. Each glob is tried on the path below the folder and on the file name
    /// (`*.md` and `2024/*/index.html` both work), ignoring case (`INDEX.HTM`).
    public func wanted(_ relative: RawPath) -> Bool {
        func matches(_ glob: String) -> Bool {
            relative.withCString { fnmatch(glob, $0, Self.ignoringCase) == 0 }
                || relative.name.withCString { fnmatch(glob, $0, Self.ignoringCase) == 0 }
        }
        return (Self.pageFiles + include).contains(where: matches) && !exclude.contains(where: matches)
    }

    /// How many documents these inputs hold, when that is known without reading them: nil when
    /// any input is stdin, JSONL or WARC (their documents are counted as they are read).
    public static func count(paths: [RawPath], jsonl: [RawPath], include: [String] = [], exclude: [String] = []) -> Int?
    {
        guard jsonl.isEmpty else { return nil }
        let filter = Inputs(paths: [RawPath](), include: include, exclude: exclude)
        var total = 0
        for path in paths {
            if path.bytes == [UInt8(ascii: "-")] || opensAsStream(path) { return nil }
            guard !path.bytes.contains(0), FileKind(path) == .folder else {
                total += 1
                continue
            }
            guard case .success(let entries) = FolderWalk.entries(of: path) else {
                total += 1
                continue
            }
            for entry in entries {
                if case .linkToFolder = entry { continue }
                guard case .file(let file, let relative) = entry else {
                    total += 1
                    continue
                }
                guard filter.wanted(relative) else { continue }
                if opensAsStream(file) { return nil }
                total += 1
            }
        }
        return total
    }

    public mutating func next() -> Item? {
        guard let item = nextItem() else { return nil }
        return unique(item)
    }

    /// Renames a document whose id was already handed out in this run (`index` → `index~2`) and says so.
    private mutating func unique(_ item: Item) -> Item {
        let id = item.id
        guard issued.contains(id) else {
            issued.insert(id)
            return item
        }
        var n = 2
        while issued.contains("\(id)~\(n)") { n += 1 }
        let renamed = "\(id)~\(n)"
        issued.insert(renamed)
        let warning = "the id '\(id)' was already used in this run; this document is '\(renamed)'"
        switch item {
        case .page(var page):
            page.id = renamed
            page.warnings.append(warning)
            return .page(page)
        case .failed(var record):
            record.id = renamed
            return .failed(record)
        }
    }

    private mutating func nextItem() -> Item? {
        while true {
            if let file = jsonl {
                if let item = file.next() { return item }
                jsonl = nil
            }
            if let path = pendingJSONL.popLast() {
                jsonl = JSONLFile(path, fields: fields)
                continue
            }
            if let reader = warc {
                if let item = reader.next() { return item }
                warc = nil
            }
            if let entry = folderEntries.popLast() {
                switch entry {
                case .file(let path, let relative):
                    // A pipe or device a walk finds is refused by the page reader (`not_a_file`), whatever
                    // its name: one named may stream JSONL in, one found may wait forever for a writer. Only
                    // JSONL and WARC names are opened otherwise; a page's reader refuses it by itself.
                    if Self.opensAsStream(path), Self.isPipeOrDevice(path) {
                        return Self.read(path, id: Self.id(relative: relative))
                    }
                    if let item = open(path, id: Self.id(relative: relative)) { return item }
                case .unreadable(let path, let relative, let reason):
                    let error = DocumentError("unreadable", "cannot list the folder \(path.display): \(reason)")
                    return .failed(Self.failure(path, id: relative.display, error))
                case .linkToFolder:
                    skippedLinks += 1
                }
                continue
            }
            guard let path = pending.popLast() else { return nil }
            if path.bytes == [UInt8(ascii: "-")] { return Self.readStandardInput() }
            if path.bytes.contains(0) { return .failed(Self.nulRefusal(path)) }
            if FileKind(path) == .folder {
                switch FolderWalk.entries(of: path) {
                case .success(let entries):
                    folderEntries = entries.filter {
                        if case .file(_, let relative) = $0 { return wanted(relative) } else { return true }
                    }.reversed()
                    skippedFiles += entries.count - folderEntries.count
                case .failure(let failure):
                    return .failed(Self.failure(path, DocumentError(failure.code, failure.message)))
                }
                continue
            }
            if let item = open(path, id: Self.id(for: path.display)) { return item }
        }
    }

    /// Whether a file is read as a stream of documents (JSONL, WARC), by its name.
    static func opensAsStream(_ path: RawPath) -> Bool {
        JSONLFile.isJSONL(path.display) || WARCReader.isWARC(path.display)
    }

    static func isPipeOrDevice(_ path: RawPath) -> Bool {
        switch FileKind(path) {
        case .fifo, .special: true
        default: false
        }
    }

    /// A path holding a NUL byte (a `--paths-from` line can), refused unopened: the system would
    /// open the part before the NUL, another file than the one named.
    static func nulRefusal(_ path: RawPath) -> Record {
        let shown = path.display.replacingOccurrences(of: "\u{0}", with: "\\x00")
        let error = DocumentError("not_found", "the path '\(shown)' holds a NUL byte, which no path can contain")
        return Record(id: id(for: shown), source: Source(path: shown), error: error)
    }

    /// A file: a WARC or JSONL file starts a run of records; anything else is one page.
    private mutating func open(_ path: RawPath, id: String) -> Item? {
        if JSONLFile.isJSONL(path.display) {
            jsonl = JSONLFile(path, fields: fields)
            return nil
        }
        guard WARCReader.isWARC(path.display) else { return Self.read(path, id: id) }
        switch FileKind(path) {
        case .regular: break
        case .missing:
            return .failed(
                Self.failure(path, id: id, DocumentError("not_found", "no such file or folder: \(path.display)")))
        default:
            return .failed(
                Self.failure(path, id: id, DocumentError("unreadable", "\(path.display) is not a regular file")))
        }
        guard let reader = WARCReader(path: path, id: id) else {
            return .failed(
                Self.failure(
                    path, id: id,
                    DocumentError("unreadable", "cannot open \(path.display) for reading (permission denied?)")))
        }
        warc = reader
        return nil
    }

    /// Stdin as one document, read with the document limit; a closed stdin is an error line.
    static func readStandardInput() -> Item {
        let source = Source(path: "-")
        switch RawFile.read(STDIN_FILENO, limit: maxDocumentBytes) {
        case .success(let result) where result.truncated:
            return .failed(
                Record(
                    id: "stdin", source: source,
                    error: DocumentError(
                        "too_large", "stdin holds more than \(maxDocumentBytes) bytes; documents over that are not read"
                    )))
        case .success(let result):
            return .page(Page(id: "stdin", source: source, bytes: result.bytes))
        case .failure(let failure):
            return .failed(
                Record(
                    id: "stdin", source: source,
                    error: DocumentError("unreadable", "cannot read stdin: \(failure.message)")))
        }
    }

    /// A record id for a file named on the command line: its name without the extension.
    public static func id(for path: String) -> String {
        path == "-" ? "stdin" : ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// A record id for a file found in a folder: its path below the folder without the extension
    /// (`sec3/index`), so the `index.html` of every section of a mirrored site keeps its own id.
    public static func id(relative: RawPath) -> String {
        let shown = relative.display
        let name = (shown as NSString).lastPathComponent
        let stem = (name as NSString).deletingPathExtension
        return String(shown.dropLast(name.count)) + stem
    }

    static func failure(_ path: RawPath, id: String? = nil, _ error: DocumentError) -> Record {
        Record(id: id ?? Self.id(for: path.display), source: Source(path: path.display), error: error)
    }

    /// Reads one file (no folders, no stdin) into a page, or the error record that explains why not.
    public static func read(_ path: String) -> Item { read(RawPath(path), id: id(for: path)) }

    /// The page a record was made from, read again from the file it names (for a report); nil when
    /// the file is gone or holds many documents (WARC, JSONL).
    public static func reread(_ path: String, id: String) -> Page? {
        guard case .regular = FileKind(RawPath(path)), !WARCReader.isWARC(path), !JSONLFile.isJSONL(path),
            case .page(let page) = read(RawPath(path), id: id)
        else { return nil }
        return page
    }

    static func read(_ path: RawPath, id: String) -> Item {
        switch RawFile.contents(path, limit: maxDocumentBytes) {
        case .success(let bytes): return .page(Page(id: id, source: Source(path: path.display), bytes: bytes))
        case .failure(let reason): return .failed(failure(path, id: id, DocumentError(reason.code, reason.message)))
        }
    }
}

extension Inputs.Item {
    /// The id of the document this item stands for.
    public var id: String {
        switch self {
        case .page(let page): return page.id
        case .failed(let record): return record.id
        }
    }

    /// The bytes it holds in memory until it is processed.
    public var size: Int {
        switch self {
        case .page(let page): return page.bytes.count
        case .failed: return 0
        }
    }
}
