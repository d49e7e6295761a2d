extension Unicode.Scalar {
    /// Unicode's White_Space property, answered without the property tables for ASCII and Han:
    /// most of a Chinese page is one or the other, and the table lookup was a quarter of the
    /// HTML cleaner's time on a large page.
    public var isWhiteSpace: Bool {
        if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
        if isHan { return false }
        return properties.isWhitespace
    }
}
