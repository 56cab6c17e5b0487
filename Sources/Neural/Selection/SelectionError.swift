/// What can be wrong with a cross-validation or a hyper-parameter search: the scheme, the data
/// it is given, the search space, the study log. `description` is meant for the user as is.
public enum SelectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Folds, repeats or a hold-out fraction out of range.
    case invalidScheme(String)
    /// Fewer rows than the scheme needs.
    case tooFewRows(rows: Int, needed: Int, scheme: String)
    /// A class has fewer rows than there are folds, so some fold could not hold it.
    case tooFewClassMembers(className: String, count: Int, folds: Int)
    /// The data could not be split or prepared.
    case data(DataError)
    /// A fold's scored rows hold something its training rows never showed the preprocessing.
    case fold(index: Int, repeatIndex: Int, DataError)
    /// The search space text is malformed: `position` is the 1-based character where `token` starts.
    case invalidSpace(message: String, token: String, position: Int)
    /// The search cannot run as asked (a grid over a range, too few trials, …).
    case invalidSearch(String)
    /// The metric does not apply to the task (accuracy of a regressor, …).
    case metricDoesNotFit(metric: String, task: LearningTask)
    /// The study log is unreadable, belongs to another study or is held by another process.
    case study(path: String, String)

    public var description: String {
        switch self {
        case .invalidScheme(let message), .invalidSearch(let message):
            return message
        case let .tooFewRows(rows, needed, scheme):
            return "\(scheme) needs at least \(needed) rows, but the data has \(rows)."
        case let .tooFewClassMembers(className, count, folds):
            return "The class \"\(className)\" has \(count) row\(count == 1 ? "" : "s"), fewer than the \(folds) folds; every fold needs one of each class (use fewer folds)."
        case .data(let error):
            return error.description
        case let .fold(index, repeatIndex, error):
            let hint: String
            if case .unseenCategory = error {
                hint = " The category appears only in that fold's scored rows; add --unseen-categories all-zeros to score it as an all-zero block."
            } else {
                hint = ""
            }
            return "Fold \(index + 1)\(repeatIndex > 0 ? " of repeat \(repeatIndex + 1)" : ""): \(error.description)\(hint)"
        case let .invalidSpace(message, token, position):
            return "Search space, at character \(position) (\"\(token)\"): \(message)"
        case let .metricDoesNotFit(metric, task):
            return "The metric \(metric) does not apply to \(task.rawValue); use \(SelectionMetric.allCases.filter { $0.applies(to: task) }.map(\.rawValue).joined(separator: ", "))."
        case let .study(path, message):
            return "Study \(path): \(message)"
        }
    }
}
