extension Preprocessor {
    /// `fit(_:target:features:task:missingValues:unseenCategories:standardize:maxCategories:rows:)`
    /// on rows split among `communicator`'s ranks (`--shard`): `table` is this rank's share,
    /// `rows` its training rows, and the result is the same on every rank and equal to one
    /// process's fit on all the training rows (`ShardedStatistics` says how each statistic is
    /// combined and how exactly). `task` must be decided already (the same on every rank).
    ///
    /// Numeric most frequent values are computed only under `.mostFrequent` (finding them
    /// exactly may gather every distinct value); under another policy they are left out of the
    /// imputer, as in model files that predate them.
    static func fit(shard table: DataTable, target: String, features featureNames: [String], task: LearningTask,
                    classes: LabelEncoder?, missingValues: MissingValuePolicy, unseenCategories: UnseenCategoryPolicy,
                    standardize: Bool, maxCategories: Int?, rows: [Int],
                    communicator: any Communicator) throws -> Preprocessor {
        if let maxCategories, maxCategories < 1 {
            throw DataError.invalidColumnSelection("The cap on categories per column must be at least 1, got \(maxCategories).")
        }
        try communicator.agreeing {
            if missingValues == .error, let location = try table.firstMissingValue(in: [target] + featureNames, rows: rows) {
                throw DataError.missingValue(location)
            }
            let targetColumn = try table.column(named: target, role: "target")
            if task == .regression, targetColumn.kind == .categorical, let row = rows.first(where: { !targetColumn.isMissing($0) }) {
                throw DataError.notNumeric(table.location(row: row, column: target), value: targetColumn.text(at: row) ?? "")
            }
        }

        var inputColumns = [InputColumn]()
        var numericValues = [[Float]](), moments = [ShardedStatistics.Moments]()
        var categoricalNames = [String](), categoryCounts = [[String: Int]]()
        var presentCounts = [Double]()
        for name in featureNames {
            let column = try table.column(named: name, role: "feature")
            inputColumns.append(InputColumn(name: name, kind: column.kind))
            presentCounts.append(Double(rows.count(where: { !column.isMissing($0) })))
            switch column.kind {
            case .numeric:
                let values = rows.map { column.values[$0] }
                moments.append(ShardedStatistics.Moments(of: values))
                numericValues.append(values.filter { !$0.isNaN }.sorted())
            case .categorical:
                var counts = [String: Int]()
                for row in rows where column.codes[row] >= 0 { counts[column.categories[Int(column.codes[row])], default: 0] += 1 }
                categoricalNames.append(name)
                categoryCounts.append(counts)
            }
        }
        let present = communicator.summed(presentCounts)
        if missingValues.fills, let empty = present.firstIndex(of: 0) {
            throw DataError.noValues(column: featureNames[empty], file: table.file)
        }

        let global = try ShardedStatistics.moments(moments, communicator)
        let statistics = global.map { Standardizer.statistics(count: $0.count, mean: $0.mean, squares: $0.m2) }
        let medians = ShardedStatistics.medians(numericValues, counts: global.map { Int($0.count) }, communicator)
        let modes = missingValues == .mostFrequent ? try ShardedStatistics.modes(numericValues, communicator) : nil
        let counts = try ShardedStatistics.categoryCounts(categoryCounts, communicator)
        let splits = counts.map { OneHotEncoder.split($0.map { (name: $0.key, count: $0.value) }, maxCategories: maxCategories) }

        let imputer = Imputer(numericMeans: global.map { $0.count > 0 ? Float($0.mean) : 0 }, numericMedians: medians,
                              numericModes: modes, categoricalModes: counts.map(Imputer.mostFrequent(counts:)))
        let means = statistics.map { $0.mean }
        let standardizer = standardize
            ? Standardizer(means: means, standardDeviations: statistics.map { $0.standardDeviation })
            : Standardizer(means: means.map { _ in 0 }, standardDeviations: means.map { _ in 1 })
        return Preprocessor(
            inputColumns: inputColumns, targetColumn: target, task: task, missingValues: missingValues,
            imputer: imputer, standardizer: standardizer,
            oneHotEncoder: OneHotEncoder(columnNames: categoricalNames, categories: splits.map { $0.kept },
                                         infrequentCategories: splits.map { $0.pooled }, unseenCategories: unseenCategories),
            labelEncoder: classes)
    }
}
