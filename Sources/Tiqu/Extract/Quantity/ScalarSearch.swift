/// Searches of a text for the few scalars a scan stops at (a number's first digit, a quote mark, a
/// title mark): most of a text is none of them, and each search is asked of every scalar.
extension ScalarSet {
    /// The first position from `start` on whose scalar is in the set, or the text's end: a loop
    /// over the text's memory and the set's bitmap.
    func firstMember(in text: [Unicode.Scalar], from start: Int) -> Int {
        text.withUnsafeBufferPointer { scalars in
            withBMPBits { bits in
                var k = start
                while k < scalars.count {
                    let v = scalars[k].value
                    let found = v < 0x10000 ? bits[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 : contains(scalars[k])
                    if found { break }
                    k += 1
                }
                return k
            }
        }
    }
}

extension Array where Element == Unicode.Scalar {
    /// The first position from `start` on that holds `scalar`, or the text's end: a loop over the
    /// text's memory.
    func firstPosition(of scalar: Unicode.Scalar, from start: Int) -> Int {
        withUnsafeBufferPointer { scalars in
            var k = start
            while k < scalars.count, scalars[k] != scalar { k += 1 }
            return k
        }
    }
}
