import Foundation
import Testing

@testable import Tiqu

@Suite struct NumeralTests {
    func value(_ s: String) -> Double? {
        let text = Array(s.unicodeScalars)
        guard let n = NumeralParser.parse(text, at: 0), n.range.upperBound == text.count else { return nil }
        return n.value
    }

    @Test(
        arguments: [
            ("30.57", 30.57), ("1,690", 1690), ("153,930", 153930), ("-3.91", -3.91), ("七千", 7000), ("十一", 11),
            ("两万", 20000),
            ("一百二十三", 123), ("二〇二〇", 2020), ("零点五", 0.5), ("壹贰叁", 123), ("壹拾贰", 12), ("廿", 20), ("卅", 30), ("廿三", 23),
            ("8.8万", 88000), ("3千万", 30_000_000), ("1.2亿", 120_000_000), ("十五点八万", 158_000), ("1万2千", 12000),
            ("三万五", 35000), ("一百二", 120), ("一千零五", 1005), ("200亿零四千230", 20_000_004_230), ("10.1万", 101_000),
            ("一亿二千万", 120_000_000), ("九千九百九十九亿九千九百九十九万九千九百九十九", 999_999_999_999),
        ] as [(String, Double)])
    func parses(_ input: String, _ expected: Double) {
        #expect(value(input) == expected)
    }

    /// Chinese digits in a row are read one by one up to what a double holds exactly (15); a longer
    /// run is a code, and its numeral ends there. The run was read again for every digit (quadratic:
    /// 200,000 of them took 11 s).
    @Test func chineseDigitsInARowStopAtFifteen() throws {
        let fifteen = Array("一二三四五六七八九〇一二三四五".unicodeScalars)
        #expect(value(String(String.UnicodeScalarView(fifteen))) == 123_456_789_012_345)
        let long = fifteen + Array("六七八".unicodeScalars)
        let numeral = try #require(NumeralParser.parse(long, at: 0))
        #expect(numeral.range == 0..<15)
        #expect(numeral.value == 123_456_789_012_345)
    }

