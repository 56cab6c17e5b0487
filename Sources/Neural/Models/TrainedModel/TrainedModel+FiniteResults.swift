extension TrainedModel {
    /// Throws `TrainedModelError.predictionTooLarge` when predicting `rows` rows at once would
    /// not fit in the memory available: the network's two inference buffers of its widest layer
    /// and the outputs, `rows · (2 · widest + outputs)` Floats (with many classes, the outputs
    /// dominate). Checked before the network runs; nothing is allocated.
    public func checkPredictionMemory(rows: Int, available: UInt64 = MemoryBudget.availableBytes()) throws(TrainedModelError) {
        let perRow = 2 * network.widestOutput + network.outputSize
        let bytes = MemoryBudget.product(rows, perRow, MemoryLayout<Float>.size)
        if let bytes, UInt64(bytes) <= available { return }
        throw .predictionTooLarge(rows: rows, outputs: network.outputSize, bytes: bytes, available: available)
    }

    /// Throws `TrainedModelError.nonFiniteResult` for the first row of `features` (computed from
    /// `table`) holding a value outside `Float`'s range: a numeric value whose standardisation
    /// `(x − mean) / std` overflows, named by its line and column.
    func checkFinite(features: Matrix, of table: DataTable) throws(TrainedModelError) {
        guard let flat = features.storage.firstIndex(where: { !$0.isFinite }) else { return }
        let row = flat / features.columns
        let input = preprocessor.inputColumn(ofFeature: flat % features.columns)
        let raw = table.columns.first { $0.name == input.name }.map { $0.kind == .numeric ? "\($0.values[row])" : $0.text(at: row) ?? "" } ?? ""
        throw .nonFiniteResult(
            location: table.location(row: row, column: input.name),
            reason: "the value \(raw) standardises to \(features.storage[flat]) (it is too far from the training mean for 32-bit floats)")
    }

    /// Throws `TrainedModelError.nonFiniteResult` for the first row whose prediction (a class
    /// probability or a value) is not finite: the network's computation overflowed. The column
    /// named is the row's standardised feature of largest magnitude, the likely cause.
    func checkFinite(_ prediction: ModelPrediction, features: Matrix, of table: DataTable) throws(TrainedModelError) {
        let outputs = prediction.probabilities?.storage ?? prediction.values
        let width = prediction.count == 0 ? 1 : outputs.count / prediction.count
        guard let flat = outputs.firstIndex(where: { !$0.isFinite }) else { return }
        let row = flat / width
        var largest = 0
        for column in 0..<features.columns where abs(features[row, column]) > abs(features[row, largest]) {
            largest = column
        }
        let input = features.columns > 0 ? preprocessor.inputColumn(ofFeature: largest).name : nil
        let output = task == .classification ? "the probability of class \"\(classNames[flat % width])\"" : "the predicted value"
        throw .nonFiniteResult(
            location: table.location(row: row, column: input),
            reason: "the network's computation overflows 32-bit floats: \(output) is \(outputs[flat])"
                + (input.map { " (the row's largest standardised feature is \"\($0)\", \(features[row, largest]))" } ?? ""))
    }
}
