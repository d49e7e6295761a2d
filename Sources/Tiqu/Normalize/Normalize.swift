/// Normalize: the clean body (its blocks joined by line breaks) → the matching view with its map back
/// to the original.
public struct Normalize: Stage {
    public init() {}

    public func run(_ body: String) -> TextMap { TextMap(body) }
}
