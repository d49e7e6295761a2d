import CICU
import Foundation
import Synchronization

/// A compiled regular expression from a rule file (ICU syntax), run through ICU's C API so that
/// every match has a time limit: a user's pattern that backtracks catastrophically must cost a
/// document milliseconds, not minutes. Compiled once at load; each matching thread borrows a
/// clone of the compiled form (ICU matchers hold the text and position, so they are not shared).
/// A class: rules hand their patterns around on every line, and a copy of a struct of a dozen
/// references retained each one.
public final class Pattern: Sendable {
    public let source: String
    /// The rule the pattern belongs to, named in time-out warnings and `rules check` errors.
    public let rule: String
    /// Where the pattern is written, for `rules check`.
    let path: String, line: Int, column: Int
    let engine: Engine
    /// What every match needs and where it may start (`RequiredLiterals`).
    let gate: Gate
    /// The same for each top-level branch (none for a pattern of one): `PatternFilter` says which
    /// branches a text holds the words of, and the pattern is tried only where those may start.
    let branchGates: [Gate]
    /// The branches whose matches end the text (`Gate.endsWith`): on a text that ends otherwise,
    /// they are not tried.
    let endingBranches: Branches

    init(_ source: String, rule: String, at node: RuleNode) throws(Diagnostic) {
        let units = Array(source.utf16)
        var status: Int32 = 0, offset: Int32 = 0
        guard let regex = cicu_regex_open(units, Int32(units.count), &status, &offset), !cicu_failed(status) else {
            throw node.error(
                "invalid regular expression '\(source)': \(String(cString: cicu_error_name(status)))"
                    + " at offset \(offset)")
        }
        self.source = source
        self.rule = rule
        let mark = node.node.mark
        (path, line, column) = (node.path, mark?.line ?? 1, mark?.column ?? 1)
        engine = Engine(regex)
        let reading = RequiredLiterals.read(source)
        gate = Gate(reading)
        let branchGates = reading.branches.map(Gate.init)
        self.branchGates = branchGates
        endingBranches = branchGates.indices.reduce(into: []) {
            if branchGates[$1].endsWith != nil { $0.insert(.branch($1)) }
        }
    }

    /// One match: UTF-16 ranges (as NSString counts) of the whole match and of each group.
    public struct Match: Sendable {
        let ranges: [NSRange]
        public var range: NSRange { ranges[0] }
        /// The whole match plus one range per capture group.
        public var numberOfRanges: Int { ranges.count }
        /// Group `i`'s range; `location` is `NSNotFound` when the group took no part in the match.
        public func range(at i: Int) -> NSRange { ranges[i] }
    }

    /// The first match in `text`, or nil (also when the match ran out of time).
    func firstMatch(in text: String) -> Match? {
        var found: Match?
        run(text) { regex in
            found = Match(ranges: Self.ranges(regex, groups: engine.groups))
            return false
        }
        return found
    }

    /// Every match, left to right; a time-out ends the list where it happened.
    func matches(in text: String) -> [Match] {
        Self.withUTF16(text) { matches(inUTF16: $0) }
    }

    /// Every match in a text already in UTF-16, for several patterns run over one long text;
    /// `branches`, those whose words the text holds (`PatternFilter`).
    func matches(inUTF16 units: UnsafeBufferPointer<UInt16>, branches: Branches = .all) -> [Match] {
        var found: [Match] = []
        run(units, branches: branches) { regex in
            found.append(Match(ranges: Self.ranges(regex, groups: engine.groups)))
            return true
        }
        return found
    }

    /// The range of every match, left to right, in a text already in UTF-16: for a caller that
    /// cuts or marks the matches and reads no group, with no array of groups made per match.
    func matchRanges(inUTF16 units: UnsafeBufferPointer<UInt16>, branches: Branches = .all) -> [NSRange] {
        var found: [NSRange] = []
        run(units, branches: branches) { regex in
            let start = Int(cicu_regex_start(regex, 0))
            found.append(NSRange(location: start, length: Int(cicu_regex_end(regex, 0)) - start))
            return true
        }
        return found
    }

    func contains(_ text: String) -> Bool { Self.withUTF16(text) { contains(inUTF16: $0) } }

    /// Whether `text` ends as every match must (`Gate.endsWith`), for a caller that would read it
    /// for the pattern's words first: always, when the matches may end anywhere.
    func mayEnd(_ text: String) -> Bool {
        gate.endsWith == nil || gate.mayEnd(with: text.unicodeScalars.last { !$0.isWhiteSpace })
    }

