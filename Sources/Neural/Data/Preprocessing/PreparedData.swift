/// What `PreparedData` needs to know: the columns, the task, the missing-value and
/// unseen-category policies, and the split. The defaults follow the command line's.
public struct PreparationOptions: Sendable, Equatable {
    /// The target column's name.
    public var target: String
    /// The feature columns, or `nil` for every other column.
    public var features: [String]?
    /// The task, or `nil` to infer it from the target (`LearningTask.inferred`).
    public var task: LearningTask?
    /// Missing values: `.median` (default), `.mean`, `.mostFrequent`, `.drop` or `.error`.
    public var missingValues: MissingValuePolicy
    /// Unseen categories at transform time: `.error` (default) or `.allZeros`.
    public var unseenCategories: UnseenCategoryPolicy
    /// Whether numeric features are standardised (default `true`).
    public var standardize: Bool
    /// At most this many one-hot outputs per categorical column, rarer categories pooled into
    /// one (`nil`, the default: no cap).
    public var maxCategories: Int?
    /// The fraction of rows held out for validation (default 0: every row trains unless
    /// something watches a validation set, as in scikit-learn and Keras).
    public var validationFraction: Double
    /// The fraction of rows held out for testing (default 0).
    public var testFraction: Double
    /// Whether classification splits are stratified (default `true`).
    public var stratify: Bool
    /// The seed of the split's shuffle.
    public var seed: UInt64

    public init(target: String, features: [String]? = nil, task: LearningTask? = nil,
                missingValues: MissingValuePolicy = .median, unseenCategories: UnseenCategoryPolicy = .error,
                standardize: Bool = true, validationFraction: Double = 0, testFraction: Double = 0,
                stratify: Bool = true, seed: UInt64 = 0, maxCategories: Int? = nil) {
        self.target = target
        self.features = features
        self.task = task
        self.missingValues = missingValues
        self.unseenCategories = unseenCategories
        self.standardize = standardize
        self.validationFraction = validationFraction
        self.testFraction = testFraction
        self.stratify = stratify
        self.seed = seed
        self.maxCategories = maxCategories
    }
}

/// A table turned into training, validation and test sets, with the preprocessing fitted on
/// the training rows only.
///
/// ```swift
/// let table = try DataTable(contentsOf: url, categorical: ["color"])
/// let data = try PreparedData(table: table, options: PreparationOptions(target: "price"))
/// // data.train.features is [n_train, d]; data.preprocessor goes into the model file.
/// ```
///
/// Steps: resolve the columns; drop rows with a missing target (every policy but `.error`) or throw
/// (`.error`); drop rows with a missing feature (`.drop`) or throw (`.error`); decide the task;
/// split the remaining rows (stratified by class for classification); fit the `Preprocessor`
/// on the training rows; transform every set.
public struct PreparedData: Sendable {
    /// The fitted preprocessing (store it with the model).
    public let preprocessor: Preprocessor
    /// Training examples.
    public let train: Dataset
    /// Validation examples, `nil` when `validationFraction` is 0.
    public let validation: Dataset?
    /// Test examples, `nil` when `testFraction` is 0.
    public let test: Dataset?
    /// The table rows of each set (indices into the table given).
    public let split: DataSplit
    /// How many rows were dropped for missing values (in a feature under `.drop`, in the target
    /// under a filling policy).
    public let droppedRowCount: Int
    /// The feature columns whose missing values were filled, in input order, with how many
    /// values were filled (in every set) and the fill value as text.
    public let filled: [FilledColumn]

    /// A column whose missing values were filled.
    public struct FilledColumn: Sendable, Equatable, Codable {
        public let column: String
        public let count: Int
        public let value: String
    }

    init(preprocessor: Preprocessor, train: Dataset, validation: Dataset?, test: Dataset?, split: DataSplit,
         droppedRowCount: Int, filled: [FilledColumn]) {
        self.preprocessor = preprocessor
        self.train = train
        self.validation = validation
        self.test = test
        self.split = split
        self.droppedRowCount = droppedRowCount
        self.filled = filled
    }

    /// Prepares `table` as described on the type. Throws `DataError`.
    public init(table: DataTable, options: PreparationOptions) throws {
        let features = try Preprocessor.featureColumns(of: table, target: options.target, features: options.features)
        let usable = try Self.usableRows(of: table, target: options.target, features: features,
                                         missingValues: options.missingValues)
        let targetColumn = try table.column(named: options.target, role: "target")
        let task = options.task ?? LearningTask.inferred(from: targetColumn)
        var encoder: LabelEncoder?
        if task == .classification {
            let fitted = LabelEncoder.fit(usable.compactMap { targetColumn.text(at: $0) })
            if fitted.classCount < 2 {
                throw DataError.singleClass(column: options.target, className: fitted.classes.first ?? "")
            }
            encoder = fitted
        }
        let split = try Self.split(usable, of: targetColumn, classes: encoder, options: options)
        let preprocessor = try Preprocessor.fit(
            table, target: options.target, features: features, task: task,
            missingValues: options.missingValues, unseenCategories: options.unseenCategories,
            standardize: options.standardize, maxCategories: options.maxCategories, rows: split.train)
        try self.init(table: table, preprocessor: preprocessor, split: split, usable: usable,
                      missingValues: options.missingValues)
    }

