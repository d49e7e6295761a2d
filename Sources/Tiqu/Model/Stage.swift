/// One step of the flow. Every stage takes the previous stage's value and returns a new one;
/// nothing is shared or mutated in between, so documents can run on any core.
public protocol Stage: Sendable {
    associatedtype Input
    associatedtype Output
    func run(_ input: Input) throws(DocumentError) -> Output
}
