import Foundation
import Neural

/// The notes' losses with their numbers: mean squared error, cross-entropy of class labels,
/// entropy, and the penalty α‖w‖.
///
/// Class labels are not probabilities, and a hard one-hot prediction gives the true class
/// probability 0 whenever it is wrong, so its cross-entropy `−log 0` is infinite. The labels are
/// therefore turned into probabilities by label smoothing, as a network's softmax output would
/// be: `p = (1 − ε)·onehot(ŷ) + ε/K` (K classes), so the predicted class gets `1 − ε + ε/K` and each
/// other class `ε/K`. The cross-entropy `−(1/n)·Σ_i log p_i(y_i)` is computed by
/// `Loss.categoricalCrossEntropy` on the logits `log p` (softmax(log p) = p, since p sums to 1).
public struct LossesExplanation: Codable, Equatable, Sendable {
    /// MSE of predictions against targets.
    public struct Regression: Codable, Equatable, Sendable {
        public var predictions: [Double]
        public var targets: [Double]
        public var errors: [Double]
        public var squaredErrors: [Double]
        public var meanSquaredError: Double
    }

    /// Cross-entropy of class-label predictions (1-based labels).
    public struct Classification: Codable, Equatable, Sendable {
        public var classCount: Int
        public var predictedLabels: [Int]
        public var trueLabels: [Int]
        public var trueOneHot: [[Double]]
        public var predictedOneHot: [[Double]]
        /// ε of the label smoothing.
        public var smoothing: Double
        /// The smoothed prediction rows.
        public var probabilities: [[Double]]
        /// p_i(y_i), the probability given to the true class.
        public var trueClassProbabilities: [Double]
        /// −log p_i(y_i), each row's cross-entropy.
        public var rowLosses: [Double]
        public var crossEntropy: Double
        /// Rows whose hard one-hot prediction is wrong, where `−log 0` would be infinite.
        public var rowsInfiniteWithoutSmoothing: [Int]
        public var accuracy: Double
    }

    /// The entropy of one distribution.
    public struct EntropyExample: Codable, Equatable, Sendable {
        public var name: String
        public var probabilities: [Double]
        /// −Σ p log p, in nats.
        public var entropy: Double
    }

    /// The penalty on the lecture's neuron (w1 = 1, w2 = 2, b = 0).
    public struct Penalty: Codable, Equatable, Sendable {
        /// "L1" (α·Σ|w|) or "L2" ((α/2)·Σw²).
        public var kind: String
        public var alpha: Double
        public var weights: [Double]
        public var meanSquaredError: Double
        public var penalty: Double
        /// MSE + penalty.
        public var total: Double
        /// ∂MSE/∂w without the penalty.
        public var gradients: [Double]
        /// ∂(MSE + penalty)/∂w.
        public var penalisedGradients: [Double]
    }

    public var regression: Regression
    public var classification: Classification
    public var entropies: [EntropyExample]
    public var penalties: [Penalty]

    /// The notes' numbers; `smoothing` is ε, `alpha` the penalty coefficient.
    public static func compute(smoothing: Double = 0.1, alpha: Double = 0.1) -> LossesExplanation {
        precondition(smoothing > 0 && smoothing < 1, "LossesExplanation: smoothing must be in (0, 1), got \(smoothing)")
        return LossesExplanation(regression: regression(), classification: classification(smoothing: smoothing),
                                 entropies: entropies(smoothing: smoothing), penalties: penalties(alpha: alpha))
    }

    static func regression() -> Regression {
        let predictions: [Float] = [1.5, 1.2, 0.2, 1]
        let targets: [Float] = [1.6, 1.5, 0.7, 3]
        let squared = zip(predictions, targets).map { prediction, target in
            Loss.meanSquaredError.value(logits: Matrix([[prediction]]), targets: Matrix([[target]]))
        }
        let mse = Loss.meanSquaredError.value(logits: Matrix(rows: 4, columns: 1, storage: predictions),
                                              targets: Matrix(rows: 4, columns: 1, storage: targets))
        return Regression(predictions: predictions.map(decimal), targets: targets.map(decimal),
                          errors: zip(predictions, targets).map { decimal($0 - $1) },
                          squaredErrors: squared.map { roundedToFloat($0) }, meanSquaredError: roundedToFloat(mse))
    }

