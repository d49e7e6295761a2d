/// A read-only set of 64-bit keys that are already hashes (a name's FNV-1a key): found by a
/// multiply and a probe or two in one open-addressing table, where `Set<UInt64>` runs SipHash over
/// every key it is asked about. Built once; shared by every thread.
struct KeySet: Sendable {
    private var slots: [UInt64]
    private let mask: Int
    /// 0 marks an empty slot, so the key 0 is kept aside.
    private var holdsZero = false

    init(_ keys: some Collection<UInt64>) {
        var size = 8
        while size < keys.count * 2 { size *= 2 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        for key in keys {
            guard key != 0 else {
                holdsZero = true
                continue
            }
            var h = hashSlot(key, mask)
            while slots[h] != 0, slots[h] != key { h = (h + 1) & mask }
            slots[h] = key
        }
    }

    @inline(__always) func contains(_ key: UInt64) -> Bool {
        guard key != 0 else { return holdsZero }
        var h = hashSlot(key, mask)
        while true {
            let k = slots[h]
            if k == key { return true }
            if k == 0 { return false }
            h = (h + 1) & mask
        }
    }
}

/// The slot of a 64-bit key in an open-addressing table of `mask + 1` slots (a power of two):
/// Fibonacci hashing, one multiply, for `KeySet` and `Lexicon`'s transitions.
@inline(__always) func hashSlot(_ key: UInt64, _ mask: Int) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
}
