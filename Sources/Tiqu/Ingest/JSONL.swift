import Foundation

/// One JSONL input (a file, a pipe or stdin), read line by line in bounded memory: each line is a
/// page, a malformed or oversized line is an error line, and a file that cannot be read is one
/// error line for the file.
final class JSONLFile {
    let path: RawPath
    let fields: JSONLFields
    private var reader: LineReader?
    private var lineNumber = 0
    /// An error to report before anything else (the file could not be opened), once.
    private var failure: Record?

    init(_ path: RawPath, fields: JSONLFields = JSONLFields()) {
        self.path = path
        self.fields = fields
        name = path.bytes == [UInt8(ascii: "-")] ? "stdin" : path.display
        if path.bytes == [UInt8(ascii: "-")] {
            reader = LineReader(descriptor: STDIN_FILENO, ownsDescriptor: false, maxLine: Inputs.maxDocumentBytes)
            return
        }
        switch FileKind(path) {
        case .regular, .fifo:
            break  // a pipe (`--jsonl <(zcat dump.jsonl.gz)`) is how big dumps stream in
        case .missing:
            failure = fileFailure("not_found", "no such JSONL file: \(path.display)")
            return
        case .folder:
            failure = fileFailure(
                "unreadable", "\(path.display) is a folder; --jsonl takes a JSONL file (give a folder as a path)")
            return
        case .special(let what):
            failure = fileFailure("not_a_file", "\(path.display) is \(what); --jsonl takes a JSONL file or a pipe")
            return
        case .inaccessible(let reason):
            failure = fileFailure("unreadable", "cannot open the JSONL file \(path.display): \(reason)")
            return
        }
        switch RawFile.open(path) {
        case .success(let fd):
            reader = LineReader(descriptor: fd, ownsDescriptor: true, maxLine: Inputs.maxDocumentBytes)
        case .failure(let error):
            failure = fileFailure("unreadable", "cannot open the JSONL file \(path.display): \(error.message)")
        }
    }

    /// Whether a file is read as JSONL, one page per line, by its name.
    static func isJSONL(_ path: String) -> Bool { path.lowercased().hasSuffix(".jsonl") }

    /// The file as records and messages name it: made once, as each line's source names it.
    private let name: String

    private func fileFailure(_ code: String, _ message: String) -> Record {
        Record(
            id: Inputs.id(for: path.display), source: Source(path: path.display), error: DocumentError(code, message))
    }

    /// The next page or error line; nil at the end of the file.
    func next() -> Inputs.Item? {
        if let failure {
            self.failure = nil
            return .failed(failure)
        }
        while let reader {
            lineNumber += 1
            switch reader.next() {
            case nil:
                self.reader = nil
                return nil
            case .line(let line):
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
                if lineNumber == 1, let bom = Charset.unicodeBOM(line) { return notUTF8(bom.name) }
                return Self.page(fromJSONLine: line, path: name, lineNumber: lineNumber, fields: fields)
            case .tooLong(let head, let length):
                let id = Self.leadingID(head, field: fields.id) ?? Self.fallbackID(name, lineNumber)
                let message =
                    "line \(lineNumber) of \(name) is over \(length) bytes; lines over \(Inputs.maxDocumentBytes) bytes are not read"
                return .failed(
                    Record(
                        id: id, source: Source(path: "\(name):\(lineNumber)"),
                        error: DocumentError("too_large", message)))
            case .failed(let reason):
                self.reader = nil
                let message = "cannot read \(name) after line \(lineNumber - 1): \(reason)"
                return .failed(
                    Record(
                        id: Self.fallbackID(name, lineNumber), source: Source(path: "\(name):\(lineNumber)"),
                        error: DocumentError("unreadable", message)))
            }
        }
        return nil
    }

    /// A file in UTF-16 or UTF-32 (its byte order mark says so) is one error line: its lines cannot
    /// even be told apart, as a line break is more than one byte and its bytes occur inside characters.
    private func notUTF8(_ encoding: String) -> Inputs.Item {
        reader = nil
        let message = "\(name) is \(encoding) (it opens with its byte order mark); JSONL is read as UTF-8"
        let error = DocumentError("bad_jsonl", message + ": convert it first (iconv -t UTF-8)")
        return .failed(Record(id: Self.fallbackID(name, 1), source: Source(path: "\(name):1"), error: error))
    }

    static func fallbackID(_ path: String, _ lineNumber: Int) -> String {
        "\(((path as NSString).lastPathComponent as NSString).deletingPathExtension):\(lineNumber)"
    }

