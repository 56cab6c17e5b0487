/// k-fold (or hold-out) validation of a training recipe on a table, with the preprocessing
/// fitted inside each fold on that fold's training rows only, so nothing of the scored rows
/// (their means, deviations, categories or classes) leaks into the model that scores them.
///
/// ```swift
/// let validation = CrossValidation(
///     scheme: .kFold(folds: 5, repeats: 1, shuffleSeed: 0),
///     preparation: PreparationOptions(target: "species", validationFraction: 0))
/// let reports = try validation.run(on: table) { fold in try train(fold) }   // -> TrainedModel
/// let accuracy = reports.summary(of: .accuracy)                             // mean ± sd
/// ```
///
/// Per split: the usable rows (the missing-value policy of `preparation`) are split by
/// `scheme` (stratified for classification); a `Preprocessor` is fitted on the split's
/// training rows; `preparation.validationFraction` of those rows (stratified, seed
/// `preparation.seed`) are held out as the fold's validation set (for early stopping and the
/// validation loss; 0 for none); the recipe trains on the rest; the model is evaluated on the
/// scored rows.
public struct CrossValidation: Sendable {
    /// The splits.
    public var scheme: ValidationScheme
    /// Columns, task, missing values, standardisation; `validationFraction` and `seed` are
    /// those of the validation set carved out of each fold's training rows; `testFraction` is
    /// not used.
    public var preparation: PreparationOptions
    /// Validate on the scored rows (a hold-out as `neural train` or Keras's `validation_split`
    /// use it: one held-out set for the validation loss, early stopping and the score);
    /// `preparation.validationFraction` is then not used. Default false.
    public var scoredRowsAreValidation = false

    public init(scheme: ValidationScheme, preparation: PreparationOptions) {
        self.scheme = scheme
        self.preparation = preparation
    }

    /// The prepared data of one split.
    public struct Fold: Sendable {
        /// The split, as row indices into the table.
        public var split: FoldSplit
        /// Fitted on `split.train` only.
        public var preprocessor: Preprocessor
        public var train: Dataset
        public var validation: Dataset?
        /// The scored rows, transformed by `preprocessor`.
        public var score: Dataset
    }

    /// The table's folds, prepared (preprocessing fitted per fold). Throws `SelectionError`.
    public func folds(of table: DataTable) throws -> [Fold] {
        let plan = try rowPlan(of: table)
        return try plan.splits.map { try prepare(table, plan: plan, split: $0) }
    }

    /// Trains `recipe` on every fold and evaluates it on the fold's scored rows. The recipe gets
    /// the prepared fold and returns the trained model and the epochs it ran. Folds run in order.
    public func run(on table: DataTable,
                    recipe: (Fold) throws -> (model: TrainedModel, epochs: Int)) throws -> [FoldReport] {
        let plan = try rowPlan(of: table)
        var reports = [FoldReport]()
        for split in plan.splits {
            let fold = try prepare(table, plan: plan, split: split)
            let (model, epochs) = try recipe(fold)
            reports.append(FoldReport(repeatIndex: split.repeatIndex, foldIndex: split.foldIndex,
                                      trainingRows: fold.train.count, validationRows: fold.validation?.count ?? 0,
                                      scoredRows: fold.score.count, epochs: epochs,
                                      evaluation: model.evaluate(fold.score)))
        }
        return reports
    }

    /// The task the table's target gives (or `preparation.task`).
    public func task(of table: DataTable) throws -> LearningTask {
        do {
            let column = try table.column(named: preparation.target, role: "target")
            return preparation.task ?? LearningTask.inferred(from: column)
        } catch let error as DataError {
            throw SelectionError.data(error)
        }
    }

    // MARK: Preparation

    struct RowPlan {
        var usable: [Int]
        var splits: [FoldSplit]  // as table rows
    }

    func rowPlan(of table: DataTable) throws -> RowPlan {
        do {
            let features = try Preprocessor.featureColumns(of: table, target: preparation.target, features: preparation.features)
            let usable = try PreparedData.usableRows(of: table, target: preparation.target, features: features,
                                                     missingValues: preparation.missingValues)
            let targetColumn = try table.column(named: preparation.target, role: "target")
            let task = preparation.task ?? LearningTask.inferred(from: targetColumn)
            var labels: [Int32]?
            var classNames = [String]()
            if task == .classification {
                let encoder = LabelEncoder.fit(usable.compactMap { targetColumn.text(at: $0) })
                if encoder.classCount < 2 {
                    throw DataError.singleClass(column: preparation.target, className: encoder.classes.first ?? "")
                }
                classNames = encoder.classes
                if preparation.stratify {
                    labels = try usable.map { try encoder.encode(targetColumn.text(at: $0) ?? "") }
                }
            }
            let positions = try scheme.splits(rowCount: usable.count, labels: labels, classNames: classNames)
            let splits = positions.map {
                FoldSplit(repeatIndex: $0.repeatIndex, foldIndex: $0.foldIndex,
                          train: $0.train.map { usable[$0] }, score: $0.score.map { usable[$0] })
            }
            return RowPlan(usable: usable, splits: splits)
        } catch let error as DataError {
            throw SelectionError.data(error)
        }
    }

