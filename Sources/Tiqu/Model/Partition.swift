extension RandomAccessCollection where Index == Int {
    /// The first index from which `isAfter` holds, in a collection where it holds for a suffix
    /// (elements in order of the key it asks about): a binary search; `endIndex` when it holds for
    /// none. The facts, sentences and hits are in order, and are asked about at every mention.
    func partitioningIndex(where isAfter: (Element) -> Bool) -> Int {
        var lo = startIndex, hi = endIndex
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if isAfter(self[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
