import Foundation

/// A file system path as the kernel sees it: bytes, which need not be UTF-8. Folder walks and
/// command lines hand these over unchanged, so a file named in Latin-1 or GBK is still opened;
/// `display` is the same path for people and records, each byte that is not UTF-8 as `\xNN`.
public struct RawPath: Hashable, Sendable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public init(_ string: String) { bytes = Array(string.utf8) }

    /// The path with every byte that is not part of valid UTF-8 written as `\xNN`.
    public var display: String {
        // Nearly every path is UTF-8: made at once, not a sequence at a time (a folder is thousands of files).
        if let whole = String(validating: bytes, as: UTF8.self) { return whole }
        var out = ""
        var i = 0
        while i < bytes.count {
            let length = Self.validSequenceLength(bytes, at: i)
            if length > 0 {
                out += String(decoding: bytes[i..<(i + length)], as: UTF8.self)
                i += length
            } else {
                out += String(format: "\\x%02X", bytes[i])
                i += 1
            }
        }
        return out
    }

    public var isUTF8: Bool { String(validating: bytes, as: UTF8.self) != nil }

    /// What the path names, in words: `a FIFO (named pipe)`, `a character device`, `a folder`.
    public var kindName: String {
        switch FileKind(self) {
        case .regular: return "a regular file"
        case .folder: return "a folder"
        case .fifo: return "a FIFO (named pipe)"
        case .special(let what): return what
        case .missing: return "missing"
        case .inaccessible(let reason): return "inaccessible (\(reason))"
        }
    }

    /// The last component, without the folders above it.
    public var name: RawPath {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return self }
        return RawPath(bytes: Array(bytes[(slash + 1)...]))
    }

    /// The folder above, `.` for a bare name.
    public var folder: RawPath {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return RawPath(".") }
        return slash == 0 ? RawPath("/") : RawPath(bytes: Array(bytes[..<slash]))
    }

    public func appending(_ name: RawPath) -> RawPath {
        bytes.last == UInt8(ascii: "/")
            ? RawPath(bytes: bytes + name.bytes) : RawPath(bytes: bytes + [UInt8(ascii: "/")] + name.bytes)
    }

    /// Calls `body` with the path as a C string.
    public func withCString<T>(_ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        try (bytes + [0]).withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    /// The length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none.
    static func validSequenceLength(_ bytes: [UInt8], at i: Int) -> Int {
        let lead = bytes[i]
        if lead < 0x80 { return 1 }
        let length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead < 0xE0 ? 2 : 0
        guard length > 0, i + length <= bytes.count else { return 0 }
        return String(validating: bytes[i..<(i + length)], as: UTF8.self) == nil ? 0 : length
    }
}

/// The kind of thing a path names, from `stat(2)` (following links).
public enum FileKind: Sendable, Equatable {
    case regular(size: Int)
    case folder
    /// A named pipe: opening it waits for a writer, reading it ends when the writer does.
    case fifo
    /// A device or socket: reading it may block forever or never end.
    case special(String)
    case missing
    case inaccessible(String)

    public init(_ path: RawPath) {
        var info = stat()
        let status = path.withCString { stat($0, &info) }
        guard status == 0 else {
            self = errno == ENOENT || errno == ENOTDIR ? .missing : .inaccessible(String(cString: strerror(errno)))
            return
        }
        self = Self.kind(info)
    }

    init(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            self = .inaccessible(String(cString: strerror(errno)))
            return
        }
        self = Self.kind(info)
    }

    static func kind(_ info: stat) -> FileKind {
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular(size: Int(info.st_size))
        case S_IFDIR: return .folder
        case S_IFIFO: return .fifo
        case S_IFCHR: return .special("a character device")
        case S_IFBLK: return .special("a block device")
        case S_IFSOCK: return .special("a socket")
        default: return .special("not a regular file")
        }
    }
}

/// File reading through POSIX calls that report errors, where Foundation's `FileHandle` traps on
/// EBADF or EISDIR: a closed stdin or a folder passed as a file must become an error line, not end
/// the run.
public enum RawFile {
    /// What went wrong, in words for an error record.
    public struct Failure: Error, Sendable {
        public var code: String
        public var message: String
    }

    /// Opens a file for reading without blocking on a FIFO (the caller decides what to accept).
    public static func open(_ path: RawPath) -> Result<Int32, Failure> {
        let fd = path.withCString { Foundation.open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            let code = errno == ENOENT ? "not_found" : "unreadable"
            return .failure(Failure(code: code, message: "cannot open \(path.display): \(reason)"))
        }
        // Reads block as usual from here on; O_NONBLOCK only kept the open itself from waiting.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return .success(fd)
    }