    func prepare(_ table: DataTable, plan: RowPlan, split: FoldSplit) throws -> Fold {
        do {
            let preprocessor = try Preprocessor.fit(
                table, target: preparation.target, features: preparation.features, task: preparation.task,
                missingValues: preparation.missingValues, unseenCategories: preparation.unseenCategories,
                standardize: preparation.standardize, maxCategories: preparation.maxCategories, rows: split.train)
            var trainRows = split.train
            var validationRows = [Int]()
            if preparation.validationFraction > 0 && !scoredRowsAreValidation {
                var generator = SeededGenerator(seed: preparation.seed)
                let inner: DataSplit
                if preparation.stratify, preprocessor.task == .classification,
                   case .classes(let labels, _) = try preprocessor.targets(of: table, rows: split.train) {
                    inner = try DataSplit.stratified(labels: labels, classNames: preprocessor.classNames,
                                                     validationFraction: preparation.validationFraction, generator: &generator)
                } else {
                    inner = try DataSplit.random(rowCount: split.train.count, validationFraction: preparation.validationFraction,
                                                 generator: &generator)
                }
                trainRows = inner.train.map { split.train[$0] }
                validationRows = inner.validation.map { split.train[$0] }
            }
            let score = try preprocessor.dataset(of: table, rows: split.score)
            return Fold(split: split, preprocessor: preprocessor,
                        train: try preprocessor.dataset(of: table, rows: trainRows),
                        validation: scoredRowsAreValidation ? score
                            : validationRows.isEmpty ? nil : try preprocessor.dataset(of: table, rows: validationRows),
                        score: score)
        } catch let error as DataError {
            throw SelectionError.fold(index: split.foldIndex, repeatIndex: split.repeatIndex, error)
        }
    }
}

/// What one fold of a cross-validation measured.
public struct FoldReport: Sendable, Equatable, Codable {
    public var repeatIndex: Int
    public var foldIndex: Int
    public var trainingRows: Int
    public var validationRows: Int
    public var scoredRows: Int
    /// Epochs the model trained for (fewer than asked when it stopped early).
    public var epochs: Int
    /// The metrics on the fold's scored rows (the keys of `neural evaluate --json`).
    public var evaluation: ModelEvaluation

    public init(repeatIndex: Int, foldIndex: Int, trainingRows: Int, validationRows: Int, scoredRows: Int,
                epochs: Int, evaluation: ModelEvaluation) {
        self.repeatIndex = repeatIndex
        self.foldIndex = foldIndex
        self.trainingRows = trainingRows
        self.validationRows = validationRows
        self.scoredRows = scoredRows
        self.epochs = epochs
        self.evaluation = evaluation
    }

    enum CodingKeys: String, CodingKey {
        case repeatIndex = "repeat", foldIndex = "fold", trainingRows = "training_rows"
        case validationRows = "validation_rows", scoredRows = "scored_rows", epochs, evaluation = "metrics"
    }

    /// Decodes a fold's report, refusing negative indexes, row counts and epochs.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        repeatIndex = try container.decode(Int.self, forKey: .repeatIndex, in: 0...Int.max)
        foldIndex = try container.decode(Int.self, forKey: .foldIndex, in: 0...Int.max)
        trainingRows = try container.decode(Int.self, forKey: .trainingRows, in: 0...Int.max)
        validationRows = try container.decode(Int.self, forKey: .validationRows, in: 0...Int.max)
        scoredRows = try container.decode(Int.self, forKey: .scoredRows, in: 0...Int.max)
        epochs = try container.decode(Int.self, forKey: .epochs, in: 0...Int.max)
        evaluation = try container.decode(ModelEvaluation.self, forKey: .evaluation)
    }
}

extension Array where Element == FoldReport {
    /// The metric's mean and sample standard deviation over the folds.
    public func summary(of metric: SelectionMetric) -> (mean: Double, standardDeviation: Double) {
        meanAndStandardDeviation(map { metric.value(in: $0.evaluation) })
    }
}
