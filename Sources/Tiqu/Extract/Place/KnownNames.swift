/// The gazetteer's full names by their keys (`PlaceExtractor.nameKey`), each to the first unit of
/// its name: a walk back from a suffix asks at each character, and where a key is found the unit's
/// name is compared with the text, not a String made and looked up. Two names with one key keep
/// the first; the other is found by its String (`PlaceExtractor.longestKnownName`).
struct KnownNames: Sendable {
    /// Keys in one open-addressing table, at most half full (0 marks an empty slot), and their units.
    private var keys: [UInt64]
    private var units: [Int32]
    private let mask: Int
    /// The unit of a name whose key is 0, kept aside.
    private var zeroKeyUnit: Int?

    init(_ gazetteer: Gazetteer) {
        let names = gazetteer.names
        var size = 8
        while size < names.count * 2 { size *= 2 }
        (keys, units, mask) = ([UInt64](repeating: 0, count: size), [Int32](repeating: 0, count: size), size - 1)
        for name in names {
            guard let unit = gazetteer.named(name).first else { continue }
            let key = PlaceExtractor.nameKey(of: name)
            guard key != 0 else {
                zeroKeyUnit = zeroKeyUnit ?? unit
                continue
            }
            var h = hashSlot(key, mask)
            while keys[h] != 0, keys[h] != key { h = (h + 1) & mask }
            if keys[h] == 0 { (keys[h], units[h]) = (key, Int32(unit)) }
        }
    }

    /// The first unit of a name with this key, if one has it (its name may still be another).
    @inline(__always) func unit(forKey key: UInt64) -> Int? {
        guard key != 0 else { return zeroKeyUnit }
        var h = hashSlot(key, mask)
        while true {
            let k = keys[h]
            if k == key { return Int(units[h]) }
            if k == 0 { return nil }
            h = (h + 1) & mask
        }
    }
}
