extension Preprocessor {
    /// The `[rows.count, featureCount]` feature matrix of rows `rows` of `table` (all rows
    /// when `nil`), laid out as described on the type.
    ///
    /// The table needs every input column (extra columns, the target included, are ignored).
    /// A categorical input column may arrive numeric (its numbers are matched as text, `3.0`
    /// as `"3"`); a numeric input column arriving as text is `DataError.columnKindMismatch`.
    /// Missing values follow `missingValues` (the policy trained with when `nil`; `.drop`
    /// fills as `.median`, see `MissingValuePolicy.fillingPolicy`); unseen categories follow the
    /// one-hot encoder's policy; both errors name the line. A policy whose statistic this
    /// (older) model lacks is `DataError.fillUnavailable`.
    public func features(of table: DataTable, rows: [Int]? = nil,
                         missingValues: MissingValuePolicy? = nil) throws -> Matrix {
        let rows = rows ?? Array(0..<table.rowCount)
        let policy = (missingValues ?? self.missingValues).fillingPolicy
        guard imputer.canFill(under: policy) else {
            throw DataError.fillUnavailable(policy: policy.rawValue)
        }
        let width = featureCount
        try checkMemory(rows: rows.count)
        var result = Matrix(rows: rows.count, columns: width)
        var offset = 0
        var numericIndex = 0
        var categoricalIndex = 0
        for input in inputColumns {
            let column = try table.column(named: input.name, role: "feature")
            switch input.kind {
            case .numeric:
                guard column.kind == .numeric else {
                    throw DataError.columnKindMismatch(column: input.name, expected: "numeric", found: "text")
                }
                let fill = imputer.numericFill(numericIndex, policy: policy)
                try result.withUnsafeMutableBufferPointer { buffer in
                    for (position, row) in rows.enumerated() {
                        var value = column.values[row]
                        if value.isNaN {
                            guard let fill else {
                                throw DataError.missingValue(table.location(row: row, column: input.name))
                            }
                            value = fill
                        }
                        buffer[position * width + offset] = standardizer.transform(value, column: numericIndex)
                    }
                }
                numericIndex += 1
                offset += 1
            case .categorical:
                let fallback = imputer.categoricalFill(categoricalIndex, policy: policy)
                let blockIndex = categoricalIndex
                try result.withUnsafeMutableBufferPointer { buffer in
                    for (position, row) in rows.enumerated() {
                        var value = column.text(at: row)
                        if value == nil {
                            guard let fallback else {
                                throw DataError.missingValue(table.location(row: row, column: input.name))
                            }
                            value = fallback
                        }
                        if let category = try oneHotEncoder.position(
                            of: value ?? "", column: blockIndex,
                            location: table.location(row: row, column: input.name)) {
                            buffer[position * width + offset + category] = 1
                        }
                    }
                }
                offset += oneHotEncoder.width(ofColumn: categoricalIndex)
                categoricalIndex += 1
            }
        }
        return result
    }

    /// Throws `DataError.featuresTooLarge` when the `[rows, featureCount]` Float matrix would
    /// not fit in the memory available (`MemoryBudget`), naming the categorical column with the
    /// most one-hot outputs; nothing is allocated.
    public func checkMemory(rows: Int, available: UInt64 = MemoryBudget.availableBytes()) throws(DataError) {
        let bytes = MemoryBudget.product(rows, featureCount, MemoryLayout<Float>.size)
        if let bytes, UInt64(bytes) <= available { return }
        let widest = oneHotEncoder.columnNames.indices.max { oneHotEncoder.width(ofColumn: $0) < oneHotEncoder.width(ofColumn: $1) }
        throw .featuresTooLarge(rows: rows, features: featureCount, bytes: bytes, available: available,
                                widestColumn: widest.map { oneHotEncoder.columnNames[$0] },
                                widestOutputs: widest.map { oneHotEncoder.width(ofColumn: $0) } ?? 0)
    }

    /// The targets of rows `rows` of `table` (all rows when `nil`): class indices for
    /// classification (a class not seen when fitting is `DataError.unseenClass`), an `[n, 1]`
    /// matrix of values for regression. A missing target is `DataError.missingValue`.
    public func targets(of table: DataTable, rows: [Int]? = nil) throws -> Dataset.Targets {
        let rows = rows ?? Array(0..<table.rowCount)
        let column = try table.column(named: targetColumn, role: "target")
        for row in rows where column.isMissing(row) {
            throw DataError.missingValue(table.location(row: row, column: targetColumn))
        }
        if let labelEncoder {
            let labels = try rows.map { row in
                try labelEncoder.encode(column.text(at: row) ?? "", column: targetColumn,
                                        location: table.location(row: row, column: targetColumn))
            }
            return .classes(labels, classCount: labelEncoder.classCount)
        }
        guard column.kind == .numeric else {
            let row = rows.first ?? 0
            throw DataError.notNumeric(table.location(row: row, column: targetColumn), value: column.text(at: row) ?? "")
        }
        return .values(Matrix(rows: rows.count, columns: 1, storage: rows.map { column.values[$0] }))
    }

    /// Features and targets of rows `rows` of `table` (all rows when `nil`), missing features
    /// handled as `features(of:rows:missingValues:)` says.
    public func dataset(of table: DataTable, rows: [Int]? = nil, missingValues: MissingValuePolicy? = nil) throws -> Dataset {
        Dataset(features: try features(of: table, rows: rows, missingValues: missingValues),
                targets: try targets(of: table, rows: rows))
    }

    /// How many values are missing in each input column (in `inputColumns` order) among rows
    /// `rows` of `table` (all rows when `nil`).
    public func missingCounts(in table: DataTable, rows: [Int]? = nil) throws -> [Int] {
        let rows = rows ?? Array(0..<table.rowCount)
        return try inputColumns.map { input in
            let column = try table.column(named: input.name, role: "feature")
            return rows.reduce(0) { $0 + (column.isMissing($1) ? 1 : 0) }
        }
    }

    /// A number as a person writes it: `3900`, not `3900.0`; `46.3`.
    static func shortText(_ value: Float) -> String {
        value == value.rounded() && abs(value) < 1e7 ? String(Int(value)) : "\(value)"
    }

    /// The value that fills input column `name` under `policy` as text (a number in its
    /// shortest form, a category as is), or `nil` when the policy does not fill.
    public func fillText(of name: String, policy: MissingValuePolicy) -> String? {
        var numericIndex = 0, categoricalIndex = 0
        for input in inputColumns {
            switch input.kind {
            case .numeric:
                if input.name == name { return imputer.numericFill(numericIndex, policy: policy).map(Self.shortText) }
                numericIndex += 1
            case .categorical:
                if input.name == name { return imputer.categoricalFill(categoricalIndex, policy: policy) }
                categoricalIndex += 1
            }
        }
        return nil
    }

    /// The class name of each predicted class index (classification only).
    /// - Precondition: the task is classification and every index is in range.
    public func classNames(of indices: [Int]) -> [String] {
        guard let labelEncoder else { preconditionFailure("classNames(of:) needs a classification preprocessor") }
        return indices.map { labelEncoder.decode($0) }
    }
}