    /// Whether the pattern matches a text already in UTF-16, for several patterns tried on one line.
    func contains(inUTF16 units: UnsafeBufferPointer<UInt16>, branches: Branches = .all) -> Bool {
        var found = false
        run(units, branches: branches) { _ in
            found = true
            return false
        }
        return found
    }

    static func ranges(_ regex: cicu_regex, groups: Int) -> [NSRange] {
        (0...groups).map { group in
            let start = Int(cicu_regex_start(regex, Int32(group)))
            guard start >= 0 else { return NSRange(location: NSNotFound, length: 0) }
            return NSRange(location: start, length: Int(cicu_regex_end(regex, Int32(group))) - start)
        }
    }
}

// MARK: Running with a time limit

extension Pattern {
    /// ICU's time limit counts "ticks" of about ten thousand match steps (a fraction of a millisecond).
    /// Every match gets `baseTicks`, so short lines are never cut off by the fixed cost of a
    /// complex pattern, plus one tick per `unitsPerTick` UTF-16 units, so a linear scan of any text
    /// fits: a tick per 16 units is about 600 steps per character. The margin is wide: with one
    /// tick of base and one per 640 units, no built-in pattern timed out anywhere in the corpus or
    /// the samples. A pattern that backtracks exponentially or quadratically runs out within
    /// milliseconds instead.
    static let baseTicks = 20
    static let unitsPerTick = 16
    /// Texts up to this many UTF-8 bytes are copied to the stack for ICU (3 KB at most), not the heap.
    static let stackBytes = 1536

    static func timeLimit(units: Int) -> Int32 {
        Int32(clamping: baseTicks + units / unitsPerTick)
    }

    /// How a run ended: ICU's own failures (time-out, stack overflow) count as no match.
    enum Outcome: Equatable {
        case done
        case gaveUp(String)
    }

    /// Runs the pattern over `text`, calling `each` at every match until it returns false. A run
    /// that gives up is recorded for the document's warnings; a rule that gave up too often in
    /// this document is not run again until it ends.
    @discardableResult
    func run(_ text: String, _ each: (cicu_regex) -> Bool) -> Outcome {
        Self.withUTF16(text) { run($0, each) }
    }

    @discardableResult
    func run(_ units: UnsafeBufferPointer<UInt16>, branches: Branches = .all, _ each: (cicu_regex) -> Bool)
        -> Outcome
    {
        let places = places(in: units, probing: false, branches: branches)
        // The time-out tally is asked only where a match can start: most texts a rule admits hold no place.
        if places?.isEmpty == true { return .done }
        let tally = Timeouts.current
        if let tally, tally.isSkipped(rule) { return .done }
        let outcome = search(units, at: places, each)
        if case .gaveUp = outcome { tally?.gaveUp(rule) }
        return outcome
    }

    /// The search itself, with no bookkeeping. `rules check` probes call it directly, with
    /// `probing`: a probe line is searched even without the run of digits the pattern needs, as
    /// a page may hold that run beside a line's runaway part, and whatever it ends with (a
    /// character the pattern does not name), as a page's line may end as a match must.
    func search(_ text: String, probing: Bool = false, _ each: (cicu_regex) -> Bool) -> Outcome {
        Self.withUTF16(text) { search($0, probing: probing, each) }
    }

    func search(
        _ units: UnsafeBufferPointer<UInt16>, probing: Bool = false, branches: Branches = .all,
        _ each: (cicu_regex) -> Bool
    ) -> Outcome {
        let places = places(in: units, probing: probing, branches: branches)
        if places?.isEmpty == true { return .done }  // no match can start anywhere: ICU is not asked
        return search(units, at: places, each)
    }

    /// ICU's search of a text at `places` (nil: anywhere), where a match may start.
    private func search(_ units: UnsafeBufferPointer<UInt16>, at places: [Int]?, _ each: Each) -> Outcome {
        engine.borrow { regex in
            let ticks = Self.timeLimit(units: units.count)
            var status = cicu_regex_set_text(regex, units.baseAddress, Int32(units.count), ticks)
            if !cicu_failed(status) { status = findAll(regex, units, at: places, ticks: ticks, each) }
            return cicu_failed(status) ? .gaveUp(String(cString: cicu_error_name(status))) : .done
        }
    }

