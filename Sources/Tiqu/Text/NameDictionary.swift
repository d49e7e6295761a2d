import Foundation

/// A dictionary keyed by names (of places, units, short forms) that answers as `[String: Value]`
/// answers, in a small part of the time for the names Chinese text is made of. A String key is
/// hashed and compared through Unicode normalization — about 1,400 instructions a lookup for a
/// name of Han characters —, because two spellings of a name may be canonically equivalent
/// (`\u{F963}京市` is 北京市). A plain name (`PlainName`: ASCII, CJK punctuation, unified
/// ideographs, full-width forms) is its own normalized form, so it equals another plain name only
/// byte for byte: while every key is plain, keys are held in a table of their UTF-8 bytes (FNV-1a hashes,
/// open addressing) and looked up by those bytes, and any other name by its composed form (NFC),
/// which equals a plain key exactly when the name does. Once a key is not plain, every name is
/// looked up as a String.
public struct NameDictionary<Value: Sendable>: Sendable {
    /// The entries' keys, back to back, and where each starts (one more start ends the last).
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    private var values: [Value] = []
    /// Entry numbers by hash slot, -1 where empty; at most half full.
    private var slots = [Int32](repeating: -1, count: 8)
    /// Every entry, once some key is not plain.
    private var byString: [String: Value]?

    public init() {}

    public init(_ dictionary: [String: Value]) {
        for (name, value) in dictionary { update(value, for: name) }
    }

    public subscript(name: String) -> Value? {
        if let byString { return byString[name] }
        if let entry = entry(name) { return entry >= 0 ? values[entry] : nil }
        // Foundation's composition, not the standard library's: they agreed on every scalar whose
        // composed form is plain when this was written; where they differ (Foundation composes
        // U+1100 U+1176 into a Hangul syllable), the result is no plain name and finds nothing.
        let composed = name.precomposedStringWithCanonicalMapping
        return entry(composed).flatMap { $0 >= 0 ? values[$0] : nil }
    }

    /// Sets the value under `name` (there is no removing one).
    public mutating func update(_ value: Value, for name: String) {
        if byString == nil, PlainName.holds(name) {
            insert(name, value)
            return
        }
        if byString == nil {
            byString = Dictionary(uniqueKeysWithValues: zip(keys, values))
            (bytes, starts, hashes, values, slots) = ([], [0], [], [], [-1])
        }
        byString![name] = value
    }

    /// The keys, as first written.
    public var keys: [String] {
        byString.map { Array($0.keys) }
            ?? hashes.indices.map { String(decoding: bytes[starts[$0]..<starts[$0 + 1]], as: UTF8.self) }
    }

    public var isEmpty: Bool { count == 0 }
    public var count: Int { byString?.count ?? values.count }

    /// The entry of a plain name (-1 if there is none), or nil when the name is not plain.
    private func entry(_ name: String) -> Int? {
        var name = name
        return name.withUTF8 { key -> Int? in
            guard PlainName.holds(key) else { return nil }
            return find(key, Self.hash(key)).entry
        }
    }

    /// Where a key is or would go: its entry (-1 if absent) and its slot.
    private func find(_ key: UnsafeBufferPointer<UInt8>, _ hash: UInt64) -> (entry: Int, slot: Int) {
        let mask = slots.count - 1
        var slot = hashSlot(hash, mask)
        while slots[slot] >= 0 {
            let e = Int(slots[slot])
            if hashes[e] == hash, holds(key, at: e) { return (e, slot) }
            slot = (slot + 1) & mask
        }
        return (-1, slot)
    }

    /// Whether entry `e`'s key is `key`: one `memcmp`, where comparing the slice byte by byte
    /// went through a generic iterator.
    private func holds(_ key: UnsafeBufferPointer<UInt8>, at e: Int) -> Bool {
        let start = starts[e]
        guard starts[e + 1] - start == key.count else { return false }
        guard !key.isEmpty, let k = key.baseAddress else { return true }  // both empty
        return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, k, key.count) == 0 }
    }

    private mutating func insert(_ name: String, _ value: Value) {
        var name = name
        name.withUTF8 { key in
            let hash = Self.hash(key)
            let (entry, slot) = find(key, hash)
            guard entry < 0 else {
                values[entry] = value
                return
            }
            slots[slot] = Int32(values.count)
            bytes += key
            starts.append(bytes.count)
            hashes.append(hash)
            values.append(value)
            if values.count * 2 > slots.count { place(slots: slots.count * 2) }
        }
    }

    /// Room for this many keys, made at once.
    public mutating func reserveCapacity(_ count: Int) {
        guard byString == nil else { return byString!.reserveCapacity(count) }
        var size = slots.count
        while count * 2 > size { size *= 2 }
        if size > slots.count { place(slots: size) }
        values.reserveCapacity(count)
        hashes.reserveCapacity(count)
    }

    /// Places every entry again in this many slots.
    private mutating func place(slots count: Int) {
        slots = [Int32](repeating: -1, count: count)
        let mask = slots.count - 1
        for (e, hash) in hashes.enumerated() {
            var slot = hashSlot(hash, mask)
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(e)
        }
    }

    /// FNV-1a over a key's bytes.
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        key.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}

/// Names no Unicode normalization changes: made of ASCII, CJK punctuation (U+3000–3029,
/// 3030–303F: not the tone marks between, which combine), unified ideographs (the URO and
/// extension A) and full-width forms. None of these has a canonical decomposition or a nonzero
/// combining class, none is the second half of a composition, and no composition has both halves
/// among them (ASCII letters and `<=>` are first halves, of a mark no plain name holds).
enum PlainName {
    static func holds(_ name: String) -> Bool {
        var name = name
        return name.withUTF8(holds)
    }

    static func holds(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let ranges = Self.ranges  // read once: each read of a static goes through its one-time check
        var i = 0
        while i < bytes.count {
            let (u, width) = bytes.scalar(at: i)
            // ASCII and the main Han block, nearly every scalar of a name, answer at once.
            guard
                u.value < 0x80 || u.value &- 0x4E00 <= 0x9FFF - 0x4E00
                    || ranges.contains(where: { $0.contains(u.value) })
            else { return false }
            i += width
        }
        return true
    }

    static let ranges: [ClosedRange<UInt32>] = [
        0x4E00...0x9FFF, 0x3000...0x3029, 0x3030...0x303F, 0x3400...0x4DBF, 0xFF01...0xFF60,
    ]
}

extension NameDictionary where Value: RangeReplaceableCollection {
    /// Adds `element` to the collection under `name` (an empty one if there is none).
    public mutating func append(_ element: Value.Element, to name: String) {
        var list = self[name] ?? Value()
        list.append(element)
        update(list, for: name)
    }
}
