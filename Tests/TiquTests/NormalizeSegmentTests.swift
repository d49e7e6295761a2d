import Foundation
import Testing

@testable import Tiqu

@Suite struct NormalizeSegmentTests {
    @Test func foldingMapsBackToTheOriginal() {
        let text = "常住人口８.８萬人，增長７．３％　（２０２０年）🦕戶籍"
        let map = TextMap(text)
        #expect(map.foldedText(0..<map.folded.count) == "常住人口8.8万人,增长7.3% (2020年)🦕户籍")
        let folded = Array(map.folded)
        let start = folded.firstIndex(of: "8")!
        #expect(map.originalText(start..<(start + 5)) == "８.８萬人")
    }

    /// For random text mixing scripts, full-width forms, emoji and line breaks, every span maps back
    /// to a slice of the original whose folding is the folded slice.
    /// The lines a cleaner judges fold character by character: the same as t2s wherever t2s converts
    /// character by character, and always one scalar for one, so a byline's fields slice the line.
    @Test func linesFoldCharacterByCharacter() throws {
        let lines = try String(
            contentsOf: Fixture.seeds.appendingPathComponent("003_87e76716f90a3b64.txt"), encoding: .utf8
        )
        .split(separator: "\n").map(String.init)
        var same = 0
        for line in lines {
            let folded = Fold.lineMatching(line)
            #expect(folded.unicodeScalars.count == line.unicodeScalars.count)
            if folded == Fold.matching(line) { same += 1 }
        }
        #expect(same == lines.count, "the seed's lines have no phrase t2s converts otherwise")
        #expect(Fold.lineMatching("記者　黃秋儒／新北報導（２０２０）") == "记者 黄秋儒/新北报导(2020)")
        #expect(Fold.lineMatching("沈默") == "沈默" && Fold.matching("沈默") == "沉默", "phrases are left to t2s")
    }

