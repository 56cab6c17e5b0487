import Foundation
import Testing
@testable import Neural

/// `Fixtures/mlp_trajectory_reference.json` (20 full-batch `torch.optim.Adam` steps, lr 1e-2, on a
/// 3-5-4-2 MLP) replayed with Neural's `Adam` and a small forward/backward pass written out here,
/// so the fixture's format and weight layout are checked before the network code uses it.
@Suite struct AdamMLPTrajectoryTests {
    struct Fixture: Decodable {
        struct Network: Decodable {
            var name: String
            var hiddenActivation: String
            var loss: String
            var targets: Targets
            var learningRate: Double
            var steps: Int
            var initial: [String: Tensor]
            var losses: [Double]
            var finalLoss: Double
            var final: [String: Tensor]
        }

        /// Regression targets are rows, class targets are indices.
        enum Targets: Decodable {
            case rows([[Double]])
            case classes([Int])
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let rows = try? container.decode([[Double]].self) { self = .rows(rows) } else {
                    self = .classes(try container.decode([Int].self))
                }
            }
        }

        /// A weight (`[[Double]]`, [in, out]) or a bias (`[Double]`), flattened row-major.
        struct Tensor: Decodable {
            var values: [Double]
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let matrix = try? container.decode([[Double]].self) { values = matrix.flatMap { $0 } } else {
                    values = try container.decode([Double].self)
                }
            }
        }

        var inputs: [[Double]]
        var networks: [Network]
    }

    static let fixture: Fixture = {
        guard let url = Bundle.module.url(forResource: "mlp_trajectory_reference", withExtension: "json",
                                          subdirectory: "Fixtures") else {
            fatalError("Fixtures/mlp_trajectory_reference.json is missing from the test bundle")
        }
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(Fixture.self, from: Data(contentsOf: url))
        } catch {
            fatalError("Fixtures/mlp_trajectory_reference.json cannot be read: \(error)")
        }
    }()

    static let sizes = [3, 5, 4, 2]

    static func layout() -> ParameterLayout {
        var layout = ParameterLayout()
        for index in 0..<3 {
            layout.append(name: "layers.\(index).weight", shape: [sizes[index], sizes[index + 1]], kind: .weight)
            layout.append(name: "layers.\(index).bias", shape: [sizes[index + 1]], kind: .bias)
        }
        return layout
    }

    /// Loss and gradient of the fixture's network at `theta`, in Float like PyTorch.
    static func lossAndGradient(_ theta: ParameterVector, network: Fixture.Network, inputs: [[Float]],
                                into gradient: inout ParameterVector) -> Double {
        let layout = theta.layout
        let n = inputs.count
        func weight(_ layer: Int, _ i: Int, _ j: Int) -> Float {
            theta.values[layout.segments[2 * layer].offset + i * sizes[layer + 1] + j]
        }
        func bias(_ layer: Int, _ j: Int) -> Float { theta.values[layout.segments[2 * layer + 1].offset + j] }
        let tanhHidden = network.hiddenActivation == "tanh"
        // Forward: activations[l] is [n, sizes[l]]; the output layer is identity (logits).
        var activations: [[[Float]]] = [inputs]
        var preActivations: [[[Float]]] = [inputs]
        for layer in 0..<3 {
            let previous = activations[layer]
            let z = previous.map { row in
                (0..<sizes[layer + 1]).map { j in
                    (0..<sizes[layer]).reduce(bias(layer, j)) { $0 + row[$1] * weight(layer, $1, j) }
                }
            }
            preActivations.append(z)
            activations.append(layer == 2 ? z : z.map { $0.map { tanhHidden ? tanh($0) : max($0, 0) } })
        }
        let output = activations[3]
        var delta: [[Float]]
        var loss = 0.0
        switch network.targets {
        case .rows(let targets):
            // MSE mean over all n·2 elements: L = Σ(z − y)²/(2n), ∂L/∂z = 2(z − y)/(2n).
            let count = Float(n * 2)
            delta = (0..<n).map { r in (0..<2).map { c in 2 * (output[r][c] - Float(targets[r][c])) / count } }
            for r in 0..<n { for c in 0..<2 { let e = Double(output[r][c]) - targets[r][c]; loss += e * e } }
            loss /= Double(n * 2)
        case .classes(let classes):
            // Cross-entropy on logits, mean over the batch: ∂L/∂z = (softmax(z) − onehot)/n.
            delta = []
            for r in 0..<n {
                let shift = output[r].max() ?? 0
                let exponentials = output[r].map { exp($0 - shift) }
                let total = exponentials.reduce(0, +)
                loss -= Double(log(exponentials[classes[r]] / total))
                delta.append((0..<2).map { c in (exponentials[c] / total - (c == classes[r] ? 1 : 0)) / Float(n) })
            }
            loss /= Double(n)
        }
        // Backward: dW = Xᵀ·δ, db = Σ_rows δ, δ_prev = (δ·Wᵀ) ⊙ f′(z).
        for layer in stride(from: 2, through: 0, by: -1) {
            let input = activations[layer]
            let weightOffset = layout.segments[2 * layer].offset
            let biasOffset = layout.segments[2 * layer + 1].offset
            for i in 0..<sizes[layer] {
                for j in 0..<sizes[layer + 1] {
                    gradient.values[weightOffset + i * sizes[layer + 1] + j] = (0..<n).reduce(0) { $0 + input[$1][i] * delta[$1][j] }
                }
            }
            for j in 0..<sizes[layer + 1] { gradient.values[biasOffset + j] = (0..<n).reduce(0) { $0 + delta[$1][j] } }
            if layer > 0 {
                delta = (0..<n).map { r in
                    (0..<sizes[layer]).map { i in
                        let back = (0..<sizes[layer + 1]).reduce(Float(0)) { $0 + delta[r][$1] * weight(layer, i, $1) }
                        let derivative: Float = tanhHidden ? 1 - activations[layer][r][i] * activations[layer][r][i]
                                                           : (preActivations[layer][r][i] > 0 ? 1 : 0)
                        return back * derivative
                    }
                }
            }
        }
        return loss
    }

    /// Tolerance: both sides are float32, but the sums here run in a different order from
    /// PyTorch's GEMMs, and Adam's division by √v̂ passes relative differences of small gradients
    /// straight into the step. Observed after 20 steps: 1.3e-7 relative in the loss, 1.4e-7 in the
    /// weights (largest |w| ≈ 0.73). Bound: 1e-6 relative for losses and 1e-6 of the largest weight,
    /// about 10 float32 ulps, and far below one step's change (≈ 1e-2 per weight).
    @Test(arguments: ["tanh_mse", "relu_softmax_cross_entropy"])
    func adamFollowsPyTorch(_ name: String) throws {
        let network = try #require(Self.fixture.networks.first { $0.name == name })
        let layout = Self.layout()
        let inputs = Self.fixture.inputs.map { $0.map { Float($0) } }
        let initial = layout.segments.flatMap { network.initial[$0.name]?.values ?? [] }.map { Float($0) }
        var theta = ParameterVector(layout: layout, values: initial)
        var gradient = ParameterVector(layout: layout, repeating: 0)
        var adam = Adam()
        for step in 0..<network.steps {
            let loss = Self.lossAndGradient(theta, network: network, inputs: inputs, into: &gradient)
            #expect(abs(loss - network.losses[step]) <= 1e-6 * network.losses[step], "\(name) step \(step + 1): loss \(loss) vs \(network.losses[step])")
            adam.update(&theta, along: gradient, learningRate: Float(network.learningRate))
        }
        let finalLoss = Self.lossAndGradient(theta, network: network, inputs: inputs, into: &gradient)
        #expect(abs(finalLoss - network.finalLoss) <= 1e-6 * network.finalLoss)
        let expected = layout.segments.flatMap { network.final[$0.name]?.values ?? [] }
        let scale = expected.map(abs).max() ?? 1
        for (index, (actual, wanted)) in zip(theta.values, expected).enumerated() {
            #expect(abs(Double(actual) - wanted) <= 1e-6 * scale, "\(name) θ[\(index)]: \(actual) vs \(wanted)")
        }
    }
}
