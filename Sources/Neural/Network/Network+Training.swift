import NeuralKernels

extension Network {
    /// One forward and backward pass on a batch: returns the batch loss including the penalty,
    /// `loss(logits, Y) + penalty(W)`, and leaves `∂(that)/∂θ` in `workspace.gradients`.
    ///
    /// - `inputs`: `rows·inputSize` scalars, the batch `X` `[rows, inputSize]` row-major, with
    ///   `1 ≤ rows ≤ workspace.batchCapacity` (partial batches are fine);
    /// - `targets`: `[rows, targetColumns]` row-major; `targetColumns` is `outputSize`, or 1 for
    ///   class indices with categorical cross-entropy;
    /// - `sampleWeights`: optional, at least `rows` weights (see `Loss` for the weighting);
    /// - `generator`: draws the dropout masks (one 64-bit draw per active dropout layer); it is
    ///   ignored, and not advanced, when the network has no active dropout, so one call serves
    ///   every network.
    ///
    /// This and its `Matrix` form below are the one way to get gradients; the trainer calls it
    /// for every batch.
    ///
    /// Back-propagation by the chain rule, from `δ_L = ∂loss/∂Z_L` given by the loss in one
    /// fused pass: for each dense layer `i`, from last to first,
    ///
    ///     δ_i  ← δ_i ⊙ f_i′(Z_i)          (∂loss/∂A_i → ∂loss/∂Z_i)
    ///     dW_i = δ_iᵀ · A_{i−1}             ([out, in] = [out, rows]·[rows, in])
    ///     db_i = Σ_rows δ_i
    ///     δ_{i−1} = δ_i · W_i               (skipped for the first dense layer)
    ///
    /// `W_i` is `[out, in]`, stored column-major (the `[in, out]` rows `A·Wᵀ` reads in place),
    /// so `dW_i` is computed in that storage order as `A_{i−1}ᵀ·δ_i` and `δ_i·W_i` reads the
    /// storage transposed.
    ///
    /// and for a dropout layer `δ_{i−1} = δ_i ⊙ mask_i`. The GEMMs go through the pointer form of
    /// the one GEMM entry point with offsets into the flat parameter and gradient buffers; the
    /// elementwise passes run in C. Nothing is allocated.
    @discardableResult
    public func computeGradients(
        inputs: UnsafeBufferPointer<Float>, targets: UnsafeBufferPointer<Float>,
        sampleWeights: UnsafeBufferPointer<Float>? = nil,
        loss: Loss, regularization: Regularization = .none,
        workspace: TrainingWorkspace, generator: inout SeededGenerator
    ) -> Double {
        withUnsafeMutablePointer(to: &generator) { generatorPointer in
            pass(inputs: inputs, targets: targets, sampleWeights: sampleWeights, loss: loss,
                 regularization: regularization, workspace: workspace, applyingDropout: true,
                 computingGradients: true, generator: generatorPointer)
        }
    }

