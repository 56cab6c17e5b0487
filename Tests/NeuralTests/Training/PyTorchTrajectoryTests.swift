import Foundation
import Testing
@testable import Neural

/// `Fixtures/mlp_trajectory_reference.json`: 20 full-batch `torch.optim.Adam` steps (lr 1e-2) on
/// a 3-5-4-2 MLP from fixed weights (generate_optimizer_reference.py), replayed through
/// Neural's own `Network`, `Loss`, `Adam` and `Trainer.step`.
///
/// Tolerance: both sides compute in float32 with different summation orders; over 20 steps
/// the differences measured stay below 2e-7 relative to the largest weight, so 1e-5 (relative
/// to max(1, |value|)) is float32 precision with margin for other kernels and thread counts.
@Suite struct PyTorchTrajectoryTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            var name: String
            var hidden_activation: String
            var loss: String
            var targets: Targets
            var learning_rate: Double
            var steps: Int
            var initial: [String: Tensor]
            var losses: [Double]
            var final: [String: Tensor]
        }

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
        var networks: [Case]
    }

    static func fixture() throws -> Fixture {
        try Fixtures.decode(Fixture.self, from: "mlp_trajectory_reference.json")
    }

    @Test(arguments: ["tanh_mse", "relu_softmax_cross_entropy"])
    func adamTrajectoryMatchesPyTorch(name: String) throws {
        let fixture = try Self.fixture()
        let item = try #require(fixture.networks.first { $0.name == name })
        let activation: Activation = item.hidden_activation == "tanh" ? .tanh : .relu
        let layers: [Layer] = [
            .dense(Dense(inputSize: 3, outputSize: 5, activation: activation)),
            .dense(Dense(inputSize: 5, outputSize: 4, activation: activation)),
            .dense(Dense(inputSize: 4, outputSize: 2, activation: .identity)),
        ]
        var parameters = ParameterVector(layout: Network.parameterLayout(for: layers))
        for segment in parameters.layout.segments {
            let values = try #require(item.initial[segment.name]).values.map(Float.init)
            try #require(values.count == segment.count)
            // The fixture lists each weight [in, out]: the flat vector's storage order.
            parameters.values.replaceSubrange(segment.offset..<(segment.offset + segment.count), with: values)
        }
        let network = try Network(layers: layers, parameters: parameters)
        let inputs = Matrix(fixture.inputs.map { $0.map(Float.init) })
        let targets: Matrix
        var configuration: TrainingConfiguration
        switch item.targets {
        case .rows(let rows):
            targets = Matrix(rows.map { $0.map(Float.init) })
            configuration = TrainingConfiguration(loss: .meanSquaredError)
        case .classes(let classes):
            targets = Matrix(classes.map { [Float($0)] })
            configuration = TrainingConfiguration(loss: .categoricalCrossEntropy)
        }
        configuration.optimizer = .adam(Adam())
        configuration.learningRate = item.learning_rate
        var trainer = try Trainer(network: network, configuration: configuration)
        for step in 0..<item.steps {
            let loss = try trainer.step(inputs: inputs, targets: targets)
            // The loss PyTorch computed before its step `step`.
            #expect(abs(loss - item.losses[step]) <= 1e-5 * max(1, abs(item.losses[step])), "\(name) step \(step)")
        }
        var worst = 0.0
        for segment in trainer.network.parameters.layout.segments {
            let expected = try #require(item.final[segment.name]).values
            let actual = trainer.network.parameters.values[segment.offset..<(segment.offset + segment.count)]
            for (ours, theirs) in zip(actual, expected) {
                worst = max(worst, abs(Double(ours) - theirs) / max(1, abs(theirs)))
            }
        }
        #expect(worst <= 1e-5, "\(name): worst relative difference \(worst)")
    }
}
