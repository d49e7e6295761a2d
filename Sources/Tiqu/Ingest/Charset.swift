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

    /// The UTF-16 and UTF-32 byte order marks, longest first: `FF FE 00 00` is UTF-32LE, not
    /// UTF-16LE followed by a NUL.
    static let unicodeBOMs: [(bytes: [UInt8], iconv: String, name: String)] = [
        ([0xFF, 0xFE, 0x00, 0x00], "UTF-32LE", "utf-32le"), ([0x00, 0x00, 0xFE, 0xFF], "UTF-32BE", "utf-32be"),
        ([0xFF, 0xFE], "UTF-16LE", "utf-16le"), ([0xFE, 0xFF], "UTF-16BE", "utf-16be"),
    ]

    /// The UTF-16 or UTF-32 byte order mark the bytes start with.
    public static func unicodeBOM(_ bytes: [UInt8]) -> (length: Int, iconv: String, name: String)? {
        unicodeBOMs.first { bytes.starts(with: $0.bytes) }.map { ($0.bytes.count, $0.iconv, $0.name) }
    }

    /// The bytes' text and the charset read: a BOM decides, then valid UTF-8, then the legacy
    /// charset that reads best.
    public static func decode(_ bytes: [UInt8], declared: [String]) -> Decoded {
        decode(bytes, declared: declared, text: nil)
    }

    /// `decode`, where `text`, the bytes already decoded (`Page.text`), is the answer wherever
    /// their validation as UTF-8 would be.
    static func decode(_ bytes: [UInt8], declared: [String], text: String?) -> Decoded {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return utf8(Array(bytes.dropFirst(3)))
        }
        if let bom = unicodeBOM(bytes) {
            return iconvDecode(Array(bytes.dropFirst(bom.length)), from: bom.iconv, name: bom.name)
        }
        if let utf16 = bomlessUTF16(bytes) { return iconvDecode(bytes, from: utf16.uppercased(), name: utf16) }

        // Valid UTF-8 is most pages: the standard library's validation says so fastest.
        if let text = text ?? String(validating: bytes, as: UTF8.self) {
            return Decoded(text: text, encoding: "utf-8", invalidSequences: 0)
        }
        let scan = UTF8Scan(bytes)
        if scan.invalid == 0 {
            return Decoded(text: String(decoding: bytes, as: UTF8.self), encoding: "utf-8", invalidSequences: 0)
        }
        if Double(scan.invalid) <= Double(scan.multibyte) * brokenUTF8Share { return utf8(bytes) }

        // Not UTF-8: decode with every plausible legacy charset and keep the one with the fewest
        // invalid sequences, then the one that reads most like Chinese. uchardet alone is not
        // enough: Big5 bytes are also valid GBK, and Latin pinyin in a scrape sways it to Western.
        var candidates = declared.compactMap(canonical).filter { $0 != "utf-8" }
        if let detected = detect(bytes).flatMap(canonical), detected != "utf-8" { candidates.append(detected) }
        candidates += ["gb18030", "big5"]
        let decodings = uniqued(candidates).map {
            iconvDecode(bytes, from: iconvName($0), name: $0, fallback: fallback(for: $0))
        }
        let fewest = decodings.map(\.invalidSequences).min() ?? 0
        if fewest >= scan.invalid { return utf8(bytes) }
        return decodings.filter { $0.invalidSequences == fewest }.max {
            CommonHan.share($0.text) < CommonHan.share($1.text)
        }!
    }

    /// The charset a page declares in its first bytes (`<meta charset>` or `http-equiv` Content-Type).
    public static func declaredInMarkup(_ bytes: [UInt8]) -> String? {
        // The word itself is ASCII: find it in the bytes, either case, before making a String of what follows.
        let limit = min(bytes.count, 4096)
        let word = Array("charset".utf8)
        guard let at = Self.firstCaseless(word, in: bytes, before: limit) else { return nil }
        // Only the bytes that can be part of the name are made a string: past the `=` and quotes,
        // ASCII letters, digits, `-`, `_` and any non-ASCII byte (a letter, perhaps).
        var end = at + word.count
        while end < limit, [0x20, 0x3D, 0x22, 0x27].contains(bytes[end]) { end += 1 }
        while end < limit, Self.mayName(bytes[end]) { end += 1 }
        let head = String(decoding: bytes[(at + word.count)..<end], as: UTF8.self).lowercased()
        var rest = head[...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
        rest = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return rest.isEmpty ? nil : String(rest)
    }

    /// Where a lower-case ASCII word first stands in `bytes[..<limit]`, in either case: tried only
    /// where `memchr` finds its first letter, small or capital (most pages and every text scrape
    /// are read here to the limit, and in Han text that letter is rare).
    static func firstCaseless(_ word: [UInt8], in bytes: [UInt8], before limit: Int) -> Int? {
        assert(word.first.map { $0 >= 0x61 && $0 <= 0x7A } ?? false, "a word opening with a lower-case letter")
        return bytes.withUnsafeBufferPointer { bytes -> Int? in
            let limit = min(limit, bytes.count)
            guard word.count <= limit else { return nil }
            let last = limit - word.count  // the last place the word can start
            // The next place at or after `i` where `b` stands (.max when none does).
            func next(_ b: UInt8, from i: Int) -> Int { bytes.firstIndex(of: b, in: i..<max(i, last + 1)) ?? .max }
            let (small, capital) = (word[0], word[0] & ~0x20)
            var (lower, upper) = (next(small, from: 0), next(capital, from: 0))
            while case let i = min(lower, upper), i != .max {
                var k = 1
                while k < word.count, bytes[i + k] | 0x20 == word[k] { k += 1 }
                if k == word.count { return i }
                if i == lower { lower = next(small, from: i + 1) } else { upper = next(capital, from: i + 1) }
            }
            return nil
        }
    }

    /// A byte that may be in a charset's name as `declaredInMarkup` reads it.
    static func mayName(_ b: UInt8) -> Bool {
        b >= 0x80 || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || (0x30...0x39).contains(b) || b == 0x2D || b == 0x5F
    }

    /// The charset in an HTTP `Content-Type` value.
    public static func fromContentType(_ value: String) -> String? {
        guard let range = value.lowercased().range(of: "charset=") else { return nil }
        let name = value[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return name.isEmpty ? nil : String(name).lowercased()
    }

    /// Maps the many labels of one charset family to the name we report: the WHATWG Encoding
    /// Standard's labels of UTF-8, UTF-16, GBK, gb18030 and Big5 (what browsers read pages by), and
    /// iconv's and Windows' names; ASCII is read as UTF-8, which holds it. `_` is read as `-` byte
    /// by byte (`gb_2312-80` is `gb-2312-80`): Foundation's search for it cost more than the rest
    /// of ingest.
    static func canonical(_ label: String) -> String? {
        var l = label.lowercased()
        if l.utf8.contains(UInt8(ascii: "_")) {
            l = String(decoding: l.utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: "-") : $0 }, as: UTF8.self)
        }
        switch l {
        case "": return nil
        case "utf-8", "utf8", "ascii", "us-ascii", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8",
            "x-unicode20utf8":
            return "utf-8"
        case "gb2312", "gbk", "x-gbk", "gb18030", "cp936", "euc-cn", "hz-gb-2312", "x-euc-cn", "windows-936",
            "chinese", "csgb2312", "csiso58gb231280", "gb-2312", "gb-2312-80", "iso-ir-58":
            return "gb18030"
        case "big5", "big-5", "big5-hkscs", "cp950", "x-x-big5", "windows-950", "cn-big5", "csbig5": return "big5"
        case "utf-16", "utf-16le", "unicode", "unicodefeff", "ucs-2", "iso-10646-ucs-2", "csunicode": return "utf-16le"
        case "utf-16be", "unicodefffe": return "utf-16be"
        default: return l
        }
    }

    /// Big5 is read as Big5-HKSCS, which holds Hong Kong's characters besides Taiwan's.
    static func iconvName(_ name: String) -> String {
        switch name {
        case "big5": return "BIG5-HKSCS"
        default: return name.uppercased()
        }
    }

    /// A converter for the double-byte characters `iconvName`'s converter rejects, where their
    /// first byte is one of `leads`.
    struct Fallback {
        let charset: String
        let leads: ClosedRange<UInt8>
    }

    /// Big5's symbol rows (first bytes A1–A3) as Windows' CP950 reads them: glibc's Big5-HKSCS
    /// lacks eight of their codes (╴ ￣ ˍ ／ ＼ € and a second 十 and 卅), and one of them alone left
    /// a Taiwan page with an invalid sequence, so that GB18030, which reads any Big5 bytes without
    /// one, won and the page came out as nonsense. CP950's other extra codes (rows C6 and C8) are
    /// private-use characters, no text, and reading them would hide GBK's 人, 全 and 然, which a GBK
    /// page read as Big5 holds there, from the count of invalid sequences.
    static func fallback(for name: String) -> Fallback? {
        name == "big5" ? Fallback(charset: "CP950", leads: 0xA1...0xA3) : nil
    }

    static func detect(_ bytes: [UInt8]) -> String? {
        guard let detector = uchardet_new() else { return nil }
        defer { uchardet_delete(detector) }
        let sample = bytes.prefix(256 * 1024)
        _ = sample.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                uchardet_handle_data(detector, $0, buf.count)
            }
        }
        uchardet_data_end(detector)
        guard let name = uchardet_get_charset(detector) else { return nil }
        let s = String(cString: name)
        return s.isEmpty ? nil : s
    }

    /// UTF-16 without a BOM shows as NUL in every other byte of ASCII-heavy text. Most pages hold
    /// no NUL at all: `memchr` says so before any byte is counted.
    static func bomlessUTF16(_ bytes: [UInt8]) -> String? {
        let sample = bytes.prefix(1024)
        guard sample.count >= 16, holdsNUL(bytes, before: sample.count) else { return nil }
        var evenNul = 0, oddNul = 0
        for (i, b) in sample.enumerated() where b == 0 {
            if i % 2 == 0 { evenNul += 1 } else { oddNul += 1 }
        }
        let half = sample.count / 2
        if oddNul > half * 6 / 10 && evenNul == 0 { return "utf-16le" }
        if evenNul > half * 6 / 10 && oddNul == 0 { return "utf-16be" }
        return nil
    }

    /// Whether one of the first `end` bytes is NUL.
    static func holdsNUL(_ bytes: [UInt8], before end: Int) -> Bool {
        bytes.withUnsafeBufferPointer { $0.firstIndex(of: 0, in: 0..<end) } != nil
    }

    static func utf8(_ bytes: [UInt8]) -> Decoded {
        Decoded(
            text: String(decoding: bytes, as: UTF8.self), encoding: "utf-8", invalidSequences: UTF8Scan(bytes).invalid)
    }

    static func uniqued(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// Decodes with iconv, replacing each undecodable byte with U+FFFD and counting it; a
    /// double-byte character `charset` rejects is read with `fallback` first, when there is one.
    static func iconvDecode(_ bytes: [UInt8], from charset: String, name: String, fallback: Fallback? = nil)
        -> Decoded
    {
        guard let cd = iconv_open("UTF-8", charset), cd != iconv_t(bitPattern: -1) else { return utf8(bytes) }
        defer { iconv_close(cd) }
        guard let fallback, let second = iconv_open("UTF-8", fallback.charset), second != iconv_t(bitPattern: -1)
        else { return convert(bytes, with: cd, then: nil, name: name) }
        defer { iconv_close(second) }
        return convert(bytes, with: cd, then: (second, fallback.leads), name: name)
    }

    /// `bytes` converted by `cd`; a double-byte character it rejects, by `second` where its first
    /// byte is one of `second`'s leads.
    private static func convert(
        _ bytes: [UInt8], with cd: iconv_t, then second: (cd: iconv_t, leads: ClosedRange<UInt8>)?, name: String
    ) -> Decoded {
        var output = [UInt8]()
        output.reserveCapacity(bytes.count * 3 / 2 + 16)
        var invalid = 0
        let unit = codeUnitBytes(name)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        /// One call of `iconv` into the buffer, its output appended; `errno` when it stopped short.
        func step(_ inPtr: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ inLeft: UnsafeMutablePointer<Int>?)
            -> Int
        {
            buffer.withUnsafeMutableBufferPointer { out in
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = out.count
                let r = iconv(cd, inPtr, inLeft, &outPtr, &outLeft)
                output.append(contentsOf: out[0..<(out.count - outLeft)])
                return r == -1 ? Int(errno) : 0
            }
        }
        bytes.withUnsafeBufferPointer { input in
            var inPtr = UnsafeMutablePointer(
                mutating: input.baseAddress.map {
                    UnsafeMutableRawPointer(mutating: $0).assumingMemoryBound(to: CChar.self)
                })
            var inLeft = input.count
            while inLeft > 0 {
                let result = step(&inPtr, &inLeft)
                if result == E2BIG { continue }
                if result != 0, let second, let lead = inPtr?.pointee, second.leads.contains(UInt8(bitPattern: lead)),
                    let read = convertPair(second.cd, inPtr, inLeft, into: &output)
                {
                    inPtr = inPtr.map { $0 + read }
                    inLeft -= read
                } else if result != 0 {
                    // EILSEQ or EINVAL (truncated at the end): replace one code unit and go on.
                    let skip = min(unit, inLeft)
                    output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    invalid += 1
                    inPtr = inPtr.map { $0 + skip }
                    inLeft -= skip
                }
            }
        }
        // A converter may hold back a character it has read: Big5-HKSCS writes some codes as two
        // characters, and when a buffer fills between them (ours, or glibc's own between its two
        // steps, every 16,320 characters) the second waits for the next call. After the last
        // input byte only this call, with no input, writes it out.
        _ = step(nil, nil)
        return Decoded(text: String(decoding: output, as: UTF8.self), encoding: name, invalidSequences: invalid)
    }

    /// The bytes of one code unit of a charset: an undecodable unit is skipped whole, since a lone
    /// surrogate in UTF-16 skipped by one byte would misalign, and garble, the rest of the page.
    static func codeUnitBytes(_ name: String) -> Int {
        let bare = name.filter { $0 != "-" && $0 != "_" }
        if ["utf16", "ucs2", "unicodelittle", "unicodebig"].contains(where: bare.hasPrefix) { return 2 }
        return ["utf32", "ucs4", "csucs4"].contains(where: bare.hasPrefix) ? 4 : 1
    }

    /// The one double-byte character at `input` converted by `cd` and appended to `output`; the
    /// bytes it took, or nil when `cd` rejects them too. Two bytes at most are offered: where both
    /// converters read a character, the first one's reading stands.
    static func convertPair(
        _ cd: iconv_t, _ input: UnsafeMutablePointer<CChar>?, _ count: Int, into output: inout [UInt8]
    ) -> Int? {
        var inPtr = input
        var inLeft = min(count, 2)
        // On the stack: a GBK page read as Big5 comes here at each symbol Big5-HKSCS rejects.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 16) { out -> Int? in
            var outPtr = out.baseAddress
            var outLeft = out.count
            _ = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            let read = min(count, 2) - inLeft
            guard read > 0 else { return nil }
            output.append(
                contentsOf: UnsafeRawBufferPointer(
                    rebasing: UnsafeMutableRawBufferPointer(out)[..<(out.count - outLeft)]))
            return read
        }
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
                if c < 0x80 {
                    i += 1
                    continue
                }
                let length: Int
                var min: UInt32 = 0
                var cp: UInt32
                switch c {
                case 0xC2...0xDF:
                    length = 2
                    cp = UInt32(c & 0x1F)
                    min = 0x80
                case 0xE0...0xEF:
                    length = 3
                    cp = UInt32(c & 0x0F)
                    min = 0x800
                case 0xF0...0xF4:
                    length = 4
                    cp = UInt32(c & 0x07)
                    min = 0x10000
                default:
                    invalid += 1
                    i += 1
                    continue
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

/// How much a decoded text reads like Chinese: the share of its Han characters that are among the
/// most frequent ones. The right charset gives most text a share above one half; the wrong CJK
/// charset gives rare characters (well under a tenth), and a Western one gives no Han at all.
enum CommonHan {
    /// The 600 or so most frequent characters of modern Chinese, in Simplified form; their
    /// Traditional forms are added through OpenCC.
    static let simplified =
        "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切图街镇区县省市村乡居社务服建设项目企业经济发展增长亿元万人口面积公里总值产业"

    static let set: Set<Unicode.Scalar> = {
        var all = Set(simplified.unicodeScalars)
        if let toTraditional = ScriptConverter(config: "s2t.json") {
            all.formUnion(toTraditional.simplified(simplified).unicodeScalars)
        }
        return all
    }()

    static func share(_ text: String) -> Double {
        var han = 0, common = 0
        for u in text.unicodeScalars.prefix(20_000) where u.isHan {
            han += 1
            if set.contains(u) { common += 1 }
        }
        return han == 0 ? 0 : Double(common) / Double(han)
    }
}
