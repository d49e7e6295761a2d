import Foundation

/// The files below a folder, read with `opendir`/`readdir` so that names are kept as bytes (not
/// every file name is UTF-8) and a subfolder that cannot be read is reported, not skipped.
/// Hidden files and folders are left out; links to files are followed, links to folders are not
/// (they can loop). Entries come in name order with numbers compared as numbers, so runs are
/// reproducible whatever the file system.
public enum FolderWalk {
    public enum Entry: Sendable, Equatable {
        /// A file, with its path below the walked folder.
        case file(RawPath, relative: RawPath)
        /// A subfolder that could not be listed, and why.
        case unreadable(RawPath, relative: RawPath, reason: String)
    }

    /// Every entry below `folder`, or the reason the folder itself cannot be listed.
    public static func entries(of folder: RawPath) -> Result<[Entry], RawFile.Failure> {
        let names: [RawPath]
        switch list(folder) {
        case .success(let listed): names = listed
        case .failure(let failure):
            return .failure(
                RawFile.Failure(
                    code: "unreadable", message: "cannot list the folder \(folder.display): \(failure.message)"))
        }
        var entries: [(key: String, entry: Entry)] = []
        walk(folder, relative: nil, names: names, into: &entries)
        return .success(entries.sorted { $0.key.compare($1.key, options: .numeric) == .orderedAscending }.map(\.entry))
    }

    private static func walk(
        _ folder: RawPath, relative: RawPath?, names: [RawPath], into entries: inout [(key: String, entry: Entry)]
    ) {
        for name in names where name.bytes.first != UInt8(ascii: ".") {
            let path = folder.appending(name)
            let below = relative.map { $0.appending(name) } ?? name
            switch kind(of: path) {
            case .regular:
                entries.append((below.display, .file(path, relative: below)))
            case .folder:
                switch list(path) {
                case .success(let inner): walk(path, relative: below, names: inner, into: &entries)
                case .failure(let reason):
                    entries.append((below.display, .unreadable(path, relative: below, reason: reason.message)))
                }
            default:
                continue
            }
        }
    }

    /// Whether a name is a file or a folder to walk; links to folders count as neither.
    private static func kind(of path: RawPath) -> FileKind {
        var info = stat()
        guard path.withCString({ lstat($0, &info) }) == 0 else { return .missing }
        if info.st_mode & S_IFMT == S_IFLNK {
            let target = FileKind(path)
            if case .regular = target { return target }
            return .missing
        }
        return FileKind.kind(info)
    }

    /// The names in one folder, `.` and `..` left out.
    private static func list(_ folder: RawPath) -> Result<[RawPath], RawFile.Failure> {
        guard let dir = folder.withCString({ opendir($0) }) else {
            return .failure(RawFile.Failure(code: "unreadable", message: String(cString: strerror(errno))))
        }
        defer { closedir(dir) }
        var names: [RawPath] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            names.append(RawPath(bytes: name))
        }
        return .success(names)
    }
}
