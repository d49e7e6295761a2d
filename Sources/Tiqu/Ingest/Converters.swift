import Foundation

/// iconv converters to UTF-8, kept open between pages: opening one costs more than decoding a
/// page with it (glibc builds its conversion steps anew each time), and a page in a legacy
/// charset is decoded with three or four of them. A converter serves one thread at a time.
final class Converters: @unchecked Sendable {
    static let shared = Converters()

    /// More idle converters of one charset than this are closed: one per busy thread is all a
    /// run needs.
    static let maxIdle = 16
    private var idle: [String: [iconv_t]] = [:]
    private let lock = NSLock()

    /// Lends `body` a converter from `charset` to UTF-8 no other thread is using, in its initial
    /// state; nil when iconv does not know the charset.
    func borrow<T>(_ charset: String, _ body: (iconv_t?) -> T) -> T {
        let cd = take(charset)
        defer { cd.map { give($0, charset) } }
        return body(cd)
    }

    private func take(_ charset: String) -> iconv_t? {
        lock.lock()
        let kept = idle[charset]?.popLast()
        lock.unlock()
        if let kept {
            _ = iconv(kept, nil, nil, nil, nil)  // back to the initial shift state
            return kept
        }
        let cd = iconv_open("UTF-8", charset)
        return cd == iconv_t(bitPattern: -1) ? nil : cd
    }

    private func give(_ cd: iconv_t, _ charset: String) {
        lock.lock()
        defer { lock.unlock() }
        if idle[charset, default: []].count < Self.maxIdle {
            idle[charset, default: []].append(cd)
        } else {
            iconv_close(cd)
        }
    }
}
