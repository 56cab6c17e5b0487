import Foundation

/// A model's predictions for the rows of a table, in row order.
public struct ModelPrediction: Sendable, Equatable {
    /// The prediction of each row as text: the class name, or the value (shortest form that
    /// reads back as the same `Float`).
    public var labels: [String]
    /// Classification: the predicted class index of each row (argmax of the probabilities; a tie
    /// goes to the first tied class, as numpy's `argmax`). Empty for regression.
    public var classIndices: [Int]
    /// Classification: `[rows, classes]` class probabilities (softmax rows, or sigmoid outputs;
    /// a single binary output `p` becomes the pair `1 − p, p`). `nil` for regression.
    public var probabilities: Matrix?
    /// Regression: the predicted value of each row in the target's units. Empty for classification.
    public var values: [Float]

    /// Number of rows predicted.
    public var count: Int { labels.count }
}

extension TrainedModel {
    /// Checks that a file with this header has every input column the model reads, naming all
    /// the missing ones at once.
    public func checkColumns(header: [String], file: String) throws(TrainedModelError) {
        let available = Set(header)
        let missing = inputColumns.filter { !available.contains($0) }
        guard missing.isEmpty else {
            throw .missingColumns(file: file, missing: missing, available: header)
        }
    }

    /// Reads the CSV file at `url` with the column types the model expects (after checking that
    /// its input columns are all there). The target column is read when present.
    public func readTable(contentsOf url: URL, options: CSVOptions = CSVOptions()) throws -> DataTable {
        let header = try CSVReader(contentsOf: url, options: options).header
        try checkColumns(header: header, file: url.path)
        return try preprocessor.readTable(contentsOf: url, options: options)
    }

    /// Predicts every row of the CSV file at `url`, block by block, so memory stays bounded by
    /// one block of `rowsPerBlock` rows whatever the file's length. `body` gets each block's
    /// predictions in file order.
    public func forEachPrediction(ofFile url: URL, options: CSVOptions = CSVOptions(), rowsPerBlock: Int = 8192,
                                  missingValues: MissingValuePolicy? = nil,
                                  _ body: (ModelPrediction) throws -> Void) throws {
        let header = try CSVReader(contentsOf: url, options: options).header
        try checkColumns(header: header, file: url.path)
        try preprocessor.forEachBlock(ofFile: url, options: options, rowsPerBlock: rowsPerBlock) { block in
            try body(predict(block, missingValues: missingValues))
        }
    }

    /// Predicts the rows of `table`, which needs the model's input columns (typed as
    /// `readTable` types them). Missing values are filled under `missingValues` (the model's
    /// policy when `nil`; `.drop` fills as `.median`, since every row gets a prediction).
    /// Throws `DataError` for a missing value under `.error` or an unseen category, and
    /// `TrainedModelError.nonFiniteResult` naming the line and column of the first row whose
    /// standardised features or outputs leave `Float`'s range (a NaN is never a prediction).
    public func predict(_ table: DataTable, missingValues: MissingValuePolicy? = nil) throws -> ModelPrediction {
        try checkPredictionMemory(rows: table.rowCount)
        let features = try preprocessor.features(of: table, missingValues: missingValues)
        try checkFinite(features: features, of: table)
        let prediction = predict(features: features)
        try checkFinite(prediction, features: features, of: table)
        return prediction
    }

    /// Predicts from an already preprocessed feature matrix `[rows, featureCount]`.
    public func predict(features: Matrix) -> ModelPrediction {
        let outputs = network.predict(features, link: link)
        switch task {
        case .classification:
            let probabilities = Self.classProbabilities(outputs)
            let indices = Decoding.classIndices(probabilities)
            return ModelPrediction(labels: preprocessor.classNames(of: indices), classIndices: indices,
                                   probabilities: probabilities, values: [])
        case .regression:
            var values = [Float](repeating: 0, count: outputs.rows)
            for row in 0..<outputs.rows {
                let raw = outputs[row, 0]
                values[row] = targetScaling.map { $0.inverseTransform(raw, column: 0) } ?? raw
            }
            return ModelPrediction(labels: values.map { "\($0)" }, classIndices: [], probabilities: nil, values: values)
        }
    }

    /// One probability per class: a single sigmoid output `p` (binary cross-entropy on two
    /// classes) becomes the columns `1 − p` and `p`; wider outputs are kept as they are.
    static func classProbabilities(_ outputs: Matrix) -> Matrix {
        guard outputs.columns == 1 else { return outputs }
        var pairs = Matrix(rows: outputs.rows, columns: 2)
        for row in 0..<outputs.rows {
            let p = outputs[row, 0]
            pairs[row, 0] = 1 - p
            pairs[row, 1] = p
        }
        return pairs
    }

    /// The metrics of the model on `table`, which needs the target column: accuracy, macro
    /// precision/recall/F1, log-loss and the confusion matrix for a classifier; MSE, RMSE, MAE
    /// and R² for a regressor. A class the model never saw is `DataError.unseenClass`.
    ///
    /// Missing values follow `missingValues` (the model's policy when `nil`): `.drop` leaves out
    /// rows with a missing input or target; a filling policy fills inputs and leaves out rows
    /// whose target is missing; `.error` throws at the first one. `droppedRows` counts the rows
    /// left out (`DataError.noRowsLeft` when none remain).
    public func evaluate(_ table: DataTable, missingValues: MissingValuePolicy? = nil) throws -> ModelEvaluation {
        try evaluateCountingDrops(table, missingValues: missingValues).evaluation
    }

    /// `evaluate(_:missingValues:)` with the number of rows left out for missing values.
    public func evaluateCountingDrops(_ table: DataTable, missingValues: MissingValuePolicy? = nil) throws
        -> (evaluation: ModelEvaluation, droppedRows: Int) {
        guard table.hasColumn(named: targetColumn) else {
            throw TrainedModelError.missingTarget(file: table.file, target: targetColumn)
        }
        try checkPredictionMemory(rows: table.rowCount)
        let policy = missingValues ?? preprocessor.missingValues
        let rows: [Int]
        switch policy {
        case .error:
            if let location = try table.firstMissingValue(in: [targetColumn] + inputColumns) {
                throw DataError.missingValue(location)
            }
            rows = Array(0..<table.rowCount)
        case .drop:
            rows = try table.rowsWithoutMissingValues(in: [targetColumn] + inputColumns)
        case .mean, .median, .mostFrequent:
            rows = try table.rowsWithoutMissingValues(in: [targetColumn])
        }
        if rows.isEmpty && table.rowCount > 0 {
            throw DataError.noRowsLeft(file: table.file, dropped: table.rowCount)
        }
        let kept = rows.count == table.rowCount ? table : table.selecting(rows: rows)
        let data = try preprocessor.dataset(of: kept, missingValues: policy)
        try checkFinite(features: data.features, of: kept)
        try checkFinite(predict(features: data.features), features: data.features, of: kept)
        return (evaluate(data), table.rowCount - rows.count)
    }

    /// The metrics of the model on a preprocessed data set whose targets are class indices
    /// (classification) or values in the target's own units (regression).
    public func evaluate(_ data: Dataset) -> ModelEvaluation {
        let prediction = predict(features: data.features)
        switch data.targets {
        case .classes(let labels, _):
            return .classification(ClassificationReport(
                actual: labels.map { Int($0) }, predicted: prediction.classIndices,
                probabilities: prediction.probabilities, classes: classNames))
        case .values(let matrix):
            let predicted = Matrix(rows: prediction.values.count, columns: 1, storage: prediction.values)
            return .regression(RegressionReport(actual: matrix, predicted: predicted))
        }
    }
}
