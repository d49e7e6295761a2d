/// The end of a document's time budget as the cleaners' loops see it. A page built to be slow
/// (30 MB of text, hundreds of thousands of paragraphs) must give up its worker soon after its
/// budget runs out, not when the loop it is in ends, so every loop over lines, runs or paragraphs
/// looks at the clock now and then.
struct Deadline {
    let instant: ContinuousClock.Instant?

    /// Steps between looks at the clock: reading it costs about as much as a short line's work,
    /// and 256 of the slowest steps (a chrome rule over a line) take well under a millisecond.
    static let stepsPerCheck = 256

    init(_ instant: ContinuousClock.Instant?) {
        self.instant = instant
    }

    /// Throws `budget_exceeded` when the budget has run out; looks at the clock only on every
    /// `stepsPerCheck`-th step. `where` says how far the work got.
    func check(step: Int, _ where: @autoclosure () -> String) throws(DocumentError) {
        guard step % Self.stepsPerCheck == 0 else { return }
        try check(`where`())
    }

    /// Throws `budget_exceeded` when the budget has run out.
    func check(_ where: @autoclosure () -> String) throws(DocumentError) {
        if let instant, ContinuousClock.now > instant { throw DocumentError.budgetExceeded(after: `where`()) }
    }
}
