import Foundation

/// Decides, line by line, what a piece of text is: body, heading, or a kind of chrome. The
/// knowledge is the chrome rules; this type only applies them in order.
public struct LineClassifier: Sendable {
    public enum Verdict: Sendable {
        case body
        case heading
        case chrome(ChromeRule, Meta)

        var isBody: Bool {
            if case .body = self { true } else { false }
        }

        /// Chrome by a rule's pattern (what the line says), not by its shape alone.
        var isPatternChrome: Bool {
            guard case .chrome(let rule, _) = self, case .pattern = rule.test else { return false }
            return true
        }
    }

    let rules: [ChromeRule]
    /// The rules that capture metadata: a line none of them matches gives none, whatever it is.
    let fieldRules: [ChromeRule]
    let artifacts: [ChromeRule]
    /// Which rules' patterns may match a line, so that a pattern runs only where its words are.
    let fieldFilter: PatternFilter, artifactFilter: PatternFilter
    /// The rules' filters by the length of the line: for each `max_chars`, shortest first, one over
    /// the rules that look at a line that long. Most lines are prose longer than most rules look
    /// at, and are scanned for the words of the few rules left.
    let ruleFilters: [(upTo: Int, filter: PatternFilter)]
    /// The rules that take a line as a caption by its shape alone (no pattern).
    let captionShapes: Set<String>
    /// The longest line any rule judges (`max_chars`): a line is counted no further.
    let longestLine: Int

    public init(rules: [ChromeRule]) {
        self.rules = rules.filter { $0.role != .artifact }
        self.artifacts = rules.filter { $0.role == .artifact }
        self.fieldRules = self.rules.filter { !$0.fields.isEmpty }
        captionShapes = Set(self.rules.filter { $0.pattern == nil && $0.role == .caption }.map(\.id))
        longestLine = self.rules.map(\.maxChars).max() ?? 0
        let rules = self.rules
        ruleFilters = Set(rules.map(\.maxChars)).sorted().map { ($0, Self.filter(rules, lookingAt: $0)) }
        fieldFilter = Self.filter(fieldRules)
        artifactFilter = Self.filter(artifacts)
    }

    /// The filter of the rules' patterns, of those rules that look at lines of `length` (all, by default).
    static func filter(_ rules: [ChromeRule], lookingAt length: Int = 0) -> PatternFilter {
        let looking = rules.map { $0.maxChars >= length ? $0.pattern : nil }
        let longest = zip(rules, looking).filter { $1 != nil }.map(\.0.maxChars).max() ?? 0
        return PatternFilter(looking, longest: longest)
    }

    /// Deletes scrape artifacts (pinyin ruby and the like) from a line; returns how many went.
    public func repair(_ line: String) -> (String, Int) {
        let (text, removed, _) = repairWithCredits(line)
        return (text, removed)
    }

    /// Repairs the line and reads the metadata of what was deleted: an artifact rule with
    /// `fields` (a reporter's credit in brackets) names the author the way a byline does.
    public func repairWithCredits(_ line: String) -> (text: String, removed: Int, meta: Meta) {
        repairWithCredits(line, scalarCount: line.scalarCount)
    }

    /// `repairWithCredits` of a line whose scalars its caller has counted already.
    func repairWithCredits(_ line: String, scalarCount: Int) -> (text: String, removed: Int, meta: Meta) {
        let may = artifactFilter.candidates(in: line, length: scalarCount)
        // Most lines hold no rule's words: they are not written out in UTF-16 for the patterns.
        guard artifacts.indices.contains(where: { !may[$0].isEmpty && scalarCount <= artifacts[$0].maxChars })
        else { return (line, 0, Meta()) }
        // A buffer, not an array (whose making looks up its type's metadata) nor a closure (which
        // would copy the classifier); the repair cuts its units in place.
        let buffer = UnsafeMutableBufferPointer<UInt16>.allocate(capacity: max(line.utf8.count, 1))
        defer { buffer.deallocate() }
        let units = UnsafeMutableBufferPointer(rebasing: buffer[..<Pattern.write(line, into: buffer)])
        return repairing(line, units: units, scalarCount: scalarCount, may: may)
    }

