/// Which rows score a model, and which rows train it, in cross-validation or a hold-out.
///
/// `kFold`: the rows are shuffled with `shuffleSeed` and dealt into `folds` folds; each fold is
/// scored once by a model trained on the other `folds − 1`. Classification folds are stratified:
/// each class's rows (shuffled) are dealt round-robin over the folds, continuing where the
/// previous class stopped, so every fold holds ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of class c and fold
/// sizes differ by at most one. `repeats` > 1 repeats the whole k-fold with the seeds
/// `shuffleSeed`, `shuffleSeed + 1`, … (scikit-learn's `RepeatedStratifiedKFold`).
///
/// `holdOut`: one split, `fraction` of the rows scored (stratified for classification), the
/// rest trained on, drawn with `shuffleSeed`.
public enum ValidationScheme: Sendable, Equatable, Codable {
    case kFold(folds: Int, repeats: Int, shuffleSeed: UInt64)
    case holdOut(fraction: Double, shuffleSeed: UInt64)

    /// The most splits (folds × repeats) a scheme may have, as a search has at most this many
    /// candidates: each split holds a list of the rows, so the count is bounded before any is made.
    public static let maximumSplitCount = 100_000

    /// How many models the scheme trains (`Int.max` when folds × repeats overflows; `problem`
    /// refuses any count above `maximumSplitCount`).
    public var splitCount: Int {
        switch self {
        case let .kFold(folds, repeats, _):
            let (count, overflow) = folds.multipliedReportingOverflow(by: repeats)
            return overflow ? Int.max : count
        case .holdOut:
            return 1
        }
    }

    /// The first problem with the numbers, or nil.
    public var problem: String? {
        switch self {
        case let .kFold(folds, repeats, _):
            if folds < 2 { return "The number of folds must be at least 2, got \(folds)." }
            if repeats < 1 { return "The number of repeats must be at least 1, got \(repeats)." }
            if splitCount > Self.maximumSplitCount {
                return "The number of folds × the number of repeats must be at most \(Self.maximumSplitCount), got \(folds) × \(repeats)."
            }
        case let .holdOut(fraction, _):
            if !(fraction > 0 && fraction < 1) { return "The hold-out fraction must be above 0 and below 1, got \(fraction)." }
        }
        return nil
    }
}

/// One train/score split of a validation scheme: positions into the rows the plan was made for.
public struct FoldSplit: Sendable, Equatable, Codable {
    /// Which repeat (0-based) and which fold within it (0-based).
    public var repeatIndex: Int
    public var foldIndex: Int
    /// Positions of the training rows, ascending.
    public var train: [Int]
    /// Positions of the scored rows, ascending.
    public var score: [Int]
}

extension ValidationScheme {
    /// The splits of `rowCount` rows; `labels` (class index of each row, `classNames` for
    /// messages) make them stratified. Throws `SelectionError` when the scheme's numbers are
    /// out of range or there are too few rows (or too few rows of a class) for it.
    public func splits(rowCount: Int, labels: [Int32]? = nil, classNames: [String] = []) throws -> [FoldSplit] {
        if let problem { throw SelectionError.invalidScheme(problem) }
        if let labels { precondition(labels.count == rowCount, "splits: \(labels.count) labels for \(rowCount) rows") }
        switch self {
        case let .kFold(folds, repeats, shuffleSeed):
            guard rowCount >= folds else { throw SelectionError.tooFewRows(rows: rowCount, needed: folds, scheme: "\(folds)-fold cross-validation") }
            // Every split lists all the rows (training or scored), 8 bytes each.
            let bytes = UInt64(splitCount).multipliedReportingOverflow(by: UInt64(rowCount) * 8)
            let available = MemoryBudget.availableBytes()
            if bytes.overflow || bytes.partialValue > available / 2 {
                throw SelectionError.invalidScheme("\(folds) folds × \(repeats) repeats of \(rowCount) rows need more memory for their row lists than is available (\(available / 1_048_576) MiB); use fewer repeats or folds.")
            }
            var result = [FoldSplit]()
            for repeatIndex in 0..<repeats {
                var generator = SeededGenerator(seed: shuffleSeed &+ UInt64(repeatIndex))
                let assignment = try labels.map {
                    try Self.stratifiedAssignment(labels: $0, classNames: classNames, folds: folds, generator: &generator)
                } ?? Self.plainAssignment(rowCount: rowCount, folds: folds, generator: &generator)
                for fold in 0..<folds {
                    var train = [Int](), score = [Int]()
                    for row in 0..<rowCount {
                        if assignment[row] == fold { score.append(row) } else { train.append(row) }
                    }
                    result.append(FoldSplit(repeatIndex: repeatIndex, foldIndex: fold, train: train, score: score))
                }
            }
            return result
        case let .holdOut(fraction, shuffleSeed):
            var generator = SeededGenerator(seed: shuffleSeed)
            let split: DataSplit
            do {
                if let labels {
                    split = try DataSplit.stratified(labels: labels, classNames: classNames, validationFraction: fraction, generator: &generator)
                } else {
                    split = try DataSplit.random(rowCount: rowCount, validationFraction: fraction, generator: &generator)
                }
            } catch let error as DataError {
                throw SelectionError.data(error)
            }
            return [FoldSplit(repeatIndex: 0, foldIndex: 0, train: split.train, score: split.validation)]
        }
    }

    /// Fold of each row: a shuffled order cut into `folds` runs, the first `rowCount % folds`
    /// one row longer (scikit-learn's `KFold` sizes).
    private static func plainAssignment(rowCount: Int, folds: Int, generator: inout SeededGenerator) -> [Int] {
        var order = Array(0..<rowCount)
        generator.shuffle(&order)
        var assignment = [Int](repeating: 0, count: rowCount)
        var position = 0
        for fold in 0..<folds {
            let size = rowCount / folds + (fold < rowCount % folds ? 1 : 0)
            for row in order[position..<(position + size)] { assignment[row] = fold }
            position += size
        }
        return assignment
    }

    /// Fold of each row: each class's shuffled rows dealt round-robin, continuing across classes.
    private static func stratifiedAssignment(labels: [Int32], classNames: [String], folds: Int,
                                             generator: inout SeededGenerator) throws -> [Int] {
        let classCount = max(classNames.count, Int(labels.max() ?? -1) + 1)
        var members = [[Int]](repeating: [], count: classCount)
        for (row, label) in labels.enumerated() {
            precondition(label >= 0, "stratified folds: negative class index \(label) at row \(row)")
            members[Int(label)].append(row)
        }
        for (index, rows) in members.enumerated() where !rows.isEmpty && rows.count < folds {
            let name = index < classNames.count ? classNames[index] : String(index)
            throw SelectionError.tooFewClassMembers(className: name, count: rows.count, folds: folds)
        }
        var assignment = [Int](repeating: 0, count: labels.count)
        var next = 0
        for var rows in members where !rows.isEmpty {
            generator.shuffle(&rows)
            for row in rows {
                assignment[row] = next
                next = (next + 1) % folds
            }
        }
        return assignment
    }
}
