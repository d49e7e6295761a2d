extension Unicode.Scalar {
    /// A Han character: the CJK unified ideographs (base, extension A and B–G), the compatibility
    /// ideographs, and 〇, which counts as one in numerals and names.
    /// The common block is tested first: this is asked of every scalar of some texts.
    public var isHan: Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x3134F, 0x3007: true
        default: false
        }
    }
}
