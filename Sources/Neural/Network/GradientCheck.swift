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
/// Non-differentiable points (ReLU at 0, |w| at 0 for L1, the MAE and Huber kinks) make central
/// differences meaningless when a perturbation crosses them: choose data away from them.
public struct GradientCheck: Sendable {
    /// The perturbation `h`.
    public var step: Float
    /// The floor of the relative error's denominator.
    public var floor: Double

    public init(step: Float = 1e-2, floor: Double = 1e-3) {
        precondition(step > 0 && floor > 0, "GradientCheck needs positive step and floor, got \(step), \(floor)")
        self.step = step
        self.floor = floor
    }

    /// One parameter's comparison.
    public struct Comparison: Sendable, Equatable, CustomStringConvertible {
        /// The tensor, e.g. `layers.2.weight`.
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

        public var description: String {
            "\(parameterName)[\(index)]: analytic \(analytic), numeric \(numeric), relative error \(relativeError)"
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
                let exact = Double(analytic[flat])
                let scale = max(abs(exact), abs(numeric), floor)
                comparisons.append(Comparison(parameterName: segment.name, index: index, flatIndex: flat,
                                              analytic: exact, numeric: numeric,
                                              relativeError: abs(exact - numeric) / scale))
            }
        }
        let worst = comparisons.max { $0.relativeError < $1.relativeError }
            ?? Comparison(parameterName: "", index: 0, flatIndex: 0, analytic: 0, numeric: 0, relativeError: 0)
        return Result(worst: worst, comparisons: comparisons, loss: baseLoss)
    }
}
