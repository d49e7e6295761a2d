/// The gazetteer's full names by their keys (`PlaceExtractor.nameKey`): a walk back from a suffix
/// asks at each character, and where a key is found the names under it are compared with the
/// text, with no String made and looked up.
struct KnownNames: Sendable {
    /// The gazetteer's names that name a unit, compared where a key is found.
    private let names: PackedScalars
    /// The first unit each name names.
    private let firstUnits: [Int32]
    /// Each name's number, by its key.
    private let table: KeyTable

    init(_ gazetteer: Gazetteer) {
        let named = gazetteer.names.compactMap { name in gazetteer.named(name).first.map { (name, $0) } }
        var names = PackedScalars()
        var table = KeyTable(capacity: named.count)
        for (number, (name, _)) in named.enumerated() {
            names.append(name)
            table.add(PlaceExtractor.nameKey(of: name.unicodeScalars), Int32(number))
        }
        (self.names, self.table) = (names, table)
        firstUnits = named.map { Int32($0.1) }
    }

    /// The first unit of the name written as `scalars`, whose key is `key`: nil when no name has
    /// the key. A name with the key that is written otherwise (canonically equal, or another name
    /// with its key) is looked up by its String, as the gazetteer answers it.
    func unit(named text: ArraySlice<Unicode.Scalar>, key: UInt64, in gazetteer: Gazetteer) -> Int? {
        var keyed = false  // one probe: most keys asked for are no name's
        let number = table.first(key) { n in
            keyed = true
            return names[Int(n)].elementsEqual(text)
        }
        if let number { return Int(firstUnits[Int(number)]) }
        return keyed ? gazetteer.named(String(scalars: text)).first : nil
    }
}
