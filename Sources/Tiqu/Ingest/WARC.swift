import CZlib
import Foundation

/// Reads a WARC or WARC.gz file record by record in bounded memory and turns each `response`
/// record into a page: its HTTP payload, the charset its `Content-Type` header names, and the
/// target URI and capture date in `source`. Other record types (warcinfo, request, metadata) are
/// skipped; a response that is not text or HTML, too large or cut short becomes an error record.
final class WARCReader {
    /// The quotes around a charset's name.
    static let quotes: ScalarSet = ["\"", "'"]
    private let path: String
    /// The id the file would have as one document: its error record when it holds no record.
    private let id: String
    private let stream: ByteStream
    private var index = 0
    private var finished = false
    /// Where the record being read starts in the (inflated) stream, after the one before it: what a
    /// resynchronization passed is counted from there, the lines read before it gave up included.
    private var recordStart = 0

    /// A header line longer than this is no WARC header: the file is not a WARC file, or is damaged.
    static let maxHeaderLineBytes = 64 << 10
    /// More header lines than this in one record mean the same.
    static let maxHeaderLines = 1_000

    init?(path: RawPath, id: String) {
        guard let stream = ByteStream(path: path, maxLine: Self.maxHeaderLineBytes) else { return nil }
        self.path = path.display
        self.id = id
        self.stream = stream
    }

