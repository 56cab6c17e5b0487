/// Checks back-propagation against central differences, parameter by parameter.
///
/// For every scalar `θ_j` of the network, the numeric derivative is
///
///     g_j ≈ (L(θ_j + h) − L(θ_j − h)) / ((θ_j + h) − (θ_j − h))
///
/// where `L` is the batch loss including the penalty (the same value `computeGradients` returns),
/// accumulated in `Double`, and the denominator is the difference of the two perturbed `Float`
/// values as actually stored (not `2h`), which removes the rounding of `θ_j ± h` from the error.
/// Central differences have truncation error O(h²·L‴); the float32 forward pass adds a rounding
/// error of about `ε·|L|/h` (ε = 2⁻²³), so `h` around 1e-2…1e-3 balances the two.
///
/// The relative error of one parameter is `|a − g| / max(|a|, |g|, floor)` with `a` the analytic
/// gradient; the floor keeps parameters whose gradient is nearly zero from reporting noise as a
/// large relative error. Dropout masks are drawn from a generator seeded with `dropoutSeed`
/// afresh for every evaluation, so every evaluation sees the same mask.
///
/// Pass or fail follows `torch.autograd.gradcheck`: a parameter passes when
/// `|a − g| ≤ absoluteTolerance + relativeTolerance·|g|`, and the check passes when every
/// parameter does. The defaults suit the Float32 network (`GradientCheck.float32`): the forward
/// pass's rounding, about `ε·|L|/h` ≈ 1e-5·|L| at h = 1e-2, stays far below `1e-4 + 1e-2·|g|`,
/// while a wrong gradient (a missing factor, a sign, a transposed index) misses by its own size.
/// `run(at:function:gradient:)` checks any function of `Double`s with its analytic gradient,
/// with gradcheck's float64 defaults (`GradientCheck.float64`: h = 1e-6, atol 1e-5, rtol 1e-3).
///
/// Non-differentiable points (ReLU at 0, |w| at 0 for L1, the MAE and Huber kinks) make central
/// differences meaningless when a perturbation crosses them: choose data away from them.
public struct GradientCheck: Sendable {
    /// The perturbation `h`.
    public var step: Double
    /// The floor of the relative error's denominator.
    public var floor: Double
    /// `atol` of the pass criterion `|a − g| ≤ atol + rtol·|g|`.
    public var absoluteTolerance: Double
    /// `rtol` of the pass criterion.
    public var relativeTolerance: Double

    public init(step: Double = 1e-2, floor: Double = 1e-3,
                absoluteTolerance: Double = 1e-4, relativeTolerance: Double = 1e-2) {
        precondition(step > 0 && floor > 0, "GradientCheck needs positive step and floor, got \(step), \(floor)")
        precondition(absoluteTolerance >= 0 && relativeTolerance >= 0,
                     "GradientCheck needs non-negative tolerances, got \(absoluteTolerance), \(relativeTolerance)")
        self.step = step
        self.floor = floor
        self.absoluteTolerance = absoluteTolerance
        self.relativeTolerance = relativeTolerance
    }

    @available(*, deprecated, message: "the step is a Double: GradientCheck(step: Double(step), floor:)")
    public init(step: Float, floor: Double = 1e-3) {
        self.init(step: Double(step), floor: floor)
    }

    /// For the Float32 network: h = 1e-2, atol 1e-4, rtol 1e-2 (see the type's documentation).
    public static let float32 = GradientCheck()
    /// For functions computed in `Double`: `torch.autograd.gradcheck`'s eps 1e-6, atol 1e-5, rtol 1e-3.
    public static let float64 = GradientCheck(step: 1e-6, floor: 1e-8, absoluteTolerance: 1e-5, relativeTolerance: 1e-3)

    /// One parameter's comparison.
    public struct Comparison: Sendable, Equatable, CustomStringConvertible {
        /// The tensor, e.g. `layers.2.weight` (`x` for `run(at:function:gradient:)`).
        public var parameterName: String
        /// Index within that tensor (row-major).
        public var index: Int
        /// Index in the flat parameter vector.
        public var flatIndex: Int
        /// Back-propagation's gradient.
        public var analytic: Double
        /// The central difference.
        public var numeric: Double
        /// `|analytic − numeric| / max(|analytic|, |numeric|, floor)`.
        public var relativeError: Double
        /// Whether `|analytic − numeric| ≤ absoluteTolerance + relativeTolerance·|numeric|`.
        public var passed: Bool

        public var description: String {
            "\(parameterName)[\(index)]: analytic \(analytic), numeric \(numeric), relative error \(relativeError)\(passed ? "" : " (fails)")"
        }
    }

    /// The outcome over all parameters.
    public struct Result: Sendable {
        /// The parameter with the largest relative error.
        public var worst: Comparison
        /// Every comparison, in flat-vector order.
        public var comparisons: [Comparison]
        /// The loss at the unperturbed parameters.
        public var loss: Double

