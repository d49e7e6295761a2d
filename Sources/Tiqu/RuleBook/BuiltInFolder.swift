import Foundation

extension RuleBook {
    /// Where the built-in `Rules/` folder is: beside the binary (an install), above it (a build
    /// tree such as `.build/release/tiqu`), or in the source tree this library was built from.
    public static func builtInFolder() -> String? {
        let fm = FileManager.default
        func isRules(_ dir: String) -> Bool {
            fm.fileExists(atPath: (dir as NSString).appendingPathComponent("chrome.yaml"))
        }
        var starts: [String] = []
        if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append((exe as NSString).deletingLastPathComponent)
        }
        // Not `Bundle.main`: Foundation traps when the executable's folder cannot be listed (a binary
        // run by another user from a private folder), and /proc/self/exe already names it.
        for start in starts {
            var dir = start
            for _ in 0..<6 {
                for candidate in ["Rules", "share/tiqu/Rules"] {
                    let path = (dir as NSString).appendingPathComponent(candidate)
                    if isRules(path) { return path }
                }
                dir = (dir as NSString).deletingLastPathComponent
            }
        }
        let source = ((#filePath as NSString).deletingLastPathComponent as NSString)
        let fromSource = (source.appendingPathComponent("../../../Rules") as NSString).standardizingPath
        return isRules(fromSource) ? fromSource : nil
    }
}
