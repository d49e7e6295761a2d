import Foundation

/// Administrative divisions with their official codes, read from a rules folder's `gazetteer/`
/// (the National Bureau of Statistics' division codes to the township level, and Hong Kong, Macau
/// and Taiwan districts without codes). A name alone is often not one unit (东柳街道 is three), so
/// the gazetteer answers "which units have this name" and "is this unit inside that one"; the page
/// decides between them.
public struct Gazetteer: Sendable {
    public struct Entry: Sendable, Equatable {
        /// The full name, Simplified (`东柳街道`).
        public let name: String
        /// The official code (`330212012`); nil where the data has none.
        public let code: String?
        /// `province`, `city`, `district` (any county-level unit) or `subdistrict` (township level).
        public let level: String
        /// The entry it belongs to, if any.
        public let parent: Int?
    }

    public private(set) var entries: [Entry] = []
    /// Entries by full name.
    private var byName = NameDictionary<[Int]>()
    /// Whether a full name holds one of `chainGaps`; if none does, a name in a line ends before a gap.
    private var namesHoldGaps = false
    /// Province, city and county entries by their name without its level suffix (`昆山` for 昆山市).
    public private(set) var shortNames = NameDictionary<[Int]>()

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }

    /// The entries with this full name.
    public func named(_ name: String) -> [Int] { byName[name] ?? [] }

    /// Every full name of a unit.
    public var names: [String] { byName.keys }

    /// Whether a line is nothing but units the gazetteer knows, two or more, written one after the
    /// other or apart (`嘉兴市嘉善县西塘镇`, `宁波市 江北区`): a list item of a roster, not a caption.
    public func isChainOfUnits(_ line: String) -> Bool {
        let text = Array(scalarsOf: line)
        var i = 0, units = 0
        while i < text.count {
            if Self.chainGaps.contains(text[i]) {
                i += 1
                continue
            }
            // Names are looked up only up to the next gap, when no name holds one.
            let end = namesHoldGaps ? text.count : text[i...].firstIndex(where: Self.chainGaps.contains) ?? text.count
            guard end - i >= 2,
                let length = (2...min(Self.longestName, end - i)).reversed().first(where: { n in
                    !named(String(scalars: text[i..<(i + n)])).isEmpty
                })
            else { return false }
            (i, units) = (i + length, units + 1)
        }
        return units >= 2
    }

    static let chainGaps: ScalarSet = [" ", "\u{3000}", "、", "，", ",", "·", "/"]
    /// The longest name looked up.
    static let longestName = 14

    /// The entry and the entries above it, nearest first.
    public func lineage(_ index: Int) -> [Int] {
        var out = [index]
        while let up = entries[out.last!].parent { out.append(up) }
        return out
    }

    /// Whether `ancestor` is `index` or contains it.
    public func contains(_ ancestor: Int, _ index: Int) -> Bool {
        var at: Int? = index
        while let i = at {
            if i == ancestor { return true }
            at = entries[i].parent
        }
        return false
    }

    /// Adds a unit. Bracketed notes in names (`（工业园区）城南街道`) are dropped.
    @discardableResult
    public mutating func add(name raw: String, level: String, code: String?, parent: Int?) -> Int {
        let name = Self.withoutNotes(raw)
        let index = entries.count
        entries.append(Entry(name: name, code: code, level: level, parent: parent))
        byName.append(index, to: name)
        if !namesHoldGaps, name.unicodeScalars.contains(where: Self.chainGaps.contains) { namesHoldGaps = true }
        if let short = Self.shortName(name, level: level) { shortNames.append(index, to: short) }
        return index
    }

    /// A name without its suffix, for the levels where one is used alone (`江苏`, `宁波`, `昆山`);
    /// none when fewer than two characters would be left or the suffix names an ethnic autonomy.
    static func shortName(_ name: String, level: String) -> String? {
        guard level != "subdistrict", let last = name.unicodeScalars.last, last != "州",
            !name.unicodeScalars.dropLast().reversed().starts(with: "治自".unicodeScalars)
        else { return nil }
        let scalars = Array(scalarsOf: name)
        guard
            let suffix = shortSuffixes.first(where: {
                scalars.count > $0.count && scalars.suffix($0.count).elementsEqual($0)
            })
        else { return nil }
        return scalars.count - suffix.count >= 2
            ? String(scalars: scalars.dropLast(suffix.count)) : nil
    }

    static let shortSuffixes = ["特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "地区", "省", "市", "区", "县", "盟", "旗"]
        .map { Array($0.unicodeScalars) }

    static func withoutNotes(_ name: String) -> String {
        guard name.unicodeScalars.contains("（") else { return name }
        var out = ""
        var depth = 0
        for c in name {
            if c == "（" {
                depth += 1
            } else if c == "）" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                out.append(c)
            }
        }
        return out
    }
}

extension Gazetteer {
    /// Placeholder rows of municipalities' city level (`市辖区`, `县`, `省直辖县级行政区划`): their
    /// counties belong to the province directly.
    static let placeholders: Set<String> = ["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"]