    /// The id (under `field`, `--id-field`) a line too long to parse opens with, so its error line
    /// still names the document.
    static func leadingID(_ head: [UInt8], field: String = "id") -> String? {
        let text = String(decoding: head.prefix(4096), as: UTF8.self)
        let name = NSRegularExpression.escapedPattern(for: field)
        guard
            let key = text.range(of: #"^\s*\{\s*""# + name + #""\s*:\s*"([^"\\]{1,200})""#, options: .regularExpression)
        else { return nil }
        let match = text[key]
        guard let open = match.dropLast().lastIndex(of: "\"") else { return nil }
        return String(match[match.index(after: open)..<match.index(before: match.endIndex)])
    }

    /// One JSONL line: `{"id":…,"url":…,"html":…}` or `{"id":…,"text":…}`, under the field names
    /// `fields` says; `title`, `published` (or `date`) and `url` are the page's metadata, other
    /// fields go to `source.extra`.
    static func page(fromJSONLine line: [UInt8], path: String, lineNumber: Int, fields: JSONLFields) -> Inputs.Item {
        let source = Source(path: "\(path):\(lineNumber)")
        var warnings: [String] = []
        guard let object = parseObject(line, warnings: &warnings) else {
            let error = DocumentError("bad_jsonl", "line \(lineNumber) of \(path) \(problem(line))")
            let id = leadingID(line, field: fields.id) ?? fallbackID(path, lineNumber)
            return .failed(Record(id: id, source: source, error: error))
        }
        let id =
            (object[fields.id] as? String) ?? (object[fields.id] as? NSNumber)?.stringValue
            ?? fallbackID(path, lineNumber)
        guard let (bodyField, body) = fields.body(in: object) else {
            let names = (fields.html + fields.text).map { "\"\($0)\"" }.joined(separator: ", ")
            let error = DocumentError(
                "bad_jsonl",
                "line \(lineNumber) of \(path) has no body field (looked for \(names); "
                    + "--text-field or --html-field names another)")
            return .failed(Record(id: id, source: source, error: error))
        }
        var s = source
        s.url = object["url"] as? String
        let given = Meta(title: object["title"] as? String, published: JSONLFields.published(in: object))
        // Fields read into the record (and a second body) leave `extra`; others (a date that is a number) stay.
        let read =
            [fields.id, bodyField, "url"] + fields.html + fields.text + (given.title == nil ? [] : ["title"])
            + (given.published == nil ? [] : ["published", "date"])
        let rest = object.filter { !read.contains($0.key) }
        if !rest.isEmpty { s.extra = JSON(any: rest) }
        return .page(Page(id: id, source: s, text: body, warnings: warnings, given: given))
    }

    /// JSONSerialization refuses a line nested deeper than this (swift-corelibs-foundation's limit),
    /// however valid it is.
    static let maxNesting = 512

    /// Why no reading accepts a line, in words: the two limits valid JSON can pass (nesting, a
    /// number beyond a double's range) are named with their figures; anything else is Foundation's
    /// reason.
    static func problem(_ line: [UInt8]) -> String {
        let passed = JSONLine.limitsPassed(line)
        if passed.depth > maxNesting {
            return "nests arrays and objects \(passed.depth) deep; the JSON reader stops at \(maxNesting)"
        }
        if let number = passed.hugeNumber { return "holds the number \(number), beyond the range of a double" }
        do {
            _ = try JSONSerialization.jsonObject(with: Data(line), options: .fragmentsAllowed)
            return "is JSON but not a JSON object"
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            return "is not a JSON object" + (reason.map { " (\($0))" } ?? "")
        }
    }

    /// Parses a line as a JSON object. A line that fails only for text no JSON parser may accept —
    /// bytes that are not UTF-8, an escaped lone surrogate (`\ud800`, which JavaScript writers
    /// emit) — is repaired to U+FFFD and parsed again, with a warning: the page is not lost.
    static func parseObject(_ line: [UInt8], warnings: inout [String]) -> [String: Any]? {
        if let object = JSONLine.object(line) ?? (try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        {
            return object
        }
        var repaired = Array(String(decoding: line, as: UTF8.self).utf8)
        let invalidBytes = repaired != line
        let surrogates = replaceLoneSurrogates(&repaired)
        guard invalidBytes || surrogates > 0,
            let object = try? JSONSerialization.jsonObject(with: Data(repaired)) as? [String: Any]
        else { return nil }
        if invalidBytes { warnings.append("the JSONL line held bytes that are not UTF-8; replaced with U+FFFD") }
        if surrogates > 0 {
            warnings.append("the JSONL line held \(surrogates) unpaired surrogate escape(s); replaced with U+FFFD")
        }
        return object
    }

    /// Rewrites each `\uD800`–`\uDFFF` escape that is not half of a valid pair as `\uFFFD`.
    static func replaceLoneSurrogates(_ bytes: inout [UInt8]) -> Int {
        func unit(at i: Int) -> UInt16? {
            guard i + 6 <= bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                return nil
            }
            return UInt16(String(decoding: bytes[(i + 2)..<(i + 6)], as: UTF8.self), radix: 16)
        }
        var count = 0
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count else {
                i += 1
                continue
            }
            guard let u = unit(at: i) else {
                i += 2
                continue
            }  // another escape (`\\`, `\"`): skip both bytes
            if (0xD800..<0xDC00).contains(u), let low = unit(at: i + 6), (0xDC00..<0xE000).contains(low) {
                i += 12
            } else if (0xD800..<0xE000).contains(u) {
                bytes.replaceSubrange((i + 2)..<(i + 6), with: Array("FFFD".utf8))
                count += 1
                i += 6
            } else {
                i += 6
            }
        }
        return count
    }
}