    /// An Arabic literal's value is what parsing its digits gives, short or long, with thousands
    /// separators, leading zeros and up to twelve decimals: 20,000 random literals.
    @Test func arabicLiteralsReadAsTheirDigitsParse() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let digits = (0..<Int.random(in: 1...20, using: &generator)).map { _ in
                String(Int.random(in: 0...9, using: &generator))
            }.joined()
            let decimals = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                String(Int.random(in: 0...9, using: &generator))
            }.joined()
            let plain = decimals.isEmpty ? digits : digits + "." + decimals
            let grouped = Bool.random(using: &generator) ? Self.grouped(digits) + plain.dropFirst(digits.count) : plain
            let expected = roundedToSignificant(Double(plain)!, digits: 15)
            #expect(value(grouped) == expected, "\(grouped)")
        }
    }

    /// The integer digits in groups of three (`1,234,567`).
    static func grouped(_ digits: String) -> String {
        var out = "", count = 0
        for c in digits.reversed() {
            if count > 0, count % 3 == 0 { out.append(",") }
            out.append(c)
            count += 1
        }
        return String(out.reversed())
    }

    @Test func multipliersDoNotStartANumber() {
        #expect(NumeralParser.parse(Array("万一".unicodeScalars), at: 0) == nil)
        #expect(NumeralParser.parse(Array("百分".unicodeScalars), at: 0) == nil)
    }

    /// an2cn: the Chinese reading of an integer, as a writer would put it.
    static func an2cn(_ n: Int64) -> String {
        let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        if n == 0 { return "零" }
        func section(_ v: Int64) -> String {
            var s = "", zero = false
            for (unit, name) in [(1000, "千"), (100, "百"), (10, "十"), (1, "")] as [(Int64, String)] {
                let d = Int((v / unit) % 10)
                if d == 0 {
                    zero = !s.isEmpty
                    continue
                }
                if zero {
                    s += "零"
                    zero = false
                }
                s += digits[d] + name
            }
            return s
        }
        var parts: [(Int64, String)] = []
        var v = n
        for name in ["", "万", "亿", "万亿"] {
            parts.append((v % 10000, name))
            v /= 10000
            if v == 0 { break }
        }
        var out = ""
        var pendingZero = false
        for (i, (value, name)) in parts.enumerated().reversed() {
            if value == 0 {
                pendingZero = !out.isEmpty
                continue
            }
            if pendingZero || (!out.isEmpty && value < 1000) { out += "零" }
            pendingZero = false
            out += section(value) + name
            _ = i
        }
        return out
    }

    /// Random integers up to 10^12 round-trip through their Chinese reading.
    @Test func randomIntegersRoundTripThroughChinese() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let magnitude = Int64.random(in: 0...12, using: &rng)
            let n = Int64.random(in: 0...Int64(pow(10.0, Double(magnitude))), using: &rng)
            let cn = Self.an2cn(n)
            guard cn.contains("万亿") == false else { continue }
            #expect(value(cn) == Double(n), "\(n) written \(cn)")
        }
    }

    /// An integer written in groups the way Hong Kong and Taiwan pages do (`87 億 7,735 萬 8,000`,
    /// `302億1,292萬9,000`, `513 427`), with or without spaces and separators.
    static func grouped(_ n: Int64, spaces: Bool, commas: Bool, rng: inout some RandomNumberGenerator) -> String {
        func thousands(_ v: Int64) -> String {
            let digits = String(v)
            guard commas || spaces, digits.count > 3 else { return digits }
            var out = "", count = 0
            for c in digits.reversed() {
                if count > 0, count % 3 == 0 { out.append(commas ? "," : " ") }
                out.append(c)
                count += 1
            }
            return String(out.reversed())
        }
        let (yi, wan, rest) = (n / 100_000_000, (n / 10_000) % 10_000, n % 10_000)
        let gap = spaces ? " " : ""
        var parts: [String] = []
        if yi > 0 { parts.append(thousands(yi) + gap + "億") }
        if wan > 0 { parts.append(thousands(wan) + gap + "萬") }
        if rest > 0 || parts.isEmpty { parts.append(thousands(rest)) }
        return parts.joined(separator: gap)
    }

    /// Random integers written in spaced or separated groups round-trip, through the parser and through
    /// the whole pipeline: one quantity of the whole value, never its last group alone.
    @Test func groupedIntegersRoundTrip() throws {
        var rng = SystemRandomNumberGenerator()
        let pipeline = Fixture.pipeline
        for k in 0..<600 {
            let n = Int64.random(in: 1...Int64(pow(10.0, Double(Int.random(in: 1...12, using: &rng)))), using: &rng)
            let written = Self.grouped(n, spaces: k % 2 == 0, commas: k % 3 != 0, rng: &rng)
            #expect(value(written) == Double(n), "\(n) written \(written)")
            let sentence = "全年出口總額為\(written) 美元。"
            let quantities = pipeline.facts(of: sentence).filter { $0.kind == .quantities }
            #expect(quantities.count == 1, "\(sentence): \(quantities.map(\.text))")
            let q = try #require(quantities.first?.value.quantity)
            #expect(q.value == Double(n) && q.unit == "USD", "\(sentence): \(q)")
        }
    }

    /// A space ends a number unless the number is written in groups: `3亿 2020年` is two.
    @Test func aSpaceEndsAnUngroupedNumber() {
        let text = Array("3亿 2020年".unicodeScalars)
        #expect(NumeralParser.parse(text, at: 0)?.range == 0..<2)
        #expect(value("約 20.21 億") == nil)  // the qualifier is not part of the numeral
        let spaced = Array("20.21 億美元".unicodeScalars)
        #expect(NumeralParser.parse(spaced, at: 0)?.value == 2_021_000_000)
    }

    /// Nothing crashes or hangs on random strings of numeral characters and punctuation.
    @Test func randomInputNeverCrashes() {
        let alphabet = Array("0123456789.,-~零〇一二两三四五六七八九十百千万亿点壹拾佰仟廿卅余多近约%人元年月日第个 ".unicodeScalars)
        var rng = SystemRandomNumberGenerator()
        let pipeline = Fixture.pipeline
        for _ in 0..<2000 {
            let s = String(
                String.UnicodeScalarView(
                    (0..<Int.random(in: 0...30, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }))
            let text = Array(s.unicodeScalars)
            for i in 0..<text.count { _ = NumeralParser.parse(text, at: i) }
            for f in pipeline.facts(of: s) {
                #expect(String(String.UnicodeScalarView(text[f.start..<f.end])) == f.text)
            }
        }
    }
}
