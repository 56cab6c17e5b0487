/// The state shared by `Adam` and `AdamW`: the step count and the moment estimates.
public struct AdamState: Codable, Equatable, Sendable {
    /// Number of updates applied (`t`).
    public var step: Int
    /// m, the exponential average of gradients.
    public var firstMoment: [Float]
    /// v, the exponential average of squared gradients.
    public var secondMoment: [Float]
    /// AMSGrad's running maximum of v; empty without AMSGrad.
    public var maximumSecondMoment: [Float]

    /// Zeroed state for `count` parameters.
    public init(count: Int, amsgrad: Bool) {
        step = 0
        firstMoment = [Float](repeating: 0, count: count)
        secondMoment = [Float](repeating: 0, count: count)
        maximumSecondMoment = amsgrad ? [Float](repeating: 0, count: count) : []
    }
}

/// Hyperparameters common to Adam and AdamW, validated once.
struct AdamHyperparameters {
    var beta1: Double
    var beta2: Double
    var epsilon: Double
    var epsilonPlacement: AdamEpsilonPlacement
    var amsgrad: Bool

    static func validate(beta1: Double, beta2: Double, epsilon: Double, name: String) {
        precondition(beta1 >= 0 && beta1 < 1, "\(name): β1 must be in [0, 1), got \(beta1)")
        precondition(beta2 >= 0 && beta2 < 1, "\(name): β2 must be in [0, 1), got \(beta2)")
        precondition(epsilon >= 0 && epsilon.isFinite, "\(name): ε must be ≥ 0, got \(epsilon)")
    }
}
