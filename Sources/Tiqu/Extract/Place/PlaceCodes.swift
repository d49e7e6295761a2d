/// Official codes for the places of a page. A name is often several units of the gazetteer
/// (东柳街道 is three), so the page decides: a chain narrows a name to the units inside the place
/// written before it (鄞州区|东柳街道); then a name still open takes the one unit that lies deepest
/// inside a unit the page has already pinned down (its district, a neighbouring township, the same
/// name resolved earlier). A name that stays open keeps `code: null` and says how many it may be.
extension PlaceExtractor {
    static func gazetteer(_ book: RuleBook) -> Gazetteer {
        var gazetteer = book.gazetteer
        for rule in book.words.of(.place, "name") {
            for form in rule.forms {
                gazetteer.add(name: form, level: rule.value ?? "community", code: nil, parent: nil)
            }
        }
        return gazetteer
    }

    /// The places with codes, candidates, gazetteer levels and the parents their earlier mentions or
    /// the gazetteer give them.
    func resolved(_ places: [Match], text: [Unicode.Scalar]) -> [Match] {
        guard !gazetteer.isEmpty else { return places }
        // The units each name is the full name of, looked up once: the candidates, unless there are none.
        let named = places.map { place in Self.placeField(place, \.name).map { gazetteer.named($0) } ?? [] }
        var candidates = places.indices.map { i in named[i].isEmpty ? shortUnits(named: places[i]) : named[i] }
        narrowChains(places, &candidates)
        var mentions: [UInt16]?  // counted when a generic name first asks
        let kept = places.indices.filter { !isUnsupportedGeneric($0, places, candidates, &mentions, text: text) }
        var keptCandidates = kept.map { candidates[$0] }
        narrowByPage(&keptCandidates)
        // Only a unit that holds others is a parent (the slots read apart: a lazy filter would copy `self`).
        let slots = holders.slots
        let namedUnits = Set(kept.lazy.flatMap { named[$0] }.filter { slots[$0] >= 0 })
        return withCodes(kept.map { places[$0] }, keptCandidates, namedUnits: namedUnits)
    }

    /// A known name that is also a generic phrase (东城区, 大城乡 end in 城区, 城乡; 工业集中区) is a
    /// place only in a chain or on a page that names a unit above it (a unit with none, 香港特别行政区,
    /// always is). A name a user's rules add
    /// (a unit with nothing above it below the province level) is a place wherever it is written.
    /// `mentions` counts how often each unit stands in the candidate lists, made once for the page
    /// (`mentions(_:)`) rather than by asking every other place for each generic name.
    func isUnsupportedGeneric(
        _ i: Int, _ places: [Match], _ candidates: [[Int]], _ mentions: inout [UInt16]?, text: [Unicode.Scalar]
    ) -> Bool {
        guard endsGeneric(text, places[i].range) else { return false }
        let added = candidates[i].contains {
            gazetteer.entries[$0].parent == nil && gazetteer.entries[$0].level != "province"
        }
        if added { return false }
        let chained =
            (i > 0 && places[i - 1].range.upperBound == places[i].range.lowerBound)
            || (i + 1 < places.count && places[i].range.upperBound == places[i + 1].range.lowerBound)
        if chained { return false }
        let above = Set(candidates[i].flatMap { gazetteer.lineage($0).dropFirst() })
        // 香港特别行政区 ends in 行政区, but nothing is above it to name: its full name is enough.
        if above.isEmpty { return false }
        let counts = mentions ?? self.mentions(candidates)
        mentions = counts
        // A unit above it is named elsewhere when it stands in the lists more often than in this place's own.
        return !above.contains { unit in
            Int(counts[Int(holders.slots[unit])]) > candidates[i].lazy.filter { $0 == unit }.count
        }
    }

    /// How many times each unit that holds others stands in the places' candidate lists, by its
    /// slot in `holders` (only such a unit is above a place): counted in an array, not hashed (a
    /// page's lists hold a thousand units). A count stops at 65,535, more than any one list can
    /// hold of a unit (its units are distinct entries of the gazetteer), so "more than this
    /// list's" stays true.
    func mentions(_ candidates: [[Int]]) -> [UInt16] {
        var counts = [UInt16](repeating: 0, count: holders.count)
        for units in candidates {
            for unit in units {
                let slot = Int(holders.slots[unit])
                if slot >= 0, counts[slot] < .max { counts[slot] += 1 }
            }
        }
        return counts
    }

