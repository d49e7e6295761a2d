extension Array where Element == Unicode.Scalar {
    /// Whether one of `words` starts at `position` (a rule's `not_before` words after its form).
    func hasWord(from words: [[Unicode.Scalar]], at position: Int) -> Bool {
        words.contains { word in
            position + word.count <= count && self[position..<(position + word.count)].elementsEqual(word)
        }
    }
}
