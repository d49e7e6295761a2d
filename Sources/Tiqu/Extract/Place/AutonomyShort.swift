/// Autonomous prefectures, counties and banners written short, their level kept: 延边朝鲜族自治州 is
/// 延边州, 长阳土家族自治县 长阳县. The short form is the name before its first people (the rule
/// book's `ethnic` words) with the level's last character; it is a place where a name may start.
extension PlaceExtractor {
    /// The short forms of the gazetteer's autonomous units, each to the units it may be.
    static func autonomyShortNames(_ gazetteer: Gazetteer, peoples: Lexicon<WordRule>) -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        for (index, unit) in gazetteer.entries.enumerated() {
            // Most of the gazetteer's names end in no autonomous level: their bytes say so, undecoded.
            guard let k = autonomyLevelBytes.firstIndex(where: unit.name.endsWithBytes) else { continue }
            let (name, level) = (Array(scalarsOf: unit.name), autonomyLevels[k])
            guard name.count > level.count,
                let start = (minName..<(name.count - level.count)).first(where: {
                    peoples.longest(in: name, at: $0) != nil
                })
            else { continue }
            let short = String(scalars: name[..<start] + [level.last!])
            out[short, default: []].append(index)
        }
        return out
    }

    static let autonomyLevels = ["自治州", "自治县", "自治旗"].map { Array($0.unicodeScalars) }
    static let autonomyLevelBytes = autonomyLevels.map { Array(String(scalars: $0).utf8) }

    /// The places with the short forms of autonomous units added where they start cleanly.
    func withAutonomyShortNames(_ places: [Match], text: [Unicode.Scalar], lexicons: LexiconHits = .none) -> [Match] {
        guard !autonomyShort.isEmpty else { return places }
        let hits = lexicons.all(autonomyLexicon, in: text)
        guard !hits.isEmpty else { return places }
        var out = places
        let ends = Set(places.map(\.range.upperBound))
        var taken = Coverage(length: text.count, places.map(\.range))
        for hit in hits where !taken.overlaps(hit.range) {
            let start = hit.range.lowerBound
            guard ends.contains(start) || startsCleanly(text, at: start, chainEnd: -1),
                let unit = autonomyShort[String(scalars: text[hit.range])]?.first
            else { continue }
            let name = String(scalars: text[hit.range])
            let place = Place(name: name, level: gazetteer.entries[unit].level, parent: nil)
            out.append(Match(range: hit.range, rule: autonomyRule, value: .place(place)))
            taken.cover(hit.range)
        }
        return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }
}
