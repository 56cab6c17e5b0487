/// A first-order optimizer's rule over a flat parameter vector: its hyper-parameters and how
/// one update uses them, apart from the state the update carries forward.
///
/// A rule is an immutable value (`Adam`, `SGD`, `RMSProp`, `Adagrad`, `AdamW`, or any of them as
/// `AnyOptimizer`); the moments and step count live in an `OptimizerState` the rule makes and
/// each update advances. One rule can drive any number of states, and a training
/// configuration holds the only copy of it. The learning rate is an input to every update
/// rather than a setting, so any `LearningRateSchedule` drives any optimizer:
///
/// ```swift
/// let optimizer = Adam()
/// var state = optimizer.makeState(for: parameters)
/// for _ in 0..<steps {
///     var gradients = computeGradients(parameters)          // same layout as `parameters`
///     clipGradientNorm(&gradients, maxNorm: 1)               // optional
///     optimizer.update(&parameters, along: gradients, learningRate: schedule.learningRate,
///                      state: &state)
///     schedule.stepTaken(batchSize: batchSize)
/// }
/// ```
///
/// Numbers: hyper-parameters and the learning rate are `Double`, as in PyTorch, Keras and
/// scikit-learn, and step-dependent scalars such as 1 − β2ᵗ are formed in `Double` (in `Float`,
/// 1 − 0.999 is already 1.3e-5 off); the parameters, gradients and state are `Float`. Where a
/// value enters the `Float` loop it is rounded to `Float` once; the learning rate is rounded
/// first, so an update depends on the `Float` nearest the rate. The formulas are in
/// <doc:OptimizersAndSchedules>.
///
/// An update is one fused C pass over the whole vector and allocates nothing.
public protocol Optimizer: Codable, Equatable, Sendable {
    /// The names of the per-parameter arrays an update needs, in the order `makeState` lays
    /// them out (empty for plain SGD). A checkpoint stores each as `state.optimizer.<name>`.
    var stateSlots: [String] { get }

    /// The state before the first update for `parameterCount` parameters: step 0 and each slot
    /// at its initial value (zeros, or Adagrad's `initialAccumulatorValue`).
    func makeState(parameterCount: Int) -> OptimizerState

    /// Applies one update `θ ← θ − learningRate · direction(g, state)` in place and advances
    /// `state` (its moments and `step`).
    ///
    /// - Parameters:
    ///   - parameters: θ, updated in place.
    ///   - gradients: ∂L/∂θ, with as many values as `parameters`.
    ///   - learningRate: η for this step, finite and ≥ 0.
    ///   - state: made by this rule's `makeState` for as many parameters (a state made by
    ///     another rule, or for another vector, stops the program).
    func update(_ parameters: inout ParameterVector, along gradients: ParameterVector,
                learningRate: Double, state: inout OptimizerState)
}

extension Optimizer {
    /// Zeroed slots, step 0.
    public func makeState(parameterCount: Int) -> OptimizerState {
        OptimizerState(slots: stateSlots.map {
            OptimizerState.Slot(name: $0, values: [Float](repeating: 0, count: parameterCount))
        })
    }

    /// The state before the first update of `parameters`.
    public func makeState(for parameters: ParameterVector) -> OptimizerState {
        makeState(parameterCount: parameters.values.count)
    }

    /// Why `state` cannot drive this rule's updates of `parameterCount` parameters, or nil: its
    /// slots must be this rule's `stateSlots`, in order, each with `parameterCount` values.
    public func stateProblem(_ state: OptimizerState, parameterCount: Int) -> String? {
        guard state.step >= 0 else { return "the optimizer's step count is \(state.step)" }
        let expected = stateSlots
        guard state.slotNames == expected else {
            let names = { (list: [String]) in list.isEmpty ? "none" : list.joined(separator: ", ") }
            return "the optimizer keeps \(names(expected)), the saved state \(names(state.slotNames))"
        }
        if let slot = state.slots.first(where: { $0.values.count != parameterCount }) {
            return "the optimizer's \(slot.name) has \(slot.values.count) values, \(parameterCount) expected for \(parameterCount) parameters"
        }
        return nil
    }
}

/// Checks shared by every optimizer's `update`.
@inline(__always)
func checkUpdateArguments(_ parameters: ParameterVector, _ gradients: ParameterVector,
                          learningRate: Double, optimizer: StaticString) {
    precondition(gradients.values.count == parameters.values.count,
                 "\(optimizer): gradients have \(gradients.values.count) values, parameters \(parameters.values.count)")
    precondition(learningRate >= 0 && Float(learningRate).isFinite,
                 "\(optimizer): the learning rate must be ≥ 0 and finite as a Float, got \(learningRate)")
}
