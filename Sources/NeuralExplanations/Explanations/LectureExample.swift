import Neural
/// The lecture's worked example and helpers shared by the explanations.
///
/// The table (y, x1, x2) = (4, 2, 3), (6, 3, 5), (2, 1, 0), (5, 3, 1) and the starting weights
/// w1 = 1, w2 = 2 of the notes.
public enum LectureExample {
    /// The inputs `[x1, x2]`, `[4, 2]`.
    public static let inputs = Matrix([[2, 3], [3, 5], [1, 0], [3, 1]])
    /// The targets y.
    public static let targets: [Float] = [4, 6, 2, 5]
    /// The notes' starting weights (w1, w2).
    public static let initialWeights: [Float] = [1, 2]
    /// The table made binary for the perceptron: class 1 when y ≥ 5.
    public static var binaryTargets: [Int] { targets.map { $0 >= 5 ? 1 : 0 } }

    /// A single linear neuron `ŷ = w1·x1 + w2·x2 + b` (a dense layer 2 → 1, identity activation).
    public static func neuron(weights: [Float] = initialWeights, bias: Float) -> Network {
        var network = Network(layers: [.dense(Dense(inputSize: weights.count, outputSize: 1, initializer: .zeros))], seed: 0)
        network.setParameters(ofLayer: 0, weight: Matrix(rows: 1, columns: weights.count, storage: weights), bias: [bias])
        return network
    }
}

/// A `Float` as the `Double` with the same shortest decimal form (0.86 stays 0.86 instead of
/// 0.8600000143…), so explanations print and encode the value the computation produced.
@inline(__always)
func decimal(_ value: Float) -> Double {
    guard value.isFinite else { return Double(value) }
    return Double(value.description) ?? Double(value)
}
