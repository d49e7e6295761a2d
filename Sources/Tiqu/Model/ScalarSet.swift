/// A set of Unicode scalars for tests that run at every character: BMP scalars in a bitmap
/// (membership is a shift and a mask, where a `Set` hashes with SipHash), others in a small array.
public struct ScalarSet: Sendable, ExpressibleByArrayLiteral {
    private var bits = [UInt64](repeating: 0, count: 1024)
    private var astral: [Unicode.Scalar] = []

    public init(_ scalars: [Unicode.Scalar]) {
        for u in scalars {
            if u.value < 0x10000 { bits[Int(u.value >> 6)] |= 1 << UInt64(u.value & 63) } else { astral.append(u) }
        }
    }

    public init(arrayLiteral scalars: Unicode.Scalar...) { self.init(scalars) }

    /// No scalar: shared, where a new empty set would zero its bitmap again.
    public static let empty = ScalarSet([])

    /// Foundation's `CharacterSet.whitespaces` (tab, the space separators, U+200B) as a bitmap,
    /// where Foundation's set costs hundreds of instructions a scalar.
    public static let whitespaces: ScalarSet = ScalarSet(
        [0x09, 0x20, 0xA0, 0x1680, 0x202F, 0x205F, 0x3000].map { Unicode.Scalar($0)! }
            + (0x2000...0x200B).map { Unicode.Scalar($0)! })

    /// Foundation's `CharacterSet.whitespacesAndNewlines`: `whitespaces` and the line ends.
    public static let whitespacesAndNewlines: ScalarSet = whitespaces.union(
        ScalarSet([0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029].map { Unicode.Scalar($0)! }))

    /// The scalars of both sets.
    public func union(_ other: ScalarSet) -> ScalarSet {
        var u = self
        for i in u.bits.indices { u.bits[i] |= other.bits[i] }
        u.astral += other.astral.filter { !u.astral.contains($0) }
        return u
    }

    /// The bitmap of the Basic Multilingual Plane, for a loop that tests every scalar of a text.
    @inline(__always) func withBMPBits<T>(_ body: (UnsafeBufferPointer<UInt64>) -> T) -> T {
        bits.withUnsafeBufferPointer(body)
    }

    @inline(__always) public func contains(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x10000 ? bits[Int(u.value >> 6)] & (1 << UInt64(u.value & 63)) != 0 : astral.contains(u)
    }
}

/// Opening marks and their closing marks, for scans that test every scalar: a bitmap of the
/// openers answers most scalars before the dictionary hashes one.
public struct ScalarPairs: Sendable, ExpressibleByDictionaryLiteral {
    /// Each opening mark's closing mark.
    public let closing: [Unicode.Scalar: Unicode.Scalar]
    private let openers: ScalarSet

    public init(_ closing: [Unicode.Scalar: Unicode.Scalar]) {
        self.closing = closing
        openers = ScalarSet(Array(closing.keys))
    }

    public init(dictionaryLiteral pairs: (Unicode.Scalar, Unicode.Scalar)...) {
        self.init(Dictionary(pairs, uniquingKeysWith: { first, _ in first }))
    }

    /// The closing mark of `open`, or nil when it opens nothing.
    @inline(__always) public subscript(_ open: Unicode.Scalar) -> Unicode.Scalar? {
        openers.contains(open) ? closing[open] : nil
    }

    /// These pairs but the one `open` opens.
    public func without(_ open: Unicode.Scalar) -> ScalarPairs { ScalarPairs(closing.filter { $0.key != open }) }
}
