extension Pattern {
    /// What the matches of a pattern, or of one of its top-level branches, need and where they may
    /// start (`RequiredLiterals.Reading`): a text that cannot hold a match is not searched, and one
    /// that can is tried only at the places a match may start, where that says more than ICU's own
    /// search would. A class: a pattern's branch gates are read one by one for most lines, and a
    /// copy of a struct retained its words, start words and bitmaps.
    final class Gate: Sendable {
        /// Words one of which every match contains; nil when none is required.
        let required: [String]?
        /// Every match starts at the text's start: it is tried there alone, where ICU would try an
        /// alternation of anchored branches at every position.
        let anchored: Bool
        /// The words every match starts with, if the pattern says: where they are rare in a text,
        /// the pattern is tried only where they stand; an anchored one, only when the text starts
        /// with one.
        let starts: StartWords?
        /// Every match holds this many decimal digits in a row (`RequiredLiterals.Digits`); where
        /// that is two or more, a text without such a run is not searched.
        let digitRun: Int
        /// Every match opens with this many digits in a row: with no start words, a pattern whose
        /// matches open with two or more is tried only where they stand.
        let digitLead: Int
        /// The most UTF-16 units a match takes, when the pattern bounds it: such a pattern is
        /// tried only where its run of `digitRun` digits can lie inside the match.
        let longestMatch: Int?
        /// Every match ends the text but for white space, with one of these scalars as its last
        /// that is no white space (`RequiredLiterals.Reading.endsWith`); nil when it may end anywhere.
        let endsWith: [Unicode.Scalar]?
        /// Every match opens with a run of a class before one of a few words (`RequiredLiterals.RunBefore`).
        let runBefore: RunPlaces?

        init(_ reading: RequiredLiterals.Reading) {
            (required, anchored) = (reading.required, reading.anchored)
            starts = StartWords(
                reading.starts, after: reading.after, afterNext: reading.afterNext, alsoAtStart: reading.alsoAtStart)
            (digitRun, digitLead, longestMatch) = (reading.digitRun, reading.digitLead, reading.longest)
            endsWith = reading.endsWith
            runBefore = RunPlaces(reading.runBefore)
        }

        /// Whether a match can end a text whose last scalar that is no white space is `last` (nil:
        /// the text is white space alone): always, when the matches may end anywhere.
        func mayEnd(with last: Unicode.Scalar?) -> Bool {
            guard let endsWith else { return true }
            return last.map(endsWith.contains) ?? false
        }

        /// Nothing says where a match starts or whether a text can hold one (no start words, no
        /// anchor, no lead or run of digits): `places` gives nil, anywhere, for every text.
        var startsAnywhere: Bool {
            !anchored && starts == nil && digitLead <= 1 && digitRun <= 1 && runBefore == nil
        }

        /// Whether the places are where the digits every match opens with stand (`digitPlaces`, which
        /// also says whether the text holds the run every match needs).
        var digitLed: Bool { !anchored && starts == nil && digitLead > 1 }

        /// Where a match may start, in order: none when the text lacks the digits every match
        /// holds; the text's start alone when anchored (none when the text does not open with a
        /// start word); each start word, or each place just after a scalar a branch looks behind
        /// for, when they are few; where the digits every match opens with stand; in the runs of a
        /// class before the words they precede, when few; nil, anywhere.
        /// A `rules check` probe (`probing`) holds no run of digits of its own: only the lead
        /// decides.
        func places(in units: UnsafeBufferPointer<UInt16>, probing: Bool) -> [Int]? {
            if !probing, !digitLed, digitRun > 1, !Pattern.hasDigits(units, inARow: digitRun) { return [] }
            if anchored { return starts.map { $0.startsWord(units, at: 0) ? [0] : [] } ?? [0] }
            if let starts {
                return starts.positions(in: units, atMost: max(1, units.count / Pattern.unitsPerStart))
            }
            // ICU tests each character of the text against a digit-led pattern's first set (a
            // binary search for each Han character), and tries it at every digit: the runs are fewer.
            guard digitLed else {
                return runBefore?.places(in: units, atMost: max(1, units.count / Pattern.unitsPerStart))
            }
            return Pattern.digitPlaces(
                units, lead: digitLead, run: probing ? 0 : digitRun, within: probing ? nil : longestMatch)
        }
    }

    /// Where a match that opens with a run of a class's characters before one of a few words
    /// (`RequiredLiterals.RunBefore`) may start: in each run that ends where a word stands. The
    /// words are found as start words are, and each run is read back from its word.
    struct RunPlaces: Sendable {
        /// The class's members, decimal digits among them where it holds `\d`.
        let members: ScalarSet
        /// Surrogates count as members where the class holds `\d`: a few astral scalars are digits.
        let surrogates: Bool
        let words: StartWords

        init?(_ run: RequiredLiterals.RunBefore?) {
            guard let run, let words = StartWords(run.words) else { return nil }
            let members = ScalarSet(run.members)
            (self.members, surrogates, self.words) = (
                run.digits ? members.union(decimalDigits) : members, run.digits, words
            )
        }

        /// Every place in the runs, in order; nil as soon as there are more than `limit`.
        func places(in units: UnsafeBufferPointer<UInt16>, atMost limit: Int) -> [Int]? {
            guard let ends = words.positions(in: units, atMost: limit) else { return nil }
            var found: [Int] = []
            for end in ends {
                var start = end
                while start > 0, holds(units[start - 1]) { start -= 1 }
                for p in start..<end where !UTF16.isTrailSurrogate(units[p]) { found.append(p) }
                if found.count > limit { return nil }
            }
            return found
        }

        @inline(__always) private func holds(_ u: UInt16) -> Bool {
            u & 0xF800 == 0xD800 ? surrogates : members.contains(Unicode.Scalar(u)!)
        }
    }

    /// A set of a pattern's top-level branches, a bit each by index (at most
    /// `RequiredLiterals.maxBranches`); `all` is every branch, however many the pattern has (a
    /// pattern read whole has one). Empty: the pattern cannot match.
    struct Branches: OptionSet, Sendable {
        let rawValue: UInt64

        static let all = Branches(rawValue: .max)

        /// The branch at `index` alone.
        static func branch(_ index: Int) -> Branches { Branches(rawValue: 1 << UInt64(index)) }
    }
}