    /// `computeGradients` on matrices: `inputs` `[batch, inputSize]`, `targets`
    /// `[batch, outputSize]` (or `[batch, 1]` class indices for categorical cross-entropy).
    /// Returns the loss; the gradients are in `workspace.gradients` (e.g.
    /// `workspace.gradients["layers.0.weight"]`).
    ///
    ///     var generator = SeededGenerator(seed: 0)      // dropout masks; ignored without dropout
    ///     let loss = network.computeGradients(inputs: x, targets: y, loss: .meanSquaredError,
    ///                                         workspace: workspace, generator: &generator)
    @discardableResult
    public func computeGradients(
        inputs: Matrix, targets: Matrix, sampleWeights: [Float]? = nil,
        loss: Loss, regularization: Regularization = .none,
        workspace: TrainingWorkspace, generator: inout SeededGenerator
    ) -> Double {
        precondition(inputs.rows == targets.rows,
                     "computeGradients: \(inputs.rows) input rows but \(targets.rows) target rows")
        return inputs.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { y in
                withOptionalBuffer(sampleWeights) { s in
                    computeGradients(inputs: x, targets: y, sampleWeights: s, loss: loss,
                                     regularization: regularization, workspace: workspace,
                                     generator: &generator)
                }
            }
        }
    }

    /// The batch loss including the penalty, without gradients: a forward pass only, in
    /// training mode. The dropout masks are drawn from `generator` exactly as in
    /// `computeGradients`, so the same generator state gives the same loss.
    public func evaluateLoss(
        inputs: UnsafeBufferPointer<Float>, targets: UnsafeBufferPointer<Float>,
        sampleWeights: UnsafeBufferPointer<Float>? = nil,
        loss: Loss, regularization: Regularization = .none,
        workspace: TrainingWorkspace, generator: inout SeededGenerator
    ) -> Double {
        withUnsafeMutablePointer(to: &generator) { generatorPointer in
            pass(inputs: inputs, targets: targets, sampleWeights: sampleWeights, loss: loss,
                 regularization: regularization, workspace: workspace, applyingDropout: true,
                 computingGradients: false, generator: generatorPointer)
        }
    }

    /// The batch loss including the penalty in inference mode (dropout is the identity), on raw
    /// batch rows, reusing `workspace`: a validation loss batch by batch, without allocation.
    public func evaluateLoss(
        inputs: UnsafeBufferPointer<Float>, targets: UnsafeBufferPointer<Float>,
        sampleWeights: UnsafeBufferPointer<Float>? = nil,
        loss: Loss, regularization: Regularization = .none, workspace: TrainingWorkspace
    ) -> Double {
        pass(inputs: inputs, targets: targets, sampleWeights: sampleWeights, loss: loss,
             regularization: regularization, workspace: workspace, applyingDropout: false,
             computingGradients: false, generator: nil)
    }

    /// `evaluateLoss` on matrices in inference mode (allocates a workspace for the batch).
    public func evaluateLoss(inputs: Matrix, targets: Matrix, sampleWeights: [Float]? = nil,
                             loss: Loss, regularization: Regularization = .none) -> Double {
        precondition(inputs.rows == targets.rows,
                     "evaluateLoss: \(inputs.rows) input rows but \(targets.rows) target rows")
        let workspace = TrainingWorkspace(for: self, batchCapacity: max(inputs.rows, 1))
        return inputs.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { y in
                withOptionalBuffer(sampleWeights) { s in
                    evaluateLoss(inputs: x, targets: y, sampleWeights: s, loss: loss,
                                 regularization: regularization, workspace: workspace)
                }
            }
        }
    }

    /// The one code path behind `computeGradients` and `evaluateLoss`: forward pass, loss (and
    /// its delta), then, when computing gradients, the backward pass and the penalty gradient.
    /// `generator` is read only for active dropout layers when `applyingDropout`.
    private func pass(
        inputs: UnsafeBufferPointer<Float>, targets: UnsafeBufferPointer<Float>,
        sampleWeights: UnsafeBufferPointer<Float>?, loss: Loss, regularization: Regularization,
        workspace: TrainingWorkspace, applyingDropout: Bool, computingGradients: Bool,
        generator: UnsafeMutablePointer<SeededGenerator>?
    ) -> Double {
        let rows = checkBatch(inputs: inputs, targets: targets, loss: loss, workspace: workspace)
        let sampleCount = sampleCount(rows: rows, sampleWeights: sampleWeights)
        return parameters.values.withUnsafeBufferPointer { parameterBuffer -> Double in
            guard let theta = parameterBuffer.baseAddress else { return 0 }
            forwardForTraining(rows: rows, inputs: inputs.baseAddress, parameters: theta,
                               applyingDropout: applyingDropout, workspace: workspace, generator: generator)
            let lastIndex = plans.count - 1
            let logits = workspace.storage + workspace.outputOffsets[lastIndex]
            let lastDelta = workspace.storage + workspace.deltaOffsets[lastIndex]
            let dataLoss = loss.evaluate(rows: rows, columns: outputSize, logits: logits,
                                         targets: targets.baseAddress, targetColumns: targets.count / rows,
                                         sampleWeights: sampleWeights,
                                         delta: computingGradients ? lastDelta : nil)
            guard computingGradients else {
                return dataLoss + regularization.apply(layout: parameters.layout, parameters: theta,
                                                       sampleCount: sampleCount, gradient: nil)
            }
            return workspace.gradients.values.withUnsafeMutableBufferPointer { gradientBuffer -> Double in
                guard let gradient = gradientBuffer.baseAddress else { return dataLoss }
                backward(rows: rows, inputs: inputs.baseAddress, parameters: theta, gradient: gradient,
                         workspace: workspace)
                let penalty = regularization.apply(layout: parameters.layout, parameters: theta,
                                                   sampleCount: sampleCount, gradient: gradient)
                return dataLoss + penalty
            }
        }
    }

    /// Checks a batch's sizes against the network, the loss and the workspace; returns its rows.
    private func checkBatch(inputs: UnsafeBufferPointer<Float>, targets: UnsafeBufferPointer<Float>,
                            loss: Loss, workspace: TrainingWorkspace) -> Int {
        precondition(workspace.fits(self), "The training workspace was made for a different network shape")
        precondition(inputs.count % inputSize == 0,
                     "Batch inputs: \(inputs.count) scalars is not a whole number of rows of \(inputSize)")
        let rows = inputs.count / inputSize
        precondition(rows >= 1 && rows <= workspace.batchCapacity,
                     "Batch of \(rows) rows; the workspace holds 1...\(workspace.batchCapacity)")
        precondition(targets.count % rows == 0 && loss.acceptsTargetColumns(targets.count / rows, outputs: outputSize),
                     "Batch targets: \(targets.count) scalars for \(rows) rows do not fit \(outputSize) outputs of \(loss.kind)")
        workspace.batchSize = rows
        return rows
    }

    /// The batch's sample count for `.perSample` penalty scaling: `rows`, or the sum of the
    /// first `rows` sample weights (scikit-learn divides its L2 term by that sum).
    private func sampleCount(rows: Int, sampleWeights: UnsafeBufferPointer<Float>?) -> Double {
        guard let sampleWeights else { return Double(rows) }
        var total = 0.0
        for index in 0..<rows { total += Double(sampleWeights[index]) }
        return total
    }

    /// Forward pass keeping every `Z_i`, `A_i` and mask in the workspace.
    private func forwardForTraining(rows: Int, inputs: UnsafePointer<Float>?, parameters: UnsafePointer<Float>,
                                    applyingDropout: Bool, workspace: TrainingWorkspace,
                                    generator: UnsafeMutablePointer<SeededGenerator>?) {
        let storage = workspace.storage
        var current = inputs
        for index in 0..<plans.count {
            let plan = plans[index]
            let output = storage + workspace.outputOffsets[index]
            let count = rows * plan.outputWidth
            if let activation = plan.activation {
                denseForward(plan: plan, activation: activation, rows: rows, input: current,
                             parameters: parameters,
                             preactivation: storage + workspace.preactivationOffsets[index], output: output)
            } else {
                let mask = storage + workspace.maskOffsets[index]
                if applyingDropout && plan.dropoutRate > 0 {
                    guard let generator else {
                        preconditionFailure("Layer \(index) applies dropout but no generator was given")
                    }
                    nk_dropout_mask(Int64(count), plan.dropoutRate, generator.pointee.next(), mask)
                } else {
                    mask.update(repeating: 1, count: count)
                }
                nk_multiply(Int64(count), current, mask, output)
            }
            current = UnsafePointer(output)
        }
    }

    /// Backward pass from the loss delta in the last layer's delta buffer.
    private func backward(rows: Int, inputs: UnsafePointer<Float>?, parameters: UnsafePointer<Float>,
                          gradient: UnsafeMutablePointer<Float>, workspace: TrainingWorkspace) {
        let storage = workspace.storage
        // No layer before the first dense one has parameters, so no delta is needed there.
        let firstDense = firstDenseIndex
        for index in stride(from: plans.count - 1, through: firstDense, by: -1) {
            let plan = plans[index]
            let delta = storage + workspace.deltaOffsets[index]
            let input: UnsafePointer<Float>? = index == 0 ? inputs
                : UnsafePointer(storage + workspace.outputOffsets[index - 1])
            let previousDelta = index > firstDense ? storage + workspace.deltaOffsets[index - 1] : nil
            let count = rows * plan.outputWidth
            guard let activation = plan.activation else {
                if let previousDelta {
                    nk_multiply(Int64(count), delta, storage + workspace.maskOffsets[index], previousDelta)
                }
                continue
            }
            // ∂loss/∂A_i → ∂loss/∂Z_i.
            nk_activation_backward(activation.kernelKind, activation.kernelParameter, Int64(count),
                                   storage + workspace.preactivationOffsets[index], output(index, workspace),
                                   delta)
            // dW_i = δ_iᵀ·A_{i−1} [out, in], stored column-major: A_{i−1}ᵀ·δ_i = [in, rows]·[rows, out].
            gemm(transposeA: true, transposeB: false, m: plan.inputWidth, n: plan.outputWidth, k: rows,
                 alpha: 1, a: input, lda: plan.inputWidth, b: delta, ldb: plan.outputWidth,
                 beta: 0, c: gradient + plan.weightOffset, ldc: plan.outputWidth)
            // db_i = Σ_rows δ_i.
            nk_column_sums(Int64(rows), Int64(plan.outputWidth), delta, gradient + plan.biasOffset)
            // δ_{i−1} = δ_i·W_i: [rows, in] = [rows, out]·[out, in], W_i read from its [in, out] storage.
            if let previousDelta {
                gemm(transposeA: false, transposeB: true, m: rows, n: plan.inputWidth, k: plan.outputWidth,
                     alpha: 1, a: delta, lda: plan.outputWidth, b: parameters + plan.weightOffset,
                     ldb: plan.outputWidth, beta: 0, c: previousDelta, ldc: plan.inputWidth)
            }
        }
    }

    private func output(_ index: Int, _ workspace: TrainingWorkspace) -> UnsafePointer<Float> {
        UnsafePointer(workspace.storage + workspace.outputOffsets[index])
    }
}