    /// Each unit's slot among the units that hold others (-1 for one that holds none), and how
    /// many those are: a tenth of the gazetteer, so a page's counts (`mentions`) are a tenth of
    /// the memory to clear.
    static func holders(_ gazetteer: Gazetteer) -> (slots: [Int32], count: Int) {
        var slots = [Int32](repeating: -1, count: gazetteer.entries.count)
        var count: Int32 = 0
        for entry in gazetteer.entries {
            guard let parent = entry.parent, slots[parent] < 0 else { continue }
            slots[parent] = count
            count += 1
        }
        return (slots, Int(count))
    }

    /// The units a place's name may be: by full name, or by short name for a name written without
    /// its suffix.
    func units(named place: Match) -> [Int] { Self.placeField(place, \.name).map { units(named: $0) } ?? [] }

    func units(named name: String) -> [Int] { Self.units(named: name, gazetteer, autonomyShort) }

    static func units(named name: String, _ gazetteer: Gazetteer, _ autonomyShort: NameDictionary<[Int]>) -> [Int] {
        let full = gazetteer.named(name)
        return full.isEmpty ? unitsByShortName(name, gazetteer, autonomyShort) : full
    }

    /// The units a place's name may be when it is no unit's full name.
    func shortUnits(named place: Match) -> [Int] {
        Self.placeField(place, \.name).map { Self.unitsByShortName($0, gazetteer, autonomyShort) } ?? []
    }

    /// The units a name written without its suffix may be (an autonomous unit's short form, 长沙).
    static func unitsByShortName(_ name: String, _ gazetteer: Gazetteer, _ autonomyShort: NameDictionary<[Int]>)
        -> [Int]
    {
        if let short = autonomyShort[name] { return short }
        // 长沙 is 长沙市, not the 长沙县 inside it.
        let short = gazetteer.shortNames[name] ?? []
        return short.filter { unit in !short.contains { $0 != unit && gazetteer.contains($0, unit) } }
    }

    /// Two places written one after the other, the higher first (宁波市鄞州区), keep only the units
    /// that fit inside each other — in both directions, so the lower one also settles the higher.
    func narrowChains(_ places: [Match], _ candidates: inout [[Int]]) {
        for _ in 0..<2 {
            for i in places.indices.dropFirst() where places[i - 1].range.upperBound == places[i].range.lowerBound {
                let upper = candidates[i - 1], lower = candidates[i]
                // A list of one unit or none stays as it is: what fits of it is all of it or nothing.
                if lower.count > 1 {
                    let inner = lower.filter { c in upper.contains { gazetteer.contains($0, c) } }
                    if !inner.isEmpty { candidates[i] = inner }
                }
                if upper.count > 1 {
                    let outer = upper.filter { u in lower.contains { gazetteer.contains(u, $0) } }
                    if !outer.isEmpty { candidates[i - 1] = outer }
                }
            }
        }
    }

    /// A name still open takes the unit that lies deepest inside (or is) a unit the page has pinned
    /// down, when only one does. Repeated until nothing changes, since each choice pins down more;
    /// a settled name stays settled, so each round adds the lineages of its choices to the depths
    /// rather than weighing every settled name again.
    func narrowByPage(_ candidates: inout [[Int]]) {
        // Most names are one unit or none: with no name open there is nothing to weigh.
        guard candidates.contains(where: { $0.count > 1 }) else { return }
        var depth = settledDepths(candidates)
        while !depth.isEmpty {
            var chosen: [Int] = []
            // A name written again has the same units (城关镇 is 88): weighed once a round, by its first unit.
            var weighed: [Int: (units: [Int], top: Int?)] = [:]
            for i in candidates.indices where candidates[i].count > 1 {
                let units = candidates[i]
                let top: Int?
                if let known = weighed[units[0]], known.units == units {
                    top = known.top
                } else {
                    top = deepestUnit(units, depth)
                    weighed[units[0]] = (units, top)
                }
                if let top {
                    candidates[i] = [top]
                    chosen.append(top)
                }
            }
            guard !chosen.isEmpty, candidates.contains(where: { $0.count > 1 }) else { return }
            for unit in chosen { settle(unit, in: &depth) }
        }
    }

    /// The one unit of `units` that lies deepest inside (or is) a unit the page settled on, if one does.
    func deepestUnit(_ units: [Int], _ depth: SettledDepths) -> Int? {
        var (best, top, ties) = (0, -1, 0)
        for unit in units {
            let d = deepestSettled(unit, depth)
            if d > best { (best, top, ties) = (d, unit, 1) } else if d == best { ties += 1 }
        }
        return best > 0 && ties == 1 ? top : nil
    }

