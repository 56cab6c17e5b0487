/// A first-order optimiser over a flat parameter vector.
///
/// Parameters θ, gradients g and the optimiser's state (moments, step count) share one
/// `ParameterLayout`, so one update is a single fused pass over the whole vector in C.
/// The learning rate is an input to every update rather than a setting, so any
/// `LearningRateSchedule` drives any optimiser:
///
/// ```swift
/// var optimizer = Adam()
/// for _ in 0..<steps {
///     let gradients = computeGradients(parameters)          // same layout as `parameters`
///     clipGradientNorm(&gradients, maxNorm: 1)               // optional
///     optimizer.update(&parameters, along: gradients, learningRate: schedule.learningRate)
///     schedule.stepTaken(batchSize: batchSize)
/// }
/// ```
///
/// Hyperparameters (β, α, ε, momentum, decay) are Double, as in PyTorch, Keras and scikit-learn:
/// complements such as 1 − β2 are formed in Double and rounded once, since in Float
/// 1 − 0.999 is already 1.3e-5 off. Parameters, gradients and state are Float.
///
/// State is allocated on the first update (or by `prepare(for:)`) and reused afterwards, so an
/// update allocates nothing. Everything is `Codable`: encoding an optimiser mid-training and
/// decoding it later continues bit for bit as if training had not been interrupted.
public protocol Optimizer: Codable, Sendable {
    /// Number of updates applied so far (`t` in the formulas; 0 before the first update).
    var stepCount: Int { get }

    /// Allocates zeroed state for parameters of `layout` and sets the step count to 0.
    /// Calling it is optional: the first `update` does the same.
    mutating func prepare(for layout: ParameterLayout)

    /// Applies one update `θ ← θ − learningRate · direction(g, state)` in place.
    ///
    /// - Parameters:
    ///   - parameters: θ, updated in place.
    ///   - gradients: ∂L/∂θ, with the same layout as `parameters` (`values.count` must match).
    ///   - learningRate: η for this step, finite and ≥ 0.
    mutating func update(_ parameters: inout ParameterVector, along gradients: ParameterVector,
                         learningRate: Float)

    /// Forgets the state (moments and step count) but keeps the hyperparameters.
    mutating func reset()
}

/// Checks shared by every optimiser's `update`.
@inline(__always)
func checkUpdateArguments(_ parameters: ParameterVector, _ gradients: ParameterVector,
                          learningRate: Float, optimizer: String) {
    precondition(gradients.values.count == parameters.values.count,
                 "\(optimizer): gradients have \(gradients.values.count) values, parameters \(parameters.values.count)")
    precondition(learningRate.isFinite && learningRate >= 0,
                 "\(optimizer): the learning rate must be finite and ≥ 0, got \(learningRate)")
}

/// Checks that decoded or prepared state matches the parameters it is applied to.
@inline(__always)
func checkStateCount(_ stateCount: Int, _ parameterCount: Int, optimizer: String) {
    precondition(stateCount == parameterCount,
                 "\(optimizer): state was prepared for \(stateCount) parameters, got \(parameterCount)")
}

extension Optimizer {
    /// `update(_:along:learningRate:)` with the rate as a `Double`, the type of every
    /// hyper-parameter (`TrainingConfiguration.learningRate`); the update itself runs in
    /// `Float`, the type of the tensors, so the rate is rounded to the nearest `Float` once.
    ///
    ///     var weights = ParameterVector([1, 2])
    ///     var adam = Adam()
    ///     adam.prepare(for: weights.layout)
    ///     adam.update(&weights, along: ParameterVector([0.5, -1]), learningRate: 0.1)
    public mutating func update(_ parameters: inout ParameterVector, along gradients: ParameterVector,
                                learningRate: Double) {
        update(&parameters, along: gradients, learningRate: Float(learningRate))
    }
}