    /// Whether `count` decimal digits stand in a row somewhere in the text. A surrogate counts as
    /// one (a few astral scalars are digits), so a text is never skipped that could match.
    static func hasDigits(_ units: UnsafeBufferPointer<UInt16>, inARow count: Int) -> Bool {
        digitRun(units, atLeast: count, from: 0, decimalDigits) != nil
    }

    /// The first run of `count` digits or more (surrogates counting as digits) that starts at or
    /// after `from`, where the unit before `from` is no digit. Only every `count`th unit is read
    /// until one is a digit: a run that long holds one of them. From it, the run is read back and
    /// on to its ends.
    @inline(__always) private static func digitRun(
        _ units: UnsafeBufferPointer<UInt16>, atLeast count: Int, from: Int, _ digits: ScalarSet
    ) -> Range<Int>? {
        let count = max(count, 1)
        var i = from  // no run of `count` starts before `i` but those found
        while i + count <= units.count {
            let probe = i + count - 1
            guard isDigit(units[probe], digits) else {
                i = probe + 1
                continue
            }
            var (start, end) = (probe, probe + 1)
            while start > i, isDigit(units[start - 1], digits) { start -= 1 }
            while end < units.count, isDigit(units[end], digits) { end += 1 }
            if end - start >= count { return start..<end }
            i = end + 1  // the unit at `end` is no digit
        }
        return nil
    }

    /// Whether a unit is one of `digits` (always `decimalDigits`, read once by the caller's loop),
    /// or a surrogate (0xD800–0xDFFF), no scalar of its own: counted as a digit, as a few astral
    /// scalars are. Below U+0660 (Arabic-Indic zero) the only decimal digits are ASCII's, and the
    /// CJK ideographs (U+3400–U+9FFF, most of a Chinese text) hold none: both are answered
    /// without the bitmap.
    @inline(__always) static func isDigit(_ u: UInt16, _ digits: ScalarSet) -> Bool {
        if u < 0x660 { return u &- 0x30 < 10 }
        if u &- 0x3400 < 0x6C00 { return false }
        return u & 0xF800 == 0xD800 || digits.contains(Unicode.Scalar(u)!)
    }

    /// Where `lead` digits (surrogates counting as digits) stand in a row, in order: each place a
    /// match that opens with them can start (none inside a surrogate pair). When every match also
    /// holds `run` digits in a row (more than `lead`), none in a text without such a run: most
    /// texts have none, and are read every `run`th unit for one before every `lead`th for the
    /// runs. When a match also takes at most `longest` units, only the places with such a run
    /// close enough after them are kept: a phone number's seven digits are tried for where they
    /// stand, not at every year and amount of the text. Places are written out only for the runs
    /// near a long one.
    static func digitPlaces(
        _ units: UnsafeBufferPointer<UInt16>, lead: Int, run: Int = 0, within longest: Int? = nil
    ) -> [Int] {
        if run > lead, !hasDigits(units, inARow: run) { return [] }
        let runs = digitRuns(units, atLeast: lead)
        let long = run > lead ? runs.filter { $0.count >= run } : runs
        guard !long.isEmpty else { return [] }
        guard run > lead, let longest else { return places(units, in: runs, lead: lead) }
        var k = 0
        let near = runs.filter { r in
            // A long run that ends too soon for this run's first place does for every later place.
            while k < long.count, long[k].upperBound - run < r.lowerBound { k += 1 }
            return k < long.count && long[k].lowerBound + run <= r.upperBound - lead + longest
        }
        return withRun(places(units, in: near, lead: lead), long, run: run, within: longest)
    }

    /// The runs of `count` decimal digits or more (surrogates counting as digits), in order.
    static func digitRuns(_ units: UnsafeBufferPointer<UInt16>, atLeast count: Int) -> [Range<Int>] {
        let digits = decimalDigits
        var runs: [Range<Int>] = []
        var from = 0
        while let run = digitRun(units, atLeast: count, from: from, digits) {
            runs.append(run)
            from = run.upperBound + 1  // the unit at the run's end is no digit
        }
        return runs
    }

    /// Each place in these runs where `lead` digits start, but inside a surrogate pair.
    private static func places(_ units: UnsafeBufferPointer<UInt16>, in runs: [Range<Int>], lead: Int) -> [Int] {
        var found: [Int] = []
        // Appended place by place: an array per run, filtered into another, cost more than the scan.
        for r in runs {
            for p in r.lowerBound...(r.upperBound - lead) where !UTF16.isTrailSurrogate(units[p]) { found.append(p) }
        }
        return found
    }

