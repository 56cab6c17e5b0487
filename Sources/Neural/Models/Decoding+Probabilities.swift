extension Decoding {
    /// Row-wise softmax: the package's one softmax, `softmax(_:)`.
    @available(*, deprecated, renamed: "softmax(_:)")
    public static func softmax(_ outputs: Matrix) -> Matrix {
        Neural.softmax(outputs)
    }
}
