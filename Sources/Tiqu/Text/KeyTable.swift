/// Values by 64-bit keys that are hashes already (a name's FNV-1a key), in one open-addressing
/// table at most half full: a lookup is a multiply and a probe or two, where a Dictionary of
/// Strings hashes and compares through Unicode normalization. A key may hold several values, met
/// in the order they were added; the caller tells them apart by what they stand for, as two names
/// may share a key.
struct KeyTable: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private let mask: Int
    private var count = 0

    /// Room for `capacity` values, made at once.
    init(capacity: Int) {
        var size = 8
        while size < capacity * 2 { size *= 2 }
        (keys, values, mask) = ([UInt64](repeating: 0, count: size), [Int32](repeating: 0, count: size), size - 1)
    }

    /// 0 marks an empty slot, so a key of 0 is kept as 1: its values are told apart by the caller anyway.
    @inline(__always) private static func stored(_ key: UInt64) -> UInt64 { max(1, key) }

    mutating func add(_ key: UInt64, _ value: Int32) {
        precondition(count * 2 < keys.count, "a key table holds no more values than it was made for")
        let key = Self.stored(key)
        var slot = hashSlot(key, mask)
        while keys[slot] != 0 { slot = (slot + 1) & mask }
        (keys[slot], values[slot], count) = (key, value, count + 1)
    }

    /// The first value under `key` (in the order added) that `isWanted` accepts.
    @inline(__always) func first(_ key: UInt64, where isWanted: (Int32) -> Bool) -> Int32? {
        let key = Self.stored(key)
        var slot = hashSlot(key, mask)
        while keys[slot] != 0 {
            if keys[slot] == key, isWanted(values[slot]) { return values[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    func contains(_ key: UInt64) -> Bool { first(key) { _ in true } != nil }
}
