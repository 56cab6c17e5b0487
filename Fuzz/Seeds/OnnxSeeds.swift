// The ONNX seeds this package exports itself (see WriteSeeds.swift): small stacks that together
// use every activation (GELU as its Mul/Add/Tanh composition), each output link, and the
// standardisation nodes; and graphs that take CSV columns (`neural_columns_*.onnx`: Imputer,
// LabelEncoder, OneHotEncoder with a pooled category, Flatten, Concat, the label path, a binary
// [1 − p, p] pair, a regressor without imputation). The PyTorch and skl2onnx seeds are copies of
// Tests/NeuralTests/Fixtures/onnx.
import Foundation
import Neural
import NeuralONNX

enum OnnxSeeds {
    static func write(to folder: URL) throws {
        let stacks: [(file: String, stack: DenseStack)] = [
            ("neural_standardised_relu_regressor.onnx",
             DenseStack(layers: [layer(3, 4, .relu, seed: 1), layer(4, 1, .identity, seed: 2)],
                        inputMean: [0.5, -1, 2], inputScale: [2, 0.5, 1.5])),
            ("neural_gelu_softmax.onnx",
             DenseStack(layers: [layer(3, 4, .gelu, seed: 3), layer(4, 3, .identity, seed: 4)], outputLink: .softmax)),
            ("neural_tanh_sigmoid_link.onnx",
             DenseStack(layers: [layer(2, 3, .tanh, seed: 5), layer(3, 1, .identity, seed: 6)], outputLink: .sigmoid)),
            ("neural_leaky_elu_softplus_sigmoid.onnx",
             DenseStack(layers: [layer(3, 3, .leakyReLU(slope: 0.15), seed: 7), layer(3, 2, .elu(alpha: 0.8), seed: 8),
                                 layer(2, 2, .softplus, seed: 9), layer(2, 1, .sigmoid, seed: 10)],
                        inputMean: [1, 0, -1])),
        ]
        for (file, stack) in stacks {
            try stack.writeONNX(to: folder.appendingPathComponent(file))
        }
        for (file, model) in columnModels() {
            try model.writeONNXColumnGraph(to: folder.appendingPathComponent(file))
        }
    }

    /// Models over the columns `a` (number), `color` (text: two kept categories, two pooled), `b`
    /// (number): a 3-class and a binary classifier filling missing values, a regressor refusing them.
    private static func columnModels() -> [(String, TrainedModel)] {
        let columns = [Preprocessor.InputColumn(name: "a", kind: .numeric), .init(name: "color", kind: .categorical),
                       .init(name: "b", kind: .numeric)]
        let encoder = OneHotEncoder(columnNames: ["color"], categories: [["blue", "red"]],
                                    infrequentCategories: [["green", "violet"]], unseenCategories: .allZeros)
        let standardizer = Standardizer(means: [1, 2], standardDeviations: [2, 0.5])
        func preprocessor(_ task: LearningTask, classes: [String]?, missing: MissingValuePolicy) -> Preprocessor {
            Preprocessor(inputColumns: columns, targetColumn: "y", task: task, missingValues: missing,
                         imputer: Imputer(numericMeans: [1, 2], numericMedians: [1.5, 2.5], numericModes: [1, 2],
                                          categoricalModes: ["red"]),
                         standardizer: standardizer, oneHotEncoder: encoder, labelEncoder: classes.map { LabelEncoder(classes: $0) })
        }
        func model(_ outputs: Int, _ loss: Loss, _ preprocessing: Preprocessor, seed: UInt64) -> TrainedModel {
            let network = Network(inputSize: 5, hiddenLayers: [4], outputSize: outputs, activation: .tanh,
                                  outputActivation: .identity, dropout: 0, seed: seed)
            return TrainedModel(network: network, preprocessor: preprocessing, configuration: TrainingConfiguration(loss: loss))
        }
        return [
            ("neural_columns_softmax.onnx",
             model(3, .categoricalCrossEntropy, preprocessor(.classification, classes: ["no", "yes", "maybe"], missing: .median), seed: 11)),
            ("neural_columns_binary.onnx",
             model(1, .binaryCrossEntropy, preprocessor(.classification, classes: ["female", "male"], missing: .mean), seed: 12)),
            ("neural_columns_regressor.onnx",
             model(1, .meanSquaredError, preprocessor(.regression, classes: nil, missing: .error), seed: 13)),
        ]
    }

    /// Weights from a fixed sequence in about [−1.2, 1.2], so pre-activations take both signs.
    private static func layer(_ inputs: Int, _ outputs: Int, _ activation: DenseStack.StackActivation,
                              seed: Int) -> DenseStack.Layer {
        let weight = Matrix(rows: inputs, columns: outputs) { row, column in
            Float(((row * 7 + column * 13 + seed * 5) % 17) - 8) * 0.15
        }
        let bias = (0..<outputs).map { Float((($0 * 5 + seed) % 7) - 3) * 0.1 }
        return DenseStack.Layer(weight: weight, bias: bias, activation: activation)
    }
}
