import Foundation
import Testing
@testable import Neural
@testable import NeuralONNX

@Suite struct TrainedModelInteropTests {
    /// Raw rows: numeric `a`, `b`, then the one-hot block of `c` ∈ {p, q}.
    static let raw = Matrix(rows: 3, columns: 4, storage: [3, -2, 1, 0,  0.5, 10, 0, 1,  -1, 6, 1, 0])

    /// The preprocessing the model applies before its network: `(a − 1)/2`, `(b − 2)/4`, one-hot as is.
    static var standardized: Matrix {
        Matrix(rows: 3, columns: 4) { row, column in
            let value = raw[row, column]
            switch column {
            case 0: return (value - 1) / 2
            case 1: return (value - 2) / 4
            default: return value
            }
        }
    }

    static func preprocessor(task: LearningTask) -> Preprocessor {
        Preprocessor(inputColumns: [.init(name: "a", kind: .numeric), .init(name: "b", kind: .numeric),
                                    .init(name: "c", kind: .categorical)],
                     targetColumn: "y", task: task, missingValues: .error, numericMeans: [1, 2],
                     standardizer: Standardizer(means: [1, 2], standardDeviations: [2, 4]),
                     mostFrequentCategories: ["p"],
                     oneHotEncoder: OneHotEncoder(columnNames: ["c"], categories: [["p", "q"]]),
                     labelEncoder: task == .classification ? LabelEncoder(classes: ["u", "v", "w"]) : nil)
    }

    /// The stack standardises the numeric features with `Sub`/`Div` and passes the one-hot ones,
    /// so on raw features it gives the model's probabilities on preprocessed ones. Tolerance
    /// 1e-6: the same float32 operations, only the standardisation's rounding can differ.
    @Test func classifierStackTakesRawNumericAndOneHotFeatures() throws {
        let network = Network(inputSize: 4, hiddenLayers: [5], outputSize: 3, activation: .tanh, seed: 1)
        let model = TrainedModel(network: network, preprocessor: Self.preprocessor(task: .classification),
                                 configuration: TrainingConfiguration(loss: .categoricalCrossEntropy))
        let stack = try model.denseStack()
        #expect(stack.inputMean == [1, 2, 0, 0])
        #expect(stack.inputScale == [2, 4, 1, 1])
        #expect(stack.outputLink == .softmax)
        let expected = try #require(model.predict(features: Self.standardized).probabilities)
        let actual = stack.predictions(for: Self.raw)
        for (x, y) in zip(actual.storage, expected.storage) { #expect(abs(x - y) <= 1e-6) }
    }

    /// A regressor trained on `(y − 10)/3` predicts in y's units; the stack folds `·3 + 10` into
    /// its last layer. Tolerance 1e-5: values near 10 in float32 (about 1e-6 relative).
    @Test func regressorStackPredictsInTheTargetsUnits() throws {
        let network = Network(inputSize: 4, hiddenLayers: [5], outputSize: 1, activation: .relu, seed: 2)
        let model = TrainedModel(network: network, preprocessor: Self.preprocessor(task: .regression),
                                 configuration: TrainingConfiguration(loss: .meanSquaredError),
                                 targetScaling: Standardizer(means: [10], standardDeviations: [3]))
        let stack = try model.denseStack()
        #expect(stack.outputLink == .identity)
        let expected = model.predict(features: Self.standardized).values
        let actual = stack.predictions(for: Self.raw).storage
        #expect(expected.count == 3)
        for (x, y) in zip(actual, expected) { #expect(abs(x - y) <= 1e-5) }
    }

    @Test func scaledTargetBehindANonlinearOutputCannotBeExported() {
        let network = Network(inputSize: 4, hiddenLayers: [5], outputSize: 1, activation: .relu,
                              outputActivation: .tanh, seed: 2)
        let model = TrainedModel(network: network, preprocessor: Self.preprocessor(task: .regression),
                                 configuration: TrainingConfiguration(loss: .meanSquaredError),
                                 targetScaling: Standardizer(means: [10], standardDeviations: [3]))
        #expect(throws: ONNXError.self) { try model.denseStack() }
    }

    /// An imported network gets numeric columns with identity preprocessing, its task from the
    /// link, and default names; names that do not fit the network are refused.
    @Test func importedNetworkBecomesAModel() throws {
        let network = Network(inputSize: 4, hiddenLayers: [5], outputSize: 3, seed: 3)
        let model = try TrainedModel(importing: network, link: .softmax, columns: ["a", "b", "c", "d"], source: "test")
        #expect(model.task == .classification)
        #expect(model.classNames == ["0", "1", "2"])
        #expect(model.preprocessor.featureNames == ["a", "b", "c", "d"])
        #expect(model.loss.kind == .categoricalCrossEntropy)
        #expect(throws: TrainedModelError.self) {
            try TrainedModel(importing: network, link: .softmax, columns: ["a", "b"], source: "test")
        }
        // Three logits without a task: a classifier (there is no multi-output regression).
        let logits = try TrainedModel(importing: network, link: .identity, columns: ["a", "b", "c", "d"], source: "test")
        #expect(logits.task == .classification)
        #expect(logits.loss.kind == .categoricalCrossEntropy)
        #expect(throws: TrainedModelError.self) {
            try TrainedModel(importing: network, link: .identity, columns: ["a", "b", "c", "d"], task: .regression, source: "test")
        }
    }
}
