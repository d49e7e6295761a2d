/// Words' scalars back to back, each read by its number as a slice: a table of names keeps them so
/// and compares them with a text's scalars, with no String or array per name.
struct PackedScalars: Sendable {
    private var scalars: [Unicode.Scalar] = []
    /// Where each word starts; one more start ends the last.
    private var starts: [Int32] = [0]

    var count: Int { starts.count - 1 }

    mutating func append(_ word: some Sequence<Unicode.Scalar>) {
        scalars += word
        starts.append(Int32(scalars.count))
    }

    /// A String's scalars, decoded from its UTF-8 in place: appending its `unicodeScalars` went
    /// through a generic iterator, a few hundred instructions a page name.
    mutating func append(_ word: String) {
        var word = word
        word.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                let (scalar, width) = bytes.scalar(at: i)
                scalars.append(scalar)
                i += width
            }
        }
        starts.append(Int32(scalars.count))
    }

    subscript(_ number: Int) -> ArraySlice<Unicode.Scalar> {
        scalars[Int(starts[number])..<Int(starts[number + 1])]
    }
}
