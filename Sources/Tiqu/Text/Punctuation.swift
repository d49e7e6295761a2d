/// The one punctuation table. Extractors and the segmenter read the folded text, where full-width
/// ASCII marks are already half-width (`，` stays: it has no ASCII twin).
public enum Punctuation {
    /// Marks that end a sentence.
    public static let sentenceEnds: ScalarSet = ["。", "！", "？", "!", "?", "；", ";"]
    /// Closing quotes and brackets: they stay with the sentence they close.
    public static let closers: ScalarSet = ["”", "’", "」", "』", "）", ")", "】", "]", "》", "\""]
    /// Marks that end a clause, and the line break: a list or a head noun never runs past one.
    public static let clauseEnds: ScalarSet = ["。", ",", "，", ";", "；", ":", "：", "!", "?", "\n"]
    /// The enumeration comma, which separates items inside a clause.
    public static let listComma: Unicode.Scalar = "、"
    /// Quotation marks around names.
    public static let nameQuotes: ScalarSet = ["“", "”"]
    /// Quotation marks, opening to closing: “…” 「…」 『…』 ‘…’ "…" all quote a name.
    public static let quotePairs: ScalarPairs = [
        "“": "”", "「": "」", "『": "』", "‘": "’", "\"": "\"",
    ]
    /// Opening marks of a name: a head noun of the name before them never runs past one.
    public static let nameOpeners: ScalarSet = ["“", "「", "『", "\"", "《"]
}
