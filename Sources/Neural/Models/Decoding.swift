/// Turning a network's output rows into class decisions, honestly.
///
/// The notes' example with 4 classes: outputs (.2, .4, .7, .1) decode to class 3 (index 2);
/// (.1, .9, .4, .1) to class 2 (index 1); (.1, .9, .8, .2) is ambiguous under a threshold of
/// 0.5 (two outputs pass) and is resolved by softmax/argmax to class 2. Ties and rows where no
/// output passes are reported, never silently resolved.
public enum Decoding {
    /// The decision for one row.
    public enum Decision: Equatable, Sendable {
        /// Exactly one class: its 0-based index.
        case single(Int)
        /// Several classes are equally likely (argmax tie) or pass the threshold together.
        case ambiguous([Int])
        /// No output passes the threshold.
        case none

        /// The class index when the decision is unambiguous.
        public var classIndex: Int? {
            if case .single(let index) = self { return index }
            return nil
        }
    }

    /// Argmax decoding of each row of `outputs` (`[samples, classes]`). A row whose largest
    /// value occurs more than once is `.ambiguous` with all tied indices; a row containing NaN
    /// is `.none`.
    public static func argmax(_ outputs: Matrix) -> [Decision] {
        (0..<outputs.rows).map { row in
            var best = -Float.infinity
            var winners: [Int] = []
            for column in 0..<outputs.columns {
                let value = outputs[row, column]
                if value.isNaN { return .none }
                if value > best {
                    best = value
                    winners = [column]
                } else if value == best {
                    winners.append(column)
                }
            }
            switch winners.count {
            case 0: return .none
            case 1: return .single(winners[0])
            default: return .ambiguous(winners)
            }
        }
    }

    /// Threshold decoding: each output `≥ threshold` counts as a 1. One passing output is a
    /// decision; several are `.ambiguous`; none is `.none`. A single column is one sigmoid
    /// output, the probability of class 1: it decodes to class 1 when `≥ threshold` and to class
    /// 0 otherwise (never `.none`).
    ///
    ///     Decoding.threshold(probabilities, at: 0.5)
    public static func threshold(_ outputs: Matrix, at threshold: Double = 0.5) -> [Decision] {
        precondition(threshold.isFinite, "Decoding threshold must be finite, got \(threshold)")
        if outputs.columns == 1 {
            return (0..<outputs.rows).map { row in
                let value = outputs[row, 0]
                if value.isNaN { return .none }
                return .single(Double(value) >= threshold ? 1 : 0)
            }
        }
        return (0..<outputs.rows).map { row in
            let passing = (0..<outputs.columns).filter { Double(outputs[row, $0]) >= threshold }
            switch passing.count {
            case 0: return .none
            case 1: return .single(passing[0])
            default: return .ambiguous(passing)
            }
        }
    }

    @available(*, deprecated, renamed: "threshold(_:at:)")
    public static func threshold(_ outputs: Matrix, threshold: Float) -> [Decision] {
        Self.threshold(outputs, at: Double(threshold))
    }

    /// The class index of every row, never ambiguous: the first largest output (numpy's
    /// `argmax`: a tie goes to the first tied class, NaN never wins), or for a single column (one
    /// sigmoid probability) class 1 when it is `≥ 0.5`. Use `argmax(_:)` to see ties.
    ///
    ///     let classes = Decoding.classIndices(trainer.predict(x))   // [0, 1, 1, 0]
    public static func classIndices(_ outputs: Matrix) -> [Int] {
        outputs.withUnsafeBufferPointer { values in
            (0..<outputs.rows).map { row in
                outputs.columns == 1 ? (values[row] >= 0.5 ? 1 : 0)
                    : firstMaximum(values, offset: row * outputs.columns, count: outputs.columns)
            }
        }
    }

    /// The position (0..<count) of the first largest of `count` values from `offset`: the one
    /// argmax of the package, used by the trainer's accuracy, the classifiers and the models.
    @inline(__always)
    static func firstMaximum(_ values: UnsafeBufferPointer<Float>, offset: Int, count: Int) -> Int {
        var best = 0
        for column in 1..<max(count, 1) where values[offset + column] > values[offset + best] { best = column }
        return best
    }

    /// One-hot rows: row `i` has a 1 in column `labels[i]` and 0 elsewhere (`[labels.count, classCount]`).
    public static func oneHot(_ labels: [Int], classCount: Int) -> Matrix {
        precondition(classCount > 0, "oneHot needs at least one class, got \(classCount)")
        var matrix = Matrix(rows: labels.count, columns: classCount)
        for (row, label) in labels.enumerated() {
            precondition(label >= 0 && label < classCount, "Label \(label) at row \(row) is outside 0..<\(classCount)")
            matrix[row, label] = 1
        }
        return matrix
    }
}
