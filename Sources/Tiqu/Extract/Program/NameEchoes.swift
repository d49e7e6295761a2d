/// Names a page defines once and then uses bare: a quote the rules say nothing about is still a
/// program when the page names that program elsewhere (`“星联盟”单位` after `邻里志愿“星联盟”`), or
/// names a part of one (`‘党建红’` after `“党建红 市政蓝 精准微网格”品牌项目`). And a program may be named
/// inside an honor's quotes (`“全省‘文明社区、和谐家园’活动四星社区党组织”`): a nested quote with a head
/// right after it names the campaign the honor belongs to.
extension ProgramExtractor {
    /// Marks that join the parts of one name (`微网成炬·益行红砂`, `党建红 市政蓝`).
    static let partMarks: Set<Character> = [" ", "·", "•", "∙"]
    /// The part marks as scalars: most names hold none, and are not split.
    static let partMarkScalars = ScalarSet(partMarks.flatMap(\.unicodeScalars))

    /// Quotes left unjudged that name a program found elsewhere on the page, or a part of one; a
    /// name that is also an honor's title on the page (`“最美街道”评选活动` beside `获得“最美街道”称号`,
    /// `honors` among the earlier facts) is the honor when it stands alone.
    func withEchoes(
        _ judged: [(quote: Range<Int>, program: Match?)], text: [Unicode.Scalar], honors: [Match]
    ) -> [(quote: Range<Int>, program: Match?)] {
        // Most pages leave no quote unjudged, or name no program: nothing to echo.
        guard judged.contains(where: { $0.program == nil }) else { return judged }
        let programs = judged.compactMap(\.program)
        guard !programs.isEmpty else { return judged }
        let names = programs.map(Self.names)
        return judged.map { item in
            guard item.program == nil else { return item }
            let name = Self.inner(text, item.quote)
            // The first program that names it gives it its kind. Its length in Characters, and whether an honor
            // has it as its title, are asked last: of the few quotes a program names.
            guard let k = names.firstIndex(where: { $0.contains(name) }), let p = programs[k].value.program,
                name.prefix(Self.minName).count == Self.minName,
                !honors.contains(where: { $0.value.honor?.title == name })
            else { return item }
            let source = programs[k]
            let echo = Program(name: name, head: nil, kind: p.kind)
            return (item.quote, Match(range: item.quote, rule: source.rule, value: .program(echo)))
        }
    }

    /// The quotes a numbered program spells out (`上门走访“问需”、入户登记“建档”的“两步”工作法`,
    /// `“两个一”服务：“一张网”、“一本账”`): as many quotes as its number, listed right before it (only 的
    /// between) or right after it (after a colon or 即), each a part of it.
    func withNumberedParts(_ judged: [(quote: Range<Int>, program: Match?)], text: [Unicode.Scalar]) -> [(
        quote: Range<Int>, program: Match?
    )] {
        var out = judged
        for i in out.indices {
            guard let m = out[i].program, let p = m.value.program, let count = Self.count(of: out[i].quote, in: text),
                count >= 2, let items = spelledOut(out, by: i, count: count, text: text)
            else { continue }
            for j in items where out[j].program == nil {
                let part = Program(name: Self.inner(text, out[j].quote), head: nil, kind: p.kind)
                out[j].program = Match(range: out[j].quote, rule: m.rule, value: .program(part))
            }
        }
        return out
    }

    /// What may stand between a numbered program and the list after it that spells it out.
    static let spellingGaps: Set<String> = [":", "即", ":即", ",即"]

    /// The quotes that spell out the `i`th: a list of exactly `count` right before it, or right after it.
    func spelledOut(
        _ judged: [(quote: Range<Int>, program: Match?)], by i: Int, count: Int, text: [Unicode.Scalar]
    ) -> Range<Int>? {
        if i >= count {
            let last = judged[i - 1].quote.upperBound, next = judged[i].quote.lowerBound
            let gap = String(scalars: text[last..<max(last, next)])
            if gap.isEmpty || gap == "的", isWholeList(judged, (i - count)..<i, text: text) { return (i - count)..<i }
        }
        if i + count < judged.count, let end = judged[i].program?.range.upperBound {
            let next = judged[i + 1].quote.lowerBound
            let gap = String(scalars: text[end..<max(end, next)])
            if Self.spellingGaps.contains(gap), isWholeList(judged, (i + 1)..<(i + 1 + count), text: text) {
                return (i + 1)..<(i + 1 + count)
            }
        }
        return nil
    }

    /// Whether the quotes `items` are one list, and all of it: no quote listed with them before or after.
    func isWholeList(_ judged: [(quote: Range<Int>, program: Match?)], _ items: Range<Int>, text: [Unicode.Scalar])
        -> Bool
    {
        func listed(_ j: Int) -> Bool {
            isListed(text, from: judged[j].quote.upperBound, to: judged[j + 1].quote.lowerBound)
        }
        if items.lowerBound > 0, listed(items.lowerBound - 1) { return false }
        if items.upperBound < judged.count, listed(items.upperBound - 1) { return false }
        return (items.lowerBound..<(items.upperBound - 1)).allSatisfy(listed)
    }

    /// The number a quoted name opens with (三定 → 3, 四个100 → 4), if it opens with one digit.
    static func count(of quote: Range<Int>, in text: [Unicode.Scalar]) -> Int? {
        guard let n = NumeralParser.parse(text, at: quote.lowerBound + 1, allowSign: false), n.loneChineseDigit
        else { return nil }
        return Int(n.value)
    }

    /// The names a program's match gives a quote: its whole name, and its parts when it is made of several;
    /// none for a match that is no program. Compared with the few quotes left unjudged: a table of them would
    /// hash them all.
    static func names(_ m: Match) -> [String] {
        guard let whole = m.value.program?.name else { return [] }
        // Most names hold no part mark, and are not split.
        guard whole.unicodeScalars.contains(where: partMarkScalars.contains) else { return [whole] }
        let parts = whole.split(whereSeparator: { partMarks.contains($0) })
        return parts.count > 1 ? [whole] + parts.map(String.init) : [whole]
    }

    /// The programs named inside an honor's quotes: a nested quote with a head right after it.
    func namedInHonor(_ quote: Range<Int>, text: [Unicode.Scalar]) -> [Match] {
        let inner = (quote.lowerBound + 1)..<(quote.upperBound - 1)
        return quotes(in: Array(text[inner])).compactMap { q in
            let nested = (q.lowerBound + inner.lowerBound)..<(q.upperBound + inner.lowerBound)
            guard nested.upperBound < inner.upperBound, let head = heads.longest(in: text, at: nested.upperBound),
                head.payload.role == "head", head.end <= inner.upperBound
            else { return nil }
            let name = Self.inner(text, nested)
            let headText = String(scalars: text[nested.upperBound..<head.end])
            let program = Program(name: name, head: headText, kind: head.payload.value)
            return Match(range: nested.lowerBound..<head.end, rule: head.payload.id, value: .program(program))
        }
    }

    /// The text inside a quote's marks.
    static func inner(_ text: [Unicode.Scalar], _ quote: Range<Int>) -> String {
        String(scalars: text[(quote.lowerBound + 1)..<(quote.upperBound - 1)])
    }
}
