import Foundation
import Tiqu

/// Where JSONL goes: stdout; a device or pipe, written directly; or a regular file, written to a
/// hidden partial file beside it (`.NAME.tiqu-partial`), synced, and renamed into place with one
/// `rename(2)` when complete. Nothing is removed first, so a failed or killed run never destroys
/// what was there; a killed run's partial file is what `--resume` continues.
final class OutputSink {
    private enum Target {
        case stdout
        case direct(path: String)
        case file(final: String, partial: String)
    }

    private let target: Target
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    /// Partial files of earlier killed runs whose lines were taken over; removed once the output is in place.
    private var takenOver: [String] = []

    /// Ids of the complete records already in the output (with `resume`).
    private(set) var existingIDs = Set<String>()

    /// Flushes at this size: large enough for few system calls, small enough to lose little on a kill.
    static let flushBytes = 1 << 16

    init(path: String?, resume: Bool) throws(OutputError) {
        guard let path, path != "-" else {
            target = .stdout
            descriptor = STDOUT_FILENO
            return
        }
        switch FileKind(RawPath(path)) {
        case .folder:
            throw OutputError("\(path) is a folder; -o takes a file name")
        case .fifo, .special:
            guard !resume else {
                throw OutputError("--resume needs a regular file to continue, and \(path) is not one")
            }
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw OutputError("cannot write \(path): \(Self.reason())") }
            target = .direct(path: path)
            descriptor = fd
        case .regular, .missing, .inaccessible:
            let final = try Self.resolved(path)
            if resume { try Self.checkResumable(final) }
            let (fd, partial) = try Self.lockPartial(for: final)
            target = .file(final: final, partial: partial)
            descriptor = fd
            do throws(OutputError) {
                try start(final: final, partial: partial, resume: resume)
            } catch {
                abort()
                throw error
            }
        }
    }

    func write(_ line: String) throws(OutputError) { try write(Array(line.utf8)) }

    /// One line's bytes (a record's, as `Emitter.bytes` gives them) and its newline.
    func write(_ line: [UInt8]) throws(OutputError) {
        buffer.append(contentsOf: line)
        buffer.append(0x0A)
        if buffer.count >= Self.flushBytes { try flush() }
    }

    func flush() throws(OutputError) {
        guard !buffer.isEmpty else { return }
        do {
            try buffer.withUnsafeBytes { bytes in try writeAll(descriptor, bytes) }
        } catch let error as RawFile.Failure {
            throw OutputError("cannot write \(name): \(error.message)")
        } catch {
            throw OutputError("cannot write \(name): \(error)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Completes the output: flushed, synced and, for a file, renamed into place.
    func finish() throws(OutputError) {
        try flush()
        guard case .file(let final, let partial) = target else {
            if case .direct = target { close(descriptor) }
            return
        }
        guard fsync(descriptor) == 0 else { throw OutputError("cannot write \(final): \(Self.reason())") }
        close(descriptor)
        switch FileKind(RawPath(final)) {
        case .regular, .missing: break
        default: throw OutputError("\(final) is no longer a regular file; the records are left in \(partial)")
        }
        guard rename(partial, final) == 0 else {
            throw OutputError("cannot rename \(partial) to \(final): \(Self.reason())")
        }
        for leftover in takenOver { unlink(leftover) }
        Self.syncFolder(of: final)
    }

    /// Gives up on a file output: the partial file goes, the final name is left as it was.
    func abort() {
        guard case .file(_, let partial) = target else { return }
        close(descriptor)
        unlink(partial)
    }

    private var name: String {
        switch target {
        case .stdout: return "stdout"
        case .direct(let path): return path
        case .file(let final, _): return final
        }
    }

    // MARK: - Opening

    /// The path a run writes to: a link to a file is followed, so the file is replaced, not the link;
    /// so is a link to a file not there yet (the records go where it points). A loop of links is refused.
    static func resolved(_ path: String) throws(OutputError) -> String {
        var path = path
        for _ in 0..<Self.maxLinks {
            if let real = Foundation.realpath(path, nil) {
                defer { free(real) }
                return String(cString: real)
            }
            guard let target = linkTarget(path) else { return path }
            path = target
        }
        throw OutputError("cannot write \(path): too many levels of symbolic links")
    }

    /// As many links as the kernel follows in one path (Linux's `MAXSYMLINKS`).
    static let maxLinks = 40

    /// Where a symbolic link points, read relative to its folder; nil when `path` is no link.
    static func linkTarget(_ path: String) -> String? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { return nil }
        let folder = (path as NSString).deletingLastPathComponent
        return target.hasPrefix("/") || folder.isEmpty ? target : folder + "/" + target
    }

    /// With `--resume`, what is in the output must be records: the run replaces it with the records
    /// it keeps and adds, so a file holding anything else (notes, another tool's output) would be lost.
    static func checkResumable(_ final: String) throws(OutputError) {
        let fd = open(final, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var ids = Set<String>()
        let kept = completeLines(fd, ids: &ids, copyTo: nil)
        guard holdsWholeLine(fd, from: kept) else { return }
        throw OutputError(
            "\(final) holds a line that is not a record, which --resume would drop with the file; "
                + "move the file aside, or run without --resume")
    }

    /// Whether what follows the records (from `offset`) holds a whole line with something in it: a
    /// line of other text. A last line cut short (a run into `>` killed) and blank lines do not.
    static func holdsWholeLine(_ fd: Int32, from offset: Int) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var (at, content) = (offset, false)
        while case let count = chunk.withUnsafeMutableBytes({ pread(fd, $0.baseAddress, $0.count, off_t(at)) }),
            count > 0
        {
            for byte in chunk[..<count] {
                if byte == 0x0A, content { return true }
                content = content || !(byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A)
            }
            at += count
        }
        return false
    }

    /// The hidden partial file beside `final`, locked for this run. A second run on the same output
    /// finds it locked and takes its own (`.NAME.tiqu-partial-PID`): both complete, the later rename wins.
    static func lockPartial(for final: String) throws(OutputError) -> (Int32, String) {
        let shared = partialPath(for: final)
        for _ in 0..<3 {
            let fd = open(shared, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw OutputError("cannot write \(final): \(reason()) (creating \(shared))") }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                if sameFile(fd, shared) { return (fd, shared) }
                close(fd)  // renamed into place by the run that held it: open the new one
                continue
            }
            close(fd)
            break
        }
        let own = "\(shared)-\(getpid())"
        let fd = open(own, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0, flock(fd, LOCK_EX) == 0 else {
            throw OutputError("cannot write \(final): \(reason()) (creating \(own))")
        }
        return (fd, own)
    }

    static func partialPath(for final: String) -> String {
        let url = URL(fileURLWithPath: final)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tiqu-partial").path
    }

    /// Whether an open descriptor still is the file at `path` (not one renamed away meanwhile).
    static func sameFile(_ fd: Int32, _ path: String) -> Bool {
        var a = stat(), b = stat()
        return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    /// Empties the partial file, or with `resume` keeps its complete lines (a killed run's) and
    /// adds those of other unlocked partial files and of the final file whose ids it lacks.
    private func start(final: String, partial: String, resume: Bool) throws(OutputError) {
        guard resume else {
            guard ftruncate(descriptor, 0) == 0 else { throw OutputError("cannot write \(partial): \(Self.reason())") }
            return
        }
        let kept = Self.completeLines(descriptor, ids: &existingIDs, copyTo: nil)
        guard ftruncate(descriptor, off_t(kept)) == 0, lseek(descriptor, 0, SEEK_END) >= 0 else {
            throw OutputError("cannot write \(partial): \(Self.reason())")
        }
        for leftover in Self.leftoverPartials(of: final, except: partial) {
            let fd = open(leftover, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }  // a live run's
            _ = Self.completeLines(fd, ids: &existingIDs, copyTo: self)
            takenOver.append(leftover)
        }
        let fd = open(final, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            defer { close(fd) }
            _ = Self.completeLines(fd, ids: &existingIDs, copyTo: self)
        }
        try flush()
    }

    /// Reads whole record lines from the start of `fd`; stops at the first line that is not one
    /// (a line cut by a kill). Each new id is added to `ids` and, with `copyTo`, the line written
    /// there. Returns the byte length of the good lines.
    static func completeLines(_ fd: Int32, ids: inout Set<String>, copyTo sink: OutputSink?) -> Int {
        guard lseek(fd, 0, SEEK_SET) == 0, let copy = Optional(dup(fd)), copy >= 0 else { return 0 }
        let reader = LineReader(descriptor: copy, ownsDescriptor: true, maxLine: Inputs.maxDocumentBytes * 4)
        var length = 0
        while case .line(let line)? = reader.next() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let id = object["id"] as? String
            else { break }
            length += line.count + 1
            if ids.insert(id).inserted, let sink {
                sink.buffer.append(contentsOf: line)
                sink.buffer.append(0x0A)
                if sink.buffer.count >= flushBytes { try? sink.flush() }
            }
        }
        return length
    }

    static func leftoverPartials(of final: String, except: String) -> [String] {
        let shared = partialPath(for: final)
        let folder = (shared as NSString).deletingLastPathComponent
        let prefix = (shared as NSString).lastPathComponent
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0 == prefix || $0.hasPrefix(prefix + "-") }.map { folder + "/" + $0 }.filter {
            $0 != except
        }
    }

    /// The rename is durable only once the folder's entry is written too.
    static func syncFolder(of path: String) {
        let fd = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    static func reason() -> String { String(cString: strerror(errno)) }

    // MARK: - Refusing outputs that would destroy input

    /// Why writing to `output` would overwrite or feed back into the inputs, or nil when it is safe:
    /// the output must not be an input itself, nor a file a folder input would list, nor lie inside
    /// one of `ruleFolders`.
    static func refusal(
        output: String, flag: String = "-o", inputs: [RawPath], wanted: (RawPath) -> Bool, ruleFolders: [RawPath] = []
    ) -> String? {
        guard output != "-" else { return nil }
        if FileKind(RawPath(output)) == .folder { return "\(flag) \(output) is a folder; \(flag) takes a file name" }
        let out = absolute(output)
        for input in inputs where input.bytes != [UInt8(ascii: "-")] {
            guard let real = realpath(input) else { continue }
            if real == out { return "\(flag) \(output) is also an input; write the records elsewhere" }
            guard FileKind(input) == .folder, out.bytes.starts(with: real.bytes + [UInt8(ascii: "/")]) else { continue }
            let relative = RawPath(bytes: Array(out.bytes.dropFirst(real.bytes.count + 1)))
            let hidden = relative.bytes.split(separator: UInt8(ascii: "/")).contains { $0.first == UInt8(ascii: ".") }
            if !hidden && wanted(relative) {
                return
                    "\(flag) \(output) is inside the input folder \(input.display), where it would be read as a page; "
                    + "write it elsewhere (or leave it out with --exclude)"
            }
        }
        // Rule files and gazetteer tables alike: a rule folder holds only what the rules load.
        func holdsOutput(_ folder: RawPath) -> Bool {
            realpath(folder).map { out.bytes.starts(with: $0.bytes + [UInt8(ascii: "/")]) } ?? false
        }
        if let folder = ruleFolders.first(where: holdsOutput) {
            return "\(flag) \(output) is inside \(folder.display), whose files are read as rules or samples; "
                + "write it elsewhere"
        }
        return nil
    }

    /// The canonical path of an existing file, or of a new file's folder joined with its name; a
    /// link to a file not there yet stands for that file, as the run writes through it.
    static func absolute(_ path: String) -> RawPath {
        if let real = realpath(RawPath(path)) { return real }
        let raw = RawPath((try? resolved(path)) ?? path)
        guard let folder = realpath(raw.folder) else { return raw }
        return folder.appending(raw.name)
    }

    static func realpath(_ path: RawPath) -> RawPath? {
        guard let real = path.withCString({ Foundation.realpath($0, nil) }) else { return nil }
        defer { free(real) }
        return RawPath(bytes: Array(UnsafeRawBufferPointer(start: real, count: strlen(real))))
    }
}

/// Why the output cannot be written; the run ends with status 3 (or 2 when the path itself is wrong).
struct OutputError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Messages for people on stderr. Written with `write(2)` and errors ignored: a full or closed
/// stderr must not turn a complete run into a crash (Foundation's `FileHandle.write` traps).
enum Console {
    static func error(_ text: String) {
        var line = text
        if !line.hasSuffix("\n") { line += "\n" }
        raw(line)
    }

    /// Text as it is, no newline added (progress lines).
    static func raw(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            try? writeAll(STDERR_FILENO, UnsafeRawBufferPointer(buffer))
        }
    }
}