    /// Reads up to `limit` bytes and tells whether more followed. With `stopped`, a read that would
    /// wait (a pipe whose writer is idle) looks every quarter second whether to give up: an
    /// `interrupted` failure.
    public static func read(_ fd: Int32, limit: Int, stopped: (() -> Bool)? = nil)
        -> Result<(bytes: [UInt8], truncated: Bool), Failure>
    {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= limit {
            if let stopped, !waitReadable(fd, unless: stopped) {
                return .failure(Failure(code: "interrupted", message: "stopped while waiting for input"))
            }
            let count = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(code: "unreadable", message: String(cString: strerror(errno))))
            }
            if count == 0 { return .success((bytes, false)) }
            bytes += chunk[0..<count]
        }
        bytes.removeLast(bytes.count - limit)
        return .success((bytes, true))
    }

    /// Waits until `fd` has bytes (or its end) to read; false when `stopped` says so first.
    static func waitReadable(_ fd: Int32, unless stopped: () -> Bool) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&poller, 1, 250)
            if ready > 0 || (ready < 0 && errno != EINTR) { return true }  // the read says what went wrong
            if stopped() { return false }
        }
    }

    /// The next bytes of a stream, at most `count` of them; empty at its end.
    public static func readChunk(_ fd: Int32, count: Int) -> Result<[UInt8], Failure> {
        var chunk = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + filled, count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(code: "unreadable", message: String(cString: strerror(errno))))
            }
            if n == 0 { break }
            filled += n
        }
        chunk.removeLast(count - filled)
        return .success(chunk)
    }

    /// A whole regular file of at most `limit` bytes.
    public static func contents(_ path: RawPath, limit: Int) -> Result<[UInt8], Failure> {
        switch FileKind(path) {
        case .missing: return .failure(Failure(code: "not_found", message: "no such file or folder: \(path.display)"))
        case .inaccessible(let reason):
            return .failure(Failure(code: "unreadable", message: "cannot read \(path.display): \(reason)"))
        case .folder: return .failure(Failure(code: "unreadable", message: "\(path.display) is a folder, not a file"))
        case .fifo, .special:
            return .failure(
                Failure(
                    code: "not_a_file",
                    message: "\(path.display) is \(path.kindName), not a regular file; "
                        + "pipe it to stdin (-) to read it"))
        case .regular(let size) where size > limit:
            return .failure(
                Failure(
                    code: "too_large", message: "the file is \(size) bytes; documents over \(limit) bytes are not read")
            )
        case .regular:
            break
        }
        let fd: Int32
        switch open(path) {
        case .success(let opened): fd = opened
        case .failure(let failure): return .failure(failure)
        }
        defer { close(fd) }
        switch read(fd, limit: limit) {
        case .success(let result) where result.truncated:
            return .failure(
                Failure(code: "too_large", message: "\(path.display) grew past \(limit) bytes while it was read"))
        case .success(let result):
            return .success(result.bytes)
        case .failure(let failure):
            return .failure(Failure(code: failure.code, message: "cannot read \(path.display): \(failure.message)"))
        }
    }
}

/// Writes all of a buffer to a descriptor, through partial writes and interrupts; throws the
/// system's reason (`No space left on device`) instead of trapping.
public func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(RawFile.Failure) {
    var offset = 0
    while offset < bytes.count {
        let count = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if count < 0 {
            if errno == EINTR { continue }
            throw RawFile.Failure(code: "unwritable", message: String(cString: strerror(errno)))
        }
        offset += count
    }
}

/// A folder named by a user (a rules folder, a samples folder), listed with what is wrong in
/// words when it cannot be: each message follows the path (`nope does not exist`).
public enum FolderListing {
    public struct Problem: Error, Sendable, Equatable {
        public var message: String
    }

    /// The names in `folder`, or why it cannot be listed: missing, not a folder, or unreadable.
    public static func names(_ folder: String) -> Result<[String], Problem> {
        switch FileKind(RawPath(folder)) {
        case .missing: return .failure(Problem(message: "does not exist"))
        case .folder: break
        case .inaccessible(let reason): return .failure(Problem(message: "cannot be read: \(reason)"))
        case .regular: return .failure(Problem(message: "is a file, not a folder"))
        case .fifo, .special: return .failure(Problem(message: "is \(RawPath(folder).kindName), not a folder"))
        }
        guard let handle = opendir(folder) else {
            return .failure(Problem(message: "cannot be listed: \(String(cString: strerror(errno)))"))
        }
        closedir(handle)
        return .success((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
    }
}
