import NeuralKernels

extension Loss {
    /// The loss of `logits` (`[batch, outputs]`) against `targets`, optionally with one weight per
    /// row (`sampleWeights.count == batch`). See `Loss` for the formulas and the weighting.
    public func value(logits: Matrix, targets: Matrix, sampleWeights: [Float]? = nil) -> Double {
        valueAndDelta(logits: logits, targets: targets, sampleWeights: sampleWeights, computeDelta: false).value
    }

    /// The loss and its gradient with respect to the logits, `∂loss/∂z` (`[batch, outputs]`).
    public func valueAndGradient(logits: Matrix, targets: Matrix,
                                 sampleWeights: [Float]? = nil) -> (value: Double, gradient: Matrix) {
        valueAndDelta(logits: logits, targets: targets, sampleWeights: sampleWeights, computeDelta: true)
    }

    private func valueAndDelta(logits: Matrix, targets: Matrix, sampleWeights: [Float]?,
                               computeDelta: Bool) -> (value: Double, gradient: Matrix) {
        precondition(targets.rows == logits.rows,
                     "Loss: \(logits.rows) rows of logits but \(targets.rows) rows of targets")
        var delta = Matrix(rows: computeDelta ? logits.rows : 0, columns: logits.columns)
        let value = logits.withUnsafeBufferPointer { z in
            targets.withUnsafeBufferPointer { y in
                delta.withUnsafeMutableBufferPointer { d in
                    withOptionalBuffer(sampleWeights) { s in
                        evaluate(rows: logits.rows, columns: logits.columns, logits: z.baseAddress,
                                 targets: y.baseAddress, targetColumns: targets.columns,
                                 sampleWeights: s,
                                 delta: computeDelta ? d.baseAddress : nil)
                    }
                }
            }
        }
        return (value, delta)
    }

    /// The loss of a `[rows, columns]` block of logits against targets `[rows, targetColumns]`,
    /// writing `∂loss/∂z` into `delta` (`[rows, columns]`) when it is not nil. Allocates nothing.
    ///
    /// `sampleWeights`, when given, holds at least `rows` weights (only the first `rows` are used).
    public func evaluate(rows: Int, columns: Int, logits: UnsafePointer<Float>?,
                         targets: UnsafePointer<Float>?, targetColumns: Int,
                         sampleWeights: UnsafeBufferPointer<Float>?,
                         delta: UnsafeMutablePointer<Float>?) -> Double {
        precondition(acceptsTargetColumns(targetColumns, outputs: columns),
                     "Loss \(kind): \(targetColumns) target columns do not fit \(columns) outputs")
        if let sampleWeights {
            precondition(sampleWeights.count >= rows,
                         "Loss: \(sampleWeights.count) sample weights for \(rows) rows")
        }
        guard rows > 0 else { return 0 }
        let weightPointer = sampleWeights?.baseAddress
        return withOptionalBuffer(classWeights) { classWeightBuffer in
            let classPointer = classWeightBuffer?.baseAddress
            switch kind {
            case .meanSquaredError(let halved):
                checkClassWeights(count: columns, meaning: "one per output column")
                return nk_loss_regression(NK_LOSS_SQUARED, 0, halved ? 0.5 : 1, Int64(rows), Int64(columns),
                                          logits, targets, weightPointer, classPointer, delta)
            case .meanAbsoluteError:
                checkClassWeights(count: columns, meaning: "one per output column")
                return nk_loss_regression(NK_LOSS_ABSOLUTE, 0, 1, Int64(rows), Int64(columns),
                                          logits, targets, weightPointer, classPointer, delta)
            case .huber(let threshold):
                checkClassWeights(count: columns, meaning: "one per output column")
                return nk_loss_regression(NK_LOSS_HUBER, threshold, 1, Int64(rows), Int64(columns),
                                          logits, targets, weightPointer, classPointer, delta)
            case .binaryCrossEntropy:
                checkClassWeights(count: 2, meaning: "[w₀, w₁] for targets 0 and 1")
                return nk_loss_binary_cross_entropy(Int64(rows), Int64(columns), logits, targets,
                                                    weightPointer, classPointer, delta)
            case .categoricalCrossEntropy:
                checkClassWeights(count: columns, meaning: "one per class")
                let value = nk_loss_categorical_cross_entropy(Int64(rows), Int64(columns), logits, targets,
                                                              Int64(targetColumns), weightPointer,
                                                              classPointer, delta)
                // The kernel returns a negative value for a bad target; a NaN (diverged logits) is
                // not one, and goes on to the trainer's non-finite-loss check.
                precondition(!(value < 0),
                             "Categorical cross-entropy: a class index target is not an integer in 0..<\(columns)")
                return value
            }
        }
    }

    private func checkClassWeights(count: Int, meaning: String) {
        if let classWeights {
            precondition(classWeights.count == count,
                         "Loss \(kind): \(classWeights.count) class weights, expected \(count) (\(meaning))")
        }
    }
}

/// Calls `body` with the array's buffer, or with nil when there is no array.
@inline(__always)
func withOptionalBuffer<R>(_ array: [Float]?, _ body: (UnsafeBufferPointer<Float>?) -> R) -> R {
    if let array {
        return array.withUnsafeBufferPointer { body($0) }
    }
    return body(nil)
}
