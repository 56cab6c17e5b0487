import Neural

/// The losses a gradient check runs over, with the target encoding each one uses.
public enum LossCase: String, CaseIterable, Sendable, CustomStringConvertible {
    case meanSquaredError, halfMeanSquaredError, meanAbsoluteError, huber
    case binaryCrossEntropy, categoricalOneHot, categoricalIndices

    /// The loss (Huber with δ = 0.5 so both of its regimes occur on the fixture's residuals).
    public var loss: Loss {
        switch self {
        case .meanSquaredError: .meanSquaredError
        case .halfMeanSquaredError: .halfMeanSquaredError
        case .meanAbsoluteError: .meanAbsoluteError
        case .huber: .huber(delta: 0.5)
        case .binaryCrossEntropy: .binaryCrossEntropy
        case .categoricalOneHot, .categoricalIndices: .categoricalCrossEntropy
        }
    }

    /// The same loss with class weights of the right count for `outputs` outputs.
    public func weightedLoss(outputs: Int) -> Loss {
        var loss = self.loss
        switch self {
        case .binaryCrossEntropy: loss.classWeights = [0.5, 2]
        default: loss.classWeights = (0..<outputs).map { Float($0 + 1) * 0.75 }
        }
        return loss
    }

    public var description: String { rawValue }
}

/// The penalties a gradient check runs over.
public enum PenaltyCase: String, CaseIterable, Sendable, CustomStringConvertible {
    case none, l1, l2

    public var regularization: Regularization {
        switch self {
        case .none: .none
        case .l1: .l1(0.05)
        case .l2: .l2(0.1)
        }
    }

    public var description: String { rawValue }
}

/// A small network and batch for gradient checks that stay away from every kink.
public struct GradientCheckFixture {
    public var network: Network
    public var inputs: Matrix
    public var targets: Matrix

    /// A 3-5-4-`outputs` network with `activation` on both hidden layers and identity output,
    /// and a batch of `rows` rows, chosen so that a perturbation of ±`margin` or less cannot
    /// cross a non-differentiable point:
    /// - every weight has `|w| ≥ margin` (weights closer to 0 are pushed out to ±margin), so
    ///   L1's `|w|` is smooth around each weight;
    /// - every hidden pre-activation has `|z| ≥ margin` (ReLU and leaky ReLU have a kink at 0);
    /// - every residual `r = ŷ − y` has `|r| ≥ margin` (MAE's kink) and `||r| − 0.5| ≥ margin`
    ///   (Huber's switch at δ = 0.5).
    /// Seeds are tried in order from `seed` until all of this holds, so the result is fixed.
    /// A perturbation `h` of one weight moves a pre-activation by at most `h·max|input|`
    /// (inputs and activations here are below about 2), so `margin = 0.05` covers `h = 1e-2`.
    public static func make(activation: Activation, lossCase: LossCase, outputs: Int = 3, rows: Int = 5,
                            margin: Float = 0.05, seed: UInt64 = 1) -> GradientCheckFixture {
        for attempt in seed..<(seed + 10_000) {
            var generator = SeededGenerator(seed: attempt)
            let layers: [Layer] = [
                .dense(Dense(inputSize: 3, outputSize: 5, activation: activation)),
                .dense(Dense(inputSize: 5, outputSize: 4, activation: activation)),
                .dense(Dense(inputSize: 4, outputSize: outputs, activation: .identity)),
            ]
            var network = Network(layers: layers, generator: &generator)
            for segment in network.parameters.layout.segments where segment.kind == .weight {
                for flat in segment.offset..<(segment.offset + segment.count) {
                    let value = network.parameters.values[flat]
                    if abs(value) < margin { network.parameters.values[flat] = value < 0 ? -margin : margin }
                }
            }
            let inputs = Matrix(rows: rows, columns: 3) { _, _ in Float(generator.nextUniform(in: -1..<1)) }
            let targets = makeTargets(lossCase: lossCase, rows: rows, outputs: outputs, generator: &generator)
            guard hiddenPreactivationsClear(network: network, inputs: inputs, margin: margin) else { continue }
            if lossCase == .meanAbsoluteError || lossCase == .huber {
                let logits = network.predict(inputs)
                let residuals = zip(logits.storage, targets.storage).map { abs($0 - $1) }
                guard residuals.allSatisfy({ $0 >= margin && abs($0 - 0.5) >= margin }) else { continue }
            }
            return GradientCheckFixture(network: network, inputs: inputs, targets: targets)
        }
        preconditionFailure("No kink-free fixture for \(activation) / \(lossCase) within 10 000 seeds")
    }

    private static func makeTargets(lossCase: LossCase, rows: Int, outputs: Int,
                                    generator: inout SeededGenerator) -> Matrix {
        switch lossCase {
        case .meanSquaredError, .halfMeanSquaredError, .meanAbsoluteError, .huber:
            return Matrix(rows: rows, columns: outputs) { _, _ in Float(generator.nextUniform(in: -1..<1)) }
        case .binaryCrossEntropy:
            // Hard labels and one soft value, to cover the general y ∈ [0, 1] form.
            let choices: [Float] = [0, 1, 0.25]
            return Matrix(rows: rows, columns: outputs) { _, _ in choices[generator.nextIndex(below: 3)] }
        case .categoricalOneHot:
            let classes = (0..<rows).map { _ in generator.nextIndex(below: outputs) }
            return Matrix(rows: rows, columns: outputs) { row, column in classes[row] == column ? 1 : 0 }
        case .categoricalIndices:
            return Matrix(rows: rows, columns: 1) { _, _ in Float(generator.nextIndex(below: outputs)) }
        }
    }

    /// Whether every hidden pre-activation `z` has `|z| ≥ margin`.
    private static func hiddenPreactivationsClear(network: Network, inputs: Matrix, margin: Float) -> Bool {
        var activations = inputs
        for (index, layer) in network.layers.enumerated().dropLast() {
            guard let dense = layer.dense else { continue }
            var z = matmul(activations, network.weight(ofLayer: index), transposeB: true)   // X·Wᵀ, W [out, in]
            let bias = network.bias(ofLayer: index)
            for row in 0..<z.rows {
                for column in 0..<z.columns { z[row, column] += bias[0, column] }
            }
            if z.storage.contains(where: { abs($0) < margin }) { return false }
            activations = dense.activation.apply(to: z)
        }
        return true
    }
}
