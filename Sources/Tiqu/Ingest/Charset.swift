import CUchardet
import Foundation

/// Decides a page's charset and decodes it to Unicode.
///
/// Order of evidence: a BOM; bytes that are valid UTF-8 (declarations lie: browsers re-save pages
/// as UTF-8 and keep `charset=gb2312`); the transport's and the page's declaration; uchardet.
/// Invalid sequences become U+FFFD and are counted, never fatal.
public enum Charset {
    /// A page whose invalid UTF-8 sequences are at most this share of its multi-byte sequences is
    /// broken UTF-8 (a truncated write, a stray byte), not another encoding: one bad sequence per
    /// hundred good ones is far beyond what GBK or Big5 text decoded as UTF-8 could ever reach.
    static let brokenUTF8Share = 0.01

    public struct Decoded: Sendable {
        public var text: String
        /// Canonical lower-case name: `utf-8`, `utf-16le`, `utf-16be`, `gb18030`, `big5`, or another iconv name.
        public var encoding: String
        public var invalidSequences: Int
    }

    public static func decode(_ bytes: [UInt8], declared: [String]) -> Decoded {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return utf8(Array(bytes.dropFirst(3)))
        }
        if bytes.starts(with: [0xFF, 0xFE]) { return iconvDecode(Array(bytes.dropFirst(2)), from: "UTF-16LE", name: "utf-16le") }
        if bytes.starts(with: [0xFE, 0xFF]) { return iconvDecode(Array(bytes.dropFirst(2)), from: "UTF-16BE", name: "utf-16be") }
        if let utf16 = bomlessUTF16(bytes) { return iconvDecode(bytes, from: utf16.uppercased(), name: utf16) }

        let scan = UTF8Scan(bytes)
        if scan.invalid == 0 { return Decoded(text: String(decoding: bytes, as: UTF8.self), encoding: "utf-8", invalidSequences: 0) }
        if Double(scan.invalid) <= Double(scan.multibyte) * brokenUTF8Share { return utf8(bytes) }

