import Foundation

/// A number as written: its value and where it ends. Produced by `NumeralParser`.
public struct Numeral: Sendable, Equatable {
    public var value: Double
    public var range: Range<Int>
    /// The last multiplier applied (10_000 for 8.8万): a range's second number lends it to the first.
    public var scale: Double
    /// Written only with Arabic digits (a year, a phone number, a code), no multiplier.
    public var arabicOnly: Bool
    /// How many Arabic digits it has before any decimal point (2020 has 4).
    public var integerDigits: Int
    /// One Chinese digit alone (四, 两): the shape that names and idioms contain.
    public var loneChineseDigit: Bool
    /// 余, 多 or 几 stood before the multiplier (500余万, 二十几万): the value is a lower bound.
    public var moreThan: Bool = false
    /// Written as a fraction (三分之一): a share, reported as a percentage.
    public var fraction: Bool = false
}

/// Parses the numbers of Chinese text: Arabic (`1,690`, `30.57`, `-3.91`), Chinese (`七千`,
/// `一百二十三`, `二〇二〇`, `零点五`, `壹拾贰`, `廿`, colloquial `三万五`), and mixed (`8.8万`,
/// `1万2千`, `十五点八万`, `200亿零四千230`). The numeral system is the mechanism; what counts as
/// a quantity (units, qualifiers, exclusions) is in the rule files.
public enum NumeralParser {
    static let digits: [Unicode.Scalar: Double] = [
        "零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
        "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "参": 3, "肆": 4, "伍": 5, "陆": 6, "陸": 6, "柒": 7, "捌": 8, "玖": 9, "幺": 1,
        "俩": 2, "倆": 2,
    ]
    static let smallUnits: [Unicode.Scalar: Double] = ["十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000]
    static let bigUnits: [Unicode.Scalar: Double] = ["万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000]
    static let tens: [Unicode.Scalar: Double] = ["廿": 20, "卅": 30, "卌": 40]
    /// The keys of `smallUnits` and `bigUnits` as bitmaps, for tests asked of every number's end.
    static let smallUnitScalars = ScalarSet(Array(smallUnits.keys))
    static let bigUnitScalars = ScalarSet(Array(bigUnits.keys))
    /// The keys of `digits` as a bitmap, and the tables as pairs: the value of each Chinese digit
    /// and multiplier read is asked, and comparing some thirty scalars costs less than hashing one.
    static let digitScalars = ScalarSet(Array(digits.keys))
    static let digitPairs = Array(digits), smallUnitPairs = Array(smallUnits), bigUnitPairs = Array(bigUnits)

    /// The value of a Chinese digit (`digits`), or nil.
    static func digitValue(_ s: Unicode.Scalar) -> Double? { value(of: s, in: digitPairs) }

    /// The value `pairs` give `s`, or nil.
    static func value(of s: Unicode.Scalar, in pairs: [(key: Unicode.Scalar, value: Double)]) -> Double? {
        for pair in pairs where pair.key == s { return pair.value }
        return nil
    }

    static func isASCIIDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    /// Can a numeral start here? (Multipliers cannot: 万一 is not a number.)
    @inline(__always) public static func canStart(_ s: Unicode.Scalar) -> Bool {
        isASCIIDigit(s) || starters.contains(s)
    }

    @inline(__always) public static func isNumeralScalar(_ s: Unicode.Scalar) -> Bool {
        isASCIIDigit(s) || numerals.contains(s)
    }

    /// The two tests above run at every character of every text: bitmaps, not hashed lookups.
    static let starters = ScalarSet(starterScalars)
    /// The characters a numeral may start with, besides ASCII digits.
    static let starterScalars: [Unicode.Scalar] = Array(digits.keys) + ["十", "拾"] + Array(tens.keys)
    static let numerals = ScalarSet(
        Array(digits.keys) + Array(smallUnits.keys) + Array(bigUnits.keys) + Array(tens.keys) + ["点"])

    /// The numeral starting at `start`, or nil. `-` directly before a digit is a sign when the
    /// caller says so (not after another number, where it is a range).
    /// `multiplierStart`: the number may begin with 百 or 千 (过百万, 逾千人), as after a qualifier.
    /// `multipliers`: characters a page's region reads as multipliers besides 万 and 亿 (兆, 10^12 on
    /// Taiwan pages); elsewhere they end the number.
    public static func parse(
        _ text: [Unicode.Scalar], at start: Int, allowSign: Bool = true, limit: Int? = nil,
        multiplierStart: Bool = false, multipliers: [Unicode.Scalar: Double] = [:]
    ) -> Numeral? {
        text.withUnsafeBufferPointer { whole in
            // A limit cuts the text short where it is read, with no copy of the text up to it.
            let scalars = limit.map { UnsafeBufferPointer(rebasing: whole[..<min($0, whole.count)]) } ?? whole
            return parse(
                scalars, at: start, allowSign: allowSign, multiplierStart: multiplierStart, multipliers: multipliers)
        }
    }

    /// `parse` over the text's scalars in memory: a reading holds no array to retain and release
    /// (a page's every number is read, many twice).
    static func parse(
        _ text: UnsafeBufferPointer<Unicode.Scalar>, at start: Int, allowSign: Bool, multiplierStart: Bool,
        multipliers: [Unicode.Scalar: Double]
    ) -> Numeral? {
        if multiplierStart, start < text.count, smallUnits[text[start]] != nil || bigUnits[text[start]] != nil {
            var reading = NumeralReading(text: text, at: start)
            (reading.current, reading.tokens) = (1, 1)  // 千人 is 一千人, 万人 一万人
            while reading.i < text.count, reading.readToken(multipliers: [:]) {}
            return Numeral(
                value: reading.value, range: start..<reading.i, scale: reading.scale, arabicOnly: false,
                integerDigits: 0, loneChineseDigit: false, moreThan: reading.moreThan)
        }
        guard let (sign, first) = sign(text, at: start, allowSign: allowSign) else { return nil }
        var reading = NumeralReading(text: text, at: first)
        while reading.i < text.count, reading.readToken(multipliers: multipliers) {}
        guard reading.tokens > 0 else { return nil }
        var value = reading.value
        var end = reading.i
        // 三分之一, 四千二分之三: a fraction, the first number under the second.
        var fraction = false
        if end + 2 < text.count, text[end] == "分", text[end + 1] == "之", value != 0,
            let over = parse(text, at: end + 2, allowSign: false, multiplierStart: false, multipliers: [:])
        {
            value = over.value / value
            end = over.range.upperBound
            fraction = true
        }
        // 2.28 × 10000 is 22800, not 22799.999…: fifteen significant digits hold every written number.
        value = roundedToSignificant(value * sign, digits: 15)
        let loneChinese = reading.chineseCount == 1 && reading.tokens == 1 && digitScalars.contains(text[start])
        return Numeral(
            value: value, range: start..<end, scale: reading.scale, arabicOnly: reading.arabicOnly,
            integerDigits: reading.integerDigits, loneChineseDigit: loneChinese, moreThan: reading.moreThan,
            fraction: fraction)
    }

    /// The sign before a numeral (`-3.91`, `+2`, `负一十一`) and where its digits start; nil when
    /// no numeral starts there.
    static func sign(_ text: UnsafeBufferPointer<Unicode.Scalar>, at start: Int, allowSign: Bool) -> (Double, Int)? {
        var i = start
        var sign = 1.0
        if allowSign, i + 1 < text.count, text[i] == "-" || text[i] == "+" || text[i] == "−", isASCIIDigit(text[i + 1])
        {
            if text[i] != "+" { sign = -1 }
            i += 1
        } else if i + 1 < text.count, text[i] == "负", canStart(text[i + 1]) {
            sign = -1  // 负一十一, 负1.1
            i += 1
        } else if allowSign, i + 2 < text.count, text[i] == "零", text[i + 1] == "下", canStart(text[i + 2]) {
            sign = -1  // 零下5℃: below zero
            i += 2
        }
        guard i < text.count, canStart(text[i]) else { return nil }
        return (sign, i)
    }
}

/// One numeral being read, token by token: the sections and multipliers so far (`bigTotal` holds
/// what 万 and 亿 closed, `section` what 十百千 built since), and what the text said about its shape.
struct NumeralReading {
    typealias Parser = NumeralParser
    let text: UnsafeBufferPointer<Unicode.Scalar>
    /// Where the next token starts.
    var i: Int
    var bigTotal = 0.0, section = 0.0
    /// The digit or Arabic literal not yet multiplied.
    var current: Double?
    var lastBig = 0.0
    /// The unit just applied, for colloquial 三万五 = 35000.
    var lastUnit = 0.0
    var unitThenDigit = false
    /// 二〇二〇: how many digits in a row were read one by one (0 when none were).
    var directDigits = 0
    var scale = 1.0
    var arabicOnly = true, integerDigits = 0, chineseCount = 0, tokens = 0
    var previousWasDigitChar = false
    var moreThan = false
    /// A space stood inside the number (`87 億 7,735 萬`): later groups may be spaced too.
    var spaced = false

    /// A reading holds nothing counted (the region's multipliers are passed to each token): made
    /// for every number, it is neither retained nor released.
    init(text: UnsafeBufferPointer<Unicode.Scalar>, at start: Int) {
        self.text = text
        i = start
    }

    /// Words that, between a number and its multiplier, make it a lower bound (500余万, 二十几万).
    static let moreThanWords: ScalarSet = ["余", "餘", "多", "几", "幾"]
    /// Digits a double holds exactly (10^15 < 2^53), and the exact powers of ten up to them.
    static let exactDigits = 15
    static let powersOfTen: [Double] = (0..<exactDigits).reduce(into: [1]) { powers, _ in
        powers.append(powers.last! * 10)
    }
    static let zeros: ScalarSet = ["〇", "零", "○"]

    /// The value read so far.
    var value: Double {
        if let c = current, unitThenDigit, lastUnit >= 10, directDigits == 0 {
            // Colloquial: 三万五 = 35000, 一百二 = 120, 两千三 = 2300.
            return bigTotal + section + c * lastUnit / 10
        }
        return bigTotal + section + (current ?? 0)
    }

    /// Reads the token at `i`, with the region's own multipliers (`NumeralParser.parse`); false when
    /// the numeral ends before it.
    mutating func readToken(multipliers: [Unicode.Scalar: Double]) -> Bool {
        let s = text[i]
        if tokens > 0, !moreThan, Self.moreThanWords.contains(s), i + 1 < text.count,
            Parser.bigUnitScalars.contains(text[i + 1]) || Parser.smallUnitScalars.contains(text[i + 1])
        {
            moreThan = true  // 500余万, 二十几万, 壹千多萬: the multiplier still applies
            unitThenDigit = false
            i += 1
            return true
        }
        if s == " " { return readSpace() }
        if Parser.isASCIIDigit(s) { return readArabic() }
        if !multipliers.isEmpty, let u = multipliers[s] { return readBigUnit(u) }
        // The scalar that ends a number is in no table: one bit test, before its tables are searched.
        if !Parser.isNumeralScalar(s) { return readPoint() }
        // A multiplier is told by its bitmap, then its value found among its table's few pairs.
        if Parser.smallUnitScalars.contains(s), let u = Parser.value(of: s, in: Parser.smallUnitPairs) {
            return readSmallUnit(u)
        }
        if Parser.bigUnitScalars.contains(s), let u = Parser.value(of: s, in: Parser.bigUnitPairs) {
            return readBigUnit(u)
        }
        if let d = Parser.digitValue(s) { return readDigit(s, d) }
        if let t = Parser.tens[s] {
            section += t
            lastUnit = 10
            tookChineseMultiplier()
            return true
        }
        return readPoint()
    }

    /// 点 before a digit: the decimals of a number in Chinese numerals (三点五).
    mutating func readPoint() -> Bool {
        guard text[i] == "点", tokens > 0, i + 1 < text.count,
            Parser.digitScalars.contains(text[i + 1]) || Parser.isASCIIDigit(text[i + 1])
        else { return false }
        readDecimals()
        return true
    }

    /// A space inside a number written in groups (`87 億 7,735 萬 8,000`, `約 20.21 億`): before a
    /// multiplier, and after one once the number has shown it is written that way. Elsewhere a space
    /// ends the number (`3亿 2020年` is two).
    mutating func readSpace() -> Bool {
        guard tokens > 0, i + 1 < text.count else { return false }
        let next = text[i + 1]
        let beforeMultiplier = current != nil && Parser.bigUnitScalars.contains(next)
        let afterMultiplier = spaced && current == nil && lastUnit >= 10_000 && Parser.isASCIIDigit(next)
        guard beforeMultiplier || afterMultiplier else { return false }
        spaced = true
        i += 1
        return true
    }

    /// An Arabic literal: digits, thousands separated by commas or single spaces in groups of three
    /// (`1,690`, `513 427`), one decimal point.
    mutating func readArabic() -> Bool {
        guard current == nil else { return false }
        var j = i, digitsBeforePoint = 0, seenPoint = false
        var (mantissa, digits, decimals): (UInt64, Int, Int) = (0, 0, 0)
        while j < text.count {
            let c = text[j]
            if Parser.isASCIIDigit(c) {
                if digits < Self.exactDigits { mantissa = mantissa * 10 + UInt64(c.value - 0x30) }
                digits += 1
                if seenPoint { decimals += 1 } else { digitsBeforePoint += 1 }
            } else if c == ",", !seenPoint, digitsBeforePoint > 0, isThousandsGroup(after: j) {
            } else if c == " ", !seenPoint, isSpacedGroup(after: j) {
            } else if c == ".", !seenPoint, j + 1 < text.count, Parser.isASCIIDigit(text[j + 1]) {
                seenPoint = true
            } else {
                break
            }
            j += 1
        }
        // Up to 15 digits the mantissa and the power of ten are exact doubles, and one division
        // rounds as parsing the literal does; longer literals are parsed.
        let exact = digits <= Self.exactDigits ? Double(mantissa) / Self.powersOfTen[decimals] : nil
        guard let v = exact ?? Double(String(String.UnicodeScalarView(text[i..<j].filter { $0 != "," && $0 != " " })))
        else { return false }
        if tokens == 0 { integerDigits = digitsBeforePoint }
        current = v
        tokens += 1
        previousWasDigitChar = false
        unitThenDigit = false
        i = j
        return true
    }

    /// Whether the space at `j` separates thousands: the digits before it came in groups of three
    /// after a first group of one to three (`29 150`, `1 234 567`), and exactly three digits follow.
    func isSpacedGroup(after j: Int) -> Bool {
        var k = j - 1, run = 0
        while k >= i, text[k] != " " {
            guard Parser.isASCIIDigit(text[k]) else { return false }
            run += 1
            k -= 1
        }
        let firstGroup = k < i
        guard firstGroup ? (1...3).contains(run) : run == 3 else { return false }
        return isThousandsGroup(after: j)
    }

    /// Whether the comma at `j` separates thousands: exactly three digits follow it.
    func isThousandsGroup(after j: Int) -> Bool {
        j + 3 < text.count && (1...3).allSatisfy { Parser.isASCIIDigit(text[j + $0]) }
            && (j + 4 >= text.count || !Parser.isASCIIDigit(text[j + 4]))
    }

    /// A Chinese digit: a new digit, the next of a run read one by one, or 零 marking a gap.
    mutating func readDigit(_ s: Unicode.Scalar, _ d: Double) -> Bool {
        // An Arabic number followed by a Chinese digit (7、8、9三个月) is two numbers.
        if current != nil, !previousWasDigitChar, lastUnit == 0 { return false }
        chineseCount += 1
        arabicOnly = false
        if previousWasDigitChar, let c = current {
            // Digits in a row (二〇二〇, 一九九七): read one by one. Two digits without a zero
            // are an estimate (一两年, 三四个), not a number: stop before the second.
            if directDigits == 0, !Self.zeros.contains(s), !Self.zeros.contains(text[i - 1]),
                !(i + 1 < text.count && Parser.digitScalars.contains(text[i + 1]))
            {
                return false
            }
            // Past what a double holds exactly the run is a code, not a number: it ends here.
            guard directDigits < Self.exactDigits else { return false }
            directDigits = max(directDigits, 1) + 1
            current = c * 10 + d
        } else if s == "零" || s == "〇", lastUnit > 0 {
            // 一千零五: 零 only marks a gap.
            unitThenDigit = false
            previousWasDigitChar = false
            lastUnit = 0
            i += 1
            return true
        } else {
            unitThenDigit = lastUnit > 0
            current = d
            previousWasDigitChar = true
        }
        tokens += 1
        i += 1
        return true
    }

    /// 十, 百, 千: multiplies the digit before it into the section.
    mutating func readSmallUnit(_ u: Double) -> Bool {
        guard directDigits == 0 else { return false }
        section += (current ?? 1) * u
        current = nil
        lastUnit = u
        scale = u
        unitThenDigit = false
        tookChineseMultiplier()
        return true
    }

    /// 万, 亿: closes the section; 万亿 and 四万万 multiply a multiplier.
    mutating func readBigUnit(_ u: Double) -> Bool {
        guard tokens > 0 else { return false }  // 二七七亿 reads its digits one by one, then multiplies
        let compounding = section == 0 && current == nil && lastBig > 0
        section += current ?? 0
        current = nil
        if compounding {
            bigTotal *= u
        } else {
            if section == 0 { section = 1 }
            bigTotal = lastBig > 0 && u > lastBig ? (bigTotal + section) * u : bigTotal + section * u
        }
        section = 0
        lastBig = u
        lastUnit = u
        scale = u
        unitThenDigit = false
        tookChineseMultiplier()
        return true
    }

    /// 零点五, 十五点八, 一百点123: decimals read digit by digit.
    mutating func readDecimals() {
        var j = i + 1, fraction = "0."
        while j < text.count {
            if let d = Parser.digitValue(text[j]) {
                fraction += String(Int(d))
            } else if Parser.isASCIIDigit(text[j]) {
                fraction.unicodeScalars.append(text[j])
            } else {
                break
            }
            j += 1
        }
        // 两千三点一 = 2300.1: a colloquial digit after a unit keeps its scale.
        let whole = (current ?? 0) * (unitThenDigit && lastUnit >= 10 ? lastUnit / 10 : 1)
        if current == nil, section > 0 { section += Double(fraction)! } else { current = whole + Double(fraction)! }
        arabicOnly = false
        unitThenDigit = false
        previousWasDigitChar = false
        i = j
    }

    /// Bookkeeping shared by every Chinese multiplier token (十, 百, 万, 廿 …).
    mutating func tookChineseMultiplier() {
        chineseCount += 1
        arabicOnly = false
        previousWasDigitChar = false
        tokens += 1
        i += 1
    }
}

/// `value` written with `digits` significant digits (C's `%.*g`, at most 15) and read back: how a
/// product like 8.8 × 10000 sheds its binary noise. A whole number that already fits is returned as
/// it is, a longer one rounded as an integer (`roundedWhole`); a value whose product with a power
/// of ten up to 10⁸ is a whole number N that fits is N / 10ᵏ, the double nearest that decimal, as
/// the round trip gives (the value lies within half an ulp of it, far inside the last digit's
/// half-unit); the rest by scaling where that is exact, else through the C library.
func roundedToSignificant(_ value: Double, digits: Int) -> Double {
    guard (0...15).contains(digits) else { return roundedThroughText(value, digits: digits) }
    let limit = powersOfTen[digits]
    if value == value.rounded() { return abs(value) < limit ? value : roundedWhole(value, digits: digits) }
    for k in 1...8 {
        let scaled = value * powersOfTen[k]
        guard abs(scaled) < limit else { break }
        if scaled == scaled.rounded() { return scaled / powersOfTen[k] }
    }
    return roundedByScaling(value, digits: digits) ?? roundedThroughText(value, digits: digits)
}

/// A whole number with more than `digits` digits (an 18-digit code): below 10¹⁹ it is exact in a
/// UInt64, where the digits past `digits` round it half to even, as `%.*g` rounds the exact value,
/// and the result converts to the nearest double, as `strtod` reads it; larger ones, through text.
func roundedWhole(_ value: Double, digits: Int) -> Double {
    let magnitude = value.magnitude
    guard (1...15).contains(digits), magnitude < 1e19 else { return roundedThroughText(value, digits: digits) }
    let (whole, limit) = (UInt64(magnitude), UInt64(powersOfTen[digits]))
    var power: UInt64 = 1
    while whole / power >= limit { power *= 10 }
    let (kept, rest) = whole.quotientAndRemainder(dividingBy: power)
    let up = rest > power / 2 || (rest == power / 2 && kept % 2 == 1)
    let rounded = Double((kept + (up ? 1 : 0)) * power)
    return value < 0 ? -rounded : rounded
}

/// The round trip without the text (it took a hundred times as long), where it provably agrees:
/// the value times 10ˢ that puts its last kept digit in the units place lies below 10¹⁵ < 2⁵⁰, so
/// within 1/16 of the exact product; not within 1/16 of a half, it rounds to the whole N the exact
/// product rounds to, N × 10⁻ˢ is the decimal `%.*g` writes, and N / 10ˢ, one division of two exact
/// doubles, is the double nearest it, as `strtod` reads it. Nil near a half, near a power of ten
/// (where the leading digit's place is in doubt) and beyond 10²².
func roundedByScaling(_ value: Double, digits: Int) -> Double? {
    let magnitude = abs(value)
    guard magnitude.isNormal, (1...15).contains(digits) else { return nil }
    let shift = digits - 1 - Int(log10(magnitude).rounded(.down))
    guard (0...22).contains(shift) else { return nil }
    let scaled = magnitude * powersOfTen[shift]
    guard scaled > powersOfTen[digits - 1] + 1, scaled < powersOfTen[digits] - 1 else { return nil }
    let below = scaled.rounded(.down)
    guard abs(scaled - below - 0.5) > 1.0 / 16 else { return nil }
    let whole = scaled - below < 0.5 ? below : below + 1
    return (value < 0 ? -whole : whole) / powersOfTen[shift]
}

/// The round trip itself: `%.*g`, then `strtod`.
func roundedThroughText(_ value: Double, digits: Int) -> Double {
    var buffer = [CChar](repeating: 0, count: 64)
    _ = withVaList([Int32(digits), value]) { vsnprintf(&buffer, buffer.count, "%.*g", $0) }
    return strtod(buffer, nil)
}

/// 10⁰ … 10²², each exact in a double.
private let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }
