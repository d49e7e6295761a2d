/// Eight bytes read as one word and tested for bytes of a kind at once: a text is scanned a word
/// at a time up to the rare bytes that need a closer look (a line break's first byte).
enum ByteWord {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `i`, the first in the lowest byte.
    @inline(__always) static func at(_ i: Int, in base: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
    }

    /// The top bit of each byte of the word below `n` (at most 128). A borrow may also mark a byte
    /// above a marked one, never one below it: the lowest mark is always a byte below `n`.
    @inline(__always) static func bytes(below n: UInt8, in word: UInt64) -> UInt64 {
        (word &- ones &* UInt64(n)) & ~word & highs
    }

    /// The top bit of each byte of the word equal to `byte` (the lowest mark, as above, is one).
    @inline(__always) static func bytes(equalTo byte: UInt8, in word: UInt64) -> UInt64 {
        bytes(below: 1, in: word ^ (ones &* UInt64(byte)))
    }

    /// The offset in the word of the lowest byte a mask marks (8 when none is).
    @inline(__always) static func firstMarked(_ mask: UInt64) -> Int { mask.trailingZeroBitCount >> 3 }

    /// Where, from `i`, the first byte `marks` marks in its word stands, read a word at a time
    /// (or where fewer than eight bytes are left): a text is passed up to the bytes worth a look.
    @inline(__always) static func skipUnmarked(
        _ bytes: UnsafeBufferPointer<UInt8>, from i: Int, _ marks: (UInt64) -> UInt64
    ) -> Int {
        guard let base = bytes.baseAddress else { return i }
        var i = i
        while i + 8 <= bytes.count {
            let marked = marks(at(i, in: base))
            if marked != 0 { return i + firstMarked(marked) }
            i += 8
        }
        return i
    }
}