        var candidates = declared.compactMap(canonical).filter { $0 != "utf-8" }
        if let detected = detect(bytes).flatMap(canonical), detected != "utf-8" { candidates.append(detected) }
        if candidates.isEmpty { candidates = ["gb18030"] }  // Chinese scrapes: the likeliest legacy charset.
        var best: Decoded?
        for name in uniqued(candidates) {
            let decoded = iconvDecode(bytes, from: iconvName(name), name: name)
            if decoded.invalidSequences == 0 { return decoded }
            if best == nil || decoded.invalidSequences < best!.invalidSequences { best = decoded }
        }
        if let best, best.invalidSequences < scan.invalid { return best }
        return utf8(bytes)
    }

    /// The charset a page declares in its first bytes (`<meta charset>` or `http-equiv` Content-Type).
    public static func declaredInMarkup(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self).lowercased()
        guard let range = head.range(of: "charset") else { return nil }
        var rest = head[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
        rest = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return rest.isEmpty ? nil : String(rest)
    }

    /// The charset in an HTTP `Content-Type` value.
    public static func fromContentType(_ value: String) -> String? {
        guard let range = value.lowercased().range(of: "charset=") else { return nil }
        let name = value[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return name.isEmpty ? nil : String(name).lowercased()
    }

    /// Maps the many labels of one charset family to the name we report.
    static func canonical(_ label: String) -> String? {
        let l = label.lowercased().replacingOccurrences(of: "_", with: "-")
        switch l {
        case "": return nil
        case "utf-8", "utf8", "ascii", "us-ascii": return "utf-8"
        case "gb2312", "gbk", "x-gbk", "gb18030", "cp936", "euc-cn", "hz-gb-2312", "x-euc-cn", "windows-936": return "gb18030"
        case "big5", "big-5", "big5-hkscs", "cp950", "x-x-big5", "windows-950": return "big5"
        case "utf-16", "utf-16le": return "utf-16le"
        case "utf-16be": return "utf-16be"
        default: return l
        }
    }

    /// Big5-HKSCS is a superset of Big5 and CP950's common extensions.
    static func iconvName(_ name: String) -> String {
        switch name {
        case "big5": return "BIG5-HKSCS"
        default: return name.uppercased()
        }
    }

    static func detect(_ bytes: [UInt8]) -> String? {
        guard let detector = uchardet_new() else { return nil }
        defer { uchardet_delete(detector) }
        let sample = bytes.prefix(256 * 1024)
        _ = sample.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { uchardet_handle_data(detector, $0, buf.count) }
        }
        uchardet_data_end(detector)
        guard let name = uchardet_get_charset(detector) else { return nil }
        let s = String(cString: name)
        return s.isEmpty ? nil : s
    }

    /// UTF-16 without a BOM shows as NUL in every other byte of ASCII-heavy text.
    static func bomlessUTF16(_ bytes: [UInt8]) -> String? {
        let sample = bytes.prefix(1024)
        guard sample.count >= 16 else { return nil }
        var evenNul = 0, oddNul = 0
        for (i, b) in sample.enumerated() where b == 0 {
            if i % 2 == 0 { evenNul += 1 } else { oddNul += 1 }
        }
        let half = sample.count / 2
        if oddNul > half * 6 / 10 && evenNul == 0 { return "utf-16le" }
        if evenNul > half * 6 / 10 && oddNul == 0 { return "utf-16be" }
        return nil
    }

    static func utf8(_ bytes: [UInt8]) -> Decoded {
        Decoded(text: String(decoding: bytes, as: UTF8.self), encoding: "utf-8", invalidSequences: UTF8Scan(bytes).invalid)
    }

    static func uniqued(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// Decodes with iconv, replacing each undecodable byte with U+FFFD and counting it.
    static func iconvDecode(_ bytes: [UInt8], from charset: String, name: String) -> Decoded {
        let cd = iconv_open("UTF-8", charset)
        if cd == iconv_t(bitPattern: -1) { return utf8(bytes) }
        defer { iconv_close(cd) }
        var output = [UInt8]()
        output.reserveCapacity(bytes.count * 3 / 2 + 16)
        var invalid = 0
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        bytes.withUnsafeBufferPointer { input in
            var inPtr = UnsafeMutablePointer(mutating: input.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).assumingMemoryBound(to: CChar.self) })
            var inLeft = input.count
            while inLeft > 0 {
                let result: Int = buffer.withUnsafeMutableBufferPointer { out in
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out.baseAddress!).assumingMemoryBound(to: CChar.self)
                    var outLeft = out.count
                    let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    output.append(contentsOf: out[0..<(out.count - outLeft)])
                    return r == -1 ? Int(errno) : 0
                }
                if result == E2BIG { continue }
                if result != 0 {
                    // EILSEQ or EINVAL (truncated at the end): replace one byte and go on.
                    output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    invalid += 1
                    inPtr = inPtr.map { $0 + 1 }
                    inLeft -= 1
                }
            }
        }
        return Decoded(text: String(decoding: output, as: UTF8.self), encoding: name, invalidSequences: invalid)
    }
}

/// One pass over bytes counting valid multi-byte UTF-8 sequences and invalid ones.
struct UTF8Scan {
    var multibyte = 0
    var invalid = 0

    init(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            let n = b.count
            while i < n {
                let c = b[i]
                if c < 0x80 { i += 1; continue }
                let length: Int
                var min: UInt32 = 0
                var cp: UInt32
                switch c {
                case 0xC2...0xDF: length = 2; cp = UInt32(c & 0x1F); min = 0x80
                case 0xE0...0xEF: length = 3; cp = UInt32(c & 0x0F); min = 0x800
                case 0xF0...0xF4: length = 4; cp = UInt32(c & 0x07); min = 0x10000
                default: invalid += 1; i += 1; continue
                }
                var j = 1
                while j < length, i + j < n, b[i + j] & 0xC0 == 0x80 {
                    cp = cp << 6 | UInt32(b[i + j] & 0x3F)
                    j += 1
                }
                if j == length, cp >= min, cp <= 0x10FFFF, !(0xD800...0xDFFF).contains(cp) {
                    multibyte += 1
                    i += length
                } else {
                    invalid += 1
                    i += max(1, j)
                }
            }
        }
    }
}
