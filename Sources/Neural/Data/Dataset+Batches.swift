import NeuralKernels
/// Gathering mini-batches: rows selected by an index array are copied into buffers the caller
/// owns and reuses, so a training loop over shuffled indices allocates nothing per batch.
///
/// ```swift
/// var x = Matrix(rows: batchSize, columns: data.featureCount)
/// var y = Matrix(rows: batchSize, columns: data.targets.width)
/// for start in stride(from: 0, to: order.count, by: batchSize) {
///     let rows = order[start..<min(start + batchSize, order.count)]
///     data.gatherFeatures(rows: rows, into: &x)   // x is [rows.count, d]
///     data.gatherTargets(rows: rows, into: &y)    // y is [rows.count, k]
/// }
/// ```
/// A buffer is resized to `rows.count` rows; shrinking for a last, short batch keeps its
/// capacity, so growing back for the next epoch does not allocate either.
extension Dataset {
    /// Copies feature rows `rows` into `batch`, which becomes `[rows.count, d]`:
    /// `batch[i, :] = features[rows[i], :]`.
    public func gatherFeatures(rows: ArraySlice<Int>, into batch: inout Matrix) {
        Self.gather(rows: rows, from: features, into: &batch)
    }

    /// Copies feature rows `rows` to `destination`, row-major, `rows.count × featureCount`
    /// floats (for workspaces that hold raw buffers).
    /// - Precondition: `destination` has room for `rows.count × featureCount` elements.
    public func gatherFeatures(rows: ArraySlice<Int>, into destination: UnsafeMutableBufferPointer<Float>) {
        Self.gather(rows: rows, from: features, into: destination)
    }

    /// Copies targets of `rows` into `batch`, which becomes `[rows.count, targets.width]`:
    /// the value rows for regression, one-hot rows for classes.
    public func gatherTargets(rows: ArraySlice<Int>, into batch: inout Matrix) {
        switch targets {
        case let .values(matrix):
            Self.gather(rows: rows, from: matrix, into: &batch)
        case let .classes(labels, classCount):
            batch.resize(rows: rows.count, columns: classCount)
            batch.withUnsafeMutableBufferPointer { target in
                target.update(repeating: 0)
                for (position, row) in rows.enumerated() {
                    precondition(row >= 0 && row < labels.count, "Row index \(row) out of range 0..<\(labels.count)")
                    target[position * classCount + Int(labels[row])] = 1
                }
            }
        }
    }

    /// Copies the class indices of `rows` into `batch` (resized to `rows.count`, capacity kept).
    /// - Precondition: the targets are classes.
    public func gatherLabels(rows: ArraySlice<Int>, into batch: inout [Int32]) {
        guard case let .classes(labels, _) = targets else {
            preconditionFailure("gatherLabels needs class targets; this data set has regression targets")
        }
        batch.removeAll(keepingCapacity: true)
        for row in rows {
            precondition(row >= 0 && row < labels.count, "Row index \(row) out of range 0..<\(labels.count)")
            batch.append(labels[row])
        }
    }

    private static func gather(rows: ArraySlice<Int>, from source: Matrix, into batch: inout Matrix) {
        batch.resize(rows: rows.count, columns: source.columns)
        batch.withUnsafeMutableBufferPointer { to in gather(rows: rows, from: source, into: to) }
    }

    private static func gather(rows: ArraySlice<Int>, from source: Matrix, into destination: UnsafeMutableBufferPointer<Float>) {
        let width = source.columns
        let sourceRows = source.rows
        precondition(destination.count >= rows.count * width,
                     "Batch buffer holds \(destination.count) floats, \(rows.count) rows of \(width) need \(rows.count * width)")
        guard width > 0 else { return }
        for row in rows {
            precondition(row >= 0 && row < sourceRows, "Row index \(row) out of range 0..<\(sourceRows)")
        }
        source.withUnsafeBufferPointer { from in
            rows.withUnsafeBufferPointer { indices in
                guard let fromBase = from.baseAddress, let toBase = destination.baseAddress,
                      let indexBase = indices.baseAddress else { return }
                // Int is 64-bit on every platform Neural supports; the check folds away there.
                precondition(MemoryLayout<Int>.size == MemoryLayout<Int64>.size, "Neural needs a 64-bit Int")
                indexBase.withMemoryRebound(to: Int64.self, capacity: indices.count) { rowIndices in
                    nk_gather_rows(Int64(indices.count), rowIndices, fromBase, Int64(width), toBase)
                }
            }
        }
    }
}