    /// The places `p` (in order) where `run` units of one of the runs `long` (in order) lie in
    /// `p..<p + longest`. A run that ends too soon for one place ends too soon for every later
    /// one; the first that does not is the only one that can lie close enough.
    static func withRun(_ places: [Int], _ long: [Range<Int>], run: Int, within longest: Int) -> [Int] {
        var k = 0
        return places.filter { p in
            while k < long.count, long[k].upperBound - p < run { k += 1 }
            guard k < long.count else { return false }
            return min(long[k].upperBound, p + longest) - max(long[k].lowerBound, p) >= run
        }
    }

    /// Unicode's decimal digits (Nd) of the Basic Multilingual Plane as the standard library knows
    /// them: every one ICU's `\d` matches there, and every literal digit the reader counts.
    /// Unicode keeps them in runs of ten, 0 to 9 in order, so each run holds one multiple of ten:
    /// only those are asked, and a digit found gives its run.
    static let decimalDigits: ScalarSet = {
        func value(_ v: UInt32) -> Int? { RequiredLiterals.Parser.digitValue(Unicode.Scalar(v) ?? "x") }
        var digits: [Unicode.Scalar] = []
        for probe in stride(from: UInt32(0), to: 0x10000, by: 10) {
            guard let v = value(probe) else { continue }
            let zero = probe - UInt32(v)
            digits += (zero..<zero + 10).filter { value($0) != nil }.compactMap(Unicode.Scalar.init)
        }
        return ScalarSet(digits)
    }()

    /// Where a match may start (`Gate.places`): from the branches whose words the text holds and
    /// whose matches may end it as it ends (but for a probe's, `probing`) when some are missing
    /// (`livePlaces`), else from the whole pattern. Nil: anywhere.
    private func places(in units: UnsafeBufferPointer<UInt16>, probing: Bool, branches: Branches) -> [Int]? {
        let branches = probing ? branches : ending(units, branches)
        guard !branches.isEmpty else { return [] }  // no branch can match
        return livePlaces(in: units, probing: probing, branches: branches)
            ?? gate.places(in: units, probing: probing)
    }

    /// `branches` but those whose matches end the text with a scalar it does not end with (none
    /// when the whole pattern's do). Read from the end: most lines end with a stop, not a bracket.
    private func ending(_ units: UnsafeBufferPointer<UInt16>, _ branches: Branches) -> Branches {
        guard gate.endsWith != nil || !endingBranches.isDisjoint(with: branches) else { return branches }
        let last = Self.lastNonWhite(units)
        guard gate.mayEnd(with: last) else { return [] }
        var live = branches
        for b in Self.bits(branches.rawValue & endingBranches.rawValue) where !branchGates[b].mayEnd(with: last) {
            live.remove(.branch(b))
        }
        return live
    }

    /// The text's last scalar that is no white space; nil when it has none.
    static func lastNonWhite(_ units: UnsafeBufferPointer<UInt16>) -> Unicode.Scalar? {
        var end = units.count
        // Every White_Space scalar is one unit.
        while end > 0, Unicode.Scalar(units[end - 1])?.isWhiteSpace == true { end -= 1 }
        guard end > 0 else { return nil }
        let unit = units[end - 1]
        guard UTF16.isTrailSurrogate(unit), end > 1, UTF16.isLeadSurrogate(units[end - 2]) else {
            return Unicode.Scalar(unit)  // nil for a lone surrogate, which no literal of a pattern is
        }
        return Unicode.Scalar(0x10000 + (UInt32(units[end - 2]) - 0xD800) << 10 + (UInt32(unit) - 0xDC00))
    }

    /// The places of the branches in `branches`, when they are not all of them: a branch that
    /// cannot match puts no place in the list. Nil, for the whole pattern's places, where a live
    /// branch may start anywhere or where the branches give more places than a text of this
    /// length is tried at (`unitsPerStart`).
    ///
    /// Runs for most lines a chrome rule is tried on: the live branches are read off the mask's
    /// bits, and their places merged by sorting, with no array of branches or set of places.
    private func livePlaces(in units: UnsafeBufferPointer<UInt16>, probing: Bool, branches: Branches) -> [Int]? {
        let every = Branches(rawValue: .max >> UInt64(64 - branchGates.count))
        guard !branchGates.isEmpty, !branches.isSuperset(of: every) else { return nil }
        let live = branches.rawValue & every.rawValue
        guard !Self.bits(live).contains(where: { branchGates[$0].startsAnywhere }) else { return nil }
        var all: [Int] = []
        for b in Self.bits(live) {
            guard let some = branchGates[b].places(in: units, probing: probing) else { return nil }
            all += some
        }
        guard live.nonzeroBitCount > 1 else { return all }
        guard all.count <= max(1, units.count / Self.unitsPerStart) else { return nil }
        all.sort()
        var kept = 0  // each place once
        for i in all.indices where kept == 0 || all[i] != all[kept - 1] {
            all[kept] = all[i]
            kept += 1
        }
        return Array(all[..<kept])
    }