/// Reads a descriptor line by line in 1 MiB chunks through POSIX `read`, so a JSONL dump of any
/// size streams through in bounded memory, a line longer than `maxLine` is skipped (its first
/// bytes kept, to name it) rather than held, and a read error is reported, never a trap.
public final class LineReader {
    public enum Line {
        case line([UInt8])
        case tooLong(head: [UInt8], length: Int)
        case failed(String)
    }

    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let maxLine: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var done = false
    private var chunk = [UInt8](repeating: 0, count: 1 << 20)

    public init(descriptor: Int32, ownsDescriptor: Bool, maxLine: Int) {
        self.descriptor = descriptor
        self.ownsDescriptor = ownsDescriptor
        self.maxLine = maxLine
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    public func next() -> Line? {
        var scanned = start
        while true {
            if let newline = Self.newline(in: buffer, from: scanned) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                return .line(line)
            }
            if buffer.count - start > maxLine { return skipLongLine() }
            if done {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return .line(line)
            }
            scanned = buffer.count - start  // fill() moves the unread bytes to the front
            if let failure = fill() { return .failed(failure) }
        }
    }

    /// The index of the first newline at or after `from`, found with `memchr`: lines can be megabytes.
    static func newline(in bytes: [UInt8], from: Int) -> Int? {
        guard from < bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!)
            return memchr(base + from, 0x0A, buffer.count - from).map { UnsafeRawPointer($0) - base }
        }
    }

    /// Reads one more chunk; an error message, or nil (`done` is set at the end of the input).
    private func fill() -> String? {
        buffer.removeFirst(start)
        start = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 {
                done = true
                buffer.removeAll()
                return String(cString: strerror(errno))
            }
            if count == 0 { done = true } else { buffer += chunk[0..<count] }
            return nil
        }
    }

    /// Drops the rest of an overlong line without holding it; returns its head and length.
    private func skipLongLine() -> Line {
        let head = Array(buffer[start..<min(buffer.count, start + 4096)])
        var length = buffer.count - start
        buffer.removeAll(keepingCapacity: true)
        start = 0
        while true {
            if let failure = fill() { return .failed(failure) }
            if let newline = Self.newline(in: buffer, from: 0) {
                length += newline
                start = newline + 1
                return .tooLong(head: head, length: length)
            }
            length += buffer.count
            buffer.removeAll(keepingCapacity: true)
            if done { return .tooLong(head: head, length: length) }
        }
    }
}

/// The names of a JSONL line's fields: the id, and the body as HTML or as text (the first present
/// wins, HTML first). The defaults are the common ones; `--id-field`, `--html-field` and
/// `--text-field` name others.
public struct JSONLFields: Sendable {
    public var id = "id"
    public var html = ["html"]
    public var text = ["text", "content"]

    public init() {}

    /// The body's field and text.
    func body(in object: [String: Any]) -> (String, String)? {
        for name in html + text { if let body = object[name] as? String { return (name, body) } }
        return nil
    }

    /// The publication date a line states, as written (the pipeline reads it as a date).
    static func published(in object: [String: Any]) -> String? {
        (object["published"] as? String) ?? (object["date"] as? String)
    }
}
