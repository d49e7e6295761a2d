import Foundation

extension RuleBook {
    /// Where the built-in `Rules/` folder is: beside the binary (an install), above it (a build
    /// tree such as `.build/release/tiqu`), or in the source tree this library was built from.
    public static func builtInFolder() -> String? {
        let fm = FileManager.default
        func isRules(_ dir: String) -> Bool { fm.fileExists(atPath: (dir as NSString).appendingPathComponent("chrome.yaml")) }
        var starts: [String] = []
        if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") { starts.append((exe as NSString).deletingLastPathComponent) }
        if let exe = Bundle.main.executablePath { starts.append((exe as NSString).deletingLastPathComponent) }
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

    /// Runs every example of every rule; each one that does not hold is a diagnostic at the example.
    public func exampleFailures() -> [Diagnostic] {
        var failures: [Diagnostic] = []
        let classifier = LineClassifier(rules: chrome)
        for rule in chrome {
            for example in rule.examples {
                func fail(_ message: String) {
                    failures.append(Diagnostic(path: rule.path, line: example.line, column: example.column, message: "rule '\(rule.id)': \(message)"))
                }
                switch example.expect {
                case .becomes(let expected):
                    let (repaired, _) = classifier.repair(example.input)
                    if repaired != expected { fail("'\(example.input)' became '\(repaired)', expected '\(expected)'") }
                case .keep:
                    let verdict = classifier.classify(example.input, matching: Fold.matching(example.input), inHead: false)
                    if case .chrome(let by, _) = verdict { fail("'\(example.input)' must be kept, but rule '\(by.id)' drops it") }
                case .drop:
                    let verdict = classifier.classify(example.input, matching: Fold.matching(example.input), inHead: true)
                    guard case .chrome(let by, let meta) = verdict else { fail("'\(example.input)' must be dropped, but it is kept"); continue }
                    if by.id != rule.id { fail("'\(example.input)' is dropped by rule '\(by.id)', which comes first, not by this rule") }
                    for (field, value) in example.meta.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                        let got: String? = switch field {
                        case .published: meta.published
                        case .outlet: meta.outlet
                        case .author: meta.author
                        case .editor: meta.editor
                        }
                        if got != value { fail("'\(example.input)' gives \(field.rawValue) \(got.map { "'\($0)'" } ?? "nothing"), expected '\(value)'") }
                    }
                }
            }
        }
        for group in html.groups {
            for (value, expected) in group.examples {
                let got = html.groups(for: value).contains { $0.id == group.id }
                if got != expected {
                    failures.append(Diagnostic(path: group.path, line: group.line, column: 5,
                                               message: "group '\(group.id)': class '\(value)' \(expected ? "must" : "must not") carry this group"))
                }
            }
        }
        return failures
    }
}
