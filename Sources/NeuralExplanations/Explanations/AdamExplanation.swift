import Foundation
import Neural

/// Adam's first iterations on the lecture's linear neuron, with its moments, bias corrections
/// and steps.
///
/// The formula (Kingma & Ba, 2014) is in <doc:OptimizersAndSchedules#Adam>.
/// `m` and `v` are read from the optimizer state after each `Adam.update`; `m̂`, `v̂` and the step are
/// the formula applied to them, and `change` is what the update actually did to θ (they agree
/// to float precision). At t = 1, m̂ = g and v̂ = g², so every parameter moves by about η.
public struct AdamExplanation: Codable, Equatable, Sendable {
    /// One parameter at one iteration.
    public struct ParameterStep: Codable, Equatable, Sendable {
        public var name: String
        public var gradient: Double
        public var m: Double
        public var v: Double
        public var mHat: Double
        public var vHat: Double
        /// η·m̂ / (√v̂ + ε).
        public var step: Double
        /// θ_new − θ_old as applied by `Adam.update`.
        public var change: Double
        public var value: Double
    }

    /// One iteration.
    public struct Iteration: Codable, Equatable, Sendable {
        public var t: Int
        /// The MSE before the update.
        public var loss: Double
        /// 1 − β1ᵗ.
        public var firstCorrection: Double
        /// 1 − β2ᵗ.
        public var secondCorrection: Double
        public var parameters: [ParameterStep]
    }

    public var learningRate: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public var initialValues: [Double]
    public var iterations: [Iteration]

    public static func compute(learningRate: Double = 0.1, iterations: Int = 3, beta1: Double = 0.9,
                               beta2: Double = 0.999, epsilon: Double = 1e-8) -> AdamExplanation {
        precondition(iterations >= 1, "AdamExplanation: iterations must be at least 1, got \(iterations)")
        var network = LectureExample.neuron(bias: 0)
        let targets = Matrix(rows: 4, columns: 1, storage: LectureExample.targets)
        let workspace = TrainingWorkspace(for: network, batchCapacity: 4)
        let adam = Adam(beta1: beta1, beta2: beta2, epsilon: epsilon)
        var state = adam.makeState(for: network.parameters)
        let names = ["w1", "w2", "b"]
        let initial = network.parameters.values.map(decimal)
        var records: [Iteration] = []
        for t in 1...iterations {
            var generator = SeededGenerator(seed: 0)   // no dropout: not used
            let loss = network.computeGradients(inputs: LectureExample.inputs, targets: targets, loss: .meanSquaredError,
                                                workspace: workspace, generator: &generator)
            let before = network.parameters.values
            let gradients = workspace.gradients.values
            adam.update(&network.parameters, along: workspace.gradients, learningRate: learningRate, state: &state)
            guard let firstMoment = state["first_moment"], let secondMoment = state["second_moment"] else { break }
            let firstCorrection = 1 - pow(beta1, Double(t))
            let secondCorrection = 1 - pow(beta2, Double(t))
            let steps = names.indices.map { i -> ParameterStep in
                let m = Double(firstMoment[i])
                let v = Double(secondMoment[i])
                let mHat = m / firstCorrection
                let vHat = v / secondCorrection
                return ParameterStep(name: names[i], gradient: decimal(gradients[i]), m: decimal(firstMoment[i]),
                                     v: decimal(secondMoment[i]), mHat: mHat, vHat: vHat,
                                     step: Double(Float(learningRate)) * mHat / (vHat.squareRoot() + epsilon),
                                     change: decimal(network.parameters.values[i] - before[i]),
                                     value: decimal(network.parameters.values[i]))
            }
            records.append(Iteration(t: t, loss: loss, firstCorrection: firstCorrection,
                                     secondCorrection: secondCorrection, parameters: steps))
        }
        return AdamExplanation(learningRate: decimal(Float(learningRate)), beta1: beta1, beta2: beta2, epsilon: epsilon,
                               initialValues: initial, iterations: records)
    }
}