    static func isWARC(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".warc") || lower.hasSuffix(".warc.gz")
    }

    /// The next page, or the error line of a record that is not one; nil after the last record.
    func next() -> Inputs.Item? {
        while !finished {
            // Records are separated by blank lines.
            recordStart = stream.offset
            var line: [UInt8]?
            repeat { line = stream.readLine() } while line?.isEmpty == true
            guard let version = line else { return end() }
            index += 1
            let source = Source(path: "\(path)#\(index)")
            guard version.starts(with: Array("WARC/".utf8)) else {
                return resynchronize(source, "record \(index) of \(path) does not start with a WARC version line")
            }
            let headers: [String: String]
            switch readHeaders() {
            case .success(let read): headers = read
            case .failure(let problem) where problem.atNextRecord:
                return failure(source, "bad_warc", "record \(index) of \(path) \(problem.message)")
            case .failure(let problem): return resynchronize(source, "record \(index) of \(path) \(problem.message)")
            }
            let length: Int
            switch Self.contentLength(headers) {
            case .success(let read): length = read
            case .failure(let problem): return resynchronize(source, "record \(index) of \(path) \(problem.message)")
            }
            if let item = body(length: length, headers: headers, source: source) { return item }
        }
        return nil
    }

    /// The end of the file: an error line when a read failed, or when the file held no record at all
    /// (an empty file, or a gzip file that inflates to nothing), as for an empty page file.
    private func end() -> Inputs.Item? {
        if let error = stream.error {
            index += 1
            let problem = "\(path) cannot be read after record \(index - 1)"
            return streamFailure(Source(path: "\(path)#\(index)"), problem, error, ending: ": \(error)")
        }
        finished = true
        guard index == 0 else { return nil }
        let inflated = stream.isCompressed ? " once inflated" : ""
        let error = DocumentError("empty", "the WARC file \(path) holds no record: it is empty\(inflated)")
        return .failed(Record(id: id, source: Source(path: path), error: error))
    }

    /// The block length a record's `Content-Length` gives: digits only (WARC's grammar), in range.
    static func contentLength(_ headers: [String: String]) -> Result<Int, HeaderProblem> {
        guard let value = headers["content-length"] else {
            return .failure(HeaderProblem(message: "has no Content-Length header"))
        }
        let shown = value.count > 40 ? value.prefix(40) + "…" : value
        guard !value.isEmpty, value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return .failure(HeaderProblem(message: "has an invalid Content-Length '\(shown)' (not a number of bytes)"))
        }
        guard let length = Int(value) else {
            return .failure(HeaderProblem(message: "has an invalid Content-Length '\(shown)' (past any file's size)"))
        }
        return .success(length)
    }

    /// After a record whose end cannot be known (no version line, a header block or length that
    /// cannot be read), reading resumes at the next record start: a line beginning `WARC/1.` right
    /// after a blank line, as every record follows the CRLF CRLF that ends the one before. A page
    /// about WARC could hold such a line and yield a spurious record, but giving up would drop
    /// every later record of the file; so the file is scanned, and the error line says how many
    /// bytes were passed, or that none of the rest was read.
    private func resynchronize(_ source: Source, _ problem: String) -> Inputs.Item {
        if let error = stream.error {
            return streamFailure(source, problem, error, ending: "; the rest of the file was not read (\(error))")
        }
        let (skipped, found) = stream.skipToLine(startingWith: Self.recordStart)
        let passed = stream.offset - recordStart
        if found { return failure(source, "bad_warc", "\(problem); \(passed) bytes were passed to the next record") }
        if let error = stream.error {
            return streamFailure(source, problem, error, ending: "; the rest of the file cannot be read (\(error))")
        }
        finished = true
        if skipped == 0 { return failure(source, "bad_warc", problem) }  // the file ended there
        let unread = "the rest of the file (\(skipped) bytes) was not read: no record starts in it"
        return failure(source, "bad_warc", "\(problem); \(unread)")
    }

    /// The error line of a record the stream failed in (`error`). When a gzip member that does not
    /// inflate failed it and a member that starts a record follows, reading goes on there:
    /// crawlers write each record as a member of its own, so only the damaged member's records are
    /// lost. Otherwise the file ends, and `ending` is said.
    private func streamFailure(_ source: Source, _ problem: String, _ error: String, ending: String) -> Inputs.Item {
        if let passed = stream.resumeAtNextMember(startingWith: Self.recordStart) {
            let resumed = "\(passed) compressed bytes were passed to the next gzip member, where reading goes on"
            return failure(source, "bad_warc", "\(problem) (\(error)); \(resumed)")
        }
        finished = true
        return failure(source, "bad_warc", problem + ending)
    }

    struct HeaderProblem: Error {
        var message: String
        /// Whether the stream stands at the next record's version line, so no resynchronization is needed.
        var atNextRecord = false
    }

    /// How a record starts: its version line (`WARC/1.0`, `WARC/1.1`). Looked for where a record
    /// may start after damage; right after a block, any version (`WARC/0.18`) is the next record's.
    static let recordStart = Array("WARC/1.".utf8)
    static let versionStart = Array("WARC/".utf8)

    /// A record's header lines up to the blank line, by lower-cased name; a problem when the file
    /// ends (or cannot be read) before that line, or when the next record's version line comes
    /// first: no header line starts with `WARC/1.`, so the header was cut there, and the stream is
    /// left at that line for the next record to start from.
    private func readHeaders() -> Result<[String: String], HeaderProblem> {
        var headers: [String: String] = [:]
        var count = 0
        while true {
            if stream.startsWith(Self.recordStart) {
                let message = "is cut short in its header: the next record starts before its blank line"
                return .failure(HeaderProblem(message: message, atNextRecord: true))
            }
            guard let header = stream.readLine() else {
                let message = "is cut short in its header (the file ends before the blank line that closes it)"
                return .failure(
                    HeaderProblem(message: stream.error == nil ? message : "has a header that cannot be read"))
            }
            if header.isEmpty { break }
            count += 1
            guard count <= Self.maxHeaderLines else {
                return .failure(HeaderProblem(message: "has over \(Self.maxHeaderLines) header lines"))
            }
            guard let colon = header.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let key = String(decoding: header[..<colon], as: UTF8.self).lowercased()
            headers[key] = String(decoding: header[(colon + 1)...], as: UTF8.self).trimming(.whitespaces)
        }
        return .success(headers)
    }

    /// A record's block: a page when it is a response, an error line when it is too large or cut
    /// short, nil when it is another record type (skipped). The block stays in the stream until
    /// its end is checked, so that a record found inside it can still be read.
    private func body(length: Int, headers: [String: String], source: Source) -> Inputs.Item? {
        let isResponse = headers["warc-type"] == "response"
        if length > Inputs.maxDocumentBytes { return passed(length: length, isResponse: isResponse, source: source) }
        stream.setMark()
        defer { stream.clearMark() }
        guard let block = stream.read(length) else { return cutShort(length: length, source: source) }
        let item = isResponse ? page(block, headers: headers, source: source) : nil
        // After a member that does not inflate, what follows the block is its garbage: the next
        // call reports the damage, and the record's own length is not in doubt.
        if stream.passLineEnds(thenStartsWith: Self.versionStart) || stream.error != nil { return item }
        stream.returnToMark()
        let (skipped, found) = stream.skipToLine(startingWith: Self.recordStart, afterBlank: true)
        guard !found || skipped >= length else {
            return overrun(length: length, into: skipped, "the next record", source)
        }
        return item.map { Self.warned($0, misplacedEnd(length: length, passed: skipped - length, found: found)) }
    }

    /// A block over the document limit, passed unkept: a too_large line for a response. Its end is
    /// checked as any block's, but a record inside it cannot be read again.
    private func passed(length: Int, isResponse: Bool, source: Source) -> Inputs.Item? {
        guard stream.skip(length) else {
            let message =
                "is cut short (\(length) bytes announced); the rest of the file, passed as its block, was not read"
            return fatal(source, "record \(index) of \(path) \(message)")
        }
        var warning: String?
        if !stream.passLineEnds(thenStartsWith: Self.versionStart), stream.error == nil {
            let (skipped, found) = stream.skipToLine(startingWith: Self.recordStart)
            warning = misplacedEnd(length: length, passed: skipped, found: found)
        }
        guard isResponse else { return nil }
        let message = "the record is \(length) bytes; documents over \(Inputs.maxDocumentBytes) bytes are not read"
        let item = failure(source, "too_large", message)
        return warning.map { Self.warned(item, $0) } ?? item
    }

    /// A block the file ends in: when a record starts inside it, its Content-Length was wrong and
    /// reading goes on from that record; otherwise the file was cut there and nothing follows.
    private func cutShort(length: Int, source: Source) -> Inputs.Item {
        let problem = "record \(index) of \(path) is cut short (\(length) bytes announced)"
        let (skipped, found) = stream.skipToLine(startingWith: Self.recordStart, afterBlank: true)
        guard found else { return fatal(source, problem) }
        return overrun(length: length, into: skipped, "the end of the file", source)
    }

    /// The error line of a record whose Content-Length runs past `what`, over the next record,
    /// which starts `into` bytes into the block and is read next.
    private func overrun(length: Int, into: Int, _ what: String, _ source: Source) -> Inputs.Item {
        let message = "has a Content-Length (\(length) bytes) that runs past \(what)"
        let next = "the next record starts \(into) bytes into its block and is read"
        return failure(source, "bad_warc", "record \(index) of \(path) \(message); \(next)")
    }

    /// The warning of a record whose Content-Length ends before its end (WARC puts CR LF CR LF,
    /// then the next record, right after a block): the block was read to there, the bytes after it
    /// passed.
    private func misplacedEnd(length: Int, passed: Int, found: Bool) -> String {
        let to = found ? "to the next record" : "to the end of the file"
        return "the record's Content-Length (\(length) bytes) does not end at the record's end; "
            + "\(passed) bytes after it were passed \(to)"
    }

    /// An item with one more warning: a page's, or an error line's.
    static func warned(_ item: Inputs.Item, _ warning: String) -> Inputs.Item {
        switch item {
        case .page(var page):
            page.warnings.append(warning)
            return .page(page)
        case .failed(var record):
            record.warnings.append(warning)
            return .failed(record)
        }
    }

    /// An error that ends the file: it ended, or nothing after it can be found again.
    private func fatal(_ source: Source, _ message: String) -> Inputs.Item {
        if let error = stream.error { return streamFailure(source, message, error, ending: " (\(error))") }
        finished = true
        return failure(source, "bad_warc", message)
    }

    private func failure(_ source: Source, _ code: String, _ message: String) -> Inputs.Item {
        .failed(Record(id: "\(Inputs.id(for: path))#\(index)", source: source, error: DocumentError(code, message)))
    }

    /// A response record's HTTP message → a page.
    private func page(_ block: [UInt8], headers: [String: String], source: Source) -> Inputs.Item {
        var source = source
        source.url = headers["warc-target-uri"]
        var extra: [(String, JSON)] = []
        if let date = headers["warc-date"] { extra.append(("warc_date", .string(date))) }
        let id =
            headers["warc-record-id"].map {
                $0.replacingOccurrences(of: "<urn:uuid:", with: "").replacingOccurrences(of: ">", with: "")
            }
            ?? "\(Inputs.id(for: path))#\(index)"
        func failed(_ code: String, _ message: String) -> Inputs.Item {
            .failed(Record(id: id, source: source, error: DocumentError(code, message)))
        }
        let http: HTTPHead
        switch HTTPHead.read(block) {
        case .success(let head): http = head
        case .failure(let problem): return failed("bad_warc", "the response \(problem.message)")
        }
        if let status = http.status { extra.append(("http_status", .int(status))) }
        if !extra.isEmpty { source.extra = .object(extra) }
        let contentType = http.fields["content-type"]?.lowercased() ?? ""
        if !contentType.isEmpty,
            !(contentType.contains("text") || contentType.contains("html") || contentType.contains("xml"))
        {
            return failed("unsupported_type", "the response is \(contentType), not text or HTML")
        }
        var payload = Array(block[http.bodyStart...])
        var warnings: [String] = []
        if http.fields["transfer-encoding"]?.lowercased().contains("chunked") == true {
            let (bytes, warning) = Self.dechunk(payload)
            payload = bytes
            if let warning { warnings.append(warning) }
        }
        if let encoding = http.fields["content-encoding"]?.lowercased(),
            encoding.contains("gzip") || encoding.contains("deflate")
        {
            switch Inflater.inflateAll(payload, limit: Inputs.maxDocumentBytes) {
            case .inflated(let inflated): payload = inflated
            case .tooLarge:
                let limit = Inputs.maxDocumentBytes
                let message = "the \(encoding) payload inflates past \(limit) bytes; larger documents are not read"
                return failed("too_large", message)
            case .failed: return failed("bad_encoding", "the \(encoding) payload does not inflate")
            }
        }
        let charset = contentType.range(of: "charset=").map {
            String(contentType[$0.upperBound...].prefix { $0 != ";" && $0 != " " }).trimming(Self.quotes)
        }
        return .page(Page(id: id, source: source, bytes: payload, declaredCharset: charset, warnings: warnings))
    }

    /// HTTP chunked transfer coding → the bytes it carries, and a warning when a chunk announces
    /// more bytes than remain: a capture cut short, or a size like `7fffffffffffffff`. That chunk
    /// keeps the bytes that are there, so nothing is lost; sizes are compared with what remains,
    /// never added to an index, so none can overflow.
    static func dechunk(_ bytes: [UInt8]) -> (bytes: [UInt8], warning: String?) {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            guard let lineEnd = bytes[i...].firstIndex(of: 10) else { break }
            let sizeText =
                String(decoding: bytes[i..<lineEnd], as: UTF8.self).split(separator: ";").first?.trimming(
                    .whitespacesAndNewlines) ?? ""
            guard let size = Int(sizeText, radix: 16), size > 0 else { break }
            let left = bytes.count - (lineEnd + 1)
            guard size <= left else {
                out += bytes[(lineEnd + 1)...]
                let warning = "a chunk of the HTTP body announces \(size) bytes but \(left) remain; the rest is kept"
                return (bytes: out, warning: warning)
            }
            out += bytes[(lineEnd + 1)..<(lineEnd + 1 + size)]
            i = lineEnd + 1 + size + 2
        }
        return (bytes: out.isEmpty ? bytes : out, warning: nil)
    }
}

