/// Normalize: clean text → the matching view with its map back to the original.
public struct Normalize: Stage {
    public init() {}

    public func run(_ clean: CleanText) -> TextMap { TextMap(clean.body) }
}