    /// The indices of a mask's set bits, lowest first.
    private static func bits(_ mask: UInt64) -> some Sequence<Int> {
        sequence(state: mask) { mask -> Int? in
            guard mask != 0 else { return nil }
            defer { mask &= mask - 1 }
            return mask.trailingZeroBitCount
        }
    }

    /// Every match in order, ICU's status after them. A pattern is tried at each place a match may
    /// start (an anchored one at the start alone: after it `^` holds nowhere, and ICU's attempts
    /// elsewhere fail at their first `^`), else by ICU's search. The matches are ICU's; but where
    /// ICU's search of the whole text would run out of time, having spent its limit where no match
    /// can start, trying the places may end with their matches.
    private func findAll(
        _ regex: cicu_regex, _ units: UnsafeBufferPointer<UInt16>, at places: [Int]?, ticks: Int32, _ each: Each
    ) -> Int32 {
        if gate.anchored {
            var status: Int32 = 0
            let found = cicu_regex_looking_at(regex, 0, &status)
            guard cicu_failed(status) else {
                if found { _ = each(regex) }
                return status
            }
            // Out of time: ICU's search of the whole text decides, as it would have.
            return search(regex, from: 0, each)
        }
        if let places { return tryEach(regex, units, at: places, ticks: ticks, each) }
        return search(regex, from: nil, each)
    }

    typealias Each = (cicu_regex) -> Bool

    /// A text with more than one start place (word or looked-behind scalar) in this many units is
    /// searched by ICU itself.
    static let unitsPerStart = 32

    /// Tries the pattern at each of `positions`, every place a match can start, from the end of
    /// the last match on, as ICU's search would, without ICU testing every character of the text
    /// against the pattern's first characters. An attempt gets a tick; one that needs more hands
    /// the rest of the text to ICU's search, with the text's whole time limit.
    private func tryEach(
        _ regex: cicu_regex, _ units: UnsafeBufferPointer<UInt16>, at positions: [Int], ticks: Int32, _ each: Each
    ) -> Int32 {
        var status = cicu_regex_set_time_limit(regex, 1)
        var from = 0
        for p in positions where p >= from && !cicu_failed(status) {
            let found = cicu_regex_looking_at(regex, Int32(p), &status)
            if cicu_failed(status) {
                status = cicu_regex_set_time_limit(regex, ticks)
                return cicu_failed(status) ? status : search(regex, from: from, each)
            }
            guard found else { continue }
            guard each(regex) else { return status }
            let (start, end) = (Int(cicu_regex_start(regex, 0)), Int(cicu_regex_end(regex, 0)))
            guard let next = Self.resume(units, start: start, end: end) else { return status }
            from = next
        }
        return status
    }

    /// Where a search goes on after a match: at its end, or, after an empty match (an anchored
    /// branch's, at the start), past the code point there, as ICU's own search does; nil when an
    /// empty match ends the text.
    static func resume(_ units: UnsafeBufferPointer<UInt16>, start: Int, end: Int) -> Int? {
        guard end == start else { return end }
        guard end < units.count else { return nil }
        let pair = UTF16.isLeadSurrogate(units[end]) && end + 1 < units.count && UTF16.isTrailSurrogate(units[end + 1])
        return end + (pair ? 2 : 1)
    }

    /// ICU's own search, from `from` (nil: from the start, or on from the last match): every
    /// match until `each` says stop, and ICU's status.
    private func search(_ regex: cicu_regex, from: Int?, _ each: Each) -> Int32 {
        var status: Int32 = 0
        var more = from.map { cicu_regex_find_from(regex, Int32($0), &status) } ?? cicu_regex_find_next(regex, &status)
        while more, each(regex) { more = cicu_regex_find_next(regex, &status) }
        return status
    }