/// A response's HTTP header block: its status, its fields by lower-cased name and where the
/// body starts. Bounded like a WARC record's headers, so a response that is all header cannot
/// hold a worker.
struct HTTPHead {
    var status: Int?
    var fields: [String: String]
    var bodyStart: Int

    /// Real header blocks are a few KB (servers refuse more than 8 to 16 KB); past this there is no
    /// header block to find.
    static let maxBytes = 64 << 10
    /// More header lines than this mean the same.
    static let maxLines = 1_000

    struct Problem: Error {
        var message: String
    }

    /// The header block at the start of `block`, up to its blank line.
    static func read(_ block: [UInt8]) -> Result<HTTPHead, Problem> {
        let window = block.prefix(maxBytes)
        guard let end = window.firstRange(of: [13, 10, 13, 10]) ?? window.firstRange(of: [10, 10]) else {
            return .failure(Problem(message: "has no HTTP header block in its first \(maxBytes) bytes"))
        }
        let lines = String(decoding: block[..<end.lowerBound], as: UTF8.self).split(whereSeparator: \.isNewline)
        guard lines.count <= maxLines else { return .failure(Problem(message: "has over \(maxLines) header lines")) }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimming(.whitespaces)
        }
        let status = lines.first?.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        return .success(HTTPHead(status: status, fields: fields, bodyStart: end.upperBound))
    }
}