        /// `worst.relativeError`.
        public var worstRelativeError: Double { worst.relativeError }
        /// Whether every parameter passes (`torch.autograd.gradcheck`'s verdict).
        public var passed: Bool { comparisons.allSatisfy(\.passed) }
        /// The parameters that fail, in flat-vector order.
        public var failures: [Comparison] { comparisons.filter { !$0.passed } }
    }

    /// The comparison of one scalar's analytic and numeric derivative.
    func compare(name: String, index: Int, flatIndex: Int, analytic: Double, numeric: Double) -> Comparison {
        let difference = abs(analytic - numeric)
        let scale = max(abs(analytic), abs(numeric), floor)
        return Comparison(parameterName: name, index: index, flatIndex: flatIndex, analytic: analytic, numeric: numeric,
                          relativeError: difference / scale,
                          passed: difference <= absoluteTolerance + relativeTolerance * abs(numeric))
    }

    static func result(_ comparisons: [Comparison], loss: Double) -> Result {
        let worst = comparisons.max { $0.relativeError < $1.relativeError }
            ?? Comparison(parameterName: "", index: 0, flatIndex: 0, analytic: 0, numeric: 0, relativeError: 0, passed: true)
        return Result(worst: worst, comparisons: comparisons, loss: loss)
    }

    /// Compares the analytic `gradient` of `function` at `point` with central differences, all
    /// in `Double`: `g_j = (f(x + h·e_j) − f(x − h·e_j)) / ((x_j + h) − (x_j − h))`.
    ///
    ///     let check = GradientCheck.float64
    ///     let f: ([Double]) -> Double = { x in x[0] * x[0] * x[1] }
    ///     let result = check.run(at: [3, 2], function: f, gradient: [12, 9])   // ∂f = (2x₀x₁, x₀²)
    ///     assert(result.passed)
    public func run(at point: [Double], function: ([Double]) -> Double, gradient: [Double]) -> Result {
        precondition(gradient.count == point.count,
                     "GradientCheck: \(point.count) coordinates but \(gradient.count) gradient values")
        var probe = point
        var comparisons: [Comparison] = []
        comparisons.reserveCapacity(point.count)
        for index in point.indices {
            let plus = point[index] + step
            let minus = point[index] - step
            probe[index] = plus
            let valuePlus = function(probe)
            probe[index] = minus
            let valueMinus = function(probe)
            probe[index] = point[index]
            comparisons.append(compare(name: "x", index: index, flatIndex: index, analytic: gradient[index],
                                       numeric: (valuePlus - valueMinus) / (plus - minus)))
        }
        return Self.result(comparisons, loss: function(point))
    }

    /// Compares `network`'s analytic gradient on one batch with central differences.
    public func run(network: Network, inputs: Matrix, targets: Matrix, sampleWeights: [Float]? = nil,
                    loss: Loss, regularization: Regularization = .none, dropoutSeed: UInt64 = 0) -> Result {
        precondition(inputs.rows == targets.rows, "GradientCheck: \(inputs.rows) input rows, \(targets.rows) target rows")
        let workspace = TrainingWorkspace(for: network, batchCapacity: max(inputs.rows, 1))
        var generator = SeededGenerator(seed: dropoutSeed)
        let baseLoss = network.computeGradients(inputs: inputs, targets: targets, sampleWeights: sampleWeights,
                                                loss: loss, regularization: regularization,
                                                workspace: workspace, generator: &generator)
        let analytic = workspace.gradients.values
        let step = Float(self.step)
        func lossAt(_ probe: Network) -> Double {
            var generator = SeededGenerator(seed: dropoutSeed)
            return inputs.withUnsafeBufferPointer { x in
                targets.withUnsafeBufferPointer { y in
                    withOptionalBuffer(sampleWeights) { s in
                        probe.evaluateLoss(inputs: x, targets: y, sampleWeights: s, loss: loss,
                                           regularization: regularization, workspace: workspace,
                                           generator: &generator)
                    }
                }
            }
        }

        var probe = network
        var comparisons: [Comparison] = []
        comparisons.reserveCapacity(analytic.count)
        for segment in network.parameters.layout.segments {
            for index in 0..<segment.count {
                let flat = segment.offset + index
                let original = network.parameters.values[flat]
                let plus = original + step
                let minus = original - step
                probe.parameters.values[flat] = plus
                let lossPlus = lossAt(probe)
                probe.parameters.values[flat] = minus
                let lossMinus = lossAt(probe)
                probe.parameters.values[flat] = original
                let numeric = (lossPlus - lossMinus) / (Double(plus) - Double(minus))
                comparisons.append(compare(name: segment.name, index: segment.rowMajorIndex(ofStorageIndex: index), flatIndex: flat,
                                           analytic: Double(analytic[flat]), numeric: numeric))
            }
        }
        return Self.result(comparisons, loss: baseLoss)
    }
}