/// Runs documents through `jobs` worker threads as a stream: a reader thread pulls inputs, workers
/// process them, and the caller's thread writes results — in input order (`ordered`) or as they
/// finish. At most `window` documents and `maxBytes` of them (but always one) are in flight, so
/// memory does not grow with the corpus or with the size of its files, and a slow document holds
/// up only its own slot (and, when ordered, the writing of those after it).
///
/// Each party sleeps on its own condition and is woken only when it has work: a worker when a
/// document waits, the writer when half the documents in flight are done, the reader when half
/// the window is free (it then reads until the window is full). One condition for all, signalled
/// at every step, woke a thread five times a document.
final class Stream<Input, Output> {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let work = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let ready = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let room = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var queue: [(Int, Input)] = []
    private var results: [Int: Output] = [:]
    private var readerDone = false
    private var read = 0
    /// The results handed to the writer so far (in order, the sequence number it waits for next).
    private var taken = 0
    private var inFlight = 0
    private var bytesInFlight = 0
    /// Bytes of each document in flight, by sequence number.
    private var sizes: [Int: Int] = [:]
    private var idleWorkers = 0
    private var writerWaits = false, readerWaits = false

    init() {
        pthread_mutex_init(mutex, nil)
        // Timed waits (`waitReady`) count on the monotonic clock: a step of the wall clock must not
        // put off the writer's next look at whether the run was stopped.
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        for condition in [work, ready, room] { pthread_cond_init(condition, &attributes) }
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        for condition in [work, ready, room] {
            pthread_cond_destroy(condition)
            condition.deallocate()
        }
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Feeds `next()` through `transform` on `jobs` threads and hands each output to `write` on the
    /// calling thread. `next` runs on a reader thread and returns nil at the end (or to stop early).
    /// Once `stopped()`, the run also ends when nothing read is left unwritten and `next` has not
    /// returned for `stopGrace`: it may be waiting for a pipe that stays open and idle. Returns
    /// whether `next` came to its end: only then may the caller read what `next` keeps (its thread
    /// may still be inside it).
    @discardableResult
    func run(
        jobs: Int, window: Int, maxBytes: Int, ordered: Bool, next: @escaping () -> Input?,
        size: @escaping (Input) -> Int,
        transform: @escaping (Input) -> Output, write: (Output) throws -> Void, stopped: () -> Bool = { false }
    ) throws -> Bool {
        startReader(window: window, maxBytes: maxBytes, next: next, size: size)
        startWorkers(jobs, ordered: ordered, transform: transform)
        while let batch = takeReady(ordered: ordered, stopped: stopped) {
            for (_, output) in batch { try write(output) }
            written(batch.map(\.0), window: window, maxBytes: maxBytes)
        }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return readerDone
    }

    /// Every result the writer may write now (in order: the next ones in sequence), waiting for
    /// one; nil when all are written.
    private func takeReady(ordered: Bool, stopped: () -> Bool) -> [(Int, Output)]? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while true {
            var batch: [(Int, Output)] = []
            if ordered {
                while let output = results.removeValue(forKey: taken) {
                    batch.append((taken, output))
                    taken += 1
                }
            } else {
                batch = results.map { ($0.key, $0.value) }
                results.removeAll(keepingCapacity: true)
                taken += batch.count
            }
            if !batch.isEmpty { return batch }
            if taken == read && (readerDone || stoppedAWhile(stopped)) { return nil }
            writerWaits = true
            waitReady()
            writerWaits = false
        }
    }