    /// Runs the artifact rules that `may` match over a line whose UTF-16 is `units`, cutting their
    /// matches out of the units in place; after a cut, the rules read the units kept.
    private func repairing(
        _ line: String, units: UnsafeMutableBufferPointer<UInt16>, scalarCount: Int, may: [Pattern.Branches]
    ) -> (text: String, removed: Int, meta: Meta) {
        var (text, removed, meta, length, may) = (line, 0, Meta(), scalarCount, may)
        var kept = UnsafeBufferPointer(units)
        // By index: a rule is copied (its strings and patterns retained) only when it matches with fields.
        for i in artifacts.indices where !may[i].isEmpty && length <= artifacts[i].maxChars {
            guard case .pattern(let pattern) = artifacts[i].test else { continue }
            let ranges = pattern.matchRanges(inUTF16: kept, branches: may[i])
            guard !ranges.isEmpty else { continue }
            for range in ranges where !artifacts[i].fields.isEmpty {
                guard let deleted = text.slice(range) else { continue }
                meta.fill(from: self.meta(from: artifacts[i], line: deleted, matching: Fold.lineMatching(deleted)))
            }
            kept = UnsafeBufferPointer(rebasing: units[..<Self.deleting(ranges, from: units, count: kept.count)])
            text = String(utf16Units: kept)
            removed += ranges.count
            // A deletion may bring words together: the rules after it look at the new text.
            length = text.scalarCount
            may = artifactFilter.candidates(in: text, length: length)
        }
        return (text, removed, meta)
    }

    /// Cuts these ranges of the first `count` of `units` (a pattern's matches: in order, apart, on
    /// scalar boundaries) out in place, moving the units between them down; returns how many are
    /// kept. In place: an array of the units kept was made, and grown, for every cut.
    static func deleting(_ ranges: [NSRange], from units: UnsafeMutableBufferPointer<UInt16>, count: Int) -> Int {
        var (kept, at) = (0, 0)
        func keep(upTo end: Int) {
            guard end > at, let base = units.baseAddress else { return }
            (base + kept).update(from: base + at, count: end - at)  // moved down: the two may overlap
            kept += end - at
        }
        for r in ranges where r.location + r.length <= count {
            if r.location > at { keep(upTo: r.location) }
            at = max(at, r.location + r.length)
        }
        keep(upTo: count)
        return kept
    }

    /// Whether a line (its matching form) may carry metadata: some rule with fields matches it.
    func mayGiveMeta(_ matching: String) -> Bool {
        let length = matching.characterCount(atMost: min(fieldFilter.longest, .max - 1) + 1)
        let may = fieldFilter.candidates(in: matching, length: length)
        // A loop, not closures over `self`: each would copy the classifier and its rule arrays.
        var tried: [(Pattern, Pattern.Branches)] = []
        for (i, rule) in fieldRules.enumerated() where !may[i].isEmpty && length <= rule.maxChars {
            if let pattern = rule.pattern { tried.append((pattern, may[i])) }
        }
        guard !tried.isEmpty else { return false }
        return Pattern.withUTF16(matching) { units in tried.contains { $0.contains(inUTF16: units, branches: $1) } }
    }

    /// Classifies one trimmed line. `matching` is its folded form; `inHead` is true until the first body line;
    /// `shapes` is false for HTML blocks, whose structure is known from the markup. `besideBlank`
    /// says a blank line touches this one: where a scrape lost an image it left a blank line, so a
    /// caption sits beside one, while a section heading or an infobox entry sits among text lines.
    public func classify(_ line: String, matching: String, inHead: Bool, shapes: Bool = true, besideBlank: Bool = true)
        -> Verdict
    {
        classify(
            line, matching: matching, length: length(of: matching), inHead: inHead, shapes: shapes,
            besideBlank: besideBlank)
    }

    /// The Characters of a line's matching form, counted no further than one past the longest line
    /// a rule judges.
    func length(of matching: String) -> Int { matching.characterCount(atMost: min(longestLine, .max - 1) + 1) }

    /// `classify` of a line whose matching form's Characters its caller has counted (`length`, or
    /// any count past `longestLine`): the text cleaner's fold counts them as it reads the line.
    func classify(_ line: String, matching: String, length: Int, inHead: Bool, shapes: Bool, besideBlank: Bool)
        -> Verdict
    {
        guard let may = candidates(in: matching, length: length) else { return .body }
        // By index: a rule is copied (its strings and pattern retained) only when it fires.
        func firstFiring(_ units: UnsafeBufferPointer<UInt16>) -> Verdict {
            for i in rules.indices where length <= rules[i].maxChars && (inHead || !rules[i].headOnly) {
                let fires: Bool
                switch rules[i].test {
                case .pattern(let pattern):
                    guard !may[i].isEmpty else { continue }
                    fires = pattern.contains(inUTF16: units, branches: may[i])
                case .shortTokens(let minTokens, let maxTokenChars):
                    fires =
                        shapes && Self.isShortTokenRun(matching, minTokens: minTokens, maxTokenChars: maxTokenChars)
                case .caption:
                    guard shapes, Self.isCaptionShaped(matching) else {
                        fires = false
                        break
                    }
                    if !besideBlank { return .heading }
                    fires = true
                }
                guard fires else { continue }
                if rules[i].role == .heading { return .heading }
                return .chrome(rules[i], meta(from: rules[i], line: line, matching: matching))
            }
            return .body
        }
        // The line in UTF-16 for ICU, written once for all its candidate patterns (on the stack).
        guard may.contains(where: { !$0.isEmpty }) else {
            return firstFiring(UnsafeBufferPointer(start: nil, count: 0))
        }
        return Pattern.withUTF16(matching, firstFiring)
    }