    /// Prepares `table` for fine-tuning a model whose preprocessing is `preprocessor`: the rows
    /// are kept or dropped and split as `options` say (its `missingValues`, fractions, `stratify`
    /// and `seed`; its target, features, task and encoder settings are not used), and transformed
    /// by `preprocessor` as it is, so the features, categories, fill values and classes stay the
    /// model's. Missing inputs are filled with the model's values under `options.missingValues`.
    ///
    /// Throws `DataError.missingColumn` for an input or target column the table lacks and
    /// `DataError.unknownClasses` (naming every one) when the target has classes the
    /// preprocessor does not know; other `DataError`s as `init(table:options:)`.
    public init(table: DataTable, preprocessor: Preprocessor, options: PreparationOptions) throws {
        let targetColumn = try table.column(named: preprocessor.targetColumn, role: "target")
        let usable = try Self.usableRows(of: table, target: preprocessor.targetColumn,
                                         features: preprocessor.inputColumnNames, missingValues: options.missingValues)
        if let labelEncoder = preprocessor.labelEncoder {
            let known = Set(labelEncoder.classes)
            var unknown = [String]()
            var seen = Set<String>()
            for row in usable {
                let name = targetColumn.text(at: row) ?? ""
                if !known.contains(name), seen.insert(name).inserted { unknown.append(name) }
            }
            if !unknown.isEmpty {
                throw DataError.unknownClasses(column: preprocessor.targetColumn, classes: unknown,
                                               known: labelEncoder.classes)
            }
        }
        let split = try Self.split(usable, of: targetColumn, classes: preprocessor.labelEncoder, options: options)
        try self.init(table: table, preprocessor: preprocessor, split: split, usable: usable,
                      missingValues: options.missingValues)
    }

    /// The sets of `split` transformed by `preprocessor`, with the counts of dropped and filled values.
    private init(table: DataTable, preprocessor: Preprocessor, split: DataSplit, usable: [Int],
                 missingValues: MissingValuePolicy) throws {
        self.preprocessor = preprocessor
        self.train = try preprocessor.dataset(of: table, rows: split.train, missingValues: missingValues)
        self.validation = split.validation.isEmpty
            ? nil : try preprocessor.dataset(of: table, rows: split.validation, missingValues: missingValues)
        self.test = split.test.isEmpty ? nil : try preprocessor.dataset(of: table, rows: split.test, missingValues: missingValues)
        self.split = split
        self.droppedRowCount = table.rowCount - usable.count
        let counts = try preprocessor.missingCounts(in: table, rows: usable)
        self.filled = zip(preprocessor.inputColumnNames, counts).compactMap { name, count in
            guard count > 0, let value = preprocessor.fillText(of: name, policy: missingValues.fillingPolicy) else { return nil }
            return FilledColumn(column: name, count: count, value: value)
        }
    }
}

extension PreparedData {
    /// The rows of `table` that `missingValues` keeps: every row under `.error` (which throws at
    /// the first missing value), rows complete in the target and features under `.drop`, rows
    /// with a target under a filling policy. Throws `DataError.noRowsLeft` when none is left.
    static func usableRows(of table: DataTable, target: String, features: [String],
                           missingValues: MissingValuePolicy) throws -> [Int] {
        let usable = try keptRows(of: table, target: target, features: features, missingValues: missingValues)
        guard !usable.isEmpty else {
            throw DataError.noRowsLeft(file: table.file, dropped: table.rowCount)
        }
        return usable
    }

    /// `usableRows` without the check that some are left.
    static func keptRows(of table: DataTable, target: String, features: [String],
                         missingValues: MissingValuePolicy) throws -> [Int] {
        var usable = Array(0..<table.rowCount)
        switch missingValues {
        case .error:
            if let location = try table.firstMissingValue(in: [target] + features) {
                throw DataError.missingValue(location)
            }
        case .drop:
            usable = try table.rowsWithoutMissingValues(in: [target] + features)
        case .mean, .median, .mostFrequent:
            usable = try table.rowsWithoutMissingValues(in: [target])
        }
        return usable
    }

    /// The positions of `usable` (rows of the table) in the training, validation and test sets:
    /// stratified by class when there are `classes` and `options.stratify`, else at random.
    static func split(_ usable: [Int], of targetColumn: DataColumn, classes: LabelEncoder?,
                      options: PreparationOptions) throws -> DataSplit {
        var generator = SeededGenerator(seed: options.seed)
        let positions: DataSplit
        if let classes, options.stratify {
            let labels = try usable.map { try classes.encode(targetColumn.text(at: $0) ?? "") }
            positions = try DataSplit.stratified(labels: labels, classNames: classes.classes,
                                                 validationFraction: options.validationFraction,
                                                 testFraction: options.testFraction, generator: &generator)
        } else {
            positions = try DataSplit.random(rowCount: usable.count, validationFraction: options.validationFraction,
                                             testFraction: options.testFraction, generator: &generator)
        }
        return DataSplit(train: positions.train.map { usable[$0] },
                         validation: positions.validation.map { usable[$0] },
                         test: positions.test.map { usable[$0] })
    }
}
