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
    /// decision; several are `.ambiguous`; none is `.none`.
    public static func threshold(_ outputs: Matrix, threshold: Float = 0.5) -> [Decision] {
        precondition(threshold.isFinite, "Decoding threshold must be finite, got \(threshold)")
        return (0..<outputs.rows).map { row in
            let passing = (0..<outputs.columns).filter { outputs[row, $0] >= threshold }
            switch passing.count {
            case 0: return .none
            case 1: return .single(passing[0])
            default: return .ambiguous(passing)
            }
        }
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
