/// A string as a dictionary key by its UTF-8 bytes. A `String` key of Han characters is hashed
/// and compared through Unicode normalization at every lookup (canonical equivalence), which
/// names read from one gazetteer and looked up in one text need not pay: a name matches byte for
/// byte (one written with a CJK compatibility ideograph is not the gazetteer's name).
public struct UTF8Key: Hashable, Sendable {
    public let string: String

    public init(_ string: String) {
        var string = string
        string.makeContiguousUTF8()
        self.string = string
    }

    public static func == (a: UTF8Key, b: UTF8Key) -> Bool {
        a.withBytes { x in b.withBytes { y in x.count == y.count && x.elementsEqual(y) } }
    }

    public func hash(into hasher: inout Hasher) {
        withBytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    private func withBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        string.utf8.withContiguousStorageIfAvailable(body) ?? Array(string.utf8).withUnsafeBufferPointer(body)
    }
}
