extension Unicode.Scalar {
    /// Unicode's White_Space property, from its list of 25 scalars rather than the property
    /// tables: the test runs for every scalar of every page (a test checks it against the tables).
    public var isWhiteSpace: Bool {
        let v = value
        if v < 0x80 { return v == 0x20 || (0x09...0x0D).contains(v) }
        if v < 0x1680 { return v == 0x85 || v == 0xA0 }
        if v < 0x2000 { return v == 0x1680 }
        if v <= 0x205F { return v <= 0x200A || v == 0x2028 || v == 0x2029 || v == 0x202F || v == 0x205F }
        return v == 0x3000
    }

    /// A to Z in either case: the ASCII scalars with Unicode's Alphabetic property, tested without
    /// the property tables.
    public var isASCIILetter: Bool { (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A }
}