    static func classification(smoothing: Double) -> Classification {
        let predicted = [1, 4, 4, 3, 2]
        let truth = [1, 2, 1, 3, 3]
        let classCount = 4
        let predictedOneHot = Decoding.oneHot(predicted.map { $0 - 1 }, classCount: classCount)
        let trueOneHot = Decoding.oneHot(truth.map { $0 - 1 }, classCount: classCount)
        let probabilities = Matrix(rows: predicted.count, columns: classCount) { row, column in
            Float((1 - smoothing) * Double(predictedOneHot[row, column]) + smoothing / Double(classCount))
        }
        let logits = Matrix(rows: probabilities.rows, columns: classCount) { row, column in
            Float(log(Double(probabilities[row, column])))
        }
        let indices = Matrix(rows: truth.count, columns: 1, storage: truth.map { Float($0 - 1) })
        let rowLosses = (0..<truth.count).map { row in
            Loss.categoricalCrossEntropy.value(logits: Matrix(rows: 1, columns: classCount, storage: logits.row(row)),
                                               targets: Matrix([[Float(truth[row] - 1)]]))
        }
        let crossEntropy = Loss.categoricalCrossEntropy.value(logits: logits, targets: indices)
        let wrong = (0..<truth.count).filter { predicted[$0] != truth[$0] }.map { $0 + 1 }
        return Classification(
            classCount: classCount, predictedLabels: predicted, trueLabels: truth,
            trueOneHot: rows(of: trueOneHot), predictedOneHot: rows(of: predictedOneHot), smoothing: smoothing,
            probabilities: rows(of: probabilities),
            trueClassProbabilities: (0..<truth.count).map { decimal(probabilities[$0, truth[$0] - 1]) },
            rowLosses: rowLosses, crossEntropy: crossEntropy, rowsInfiniteWithoutSmoothing: wrong,
            accuracy: Metrics.accuracy(actual: truth, predicted: predicted))
    }

    static func entropies(smoothing: Double) -> [EntropyExample] {
        let k = 4.0
        let smoothed = [1 - smoothing + smoothing / k] + Array(repeating: smoothing / k, count: 3)
        let softmaxRow = softmax(Matrix([[1, 9, 8, 2]])).row(0).map(decimal)
        let cases: [(String, [Double])] = [
            ("uniform over 4 classes (most uncertain)", [0.25, 0.25, 0.25, 0.25]),
            ("one-hot (certain)", [1, 0, 0, 0]),
            ("smoothed one-hot prediction", smoothed),
            ("softmax of (1, 9, 8, 2)", softmaxRow),
        ]
        return cases.map { EntropyExample(name: $0.0, probabilities: $0.1, entropy: entropy($0.1)) }
    }

    static func penalties(alpha: Double) -> [Penalty] {
        let network = LectureExample.neuron(bias: 0)
        let targets = Matrix(rows: 4, columns: 1, storage: LectureExample.targets)
        let workspace = TrainingWorkspace(for: network, batchCapacity: 4)
        var generator = SeededGenerator(seed: 0)   // no dropout: not used
        let mse = network.computeGradients(inputs: LectureExample.inputs, targets: targets, loss: .meanSquaredError,
                                           workspace: workspace, generator: &generator)
        let plain = workspace.gradients.values.dropLast().map(decimal)
        return [("L1", Regularization.l1(alpha)), ("L2", Regularization.l2(alpha))].map { kind, regularization in
            var generator = SeededGenerator(seed: 0)
            let total = network.computeGradients(inputs: LectureExample.inputs, targets: targets, loss: .meanSquaredError,
                                                 regularization: regularization, workspace: workspace,
                                                 generator: &generator)
            return Penalty(kind: kind, alpha: alpha, weights: LectureExample.initialWeights.map(decimal),
                           meanSquaredError: mse,
                           penalty: regularization.penalty(of: network.parameters, sampleCount: 4),
                           total: total, gradients: plain,
                           penalisedGradients: workspace.gradients.values.dropLast().map(decimal))
        }
    }

    private static func rows(of matrix: Matrix) -> [[Double]] {
        (0..<matrix.rows).map { matrix.row($0).map(decimal) }
    }

    /// A sum of float32 terms reported without the float32 noise in its last digits (the loss
    /// kernels accumulate in Double from float32 inputs, so 0.01 arrives as 0.0099999…).
    private static func roundedToFloat(_ value: Double) -> Double { decimal(Float(value)) }
}
