import Foundation

extension Pattern {
    /// The rules whose patterns gave up (ICU time limit or backtrack stack) while one document was
    /// processed on this thread. A give-up counts as no match, which silently changes what the
    /// document's record says, so the pipeline collects them into the record's warnings. A rule
    /// that gives up `maxPerDocument` times is skipped for the rest of the document: each give-up
    /// costs up to its whole time limit, and a runaway rule would otherwise pay it on every line.
    public final class Timeouts {
        static let maxPerDocument = 3

        /// One rule's count in one document.
        public struct Entry: Sendable, Equatable {
            public var rule: String
            /// Searches that ran out of time (or stack).
            public var timedOut: Int
            /// Searches not run afterwards, because the rule had given up too often.
            public var skipped: Int

            public var warning: String {
                "rule '\(rule)' timed out on \(timedOut) search(es) (regex time limit)"
                    + (skipped > 0 ? " and was skipped on \(skipped) more" : "") + "; those count as no match"
            }
        }

        private var entries: [Entry] = []
        private var index: [String: Int] = [:]

        func isSkipped(_ rule: String) -> Bool {
            // Most documents have no give-up at all: no rule name is hashed for them.
            guard !entries.isEmpty, let i = index[rule], entries[i].timedOut >= Self.maxPerDocument else {
                return false
            }
            entries[i].skipped += 1
            return true
        }

        func gaveUp(_ rule: String) {
            if let i = index[rule] {
                entries[i].timedOut += 1
                return
            }
            index[rule] = entries.count
            entries.append(Entry(rule: rule, timedOut: 1, skipped: 0))
        }

        /// Runs `body` with a fresh count for this thread and returns what it collected, in the
        /// order the rules first gave up. Outside `collect`, give-ups are not counted and no rule
        /// is ever skipped.
        public static func collect<T>(_ body: () -> T) -> (T, [Entry]) {
            let tally = Timeouts()
            let outer = pthread_getspecific(key)
            pthread_setspecific(key, Unmanaged.passUnretained(tally).toOpaque())
            defer { pthread_setspecific(key, outer) }
            let result = body()
            return (result, tally.entries)
        }

        /// This thread's count, if a `collect` is running on it.
        static var current: Timeouts? {
            pthread_getspecific(key).map { Unmanaged<Timeouts>.fromOpaque($0).takeUnretainedValue() }
        }

        /// The thread-specific slot; `collect` keeps the tally alive while it is stored there.
        private static let key: pthread_key_t = {
            var key = pthread_key_t()
            precondition(pthread_key_create(&key, nil) == 0, "no thread-specific key for regex time-outs")
            return key
        }()
    }
}