    /// How long the writer sleeps at most before it looks again whether the run was stopped (a
    /// signal handler cannot wake it).
    static var stopCheckNanoseconds: Int { 250_000_000 }

    /// How long after a stop the reader may still hand over a document it was reading; one that has
    /// not by then is waiting for input that may never come.
    static var stopGrace: Duration { .seconds(1) }

    /// When the writer first saw the run stopped.
    private var stopSeen: ContinuousClock.Instant?

    /// Whether the run was stopped `stopGrace` ago or more.
    private func stoppedAWhile(_ stopped: () -> Bool) -> Bool {
        guard stopped() else { return false }
        let seen = stopSeen ?? .now
        stopSeen = seen
        return .now - seen >= Self.stopGrace
    }

    /// Sleeps on `ready` (the mutex held) until woken or `stopCheckNanoseconds` pass.
    private func waitReady() {
        var until = timespec()
        clock_gettime(CLOCK_MONOTONIC, &until)
        let nanoseconds = until.tv_nsec + Self.stopCheckNanoseconds
        (until.tv_sec, until.tv_nsec) = (until.tv_sec + nanoseconds / 1_000_000_000, nanoseconds % 1_000_000_000)
        pthread_cond_timedwait(ready, mutex, &until)
    }

    /// Frees the slots of written documents; wakes the reader once half the window is free and
    /// the bytes in flight leave room (a document over half the byte budget may stay in flight
    /// long: the reader goes on beside it).
    private func written(_ sequences: [Int], window: Int, maxBytes: Int) {
        pthread_mutex_lock(mutex)
        inFlight -= sequences.count
        for sequence in sequences { bytesInFlight -= sizes.removeValue(forKey: sequence) ?? 0 }
        let roomy = inFlight == 0 || (inFlight <= window / 2 && bytesInFlight < maxBytes)
        if readerWaits && roomy { pthread_cond_signal(room) }
        pthread_mutex_unlock(mutex)
    }

