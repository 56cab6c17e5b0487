extension Loss {
    /// `Σ w`, the denominator of the weighted mean (see `Loss`) for a batch of `rows` rows of
    /// `targets` (`[rows, targetColumns]`) and `outputs` output columns: `rows` for categorical
    /// cross-entropy and `rows·outputs` for the elementwise losses when there are no class
    /// weights; with class weights, the sum of the terms' weights.
    ///
    /// A batch split across processes is put back together with it: each part's mean times its
    /// `Σ w` is its weighted sum, and the parts' sums over the parts' `Σ w` is the whole batch's mean.
    func weightTotal(rows: Int, outputs: Int, targets: UnsafeBufferPointer<Float>, targetColumns: Int) -> Double {
        guard let classWeights else {
            if case .categoricalCrossEntropy = kind { return Double(rows) }
            return Double(rows * outputs)
        }
        var total = 0.0
        switch kind {
        case .categoricalCrossEntropy where targetColumns == 1:
            for row in 0..<rows {
                let label = Int(targets[row])
                if classWeights.indices.contains(label) { total += Double(classWeights[label]) }
            }
        case .categoricalCrossEntropy:
            for row in 0..<rows {
                for column in 0..<targetColumns {
                    total += Double(targets[row * targetColumns + column]) * Double(classWeights[column])
                }
            }
        case .binaryCrossEntropy:
            for index in 0..<(rows * targetColumns) {
                let y = Double(targets[index])
                total += y * Double(classWeights[1]) + (1 - y) * Double(classWeights[0])
            }
        case .meanSquaredError, .meanAbsoluteError, .huber:
            total = Double(rows) * classWeights.reduce(0.0) { $0 + Double($1) }
        }
        return total
    }
}
