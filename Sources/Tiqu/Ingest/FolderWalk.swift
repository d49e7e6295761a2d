import Foundation

/// The files below a folder, read with `opendir`/`readdir` so that names are kept as bytes (not
/// every file name is UTF-8) and a subfolder that cannot be read is reported, not skipped.
/// Hidden files and folders are left out; links to folders are listed but not followed (they can loop).
/// Every other name is a file entry, even one that cannot be read as a file (a dangling link, a
/// FIFO, a link loop): the reader reports it as it reports such a path named on the command line.
/// Entries come in name order with numbers compared as numbers, so runs are reproducible
/// whatever the file system.
public enum FolderWalk {
    public enum Entry: Sendable, Equatable {
        /// A file, with its path below the walked folder.
        case file(RawPath, relative: RawPath)
        /// A subfolder that could not be listed, and why.
        case unreadable(RawPath, relative: RawPath, reason: String)
        /// A link to a folder, not followed (links to folders can loop): listed so a run can say so.
        case linkToFolder(RawPath, relative: RawPath)
    }

    /// Every entry below `folder`, or the reason the folder itself cannot be listed.
    public static func entries(of folder: RawPath) -> Result<[Entry], RawFile.Failure> {
        let names: [Name]
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
        _ folder: RawPath, relative: RawPath?, names: [Name], into entries: inout [(key: String, entry: Entry)]
    ) {
        for name in names where name.path.bytes.first != UInt8(ascii: ".") {
            let path = folder.appending(name.path)
            let below = relative.map { $0.appending(name.path) } ?? name.path
            switch visit(path, type: name.type) {
            case .file:
                entries.append((below.display, .file(path, relative: below)))
            case .folder:
                switch list(path) {
                case .success(let inner): walk(path, relative: below, names: inner, into: &entries)
                case .failure(let reason):
                    entries.append((below.display, .unreadable(path, relative: below, reason: reason.message)))
                }
            case .unreadableFolder(let reason):
                entries.append((below.display, .unreadable(path, relative: below, reason: reason)))
            case .linkToFolder:
                entries.append((below.display, .linkToFolder(path, relative: below)))
            }
        }
    }

    /// What the walk does with a name.
    private enum Visit {
        case file, folder, linkToFolder
        /// A folder (by its directory entry) that cannot even be looked at: a path past PATH_MAX.
        case unreadableFolder(String)
    }

    /// A folder is walked and a link to one left out; anything else is a file for the reader to
    /// read or to refuse. A name `lstat` fails on is a folder when its directory entry says so.
    private static func visit(_ path: RawPath, type: UInt8) -> Visit {
        var info = stat()
        guard path.withCString({ lstat($0, &info) }) == 0 else {
            let code = errno
            return type == UInt8(DT_DIR) ? .unreadableFolder(reason(code, path)) : .file
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .folder
        case S_IFLNK: return FileKind(path) == .folder ? .linkToFolder : .file
        default: return .file
        }
    }

    /// The system's reason, with the length and the limit when the path is too long.
    private static func reason(_ code: Int32, _ path: RawPath) -> String {
        let reason = String(cString: strerror(code))
        guard code == ENAMETOOLONG else { return reason }
        return "\(reason) (the path is \(path.bytes.count) bytes; the system's limit is \(PATH_MAX))"
    }

    /// A name in a folder and the type its directory entry gives (`DT_UNKNOWN` on some file systems).
    private struct Name {
        var path: RawPath
        var type: UInt8
    }

    /// The names in one folder, `.` and `..` left out.
    private static func list(_ folder: RawPath) -> Result<[Name], RawFile.Failure> {
        guard let dir = folder.withCString({ opendir($0) }) else {
            return .failure(RawFile.Failure(code: "unreadable", message: String(cString: strerror(errno))))
        }
        defer { closedir(dir) }
        var names: [Name] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            names.append(Name(path: RawPath(bytes: name), type: entry.pointee.d_type))
        }
        return .success(names)
    }
}