/// zlib's inflate, for gzip files of any number of members and for gzip/deflate HTTP payloads.
/// Input is fed whole and drained a bounded amount at a time, so a member that inflates to
/// gigabytes never sits in memory. The stream lives on the heap: zlib keeps a pointer back to it.
final class Inflater {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var needsReset = false
    private var pending: [UInt8] = []
    private var offset = 0
    private(set) var failed: String?

    init?() {
        stream.initialize(to: z_stream())
        guard inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            return nil
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Whether all input fed so far has been inflated.
    var needsInput: Bool { offset >= pending.count }

    /// The input fed and not yet inflated: after a failure, what follows the damage.
    var unconsumed: ArraySlice<UInt8> { pending[offset...] }

    /// Gives the next compressed bytes; call only when `needsInput`.
    func feed(_ input: [UInt8]) {
        pending = input
        offset = 0
    }

    /// Inflates fed input into `output` until about `limit` bytes were added or the input is used up.
    /// A member's end starts the next member.
    func drain(into output: inout [UInt8], limit: Int) {
        var chunk = [UInt8](repeating: 0, count: min(limit, 1 << 18))
        var added = 0
        pending.withUnsafeBufferPointer { input in
            while failed == nil, offset < input.count, added < limit {
                if needsReset {
                    inflateReset(stream)
                    needsReset = false
                }
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + offset)
                stream.pointee.avail_in = UInt32(input.count - offset)
                let status = chunk.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.pointee.next_out = out.baseAddress
                    stream.pointee.avail_out = UInt32(out.count)
                    return CZlib.inflate(stream, Z_NO_FLUSH)
                }
                offset = input.count - Int(stream.pointee.avail_in)
                let produced = chunk.count - Int(stream.pointee.avail_out)
                output += chunk[0..<produced]
                added += produced
                if status == Z_STREAM_END {
                    needsReset = true
                } else if status != Z_OK {
                    failed = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                }
            }
        }
    }

    enum Whole {
        case inflated([UInt8])
        case tooLarge
        case failed
    }

    /// A whole payload inflated, or `tooLarge` as soon as it passes `limit` bytes.
    static func inflateAll(_ bytes: [UInt8], limit: Int) -> Whole {
        guard let inflater = Inflater() else { return .failed }
        inflater.feed(bytes)
        var out: [UInt8] = []
        while !inflater.needsInput, inflater.failed == nil {
            inflater.drain(into: &out, limit: 1 << 20)
            if out.count > limit { return .tooLarge }
        }
        return inflater.failed == nil ? .inflated(out) : .failed
    }
}