    /// Reads `provinces.csv`, `cities.csv`, `areas.csv`, `streets.csv` (code first, name second, the
    /// parent's code third) and `HK-MO-TW.json` from a folder, whichever are there.
    public mutating func load(folder: String) throws(Diagnostic) {
        // A user's folder may name built-in units as parents.
        var byCode: [Int: Int] = [:]
        for (i, unit) in entries.enumerated() { if let code = unit.code.flatMap({ Int($0) }) { byCode[code] = i } }
        let levels = [("provinces", "province"), ("cities", "city"), ("areas", "district"), ("streets", "subdistrict")]
        for (file, level) in levels {
            let path = (folder as NSString).appendingPathComponent("\(file).csv")
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let data = try Self.contents(path)
            reserve(rows: Self.lineCount(data))
            try Self.rows(data, path: path) { (line, fields) throws(Diagnostic) in
                guard fields.count >= 2, let code = fields.first, !code.isEmpty else {
                    throw Diagnostic(path: path, line: line, column: 1, message: "expected 'code,name[,parent code…]'")
                }
                let parent = fields.count > 2 ? Int(fields[2]).flatMap { byCode[$0] } : nil
                // Placeholders, and counties named as their city (东莞市 under 东莞市, a city without counties).
                if Self.placeholders.contains(fields[1])
                    || (level == "district" && parent.map({ entries[$0].name == fields[1] }) == true)
                {
                    byCode[Int(code) ?? -1] = parent
                    return
                }
                byCode[Int(code) ?? -1] = add(name: fields[1], level: level, code: code, parent: parent)
            }
        }
        try loadOutlying((folder as NSString).appendingPathComponent("HK-MO-TW.json"))
    }

    /// Room for this many more units: the tables grow once, not by doubling and rehashing every
    /// name (a sixth of loading the gazetteer).
    mutating func reserve(rows: Int) {
        entries.reserveCapacity(entries.count + rows)
        byName.reserveCapacity(byName.count + rows)
    }

    static func lineCount(_ data: Data) -> Int {
        data.withUnsafeBytes { raw in raw.reduce(into: 0) { n, byte in if byte == 0x0A { n += 1 } } }
    }

    static func contents(_ path: String) throws(Diagnostic) -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(path: path, line: 1, column: 1, message: "cannot read the file")
        }
        return data
    }

    /// Each CSV row after the header with its line number, its first three fields unquoted. Read as
    /// bytes: 45,000 rows are read on every start, and Foundation's string calls made that a tenth
    /// of the start-up time. A failure names `path`.
    static func rows(_ data: Data, path: String, _ each: (Int, [String]) throws(Diagnostic) -> Void) throws(Diagnostic)
    {
        do {
            try Self.rows(data, each)
        } catch let diagnostic as Diagnostic {
            throw diagnostic
        } catch {
            throw Diagnostic(path: path, line: 1, column: 1, message: "\(error)")
        }
    }

    /// One pass over the bytes with a pointer: a debug build's generic `split` took half a second here.
    static func rows(_ data: Data, _ each: (Int, [String]) throws(Diagnostic) -> Void) throws {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var fields: [String] = []
            var line = 1
            var start = 0
            func field(_ end: Int) {
                var from = start, to = end
                while from < to, bytes[from] == 0x22 || bytes[from] == 0x20 { from += 1 }
                while to > from, bytes[to - 1] == 0x22 || bytes[to - 1] == 0x20 || bytes[to - 1] == 0x0D { to -= 1 }
                if fields.count < 3 {
                    fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self))
                }
            }
            for i in 0..<bytes.count where bytes[i] == 0x2C || bytes[i] == 0x0A {
                field(i)
                start = i + 1
                if bytes[i] == 0x0A {
                    if line > 1, !(fields.count == 1 && fields[0].isEmpty) { try each(line, fields) }
                    fields.removeAll(keepingCapacity: true)
                    line += 1
                }
            }
            if start < bytes.count {
                field(bytes.count)
                if line > 1, !(fields.count == 1 && fields[0].isEmpty) { try each(line, fields) }
            }
        }
    }

    /// `{"香港特别行政区": {"九龙": ["深水埗区", …]}, "台湾省": {"台北市": [...]}}`: region, area or city,
    /// district. No codes.
    mutating func loadOutlying(_ path: String) throws(Diagnostic) {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        guard let top = (try? JSONSerialization.jsonObject(with: data)) as? [String: [String: [String]]] else {
            throw Diagnostic(
                path: path, line: 1, column: 1,
                message: "expected {\"region\": {\"area or city\": [\"district\", …]}, …}")
        }
        for (region, areas) in top.sorted(by: { $0.key < $1.key }) {
            let r = add(name: region, level: "province", code: nil, parent: nil)
            for (area, districts) in areas.sorted(by: { $0.key < $1.key }) {
                let a = add(name: area, level: "city", code: nil, parent: r)
                for d in districts { add(name: d, level: "district", code: nil, parent: a) }
            }
        }
    }
}