    /// The line fold's bitmap holds exactly the BMP scalars the fold changes; and neither fold
    /// lengthens a scalar's UTF-8 but from three bytes to four, which the folds' buffers are sized by.
    @Test func lineFoldsAreWhatTheLineFoldChanges() {
        let converter = ScriptConverter.shared
        func fits(_ u: Unicode.Scalar, _ folded: Unicode.Scalar) -> Bool {
            let (from, to) = (UTF8.width(u), UTF8.width(folded))
            return to <= from || (from == 3 && to == 4)
        }
        for u in (0...0xFFFF).compactMap(Unicode.Scalar.init) {
            let changes = Fold.lineFolded(u, converter) != u
            #expect(Fold.lineFolds.contains(u) == changes, "U+\(String(u.value, radix: 16))")
            #expect(
                fits(u, Fold.lineFolded(u, converter)) && fits(u, Fold.widthFolded(u)),
                "U+\(String(u.value, radix: 16))")
        }
    }

    /// t2s converts a text's Han runs apart (only those holding a character it may change): the
    /// result is OpenCC's conversion of the whole text, phrases included, on a Traditional scrape
    /// and on phrases beside punctuation, Latin, emoji, combining marks and line ends.
    @Test func runsConvertAsTheWholeText() throws {
        let converter = try #require(ScriptConverter.shared)
        let seed = try String(
            contentsOf: Fixture.seeds.appendingPathComponent("003_87e76716f90a3b64.txt"), encoding: .utf8)
        let mixed = [
            "一目瞭然，沈默是金。他們說：「覆蓋率達９０％」", "沈默\n瞭解abc藉口🦕乾隆年間", "於潛縣、乾縣與牴觸",
            "e\u{301}沈默a\u{301}", "簡體中文沒有變化的句子", "臺灣的「後台」與後臺",
        ]
        // Spans to convert close together (one call) and far apart (copied between), across the
        // joining distance, with Han or Latin text between them.
        var apart: [String] = []
        for gap in [198, 199, 200, 201, 202, 450] {
            let han = String(repeating: "中", count: gap), latin = String(repeating: "a", count: gap)
            let twoRuns = String(repeating: "的", count: gap) + "，" + String(repeating: "人", count: gap)
            apart += ["沈默" + han + "瞭解後臺", "乾隆" + latin + "一目瞭然", "於潛縣" + twoRuns + "覆蓋"]
        }
        for text in [seed] + mixed + apart {
            let whole = try #require(ScriptConverter.convert(converter.handle, text))
            #expect(converter.simplified(text) == whole, "\(text.prefix(20))")
        }
        #expect(converter.simplified("一目瞭然，沈默") == "一目了然，沉默")
    }

    /// Runs where no phrase of OpenCC's dictionaries starts are converted character by character,
    /// the others by OpenCC: the result is OpenCC's conversion of the whole text on every text
    /// scrape at hand and on random texts built around the phrases themselves (whole, cut short,
    /// overlapping, beside characters that change alone, outside the BMP, or are not Han, and
    /// apart by about the distance over which runs for OpenCC are joined).
    @Test func phraseFreeRunsConvertAsOpenCC() throws {
        let converter = try #require(ScriptConverter.shared)
        let listed = try #require(ScriptConverter.keys("t2s.json"), "OpenCC lists t2s's keys")
        let keys = listed.filter { $0.count > 1 }.map { String(String.UnicodeScalarView($0)) }
        #expect(keys.count > 200 && keys.contains("一目瞭然") && keys.contains("乾隆"))
        var texts: [String] = []
        for folder in ["seeds", "corpus/text"] {
            let url = Fixture.shared.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path) {
                texts.append(try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8))
            }
        }
        #expect(texts.count >= 40)
        let others = ["國", "後", "於", "著", "發", "乾", "麵", "中", "的", "，", "a", "𠀀", "\u{301}", "\n", "臺灣"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let key = keys.randomElement(using: &generator)!
                switch Int.random(in: 0..<5, using: &generator) {
                case 0: text += key
                case 1: text += String(key.dropLast())
                case 2: text += String(key.dropFirst())
                case 3: text += String(repeating: "國，", count: Int.random(in: 95...105, using: &generator))
                default: text += others.randomElement(using: &generator)!
                }
            }
            texts.append(text)
        }
        for text in texts {
            let whole = try #require(ScriptConverter.convert(converter.handle, text))
            #expect(converter.simplified(text) == whole, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// Without the list of dictionary keys (OpenCC cannot give it), the cleaners' one-character
    /// forms come from probing every BMP Han character, and agree with those probed from the keys.
    @Test func oneCharacterFormsDoNotNeedTheKeyList() throws {
        let converter = try #require(ScriptConverter.shared)
        let probed = try #require(
            Triggers(
                keys: ScriptConverter.bmpHan.map { [$0] }, probing: { ScriptConverter.convert(converter.handle, $0) }))
        var changed = 0
        for u in ScriptConverter.bmpHan {
            #expect(probed.single(u) == converter.single(u), "\(u)")
            if probed.single(u) != nil { changed += 1 }
        }
        #expect(changed > 2_000 && converter.single("國") == "国")
    }

    /// Characters counted from scalars agree with grapheme breaking, on real lines and on the
    /// scalars that join their neighbours (CR LF, combining marks, ZWJ, tone marks, emoji).
    /// The primitives the cleaners and extractors run on every character agree with the slow
    /// forms they replace: strings of scalars, UTF-16 counts, literal search, significant digits.
    @Test func scalarPrimitivesAgreeWithTheStandardLibrary() {
        // Every scalar's UTF-8, written by hand (one, two, three and four bytes).
        let every = (0..<0x11_0000).compactMap(Unicode.Scalar.init)
        #expect(String(scalars: every).unicodeScalars.elementsEqual(every))
        let texts = ["", "a", "常住人口8.8万人", "🦕戶籍\r\n", "e\u{301}𠀀x", String(repeating: "鎮海區 ", count: 200)]
        for text in texts {
            let scalars = Array(text.unicodeScalars)
            #expect(String(scalars: scalars) == text)
            #expect(String(scalars: scalars.dropFirst()) == String(String.UnicodeScalarView(scalars.dropFirst())))
            #expect(Array(scalarsOf: text) == scalars)
            for k in 0...scalars.count {
                let tail = Array(String(scalars: scalars.suffix(k)).utf8)
                #expect(text.endsWithBytes(tail) && !text.endsWithBytes(Array("国".utf8) + tail))
            }
            // A slice of a string's own scalars is copied as its bytes: the same string.
            let view = text.unicodeScalars
            for start in view.indices {
                let slice = view[start...]
                #expect(String(scalars: slice) == String(String.UnicodeScalarView(Array(slice))))
                #expect(String(scalars: slice.dropLast()).unicodeScalars.elementsEqual(slice.dropLast()))
            }
            #expect(Pattern.utf16Count(text) == text.utf16.count, "\(text)")
            var copy = text
            let decoded = copy.withUTF8 { bytes in
                var scalars: [Unicode.Scalar] = []
                var i = 0
                while i < bytes.count {
                    let (u, width) = bytes.scalar(at: i)
                    scalars.append(u)
                    i += width
                }
                return scalars
            }
            #expect(decoded == scalars)
            #expect(Fold.width(text + "８．８％　") == text + "8.8% ")
        }
        #expect("人口8.8万人".containsLiteral("8.8万"))
        #expect("display:none".containsLiteral("display:none"))
        #expect("xdisplay:nonx".containsLiteral("none") == false)
        #expect("抄送：版权所有".containsLiteral("版权所有"))
        #expect("ab".containsLiteral("abc") == false)
        #expect("ab".containsLiteral("") == false)
        #expect("aab".containsLiteral("ab"))
        #expect(roundedToSignificant(8.8 * 10000, digits: 12) == 88000)
        #expect(roundedToSignificant(0.1 + 0.2, digits: 15) == 0.3)
        #expect(roundedToSignificant(2.28 * 10000, digits: 15) == 22800)
        #expect(roundedToSignificant(-1.0 / 3, digits: 12) == -0.333333333333)
        #expect(roundedToSignificant(1e20 + 1, digits: 15) == 1e20)
        #expect(roundedToSignificant(.infinity, digits: 12) == .infinity)
        #expect(roundedToSignificant(.nan, digits: 12).isNaN)
        // The shortcut for decimals of few places gives what the round trip through text gives:
        // on numbers as pages write them, times the multipliers they use, and on random doubles.
        var generator = SystemRandomNumberGenerator()
        let multipliers: [Double] = [1, -1, 0.01, 0.1, 10, 100, 1000, 10000, 1e8, 1e12, 1.0 / 3, 3.6, 0.0001]
        for _ in 0..<200_000 {
            let places = Int.random(in: 0...9, using: &generator)
            let written = Double(Int.random(in: 0...99_999_999, using: &generator)) / pow(10, Double(places))
            let value =
                Bool.random(using: &generator)
                ? written * multipliers.randomElement(using: &generator)!
                : Double(
                    bitPattern: UInt64.random(in: 0x3C00_0000_0000_0000...0x4330_0000_0000_0000, using: &generator))
            for digits in [12, 15] {
                let rounded = roundedToSignificant(value, digits: digits)
                #expect(rounded == roundedThroughText(value, digits: digits), "\(value) to \(digits) digits")
            }
        }
        // Whole numbers longer than the digits kept (ID numbers, sums in yuan) are rounded as integers:
        // as the round trip rounds them, exact ties (…5000) and their neighbours included, up to 10¹⁹.
        for _ in 0..<100_000 {
            let digits = Int.random(in: 1...15, using: &generator)
            let whole = UInt64.random(in: 10...9_999_999_999_999_999_999, using: &generator)
            let length = String(whole).count
            // The half-way point between two roundings of `whole`, or a unit beside it.
            let power = UInt64(pow(10, Double(max(0, length - digits))))
            let tie = (whole / power) * power + power / 2 + UInt64.random(in: 0...2, using: &generator) - 1
            for candidate in [whole, tie] {
                let value = Double(candidate) * (Bool.random(using: &generator) ? 1 : -1)
                #expect(
                    roundedToSignificant(value, digits: digits) == roundedThroughText(value, digits: digits),
                    "\(value) to \(digits) digits")
            }
        }
        // Tests on scalars answer as the Characters they replaced, canonical equivalents included.
        #expect(PageDates.monthIssue("——《统计月报》2003\u{F98E}5月号") == "2003-05")
        #expect(LineClassifier.isCaptionShaped("图为活动现场") && !LineClassifier.isCaptionShaped("图为活动现场\u{037E}"))
    }

    /// HTML white space: leading runs go, inner runs become one space, a trailing run one space;
    /// a wrapped line break between two CJK characters goes; zero-width spaces go; the ideographic
    /// space stays; text with nothing to collapse comes back as it is, with its visible count.
    @Test func htmlWhiteSpaceCollapses() {
        #expect(HTMLCleaner.collapsed("  a \n\t b ") == ("a b ", 2))
        #expect(HTMLCleaner.collapsed("常住\n  人口") == ("常住人口", 4))
        #expect(HTMLCleaner.collapsed("常住 人口") == ("常住 人口", 4))
        #expect(HTMLCleaner.collapsed("8.8万\nGDP") == ("8.8万 GDP", 7))
        #expect(HTMLCleaner.collapsed("东\u{200B}柳\u{FEFF}") == ("东柳", 4))
        #expect(HTMLCleaner.collapsed("东　柳") == ("东　柳", 2))
        #expect(HTMLCleaner.collapsed("\u{A0}\u{3000}") == ("\u{3000}", 0))
    }

    /// A lexicon finds terms wherever they start, beyond the BMP too, whichever first scalars it
    /// skips at its root.
    @Test func lexiconFindsTermsPastScalarsNoTermStartsWith() {
        let lexicon = Lexicon([("常住人口", 1), ("人口", 2), ("𠀀号", 3), ("口", 4)])
        let text = Array("户籍𠀀号常住人口x".unicodeScalars)
        #expect(lexicon.all(in: text).map(\.payload) == [3, 1, 2, 4])
        #expect(lexicon.longest(in: text, at: 2)?.payload == 3)
        #expect(lexicon.longest(in: text, at: 0) == nil)
        #expect(lexicon.longestReversed(in: text, endingAt: 8)?.payload == 4)
        let reversed = Lexicon([(String("常住人口".reversed()), 1)])
        #expect(reversed.longestReversed(in: text, endingAt: 8)?.start == 4)
        #expect(reversed.longestReversed(in: text, endingAt: 0) == nil)
    }

    /// Both scans (over an array, in a range or whole, and over any sequence of scalars) find every
    /// occurrence of every term, as a plain search finds them: on random texts of overlapping
    /// terms, their pieces, astral scalars and fillers.
    @Test func lexiconScansFindWhatAPlainSearchFinds() {
        let terms = ["常住人口", "人口", "口", "住人", "𠀀号", "号", "人口普查", "查"].map { Array($0.unicodeScalars) }
        let lexicon = Lexicon(terms.enumerated().map { (String(String.UnicodeScalarView($0.element)), $0.offset) })
        let pieces = terms.flatMap { $0 } + Array("的x 𠀀，".unicodeScalars)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...30, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }
            let lower = Int.random(in: 0...text.count, using: &generator)
            let range = lower..<Int.random(in: lower...text.count, using: &generator)
            // Every occurrence inside the range, by end, the longest first at each end.
            let plain = range.flatMap { end in
                terms.enumerated().compactMap { i, term -> (Range<Int>, Int)? in
                    let start = end + 1 - term.count
                    guard start >= range.lowerBound, Array(text[start...end]) == term else { return nil }
                    return (start..<(end + 1), i)
                }.sorted { $0.0.count > $1.0.count }
            }
            let found = lexicon.all(in: text, range: range)
            #expect(found.map(\.range) == plain.map(\.0) && found.map(\.payload) == plain.map(\.1), "\(text)")
            var payloads: [Int] = []
            lexicon.forEachPayload(in: text[range]) { payloads.append($0) }
            #expect(payloads == plain.map(\.1))
            // The same read off a String's UTF-8.
            var fromBytes: [Int] = []
            lexicon.forEachPayload(in: String(scalars: text[range])) { fromBytes.append($0) }
            #expect(fromBytes == plain.map(\.1))
            // Left to right, the longest term at each place, going on after it.
            var (greedy, at): ([(Range<Int>, Int)], Int) = ([], 0)
            while at < text.count {
                guard let hit = lexicon.longest(in: text, at: at) else {
                    at += 1
                    continue
                }
                greedy.append((at..<hit.end, hit.payload))
                at = hit.end
            }
            let each = Lexicon.longestEach(of: lexicon.all(in: text))
            #expect(each.map(\.range) == greedy.map(\.0) && each.map(\.payload) == greedy.map(\.1), "\(text)")
        }
    }

    /// The key table gives every value added under a key, in the order added (keys that share a
    /// slot, a key added twice, and 0, which it keeps as 1 beside 1's own values), and nothing
    /// under a key never added.
    @Test func keyTableGivesEachKeysValuesInOrder() {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<3_000).map { _ in UInt64.random(in: 0...UInt64.max, using: &generator) }
        let keys = random + [0, 1, 2, 1 << 32] + random.prefix(300) + [0, 1]
        var table = KeyTable(capacity: keys.count)
        var expected: [UInt64: [Int32]] = [:]
        for (i, key) in keys.enumerated() {
            table.add(key, Int32(i))
            expected[max(1, key), default: []].append(Int32(i))
        }
        for key in keys {
            var met: [Int32] = []
            #expect(
                table.first(key) {
                    met.append($0)
                    return false
                } == nil)
            #expect(met == expected[max(1, key)], "key \(key)")
            #expect(table.first(key) { $0 == met.last } == met.last)
        }
        for _ in 0..<10_000 {
            let key = UInt64.random(in: 2...UInt64.max, using: &generator)
            #expect(table.contains(key) == (expected[key] != nil))
        }
    }

    /// A search for a few marks, eight scalars at a time, finds the first as a plain search does:
    /// marks close together and far apart, scalars below, between and above them, astral ones, from
    /// every start.
    @Test func marksAreFoundAsAPlainSearchFindsThem() {
        let markSets: [[Unicode.Scalar]] = [["\n"], ["“", "”", "「", "」"], ["a", "𠀀"], ["年"], ["(", "）", "《"]]
        let pieces: [Unicode.Scalar] = ["\n", "“", "」", "a", "b", "𠀀", "𠀁", "年", "人", "(", "）", "《", " ", "\u{1}"]
        var generator = SystemRandomNumberGenerator()
        for marks in markSets {
            let search = ScalarMarks(marks)
            for _ in 0..<500 {
                let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement()! }
                for start in 0...text.count {
                    let plain = text[start...].firstIndex(where: marks.contains) ?? text.count
                    #expect(search.first(in: text, from: start) == plain)
                }
            }
        }
    }

    /// The positions of several searches' marks, found in one pass, give each search what its own
    /// search of the text finds; a search of another text, or of a mark not looked for, reads the text.
    @Test func markPositionsFindWhatEachSearchFinds() {
        let searches = [ScalarMarks(["“", "「"]), ScalarMarks([":"]), ScalarMarks(["《", "𠀀"])]
        let unsearched = ScalarMarks(["年", "“"])
        let pieces: [Unicode.Scalar] = ["“", "「", ":", "《", "𠀀", "年", "人", "a", "\n", "」"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement()! }
            let positions = MarkPositions(text, of: MarkPositions.Searched(searches))
            for search in searches + [unsearched] {
                for start in 0...text.count {
                    let plain = search.first(in: text, from: start)
                    #expect(positions.first(search, in: text, from: start) == plain)
                    #expect(positions.first(search, in: Array(text[...]), from: start) == plain)
                }
            }
        }
    }

    /// Lexicons read together in one pass find, each, what its own scan finds: lexicons that share
    /// terms, terms inside others, astral scalars and canonically equal words (Ω and U+2126 are two
    /// words to a lexicon), on random texts; a text other than the one scanned is scanned anew.
    @Test func lexiconsScannedTogetherFindWhatEachFinds() {
        let a = Lexicon([("人口", "a1"), ("常住人口", "a2"), ("𠀀", "a3"), ("Ω", "a4")])
        let b = Lexicon([("人口", 1), ("口普", 2), ("\u{2126}", 3), ("人口", 4)])
        let c = Lexicon([("普查", 1.5)])
        let scan = LexiconScan([a, b, a])
        let pieces = Array("常住人口普查𠀀Ω\u{2126}的x".unicodeScalars)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement()! }
            let hits = scan.hits(in: text)
            #expect(
                hits.all(a, in: text).map { "\($0.range)\($0.payload)" }
                    == a.all(in: text).map { "\($0.range)\($0.payload)" })
            #expect(
                hits.all(b, in: text).map { "\($0.range)\($0.payload)" }
                    == b.all(in: text).map { "\($0.range)\($0.payload)" })
            // Not merged, or another text: read by the lexicon itself.
            #expect(hits.all(c, in: text).map(\.range) == c.all(in: text).map(\.range))
            let other = Array(text.reversed())
            #expect(hits.all(a, in: other).map(\.range) == a.all(in: other).map(\.range))
        }
    }

    /// The extractors' whole-text lexicons from the built-in rules, read together over the
    /// corpus's scrapes, find what each finds alone: the same spans with the same payloads.
    @Test func builtInLexiconsScannedTogetherFindWhatEachFinds() throws {
        let extract = Extract(rules: Fixture.book)
        let lexicons = extract.extractors.flatMap { ($0 as? any ReadsWholeText)?.wholeTextLexicons ?? [] }
        #expect(lexicons.count >= 10)
        let scan = LexiconScan(lexicons)
        let folder = Fixture.shared.appendingPathComponent("corpus/text")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            let text = TextMap(try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)).folded
            let hits = scan.hits(in: text)
            for lexicon in lexicons {
                #expect(Self.hits(lexicon, hits, text) == Self.hits(lexicon, .none, text), "\(name)")
            }
        }
    }

    /// A lexicon's hits in `text` through `hits` (span and payload, described), whatever its payload.
    static func hits(_ lexicon: any ScannedLexicon, _ hits: LexiconHits, _ text: [Unicode.Scalar]) -> [String] {
        func described<P>(_ l: Lexicon<P>) -> [String] { hits.all(l, in: text).map { "\($0.range) \($0.payload)" } }
        switch lexicon {
        case let l as Lexicon<WordRule>: return described(l)
        case let l as Lexicon<[Int]>: return described(l)
        case let l as Lexicon<[PatternFilter.Mark]>: return described(l)
        case let l as Lexicon<Int>: return described(l)
        default:
            Issue.record("a lexicon of another payload: \(type(of: lexicon))")
            return []
        }
    }

    @Test func characterCountsAgreeWithGraphemeBreaking() throws {
        let seed = try String(
            contentsOf: Fixture.seeds.appendingPathComponent("003_87e76716f90a3b64.txt"), encoding: .utf8)
        let joiners = ["\r\n", "e\u{301}", "〇\u{302A}", "👨\u{200D}👩", "🇨🇳", "ｶﾞ", "한", "a\u{200C}b"]
        var generator = SystemRandomNumberGenerator()
        for line in seed.split(separator: "\n").map(String.init) + joiners {
            #expect(line.characterCount == line.count, "\(line)")
            let mixed = line + joiners.randomElement(using: &generator)! + line
            #expect(mixed.characterCount == mixed.count, "\(mixed)")
            for n in [0, 1, 2, 5, line.count - 1, line.count, line.count + 1, mixed.count, .max] where n >= 0 {
                #expect(mixed.hasCharacters(atLeast: n) == (mixed.count >= n), "\(mixed) \(n)")
                #expect(mixed.hasCharacters(atMost: n) == (mixed.count <= n), "\(mixed) \(n)")
            }
        }
    }

    /// Character questions answered on scalars agree with Characters and Foundation on texts where
    /// a mark, joiner or variation selector follows a mark or a word (`，\u{301}` is no comma;
    /// Foundation finds no 单位 in `单位\u{FE0F}`), and on plain texts.
    @Test func scalarShortcutsAgreeWithCharacters() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [String] = [
            "单", "位", "，", "|", ">", "a", "中", " ", "\u{301}", "\u{200C}", "\u{200D}", "\u{FE0F}",
        ]
        let marks: ScalarSet = ["，", "|", ">"]
        for _ in 0..<20_000 {
            let text = Fixture.randomText(from: alphabet, pieces: 0...8, using: &generator)
            let byCharacters = text.contains { c in
                c.unicodeScalars.count == 1 && marks.contains(c.unicodeScalars.first!)
            }
            #expect(text.containsCharacter(in: marks) == byCharacters, "\(Array(text.unicodeScalars))")
            #expect(text.literalRange(of: "单位") == text.range(of: "单位"), "\(Array(text.unicodeScalars))")
            // Read off the UTF-8: whether scalars are Characters.
            #expect(text.scalarsAreCharacters == text.unicodeScalars.allSatisfy(\.isCharacterAlone))
        }
        #expect(!"标题，\u{301}标题".containsCharacter(in: marks))
        #expect("单位\u{FE0F}，单位：万元".literalRange(of: "单位") == "单位\u{FE0F}，单位：万元".range(of: "单位"))
    }

    /// The white space sets a line is trimmed with are Foundation's, scalar for scalar over all of
    /// Unicode, and trimming with them is Foundation's trimming.
    @Test func whiteSpaceSetsAreFoundations() {
        for (ours, theirs) in [
            (ScalarSet.whitespaces, CharacterSet.whitespaces), (.whitespacesAndNewlines, .whitespacesAndNewlines),
        ] {
            let differ = (0...0x10_FFFF).lazy.compactMap(Unicode.Scalar.init).filter {
                ours.contains($0) != theirs.contains($0)
            }
            #expect(Array(differ.prefix(5)).isEmpty)
        }
        var generator = SystemRandomNumberGenerator()
        let pieces = [
            " ", "\u{3000}", "\t", "\n", "\r", "\u{85}", "\u{A0}", "\u{200B}", "\u{2028}", "\u{FEFF}", "第一", "a", "😀",
            "\u{301}",
        ]
        let texts =
            ["", "无需修剪"] + (0..<2000).map { _ in Fixture.randomText(from: pieces, pieces: 0...8, using: &generator) }
        for text in texts {
            for set in [CharacterSet.whitespaces, .whitespacesAndNewlines] {
                let ours = set == .whitespaces ? ScalarSet.whitespaces : .whitespacesAndNewlines
                let expected = text.trimmingCharacters(in: set)
                #expect(text.trimming(ours) == expected, "\(Array(text.unicodeScalars))")
                let slice = Substring(("x" + text + "x").unicodeScalars.dropFirst().dropLast())
                #expect(slice.trimming(ours) == expected, "a slice of \(Array(text.unicodeScalars))")
            }
        }
    }

    /// The count of Characters read off a line's bytes answers ASCII and most Han from their first
    /// byte: every scalar of the plane, alone and before a combining mark, agrees with the scalar test.
    @Test func firstByteShortcutsAgreeWithTheScalarTest() {
        func agrees(_ u: Unicode.Scalar) -> Bool {
            let alone = String(u)
            let marked: String = alone + "\u{301}"
            return alone.scalarsAreCharacters == u.isCharacterAlone && alone.characterCount(atMost: 3) == alone.count
                && !marked.scalarsAreCharacters
        }
        let disagree = (0..<0x1_0000).compactMap(Unicode.Scalar.init).filter { !agrees($0) }
        #expect(disagree.isEmpty, "\(disagree.prefix(5))")
    }

    /// Scalars and UTF-16 units counted eight bytes at a time are the standard library's counts,
    /// whatever the length and wherever the multi-byte scalars fall across the words.
    @Test func countsOnWordsAgreeWithTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "é", "中", "𠀀", "😀", "\u{7F}", "\u{80}", "\u{7FF}", "\u{800}", "\u{FFFF}", "\u{10000}"]
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }
            .joined()
            #expect(text.scalarCount == text.unicodeScalars.count, "\(Array(text.unicodeScalars))")
            #expect(Pattern.utf16Count(text) == text.utf16.count, "\(Array(text.unicodeScalars))")
        }
    }

    /// UTF-16 written into a String by hand gives what the standard library gives: every scalar
    /// (pairs beyond the BMP), and lone or reversed surrogates as U+FFFD, at the start, inside and
    /// at the end.
    @Test func utf16UnitsDecodeAsTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        let every = (0..<0x11_0000).compactMap(Unicode.Scalar.init).flatMap { Array(String($0).utf16) }
        #expect(
            every.withUnsafeBufferPointer(String.init(utf16Units:)).utf8.elementsEqual(
                String(decoding: every, as: UTF16.self).utf8))
        let odd: [UInt16] = [
            0xD800, 0xDC00, 0xDBFF, 0xDFFF, 0x41, 0x4E2D, 0xFFFD, 0xFEFF, 0x00, 0x7F, 0x80, 0x7FF, 0x800,
        ]
        for _ in 0..<2_000 {
            let units = (0..<Int.random(in: 0...12, using: &generator)).map { _ in odd.randomElement(using: &generator)!
            }
            #expect(
                units.withUnsafeBufferPointer(String.init(utf16Units:)).utf8.elementsEqual(
                    String(decoding: units, as: UTF16.self).utf8), "\(units)")
        }
        #expect(String(utf16Units: UnsafeBufferPointer(start: nil, count: 0)).isEmpty)
    }

    /// A repair cuts a pattern's matches (in order, apart, maybe touching) out of its units in
    /// place: what is kept is the units without those ranges.
    @Test func repairCutsUnitsInPlace() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let units = (0..<Int.random(in: 0...12, using: &generator)).map { UInt16($0) }
            var (ranges, at): ([NSRange], Int) = ([], 0)
            while at < units.count, Bool.random(using: &generator) {
                let start = Int.random(in: at..<units.count, using: &generator)
                let end = Int.random(in: start + 1...units.count, using: &generator)
                ranges.append(NSRange(location: start, length: end - start))
                at = end
            }
            var expected = units
            for r in ranges.reversed() { expected.removeSubrange(r.location..<r.location + r.length) }
            var cut = units
            let count = cut.withUnsafeMutableBufferPointer {
                LineClassifier.deleting(ranges, from: $0, count: $0.count)
            }
            #expect(Array(cut[..<count]) == expected, "\(units) \(ranges)")
        }
    }

    /// The shortcut's premise, scalar by scalar: every BMP scalar it counts as a character of its
    /// own stays one beside a letter, a Han character, a line feed and itself.
    @Test func aloneScalarsNeverJoinANeighbour() {
        let alone = (0..<0x1_0000).compactMap(Unicode.Scalar.init).filter(\.isCharacterAlone)
        #expect(alone.count > 30_000)
        for u in alone {
            let s = String(u)
            for pair in ["a" + s, s + "a", "中" + s, s + "中", s + "\n", "\n" + s, s + s] {
                #expect(pair.count == 2, "U+\(String(u.value, radix: 16))")
            }
        }
    }

    /// Table cells are cut at character boundaries: a joiner after a bar makes it part of a
    /// wider character, no cell separator, as it was before cells were cut by bytes.
    @Test func tableCellsAreCutAtCharacterBoundaries() {
        #expect(TextCleaner.block("第一产业 | 159948 | 7.4 |").kind == .tableRow)
        #expect(TextCleaner.block("收入|支出").text == "收入\t支出")
        #expect(TextCleaner.block("收入|\u{200C}支出").kind == .paragraph)
        #expect(TextCleaner.block("|\u{301}甲").kind == .paragraph)
        #expect(TextCleaner.block("甲   乙   丙").text == "甲\t乙\t丙")
    }

    @Test func randomSpansRoundTrip() {
        let pieces = [
            "國", "国", "萬", "万", "８", "8", "％", "%", "　", " ", "🦕", "👨‍👩‍👧", "\n", "乾隆", "頭髮", "臺灣", "，", "。", "a", "Ａ", "後",
            "发",
        ]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 1...40, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }
                .joined()
            let map = TextMap(text)
            let n = map.folded.count
            // The whole folded text covers the whole original, and cutting it anywhere cuts the
            // original at one point: no scalar is lost or claimed twice.
            #expect(map.originalRange(0..<n) == 0..<map.original.count)
            for k in 0...n {
                #expect(map.originalRange(0..<k).upperBound == map.originalRange(k..<n).lowerBound || k == 0 || k == n)
            }
            for _ in 0..<10 {
                let a = Int.random(in: 0...n, using: &rng), b = Int.random(in: 0...n, using: &rng)
                let r = min(a, b)..<max(a, b)
                let o = map.originalRange(r)
                #expect(o.lowerBound >= 0 && o.upperBound <= map.original.count && o.count >= (r.isEmpty ? 0 : 1))
                #expect(
                    Fold.width(map.originalText(r)).unicodeScalars.count == r.count || text.contains("乾隆")
                        || text.contains("頭髮"))
            }
        }
    }

    /// Facts found in random surroundings slice back exactly, whatever precedes them.
    @Test func factSpansSliceBackBehindAnyPrefix() {
        let pipeline = Fixture.pipeline
        let prefixes = ["", "🦕", "👨‍👩‍👧 ", "臺灣省", "\u{3000}", "Ａ"]
        for prefix in prefixes {
            let text = prefix + "常住人口８.８萬人，面積5.2平方公里，近3萬平方，七千余人。"
            let facts = pipeline.facts(of: text).filter { $0.kind == .quantities }
            #expect(
                facts.map(\.value.description) == [
                    "88000 person", "5.2 km2", "30000 m2 nearly", "7000 person more_than",
                ])
            let scalars = Array(text.unicodeScalars)
            for f in facts { #expect(String(String.UnicodeScalarView(scalars[f.start..<f.end])) == f.text) }
        }
    }

    func sentences(_ text: String) -> [String] {
        let map = TextMap(text)
        return Segment().run(map).map { map.originalText($0.folded) }
    }

    @Test func sentencesEndWhereChineseEndsThem() {
        #expect(sentences("他說：“東柳街道是示範街道。”隨後離開。") == ["他說：“東柳街道是示範街道。”", "隨後離開。"])
        #expect(sentences("面積5.2平方公里，人口……很多！真的？是的；好") == ["面積5.2平方公里，人口……很多！", "真的？", "是的；", "好"])
        #expect(sentences("安居、東海花園、東柳坊11個社區。\n表頭\t2020\t2021") == ["安居、東海花園、東柳坊11個社區。", "表頭\t2020\t2021"])
        #expect(sentences("太好了！！！然後") == ["太好了！！！", "然後"])
    }
}