/// A file read in 1 MiB chunks through POSIX reads, inflated on the fly (1 MiB at a time) when it
/// is gzip-compressed, with line and length reads: what WARC parsing needs, in memory bounded by
/// the largest record it reads whole.
final class ByteStream {
    private let fd: Int32
    private let maxLine: Int
    private var inflater: Inflater?
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var decided = false
    /// Where the reader may come back to (`returnToMark`): the buffer keeps the bytes from it on.
    private var mark: Int?
    /// Bytes dropped from the front of the buffer: with `position`, how far into the stream reading is.
    private var dropped = 0

    /// How many bytes of the (inflated) stream are behind the reading position.
    var offset: Int { dropped + position }
    /// Whether reading stopped at a gzip member that does not inflate.
    private var damagedMember = false
    private(set) var error: String?

    /// Bytes read, and bytes inflated, per fill.
    static let chunkBytes = 1 << 20

    /// Whether the file is gzip-compressed (known once its first bytes are read).
    var isCompressed: Bool { inflater != nil }

    init?(path: RawPath, maxLine: Int) {
        guard case .success(let fd) = RawFile.open(path) else { return nil }
        self.fd = fd
        self.maxLine = maxLine
    }

    deinit { close(fd) }

    /// Adds bytes to the buffer; false at the end of the file (or at an error, kept in `error`).
    private func fill() -> Bool {
        guard !atEnd else { return false }
        let passed = min(position, mark ?? position)
        if passed > Self.chunkBytes {
            buffer.removeFirst(passed)
            (position, dropped) = (position - passed, dropped + passed)
            mark = mark.map { $0 - passed }
        }
        while true {
            if let inflater, !inflater.needsInput {
                let before = buffer.count
                inflater.drain(into: &buffer, limit: Self.chunkBytes)
                if let failed = inflater.failed {
                    error = "gzip: \(failed)"
                    damagedMember = true
                    atEnd = true
                    return buffer.count > before
                }
                if buffer.count > before { return true }
                continue
            }
            guard let chunk = readChunk() else {
                atEnd = true
                return false
            }
            if !decided {
                decided = true
                if chunk.count >= 2, chunk[0] == 0x1F, chunk[1] == 0x8B { inflater = Inflater() }
            }
            guard let inflater else {
                buffer += chunk
                return true
            }
            inflater.feed(chunk)
        }
    }

    /// How a gzip member starts: its magic bytes and deflate's method number.
    static let gzipHeader: [UInt8] = [0x1F, 0x8B, 0x08]
    /// Compressed bytes a member header needs after it to be tried: its header fields and the first
    /// deflate block's tables come well within this.
    static let memberProbeBytes = 64 << 10
    /// The bytes a candidate member is first tried on: its first inflated bytes need at most its
    /// header and the first block's code tables (about 300 bytes).
    static let memberHeadBytes = 4 << 10

    /// After a gzip member that does not inflate, moves to the next member whose bytes inflate to
    /// `prefix` (bytes that only look like a gzip header inside compressed data do not), dropping
    /// what was inflated of the damaged one. The compressed bytes passed, or nil when no member
    /// follows or reading did not stop at a damaged member.
    func resumeAtNextMember(startingWith prefix: [UInt8]) -> Int? {
        guard damagedMember, let damaged = inflater else { return nil }
        damagedMember = false
        var input = Array(damaged.unconsumed)
        var (passed, from, ended) = (0, 0, false)
        while true {
            let start = input[from...].firstRange(of: Self.gzipHeader)?.lowerBound
            if !ended, input.count - (start ?? from) < Self.memberProbeBytes {
                if let chunk = readChunk() { input += chunk } else { ended = true }
                continue
            }
            guard let start else {
                if ended { return nil }
                let searched = input.count - (Self.gzipHeader.count - 1)  // the rest may be a header cut short
                passed += searched
                input.removeFirst(searched)
                from = 0
                continue
            }
            // A candidate is tried on its first bytes; only a member that starts a record gets the rest.
            let window = input[start..<min(input.count, start + Self.memberHeadBytes)]
            if Self.member(window, startingWith: prefix) != nil,
                let member = Self.member(input[start...], startingWith: prefix)
            {
                dropped += buffer.count  // the damaged member's bytes count as passed: offsets only grow
                (inflater, buffer, position, mark, error, atEnd) = (member.inflater, member.first, 0, nil, nil, false)
                return passed + start
            }
            from = start + 1
            if from > Self.memberProbeBytes {  // what lies before a candidate already passed is not kept
                passed += from
                input.removeFirst(from)
                from = 0
            }
        }
    }

