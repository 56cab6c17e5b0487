extension PreparedData {
    /// Prepares this rank's share of a file split among `communicator`'s ranks (`--shard`;
    /// `table` from `DataTable(shardOf:…)`), so that every rank holds only its own rows and the
    /// preprocessing is the one one process fits on the whole file:
    ///
    /// - the task, the class names and their order come from every rank's target values;
    /// - the split is one process's split: each rank's usable rows are numbered in file order
    ///   across the ranks, their class indices are all-gathered (4 bytes a row; the counts alone
    ///   for regression), and every rank draws the one-process split from the same seed and keeps
    ///   its own rows of each set; so the sets have one process's rows, and its sizes;
    /// - the preprocessor is fitted on all ranks' training rows (`Preprocessor.fit(shard:…)`);
    /// - `droppedRowCount` and `filled` count every rank's rows.
    ///
    /// `train`, `validation` and `test` hold this rank's rows only (a rank may have none of a
    /// set); `split` indexes `table`. Every rank must call it with the same options.
    public init(shard table: DataTable, options: PreparationOptions, communicator: any Communicator) throws {
        let (features, usable) = try communicator.agreeing {
            let features = try Preprocessor.featureColumns(of: table, target: options.target, features: options.features)
            return (features, try Self.keptRows(of: table, target: options.target, features: features,
                                                missingValues: options.missingValues))
        }
        let rowCounts = communicator.allGather(elements: [Int64(table.rowCount), Int64(usable.count)])
        let totalRows = rowCounts.reduce(0) { $0 + Int($1[0]) }
        let offsets = rowCounts.reduce(into: [0]) { $0.append($0[$0.count - 1] + Int($1[1])) }
        let usableCount = offsets[offsets.count - 1]
        guard usableCount > 0 else { throw DataError.noRowsLeft(file: table.file, dropped: totalRows) }
        let targetColumn = try table.column(named: options.target, role: "target")
        let task = try options.task ?? Self.task(of: targetColumn, communicator)

        var generator = SeededGenerator(seed: options.seed)
        var positions: DataSplit
        var classes: LabelEncoder?
        if task == .classification {
            let own = Set(usable.compactMap { targetColumn.text(at: $0) })
            let encoder = LabelEncoder.fit(try communicator.allGather(json: Array(own)).joined())
            if encoder.classCount < 2 {
                throw DataError.singleClass(column: options.target, className: encoder.classes.first ?? "")
            }
            classes = encoder
            if options.stratify {
                let labels = try usable.map { try encoder.encode(targetColumn.text(at: $0) ?? "") }
                positions = try DataSplit.stratified(labels: Array(communicator.allGather(elements: labels).joined()),
                                                     classNames: encoder.classes,
                                                     validationFraction: options.validationFraction,
                                                     testFraction: options.testFraction, generator: &generator)
            } else {
                positions = try DataSplit.random(rowCount: usableCount, validationFraction: options.validationFraction,
                                                 testFraction: options.testFraction, generator: &generator)
            }
        } else {
            positions = try DataSplit.random(rowCount: usableCount, validationFraction: options.validationFraction,
                                             testFraction: options.testFraction, generator: &generator)
        }
        // This rank's rows of each set: the global positions in its range, as rows of its table.
        let own = offsets[communicator.rank]..<offsets[communicator.rank + 1]
        let local = { (global: [Int]) in global.filter { own.contains($0) }.map { usable[$0 - own.lowerBound] } }
        let split = DataSplit(train: local(positions.train), validation: local(positions.validation), test: local(positions.test))

        let preprocessor = try Preprocessor.fit(
            shard: table, target: options.target, features: features, task: task, classes: classes,
            missingValues: options.missingValues, unseenCategories: options.unseenCategories,
            standardize: options.standardize, maxCategories: options.maxCategories, rows: split.train,
            communicator: communicator)
        let sets = try communicator.agreeing {
            (train: try preprocessor.dataset(of: table, rows: split.train),
             validation: positions.validation.isEmpty ? nil : try preprocessor.dataset(of: table, rows: split.validation),
             test: positions.test.isEmpty ? nil : try preprocessor.dataset(of: table, rows: split.test))
        }
        let missing = communicator.summed(try preprocessor.missingCounts(in: table, rows: usable).map(Double.init))
        let filled = zip(preprocessor.inputColumnNames, missing).compactMap { name, count -> FilledColumn? in
            guard count > 0, let value = preprocessor.fillText(of: name, policy: options.missingValues) else { return nil }
            return FilledColumn(column: name, count: Int(count), value: value)
        }
        self.init(preprocessor: preprocessor, train: sets.train, validation: sets.validation, test: sets.test,
                  split: split, droppedRowCount: totalRows - usableCount, filled: filled)
    }

    /// `LearningTask.inferred(from:)` over every rank's values of the target column.
    private static func task(of column: DataColumn, _ communicator: any Communicator) throws -> LearningTask {
        guard column.kind == .numeric else { return .classification }
        // This rank's distinct integers (at most one more than the limit), or nil for a fraction.
        var distinct: Set<Float>? = []
        for value in column.values where !value.isNaN {
            if value != value.rounded() { distinct = nil; break }
            if distinct?.count ?? 0 <= LearningTask.maximumIntegerClassCount { distinct?.insert(value) }
        }
        let all = try communicator.allGather(json: distinct.map { Array($0) })
        var union = Set<Float>()
        for values in all {
            guard let values else { return .regression }
            union.formUnion(values)
        }
        return union.isEmpty || union.count > LearningTask.maximumIntegerClassCount ? .regression : .classification
    }
}