    private func startReader(window: Int, maxBytes: Int, next: @escaping () -> Input?, size: @escaping (Input) -> Int) {
        Thread { [self] in
            while true {
                pthread_mutex_lock(mutex)
                while inFlight >= window || (inFlight > 0 && bytesInFlight >= maxBytes) {
                    readerWaits = true
                    pthread_cond_wait(room, mutex)
                    readerWaits = false
                }
                pthread_mutex_unlock(mutex)
                guard let item = next() else { break }
                let bytes = size(item)
                pthread_mutex_lock(mutex)
                sizes[read] = bytes
                queue.append((read, item))
                read += 1
                inFlight += 1
                bytesInFlight += bytes
                if idleWorkers > 0 { pthread_cond_signal(work) }
                pthread_mutex_unlock(mutex)
            }
            pthread_mutex_lock(mutex)
            readerDone = true
            pthread_cond_broadcast(work)
            pthread_cond_signal(ready)
            pthread_mutex_unlock(mutex)
        }.start()
    }

    private func startWorkers(_ jobs: Int, ordered: Bool, transform: @escaping (Input) -> Output) {
        for _ in 0..<jobs {
            Thread { [self] in
                while let (sequence, item) = nextItem() {
                    let output = transform(item)
                    pthread_mutex_lock(mutex)
                    results[sequence] = output
                    if writerWaits && writerHasWork(ordered: ordered) { pthread_cond_signal(ready) }
                    pthread_mutex_unlock(mutex)
                }
            }.start()
        }
    }

    /// Whether the waiting writer has enough to write to be woken: half the documents in flight,
    /// its next one among them when in order (all of them, at the end of the input).
    private func writerHasWork(ordered: Bool) -> Bool {
        (!ordered || results[taken] != nil) && results.count * 2 >= inFlight
    }

    /// The next document for a worker, waiting for one; nil when the reader is done and none is left.
    private func nextItem() -> (Int, Input)? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while queue.isEmpty && !readerDone {
            idleWorkers += 1
            pthread_cond_wait(work, mutex)
            idleWorkers -= 1
        }
        return queue.isEmpty ? nil : queue.removeFirst()
    }
}