    /// `text` as UTF-16 units in memory ICU can read: on the stack when short (most lines are).
    /// Written from the UTF-8 in one pass, into room for as many units as it has bytes (no scalar
    /// takes more UTF-16 units than UTF-8 bytes), not counted first: a native string's `utf16`
    /// view walks its text through index breadcrumbs.
    static func withUTF16<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt16>) -> T) -> T {
        let room = text.utf8.count
        // Capacity 1 keeps the base address non-nil for the empty string.
        if room <= Self.stackBytes {
            return withUnsafeTemporaryAllocation(of: UInt16.self, capacity: max(room, 1)) { buffer in
                let count = write(text, into: buffer)
                return body(UnsafeBufferPointer(rebasing: buffer[..<count]))
            }
        }
        let buffer = UnsafeMutableBufferPointer<UInt16>.allocate(capacity: room)
        defer { buffer.deallocate() }
        let count = write(text, into: buffer)
        return body(UnsafeBufferPointer(rebasing: buffer[..<count]))
    }

    /// Writes `text`'s UTF-16 units from its UTF-8 into `buffer`, which has room for them all;
    /// returns how many there are. A three-byte scalar (Han, CJK punctuation: most of a line) is
    /// one unit, written first, with no count of overflow.
    static func write(_ text: String, into buffer: UnsafeMutableBufferPointer<UInt16>) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var (i, at) = (0, 0)
            while i < bytes.count {
                if bytes[i] & 0xF0 == 0xE0 {
                    buffer[at] = UInt16(truncatingIfNeeded: bytes.threeByteValue(at: i))
                    (i, at) = (i &+ 3, at &+ 1)
                    continue
                }
                let (s, width) = bytes.scalar(at: i)
                i += width
                if s.value <= 0xFFFF {
                    buffer[at] = UInt16(truncatingIfNeeded: s.value)
                    at += 1
                } else {
                    (buffer[at], buffer[at + 1]) = (UTF16.leadSurrogate(s), UTF16.trailSurrogate(s))
                    at += 2
                }
            }
            return at
        }
    }

    /// UTF-16 units of a text, from its UTF-8: one per scalar (a byte that is no continuation
    /// byte), two for a scalar beyond the BMP (a four-byte lead, 0xF0 and up).
    static func utf16Count(_ text: String) -> Int {
        var text = text
        return text.withUTF8(\.utf16Count)
    }
}

// MARK: The compiled form and its clones

extension Pattern {
    /// The compiled pattern and a pool of clones for matching. ICU shares the compiled program
    /// between clones, so a clone is cheap; keeping a few idle ones avoids cloning per match.
    final class Engine: @unchecked Sendable {
        /// More idle clones than this are closed: one per busy thread is all the pool ever needs.
        static let maxIdle = 16
        let groups: Int
        private let compiled: cicu_regex
        /// A Mutex, not an NSLock round a stored array: a pattern is lent for every text it runs
        /// on, and each lending went through the lock's dispatch and the array's access checks.
        private let idle = Mutex<[cicu_regex]>([])

        init(_ compiled: cicu_regex) {
            self.compiled = compiled
            groups = Int(cicu_regex_group_count(compiled))
        }

        deinit {
            idle.withLock { $0.forEach(cicu_regex_close) }
            cicu_regex_close(compiled)
        }

        /// Clones waiting in the pool.
        var idleCount: Int { idle.withLock(\.count) }

        /// Lends `body` a matcher no other thread is using.
        func borrow<T>(_ body: (cicu_regex) -> T) -> T {
            let regex = take()
            defer { give(regex) }
            return body(regex)
        }

        private func take() -> cicu_regex {
            idle.withLock { idle in idle.popLast() ?? clone() }
        }

        private func clone() -> cicu_regex {
            var status: Int32 = 0
            guard let clone = cicu_regex_clone(compiled, &status), !cicu_failed(status) else {
                // Only an allocation failure stops ICU from cloning a pattern it has compiled.
                fatalError("ICU cannot clone a regular expression: \(String(cString: cicu_error_name(status)))")
            }
            return clone
        }

        private func give(_ regex: cicu_regex) {
            let kept = idle.withLock { idle in
                guard idle.count < Self.maxIdle else { return false }
                idle.append(regex)
                return true
            }
            if !kept { cicu_regex_close(regex) }
        }
    }
}

extension String {
    /// The substring at a UTF-16 range, as NSString would cut it.
    func slice(_ range: NSRange) -> String? {
        guard range.location != NSNotFound, let r = Range(range, in: self) else { return nil }
        return String(self[r])
    }
}
