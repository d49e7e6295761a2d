/// Eight bytes read as one word and tested for bytes of a kind at once: texts are scanned a word
/// at a time between the rare bytes that need a closer look (a line break's first byte, a byte
/// JSON escapes).
enum ByteWord {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `i`, the first in the lowest byte.
    @inline(__always) static func at(_ i: Int, in base: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
    }

    /// Whether one of the word's bytes is below `n` (at most 128).
    @inline(__always) static func hasByte(below n: UInt8, in word: UInt64) -> Bool {
        (word &- ones &* UInt64(n)) & ~word & highs != 0
    }

    /// Whether one of the word's bytes is `byte`.
    @inline(__always) static func hasByte(_ byte: UInt8, in word: UInt64) -> Bool {
        hasByte(below: 1, in: word ^ (ones &* UInt64(byte)))
    }
}
