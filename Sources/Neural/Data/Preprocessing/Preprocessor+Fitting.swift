extension Preprocessor {
    /// The feature columns for `target`: `features` when given (checked: they exist, are
    /// distinct, exclude the target, and are not empty), else every other column of `table`.
    public static func featureColumns(of table: DataTable, target: String, features: [String]?) throws -> [String] {
        _ = try table.column(named: target, role: "target")
        guard let features else {
            let others = table.columnNames.filter { $0 != target }
            guard !others.isEmpty else {
                throw DataError.invalidColumnSelection("The file has no column besides the target \"\(target)\" to use as a feature.")
            }
            return others
        }
        guard !features.isEmpty else {
            throw DataError.invalidColumnSelection("The feature list is empty; name at least one feature column.")
        }
        if features.contains(target) {
            throw DataError.invalidColumnSelection("The target \"\(target)\" cannot also be a feature.")
        }
        var seen = Set<String>()
        for name in features {
            guard seen.insert(name).inserted else {
                throw DataError.invalidColumnSelection("The feature \"\(name)\" is listed twice.")
            }
            _ = try table.column(named: name, role: "feature")
        }
        return features
    }

    /// Fits the preprocessing on rows `rows` of `table` (all rows when `nil`): the standardizer
    /// and the imputer's fill values (`Imputer`, whatever the policy) of numeric features, the categories of categorical features, and
    /// for classification the class names of the target.
    ///
    /// - Parameters:
    ///   - table: the typed data.
    ///   - rows: the rows to fit on (0-based), or `nil` for all of them.
    ///   - target: the target column's name.
    ///   - features: the feature columns, or `nil` for every other column.
    ///   - task: the task, or `nil` to infer it from the target (`LearningTask.inferred`).
    ///   - missingValues: under `.error`, a missing value in a used column among `rows` throws;
    ///     otherwise missing values are skipped when fitting.
    ///   - unseenCategories: what transforming does with a category not seen here.
    ///   - standardize: whether numeric features are standardised (else passed through).
    ///   - maxCategories: at most this many one-hot outputs per categorical column, the rarer
    ///     categories pooled into one (`OneHotEncoder.split`, scikit-learn's `max_categories`);
    ///     `nil` for no cap.
    /// - Throws: `DataError` for unknown columns, a single class, a regression target that
    ///   is text, a cap below 1, (under `.error`) a missing value, or (under a filling policy) a
    ///   feature column with no value in `rows`.
    public static func fit(_ table: DataTable, target: String, features: [String]? = nil,
                           task: LearningTask? = nil,
                           missingValues: MissingValuePolicy = .error,
                           unseenCategories: UnseenCategoryPolicy = .error,
                           standardize: Bool = true,
                           maxCategories: Int? = nil,
                           rows: [Int]? = nil) throws -> Preprocessor {
        if let maxCategories, maxCategories < 1 {
            throw DataError.invalidColumnSelection("The cap on categories per column must be at least 1, got \(maxCategories).")
        }
        let featureNames = try featureColumns(of: table, target: target, features: features)
        let rows = rows ?? Array(0..<table.rowCount)
        if missingValues == .error, let location = try table.firstMissingValue(in: [target] + featureNames, rows: rows) {
            throw DataError.missingValue(location)
        }
        let targetColumn = try table.column(named: target, role: "target")
        let task = task ?? LearningTask.inferred(from: targetColumn)

        var labelEncoder: LabelEncoder?
        switch task {
        case .classification:
            let encoder = LabelEncoder.fit(rows.compactMap { targetColumn.text(at: $0) })
            if encoder.classCount < 2 {
                throw DataError.singleClass(column: target, className: encoder.classes.first ?? "")
            }
            labelEncoder = encoder
        case .regression:
            if targetColumn.kind == .categorical, let row = rows.first(where: { !targetColumn.isMissing($0) }) {
                throw DataError.notNumeric(table.location(row: row, column: target), value: targetColumn.text(at: row) ?? "")
            }
        }

        var inputColumns = [InputColumn]()
        var means = [Float](), deviations = [Float]()
        var categoricalNames = [String](), categoryLists = [[String]](), pooledLists = [[String]]()
        var numericValues = [[Float]](), categoricalValues = [[String?]]()
        for name in featureNames {
            let column = try table.column(named: name, role: "feature")
            inputColumns.append(InputColumn(name: name, kind: column.kind))
            if missingValues.fills, !rows.contains(where: { !column.isMissing($0) }) {
                throw DataError.noValues(column: name, file: table.file)
            }
            switch column.kind {
            case .numeric:
                let values = rows.map { column.values[$0] }
                let statistics = Standardizer.statistics(of: values)
                means.append(statistics.mean)
                deviations.append(statistics.standardDeviation)
                numericValues.append(values)
            case .categorical:
                var frequencies = [Int32: Int]()
                for row in rows where column.codes[row] >= 0 { frequencies[column.codes[row], default: 0] += 1 }
                let counts = frequencies.map { (name: column.categories[Int($0.key)], count: $0.value) }
                let split = OneHotEncoder.split(counts, maxCategories: maxCategories)
                categoricalNames.append(name)
                categoryLists.append(split.kept)
                pooledLists.append(split.pooled)
                categoricalValues.append(rows.map { column.text(at: $0) })
            }
        }
        let imputer = Imputer.fit(numeric: numericValues, categorical: categoricalValues)
        let standardizer = standardize
            ? Standardizer(means: means, standardDeviations: deviations)
            : Standardizer(means: means.map { _ in 0 }, standardDeviations: means.map { _ in 1 })
        return Preprocessor(
            inputColumns: inputColumns, targetColumn: target, task: task, missingValues: missingValues,
            imputer: imputer, standardizer: standardizer,
            oneHotEncoder: OneHotEncoder(columnNames: categoricalNames, categories: categoryLists,
                                         infrequentCategories: pooledLists, unseenCategories: unseenCategories),
            labelEncoder: labelEncoder)
    }
}