    /// An inflater fed with `input` and the first bytes it gave, when `input` is a gzip member
    /// whose bytes start with `prefix`.
    private static func member(_ input: ArraySlice<UInt8>, startingWith prefix: [UInt8]) -> (
        inflater: Inflater, first: [UInt8]
    )? {
        guard let inflater = Inflater() else { return nil }
        inflater.feed(Array(input))
        var first: [UInt8] = []
        inflater.drain(into: &first, limit: prefix.count)
        guard inflater.failed == nil, first.starts(with: prefix) else { return nil }
        return (inflater, first)
    }

    /// The next chunk of the file, or nil at its end or on a read error.
    private func readChunk() -> [UInt8]? {
        switch RawFile.readChunk(fd, count: Self.chunkBytes) {
        case .success(let bytes): return bytes.isEmpty ? nil : bytes
        case .failure(let failure):
            error = failure.message
            return nil
        }
    }

    /// The next line without its CR LF, or nil at the end (or past `maxLine` bytes, with `error` set).
    func readLine() -> [UInt8]? {
        var searchFrom = position
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: 10) {
                var line = Array(buffer[position..<newline])
                if line.last == 13 { line.removeLast() }
                position = newline + 1
                return line
            }
            guard buffer.count - position <= maxLine else {
                error = "a line runs past \(maxLine) bytes"
                atEnd = true
                return nil
            }
            searchFrom = buffer.count
            let consumed = position
            if !fill() {
                guard position < buffer.count else { return nil }
                let line = Array(buffer[position...])
                position = buffer.count
                return line
            }
            searchFrom -= consumed - position
        }
    }

    /// Exactly `count` bytes, or nil when the file ends first.
    func read(_ count: Int) -> [UInt8]? {
        while buffer.count - position < count { if !fill() { return nil } }
        defer { position += count }
        return Array(buffer[position..<(position + count)])
    }

    /// Moves to the next line that starts with `prefix` and follows a blank line (`afterBlank`
    /// when the position is at a line start that follows one), however long the lines passed (none
    /// is kept); the bytes passed, and whether such a line was found.
    func skipToLine(startingWith prefix: [UInt8], afterBlank: Bool = false) -> (skipped: Int, found: Bool) {
        var skipped = 0
        var afterBlank = afterBlank
        while true {
            if afterBlank, startsWith(prefix) { return (skipped, true) }
            guard let passed = skipLine() else { return (skipped, false) }
            skipped += passed.bytes
            afterBlank = passed.blank
        }
    }

    /// Whether the bytes ahead start with `prefix` (they are not passed).
    func startsWith(_ prefix: [UInt8]) -> Bool {
        while buffer.count - position < prefix.count { if !fill() { return false } }
        return buffer[position...].starts(with: prefix)
    }

    /// Moves past the next line end: the bytes passed and whether the line was blank (nothing or a
    /// CR before its LF); nil at the end of the file.
    private func skipLine() -> (bytes: Int, blank: Bool)? {
        var passed = 0
        var content = false
        while true {
            let end = buffer[position...].firstIndex(of: 10)
            let stop = end ?? buffer.count
            content = content || buffer[position..<stop].contains { $0 != 13 }
            passed += stop - position
            position = stop
            if end != nil {
                position += 1
                return (passed + 1, !content)
            }
            if !fill() { return passed > 0 ? (passed, false) : nil }
        }
    }

    /// Passes the CR and LF bytes ahead; whether the end of the file or `prefix` follows them.
    func passLineEnds(thenStartsWith prefix: [UInt8]) -> Bool {
        while true {
            if position == buffer.count, !fill() { return true }
            guard buffer[position] == 10 || buffer[position] == 13 else { return startsWith(prefix) }
            position += 1
        }
    }

    /// Keeps the bytes from the position on, however far reading goes, until `clearMark`.
    func setMark() { mark = position }

    func clearMark() { mark = nil }

    /// Goes back to the mark, to read its bytes again; the mark is cleared, so that reading on
    /// from there keeps no more than usual.
    func returnToMark() {
        if let mark { position = mark }
        mark = nil
    }

    func skip(_ count: Int) -> Bool {
        var left = count
        while left > 0 {
            if buffer.count == position, !fill() { return false }
            let take = min(left, buffer.count - position)
            position += take
            left -= take
        }
        return true
    }
}
