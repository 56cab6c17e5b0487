/// Whether a target is predicted as a class or as a number.
///
/// The raw values are the command line's spelling (`--task classification|regression`).
public enum LearningTask: String, Sendable, Codable, CaseIterable, Equatable {
    case classification
    case regression

    /// The most distinct values an integer-valued numeric target may have and still be
    /// read as class labels.
    public static let maximumIntegerClassCount = 20

    /// The task a target column implies, like scikit-learn's `type_of_target`, with a limit:
    /// - a categorical (text) target → classification;
    /// - a numeric target whose present values are all integers and take at most
    ///   `maximumIntegerClassCount` (20) distinct values → classification (`0/1`, ratings `1…5`);
    /// - any other numeric target (fractions, or more than 20 distinct integers such as prices
    ///   or counts) → regression.
    /// Missing values are ignored. An explicit task overrides this.
    public static func inferred(from column: DataColumn) -> LearningTask {
        switch column.kind {
        case .categorical:
            return .classification
        case .numeric:
            var distinct = Set<Float>()
            for value in column.values where !value.isNaN {
                if value != value.rounded() { return .regression }
                distinct.insert(value)
                if distinct.count > maximumIntegerClassCount { return .regression }
            }
            return distinct.isEmpty ? .regression : .classification
        }
    }
}