    /// For each unit at or above a place the page settled on one unit: how deep the deepest such
    /// lineage runs below it and through it (the settled unit itself counts its lineage's length).
    func settledDepths(_ candidates: [[Int]]) -> SettledDepths {
        var depth = SettledDepths(lineages: candidates.lazy.filter { $0.count == 1 }.count)
        for units in candidates where units.count == 1 { settle(units[0], in: &depth) }
        return depth
    }

    /// Raises the depths on the lineage of a unit the page settled on.
    func settle(_ settled: Int, in depth: inout SettledDepths) {
        var length = 0
        var at: Int? = settled
        while let unit = at { (length, at) = (length + 1, gazetteer.entries[unit].parent) }
        // Settled already (a name written again), or inside a deeper settled lineage: every unit
        // above it is as deep already.
        guard depth[settled] < length else { return }
        at = settled
        while let unit = at {
            depth.raise(unit, to: length)
            (length, at) = (length - 1, gazetteer.entries[unit].parent)
        }
    }

    /// The deepest settled lineage through `unit` or a unit above it.
    func deepestSettled(_ unit: Int, _ depth: SettledDepths) -> Int {
        var deepest = 0
        var at: Int? = unit
        while let u = at {
            deepest = max(deepest, depth[u])
            at = gazetteer.entries[u].parent
        }
        return deepest
    }

    /// Writes the codes in. A chosen unit gives the place its level (a county-level 市 is a
    /// district) and, when the place has no parent in its chain, the parent an earlier mention of
    /// the same name had, or the gazetteer's parent when the page names that parent too: when it is
    /// among `namedUnits`, the units the places' names are the full names of (so its name is one of
    /// theirs). A place none of this changes is not written again.
    func withCodes(_ places: consuming [Match], _ candidates: [[Int]], namedUnits: Set<Int>) -> [Match] {
        var parents = NameDictionary<String>()
        // Written in place: the caller's list is this one's own, not copied at the first write.
        for i in places.indices {
            guard let name = Self.placeField(places[i], \.name) else { continue }
            let unit = candidates[i].count == 1 ? candidates[i][0] : nil
            let own = Self.placeField(places[i], \.parent) ?? nil
            let up = unit.flatMap { gazetteer.entries[$0].parent }
            let given = own ?? up.flatMap { namedUnits.contains($0) ? gazetteer.entries[$0].name : nil }
            // Most pages give no parent: the table is made at the first, at its size (at most one
            // name a place left), and an empty one is not asked.
            if let given, parents.isEmpty || parents[name] == nil {
                if parents.isEmpty { parents.reserveCapacity(places.count - i) }
                parents.update(given, for: name)
            }
            let parent = given ?? (parents.isEmpty ? nil : parents[name])
            let unchanged = unit == nil && (own != nil || parent == nil)
            if unchanged, Self.placeField(places[i], \.candidates) == candidates[i].count { continue }
            guard var place = places[i].value.place else { continue }
            place.candidates = candidates[i].count
            if let unit {
                place.code = gazetteer.entries[unit].code
                if place.level != "community" { place.level = gazetteer.entries[unit].level }
            }
            place.parent = parent
            places[i].value = .place(place)
        }
        return places
    }
}

/// How deep the page's settled lineages run through the units on them. Most units a name may be
/// lie on none: a bitmap of the units' low bits answers for those without hashing.
struct SettledDepths {
    private var depth: [Int: Int]
    private var marked = [UInt64](repeating: 0, count: 64)

    /// Room for this many settled lineages, made at once: grown as units came, the table was
    /// made again several times a page.
    init(lineages: Int = 0) { depth = Dictionary(minimumCapacity: lineages * PlaceExtractor.levels.count) }

    var isEmpty: Bool { depth.isEmpty }

    mutating func raise(_ unit: Int, to length: Int) {
        marked[(unit >> 6) & 63] |= 1 << UInt64(unit & 63)
        Self.raise(&depth[unit, default: 0], to: length)  // found once, read and written in place
    }

    private static func raise(_ depth: inout Int, to length: Int) { depth = max(depth, length) }

    /// The depth through `unit`; 0 off every settled lineage.
    subscript(unit: Int) -> Int {
        marked[(unit >> 6) & 63] & (1 << UInt64(unit & 63)) == 0 ? 0 : depth[unit] ?? 0
    }
}
