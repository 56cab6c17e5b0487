import Foundation
@testable import Neural

/// `Fixtures/parity_reference.json`, written by `Fixtures/reference/generate_parity_reference.py`
/// (torch, scikit-learn, Keras 3 on jax; versions in the file): the same unshuffled mini-batch
/// training from the same initial weights, run by each peer, and the weights each ends with.
struct ParityFixture: Decodable {
    struct Case: Decodable, CustomStringConvertible {
        var name: String
        var peer: String
        var hidden_activation: String
        var task: String
        var outputs: Int
        var optimizer: String
        var learning_rate: Double
        var momentum: Double
        var nesterov: Bool
        var l2: Double
        var schedule: String
        var power_t: Double
        var tol: Double
        var n_iter_no_change: Int
        var batch_size: Int
        var epochs: Int
        var final: [String: Tensor]
        var loss_curve: [Double]

        var description: String { name }
        /// The loss in Neural's terms before a preset: the peers' cross-entropies on logits, or MSE.
        var loss: Loss {
            switch task {
            case "classes": .categoricalCrossEntropy
            case "binary": .binaryCrossEntropy
            default: .meanSquaredError
            }
        }
        var parity: Parity { Parity(name: peer) ?? .none }
        var hiddenActivation: Activation { hidden_activation == "tanh" ? .tanh : .relu }
        var architecture: String { "4-6-\(outputs)" }
    }

    /// A weight (`[[Double]]`, `[in, out]`) or a bias (`[Double]`), flattened row-major.
    struct Tensor: Decodable {
        var values: [Double]
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let matrix = try? container.decode([[Double]].self) { values = matrix.flatMap { $0 } } else {
                values = try container.decode([Double].self)
            }
        }
    }

    var versions: [String: String]
    var inputs: [[Double]]
    var classes: [Int]
    var binary: [Int]
    var values: [[Double]]
    var initial: [String: [String: Tensor]]
    var cases: [Case]

    static func load() throws -> ParityFixture {
        try Fixtures.decode(ParityFixture.self, from: "parity_reference.json")
    }

    func `case`(named name: String) -> Case? { cases.first { $0.name == name } }

    /// The 4-6-k network of `item`, starting from the fixture's initial weights.
    func initialNetwork(for item: Case) throws -> Network {
        let layers: [Layer] = [
            .dense(Dense(inputSize: 4, outputSize: 6, activation: item.hiddenActivation)),
            .dense(Dense(inputSize: 6, outputSize: item.outputs, activation: .identity)),
        ]
        var parameters = ParameterVector(layout: Network.parameterLayout(for: layers))
        let tensors = initial[item.architecture] ?? [:]
        for segment in parameters.layout.segments {
            guard let values = tensors[segment.name]?.values, values.count == segment.count else {
                throw ParityFixtureError(message: "initial \(item.architecture) lacks \(segment.name)")
            }
            // The fixture lists each weight [in, out]: the flat vector's storage order.
            parameters.values.replaceSubrange(segment.offset..<(segment.offset + segment.count), with: values.map(Float.init))
        }
        return try Network(layers: layers, parameters: parameters)
    }

    /// The training data of `item`: the 14 inputs with class labels (3 classes, or 2 for the
    /// one-logit binary cases), or the first `outputs` value columns.
    func dataset(for item: Case) -> Dataset {
        let features = Matrix(inputs.map { $0.map(Float.init) })
        if item.task == "classes" {
            return Dataset(features: features, targets: .classes(classes.map(Int32.init), classCount: 3))
        }
        if item.task == "binary" {
            return Dataset(features: features, targets: .classes(binary.map(Int32.init), classCount: 2))
        }
        let targets = Matrix(values.map { $0.prefix(item.outputs).map(Float.init) })
        return Dataset(features: features, targets: .values(targets))
    }
}

struct ParityFixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
