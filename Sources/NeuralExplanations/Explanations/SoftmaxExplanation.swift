import Foundation
import Neural

/// One-hot encoding, threshold decoding and softmax with the notes' numbers.
///
/// ```
/// one-hot: class k of K is the row with a 1 in column k
/// threshold decoding: every output ≥ threshold is a 1; one 1 is a class, several are ambiguous
/// softmax(t)_k = e^{t_k} / Σ_i e^{t_i}
/// ```
/// The decisions come from `Decoding.threshold` and `Decoding.argmax`, the probabilities from the
/// library's `softmax` (which subtracts the row maximum first: `e^{t_k − m} / Σ_i e^{t_i − m}` is the
/// same value and cannot overflow). The exponentials `e^{t_k}` are listed to show the formula,
/// and `maximumDifference` checks `e^{t_k} / Σ e^{t_i}` against the library's probabilities.
public struct SoftmaxExplanation: Codable, Equatable, Sendable {
    /// Threshold decoding of one output row (classes are 1-based).
    public struct ThresholdRow: Codable, Equatable, Sendable {
        public var outputs: [Double]
        /// 1 where the output is ≥ the threshold.
        public var bits: [Int]
        /// "class 3", "ambiguous: classes 2, 3", or "no class".
        public var decision: String
        public var decidedClass: Int?
        /// softmax of the outputs.
        public var softmax: [Double]
        /// The argmax of the softmax (the resolution of an ambiguous row).
        public var softmaxClass: Int?
    }

    /// Softmax of one row with every exponential.
    public struct SoftmaxRow: Codable, Equatable, Sendable {
        public var logits: [Double]
        /// e^{t_k}.
        public var exponentials: [Double]
        /// Σ e^{t_i}.
        public var sum: Double
        /// The library's softmax.
        public var probabilities: [Double]
        /// max_k |e^{t_k}/Σ − probability_k|.
        public var maximumDifference: Double
    }

    public var classCount: Int
    /// Row k is class k + 1.
    public var oneHot: [[Int]]
    public var threshold: Double
    public var thresholdRows: [ThresholdRow]
    public var softmaxRows: [SoftmaxRow]

    public static func compute(threshold: Double = 0.5) -> SoftmaxExplanation {
        let classCount = 4
        let oneHot = Decoding.oneHot(Array(0..<classCount), classCount: classCount)
        let outputs = Matrix([[0.2, 0.4, 0.7, 0.1], [0.1, 0.9, 0.4, 0.1], [0.1, 0.9, 0.8, 0.2]])
        let decisions = Decoding.threshold(outputs, at: threshold)
        let probabilities = softmax(outputs)
        let resolved = Decoding.argmax(probabilities)
        let rows = (0..<outputs.rows).map { row -> ThresholdRow in
            let values = outputs.row(row)
            let decision: String
            switch decisions[row] {
            case .single(let index): decision = "class \(index + 1)"
            case .ambiguous(let indices): decision = "ambiguous: classes " + indices.map { "\($0 + 1)" }.joined(separator: ", ")
            case .none: decision = "no class"
            }
            return ThresholdRow(outputs: values.map(decimal), bits: values.map { Double($0) >= threshold ? 1 : 0 },
                                decision: decision, decidedClass: decisions[row].classIndex.map { $0 + 1 },
                                softmax: probabilities.row(row).map(decimal),
                                softmaxClass: resolved[row].classIndex.map { $0 + 1 })
        }
        let logits = Matrix([[1, 9, 8, 2], [3, 6, 3, 7]])
        let library = softmax(logits)
        let softmaxRows = (0..<logits.rows).map { row -> SoftmaxRow in
            let t = logits.row(row).map(Double.init)
            let exponentials = t.map { exp($0) }
            let sum = exponentials.reduce(0, +)
            let p = library.row(row).map(Double.init)
            let difference = zip(exponentials, p).map { abs($0 / sum - $1) }.max() ?? 0
            return SoftmaxRow(logits: t, exponentials: exponentials, sum: sum, probabilities: library.row(row).map(decimal),
                              maximumDifference: difference)
        }
        return SoftmaxExplanation(classCount: classCount,
                                  oneHot: (0..<classCount).map { oneHot.row($0).map { Int($0) } },
                                  threshold: decimal(Float(threshold)), thresholdRows: rows, softmaxRows: softmaxRows)
    }
}