    /// Per rule: the branches of its pattern that may match a line of `length` (none for a rule
    /// that does not look at so long a line); nil for a line longer than any rule looks at.
    func candidates(in matching: String, length: Int) -> [Pattern.Branches]? {
        for (upTo, filter) in ruleFilters where length <= upTo {
            return filter.candidates(in: matching, length: length)
        }
        return nil
    }

    func meta(from rule: ChromeRule, line: String, matching: String) -> Meta {
        var meta = Meta()
        // Compared only where a field matched: most chrome lines capture nothing.
        lazy var sameShape = Pattern.utf16Count(line) == Pattern.utf16Count(matching)
        for (field, pattern) in rule.fields {
            guard let m = pattern.firstMatch(in: matching) else { continue }
            // The first group that took part in the match holds the value (a pattern may offer alternatives).
            let range =
                (1..<max(m.numberOfRanges, 1)).lazy.map { m.range(at: $0) }.first { $0.location != NSNotFound }
                ?? m.range
            guard let raw = (sameShape ? line : matching).slice(range) else { continue }
            let value = raw.trimming(Self.fieldEdges)
            guard !value.isEmpty else { continue }
            switch field {
            case .published: meta.published = meta.published ?? DateText.iso(value)
            case .outlet: meta.outlet = meta.outlet ?? value
            case .author: meta.author = meta.author ?? value
            case .editor: meta.editor = meta.editor ?? value
            }
        }
        return meta
    }

    /// What a captured field value is trimmed of: white space, bars, colons and brackets.
    static let fieldEdges = ScalarSet.whitespaces.union(ScalarSet(Array("|｜:：()（）[]【】".unicodeScalars)))

    /// As scalars, with those canonically equal to them (U+0387 is `·`, U+037E is `;`).
    static let tokenSeparators: ScalarSet = [" ", "\t", "|", "·", "\u{0387}", "•", "/", ">", "»"]

    /// At least `minTokens` words between separators, each of Han characters only and none longer
    /// than `maxTokenChars`: one pass over the scalars.
    static func isShortTokenRun(_ line: String, minTokens: Int, maxTokenChars: Int) -> Bool {
        var tokens = 0
        var current = 0
        for u in line.unicodeScalars {
            if tokenSeparators.contains(u) {
                if current > 0 { tokens += 1 }
                current = 0
                continue
            }
            guard isHan(u), current < maxTokenChars else { return false }
            current += 1
        }
        if current > 0 { tokens += 1 }
        return tokens >= minTokens
    }

    /// Punctuation that only sentences carry (in the folded, half-width form).
    static let sentencePunctuation: ScalarSet = ["。", "！", "？", "；", ",", "!", "?", ";", "\u{037E}", ":", "…", "，"]

    /// Han text without sentence punctuation, tabs, double spaces or two bars (table columns).
    static func isCaptionShaped(_ line: String) -> Bool {
        var han = false
        var bars = 0
        var afterSpace = false
        for u in line.unicodeScalars {
            if sentencePunctuation.contains(u) || u == "\t" || (u == " " && afterSpace) { return false }
            if u == "|" { bars += 1 }
            han = han || isHan(u)
            afterSpace = u == " "
        }
        return han && bars < 2
    }

    static func isHan(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F, 0x3007: return true
        default: return false
        }
    }
}

/// Dates as scrapes write them, to ISO 8601.
public enum DateText {
    /// The Republic of China's first year is 1912: 民國91年 is 2002.
    static let rocOffset = 1911

    /// `2020-12-22`, `2020年12月22日`, `2020/12/22 10:00` → `2020-12-22`; a year and month alone → `2020-12`;
    /// a year of the Republic of China after 民國 (`民國91年3月19日`) → `2002-03-19`.
    public static func iso(_ text: String) -> String? {
        // Foundation's search (thousands of instructions) only where the words' bytes are.
        let roc = ["民國", "民国"].contains { text.containsLiteral($0) && text.contains($0) }
        var numbers: [Int] = []
        var current = ""
        for c in text {
            if let d = c.wholeNumberValue, c.isASCII || ("０"..."９").contains(c) {
                current.append(String(d))
            } else if !current.isEmpty {
                numbers.append(Int(current)!)
                current = ""
                if numbers.count == 3 { break }
            }
        }
        if !current.isEmpty, numbers.count < 3 { numbers.append(Int(current)!) }
        if roc, let year = numbers.first, year < 200 { numbers[0] = year + rocOffset }
        guard numbers.count >= 2, (1900...2100).contains(numbers[0]), (1...12).contains(numbers[1]) else { return nil }
        let ym = numbers[0].zeroPadded(4) + "-" + numbers[1].zeroPadded(2)
        guard numbers.count >= 3, (1...31).contains(numbers[2]) else { return ym }
        return ym + "-" + numbers[2].zeroPadded(2)
    }
}
