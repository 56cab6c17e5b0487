/// Turns the columns of a table into a feature matrix and targets, the same way at training
/// and at prediction time. It is `Codable` and goes into the model file's metadata.
///
/// Feature layout: the input columns in `inputColumns` order; a numeric column gives one
/// output `(x − mean) / std` (the `Standardizer`, fitted on the training rows); a categorical
/// column gives a one-hot block of its training categories (`OneHotEncoder`, sorted, unseen
/// values by `unseenCategories`). `featureNames` names the outputs (`age`, `color=red`).
///
/// Missing feature values are filled from `imputer` (fitted on the training rows) under the
/// policy given to `features(of:rows:missingValues:)`, by default `missingValues`:
/// `.mean`/`.median` fill a number with its training mean/median and a category with its most
/// frequent training value, `.mostFrequent` both with their most frequent value, `.drop` (rows
/// to drop are dropped before, by `PreparedData`; a prediction cannot drop its row) as
/// `.median`, and `.error` throws `DataError.missingValue` naming the line.
///
/// Targets: classification targets are class indices from `labelEncoder` (class names sorted,
/// numeric-aware); regression targets are the column's values as an `[n, 1]` matrix.
public struct Preprocessor: Sendable, Codable, Equatable {
    /// One input column: its name and how it is read.
    public struct InputColumn: Sendable, Codable, Equatable {
        public let name: String
        public let kind: DataColumn.Kind

        public init(name: String, kind: DataColumn.Kind) {
            self.name = name
            self.kind = kind
        }
    }

    /// The input (feature) columns, in feature order.
    public let inputColumns: [InputColumn]
    /// The target column's name.
    public let targetColumn: String
    /// Classification or regression.
    public let task: LearningTask
    /// The missing-value policy fitted with (also applied when transforming).
    public let missingValues: MissingValuePolicy
    /// The fill values of missing features, fitted on the training rows.
    public let imputer: Imputer
    /// Training means of the numeric columns (in input order).
    public var numericMeans: [Float] { imputer.numericMeans }
    /// Standardisation of the numeric columns (identity when fitted with `standardize: false`).
    public let standardizer: Standardizer
    /// Most frequent training category of each categorical column.
    public var mostFrequentCategories: [String] { imputer.categoricalModes }
    /// One-hot encoding of the categorical columns (in input order).
    public let oneHotEncoder: OneHotEncoder
    /// The classes, for classification; `nil` for regression.
    public let labelEncoder: LabelEncoder?

    /// The input column names, in order.
    public var inputColumnNames: [String] { inputColumns.map(\.name) }
    /// The names of the categorical input columns (load prediction files with these declared
    /// categorical, so that numeric-looking categories are read as text).
    public var categoricalColumnNames: [String] { inputColumns.filter { $0.kind == .categorical }.map(\.name) }
    /// The class names, in index order (empty for regression).
    public var classNames: [String] { labelEncoder?.classes ?? [] }

    /// The number of features `d` the matrix has.
    public var featureCount: Int {
        inputColumns.count - oneHotEncoder.columnNames.count + oneHotEncoder.outputCount
    }

    /// The name of every feature output, in order: a numeric column's name, or
    /// `column=category` for each one-hot output.
    public var featureNames: [String] {
        var names = [String]()
        var categoricalIndex = 0
        for column in inputColumns {
            switch column.kind {
            case .numeric:
                names.append(column.name)
            case .categorical:
                names += oneHotEncoder.featureNames(ofColumn: categoricalIndex)
                categoricalIndex += 1
            }
        }
        return names
    }

    /// The input column feature `index` (in `0..<featureCount`) comes from: a numeric column,
    /// or the categorical column of a one-hot output.
    /// - Precondition: `index` is in `0..<featureCount`.
    public func inputColumn(ofFeature index: Int) -> InputColumn {
        precondition(index >= 0 && index < featureCount, "Feature \(index) is outside 0..<\(featureCount)")
        var offset = 0
        var categoricalIndex = 0
        for column in inputColumns {
            let width = column.kind == .numeric ? 1 : oneHotEncoder.width(ofColumn: categoricalIndex)
            if column.kind == .categorical { categoricalIndex += 1 }
            if index < offset + width { return column }
            offset += width
        }
        preconditionFailure("Feature \(index) is outside the \(offset) features of the input columns")
    }

    /// The outputs of regression targets per example (1) or the number of classes.
    public var outputCount: Int { labelEncoder?.classCount ?? 1 }

    /// A preprocessor whose imputer has means and most frequent categories only (no medians).
    public init(inputColumns: [InputColumn], targetColumn: String, task: LearningTask,
                missingValues: MissingValuePolicy, numericMeans: [Float], standardizer: Standardizer,
                mostFrequentCategories: [String], oneHotEncoder: OneHotEncoder, labelEncoder: LabelEncoder?) {
        self.init(inputColumns: inputColumns, targetColumn: targetColumn, task: task, missingValues: missingValues,
                  imputer: Imputer(numericMeans: numericMeans, numericMedians: nil, numericModes: nil,
                                   categoricalModes: mostFrequentCategories),
                  standardizer: standardizer, oneHotEncoder: oneHotEncoder, labelEncoder: labelEncoder)
    }

    public init(inputColumns: [InputColumn], targetColumn: String, task: LearningTask,
                missingValues: MissingValuePolicy, imputer: Imputer, standardizer: Standardizer,
                oneHotEncoder: OneHotEncoder, labelEncoder: LabelEncoder?) {
        let numericCount = inputColumns.filter { $0.kind == .numeric }.count
        let categoricalCount = inputColumns.count - numericCount
        precondition(imputer.numericMeans.count == numericCount && standardizer.columnCount == numericCount,
                     "Preprocessor has \(numericCount) numeric columns but \(imputer.numericMeans.count) means and \(standardizer.columnCount) scaler columns")
        precondition(oneHotEncoder.columnNames.count == categoricalCount && imputer.categoricalModes.count == categoricalCount,
                     "Preprocessor has \(categoricalCount) categorical columns but \(oneHotEncoder.columnNames.count) encoded columns")
        precondition((task == .classification) == (labelEncoder != nil),
                     "A label encoder is needed exactly for classification (task \(task))")
        self.inputColumns = inputColumns
        self.targetColumn = targetColumn
        self.task = task
        self.missingValues = missingValues
        self.imputer = imputer
        self.standardizer = standardizer
        self.oneHotEncoder = oneHotEncoder
        self.labelEncoder = labelEncoder
    }
}
