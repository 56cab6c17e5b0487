extension Trainer {
    /// Trains for the configured epochs (or what remains of them, when resumed) and returns
    /// the history of the whole run.
    ///
    /// - `training`: the training data;
    /// - `validation`: held-out data for validation loss, metrics and early stopping; when
    ///   `nil` and `configuration.validationFraction > 0`, that fraction of `training` is split
    ///   off (stratified for classes) with the configured seed;
    /// - `onEpoch`: called after every epoch; returning `.stop` ends training after that epoch.
    ///
    /// Every epoch is `runEpoch` (the shuffled batches, one `trainStep` each) then `endEpoch`
    /// (validation, the history, the schedule, early stopping and the other stopping rules).
    /// A non-finite loss throws `TrainingError.nonFiniteLoss` naming the epoch and batch; the
    /// network keeps the weights from before that batch.
    @discardableResult
    public mutating func fit(_ training: Dataset, validation: Dataset? = nil,
                             onEpoch: ((EpochReport) -> TrainingControl)? = nil) throws(TrainingError) -> History {
        try fit(training, validation: validation) { report, _ in onEpoch?(report) ?? .proceed }
    }

    /// `fit(_:validation:onEpoch:)` whose callback also sees the trainer as it stands at the end
    /// of each epoch (weights and state after the epoch's stopping rules), for example to save a
    /// `TrainingCheckpoint` that resumes exactly there.
    ///
    /// `pauseRequested` is asked after every batch (keep it cheap: a flag read). When it returns
    /// true, `fit` returns at once with the history of the completed epochs and
    /// `state.epochProgress` set to the position inside the current epoch; the run is not
    /// finished, and the next `fit` — on this trainer, or one rebuilt from a `TrainingCheckpoint`
    /// saved now — trains the rest of that epoch and goes on, ending with the weights of a run
    /// that never paused. Use it to stop a long epoch promptly (for example on a signal).
    @discardableResult
    public mutating func fit(_ training: Dataset, validation: Dataset? = nil,
                             pauseRequested: () -> Bool = { false },
                             onEpochEnd: (EpochReport, Trainer) -> TrainingControl) throws(TrainingError) -> History {
        var trainingSet = training
        var validationSet = validation
        if validationSet == nil && configuration.validationFraction > 0 {
            (trainingSet, validationSet) = try splitValidation(from: training)
        }
        // Sharded, the checks below see this rank's rows: a rank without any makes every rank stop.
        let counts = allReduced([Double(trainingSet.count), Double(validationSet?.count ?? 0),
                                 trainingSet.count == 0 ? 1 : 0])
        if isSharded && counts[2] > 0 {
            throw .invalidData("a rank's part of the training set is empty: fewer training rows than ranks")
        }
        try check(trainingSet, role: "training")
        if let validationSet {
            // A shard may hold none of the validation rows: the set is empty when every rank's is.
            if !isSharded || validationSet.count > 0 {
                try check(validationSet, role: "validation")
            } else if counts[1] == 0 {
                throw .invalidData("the validation set is empty")
            }
        }
        if let stopping = state.earlyStopping, validationSet == nil, stopping.monitor != .trainingLoss {
            throw .invalidConfiguration("early stopping watches validation data, but there is none: give a validation set or a validation fraction")
        }
        let targetColumns = targetColumns(for: trainingSet)
        // Batches (and validation chunks) never hold more rows than the larger set, so the
        // buffers need no more; their size is checked before anything is allocated.
        let capacity = min(configuration.batchSize, max(trainingSet.count, validationSet?.count ?? 0))
        if workspace.batchCapacity != capacity || !workspace.fits(network) {
            try Self.checkMemory(for: network, batchCapacity: capacity, targetColumns: targetColumns)
            workspace = TrainingWorkspace(for: network, batchCapacity: capacity)
        }
        prepareBuffers(for: trainingSet, targetColumns: targetColumns)
        let globalCount = isSharded ? Int(counts[0]) : trainingSet.count
        let batchSize = isSharded
            ? min(configuration.batchSize, max(globalCount, Int(counts[1]))) : workspace.batchCapacity
        let batchCount = (globalCount + batchSize - 1) / batchSize
        let plan = BatchPlan(batchSize: batchSize, batchCount: batchCount, globalCount: globalCount,
                             localCount: trainingSet.count, sharded: isSharded,
                             rank: communicator.rank, size: communicator.size)

        while !state.finished && state.epoch < configuration.epochs {
            guard let totals = try runEpoch(on: trainingSet, plan: plan, targetColumns: targetColumns,
                                            pauseRequested: pauseRequested) else {
                return state.history
            }
            endEpoch(totals, validation: validationSet, targetColumns: targetColumns, onEpochEnd: onEpochEnd)
        }
        if !state.finished { finish(.completed) }
        return state.history
    }

    /// What one epoch's batches add up to.
    struct EpochTotals {
        var epoch: Int
        /// Mean batch loss over the epoch's samples (penalty included).
        var loss: Double
        /// `accuracy` for classes (the running training accuracy); empty for values.
        var metrics: [String: Double]
    }

    /// One epoch's batches: the row order (shuffled from the generator as it was before the
    /// shuffle, so a paused epoch sees the same order again), then a `trainStep` (or a
    /// `distributedStep`) per batch of `plan`. Returns nil when `pauseRequested` stopped it,
    /// with `state.epochProgress` saved.
    mutating func runEpoch(on trainingSet: Dataset, plan: BatchPlan, targetColumns: Int,
                           pauseRequested: () -> Bool) throws(TrainingError) -> EpochTotals? {
        let batchCount = plan.batchCount
        let globalCount = plan.globalCount
        let epoch = state.epoch + 1
        // A run paused inside this epoch goes on after its last batch; otherwise the epoch starts.
        let resuming = state.epochProgress != nil
        var progress = state.epochProgress.take()
            ?? EpochProgress(batchCount: batchCount, generatorBeforeShuffle: state.generator)
        guard progress.batchCount == batchCount else {
            throw .incompatibleState("the saved run paused in an epoch of \(progress.batchCount) batches; this data and batch size make \(batchCount)")
        }
        for index in order.indices { order[index] = index }
        if configuration.shuffle {
            // The order comes from the generator as it was before the shuffle, so a resumed
            // epoch sees it again; a new epoch's shuffle advances the run's generator.
            var shuffler = progress.generatorBeforeShuffle
            if isSharded {
                // Each rank shuffles its own rows; the run's generator advances alike on all.
                var own = SeededGenerator(seed: shuffler.next() ^ (UInt64(communicator.rank) &* 0xD1B5_4A32_D192_ED03))
                own.shuffle(&order)
            } else {
                shuffler.shuffle(&order)
            }
            if !resuming { state.generator = shuffler }
        }
        while progress.batches < batchCount {
            let rows = order[plan.positions(ofBatch: progress.batches)]
            progress.batches += 1
            if isDistributed {
                // The pause request rides on the step's all-reduce: all ranks stop after this batch.
                let step = try distributedStep(on: trainingSet, rows: rows, targetColumns: targetColumns,
                                               epoch: epoch, batch: progress.batches, stopRequested: pauseRequested())
                progress.lossSum += step.loss * Double(step.rows)
                progress.correct += step.correct
                if step.stop {
                    state.epochProgress = progress
                    return nil
                }
                continue
            }
            let loss = try trainStep(on: trainingSet, rows: rows, targetColumns: targetColumns,
                                     epoch: epoch, batch: progress.batches)
            progress.lossSum += loss * Double(rows.count)
            progress.correct += countCorrect(of: trainingSet, rows: rows)
            if pauseRequested() {
                state.epochProgress = progress
                return nil
            }
        }
        var metrics: [String: Double] = [:]
        if case .classes = trainingSet.targets {
            metrics["accuracy"] = Double(progress.correct) / Double(globalCount)
        }
        return EpochTotals(epoch: epoch, loss: progress.lossSum / Double(globalCount), metrics: metrics)
    }

    /// The end of an epoch: validation loss and score, the history's record, then the stopping
    /// rules in a fixed order (the schedule's plateau, early stopping with its best weights, the
    /// tolerance counter, the callback); the first that fires names the reason.
    mutating func endEpoch(_ totals: EpochTotals, validation validationSet: Dataset?, targetColumns: Int,
                           onEpochEnd: (EpochReport, Trainer) -> TrainingControl) {
        let epoch = totals.epoch
        let trainingLoss = totals.loss
        var metrics = totals.metrics
        var validationLoss: Double?
        var validationScore: Double?
        if let validationSet {
            let evaluation = evaluate(validationSet, targetColumns: targetColumns)
            validationLoss = evaluation.loss
            validationScore = evaluation.score
            metrics[evaluation.scoreName] = evaluation.score
        }
        // The rate the updates used: the optimizers round it to Float (the tensors' type).
        let rate = Double(Float(state.schedule.learningRate))
        record(epoch: epoch, loss: trainingLoss, validationLoss: validationLoss, rate: rate, metrics: metrics)
        state.epoch = epoch

        let decision = state.schedule.epochEnded(EpochMetrics(trainingLoss: trainingLoss, validationLoss: validationLoss,
                                                               validationScore: validationScore))
        if case .stop = decision { finish(.schedule) }
        if var stopping = state.earlyStopping {
            let observed: Double?
            switch stopping.monitor {
            case .trainingLoss: observed = trainingLoss
            case .validationLoss: observed = validationLoss
            case .validationMetric(let name, _): observed = metrics["val_" + name] ?? metrics[name]
            }
            if let observed {
                let verdict = stopping.observe(observed, epoch: epoch)
                if verdict == .improved && stopping.restoreBestWeights {
                    state.bestParameters = network.parameters.values
                }
                if verdict == .stop { finish(.earlyStopping) }
            }
            state.earlyStopping = stopping
        }
        if var counter = state.convergence, let patience = configuration.convergence?.patience {
            counter.record(trainingLoss)
            state.convergence = counter
            if counter.count > patience { finish(.noImprovement) }
        }
        let report = EpochReport(epoch: epoch, epochs: configuration.epochs, loss: trainingLoss,
                                 validationLoss: validationLoss, learningRate: rate, metrics: metrics)
        let control = onEpochEnd(report, self)
        if (isDistributed ? agreed(control) : control) == .stop { finish(.callback) }
    }

    private mutating func finish(_ reason: History.StopReason) {
        guard !state.finished else { return }
        state.finished = true
        state.history.stopReason = reason
        if let stopping = state.earlyStopping, stopping.restoreBestWeights,
           let best = state.bestParameters, let bestEpoch = stopping.bestEpoch, bestEpoch != state.epoch {
            network.parameters.values = best
            state.history.restoredEpoch = bestEpoch
        }
    }

    private mutating func record(epoch: Int, loss: Double, validationLoss: Double?, rate: Double, metrics: [String: Double]) {
        state.history.loss.append(loss)
        if let validationLoss { state.history.validationLoss.append(validationLoss) }
        state.history.learningRate.append(rate)
        for (name, value) in metrics {
            if name.hasPrefix("val_") {
                state.history.validationMetrics[String(name.dropFirst(4)), default: []].append(value)
            } else {
                state.history.metrics[name, default: []].append(value)
            }
        }
    }

    /// Splits `validationFraction` of `data` off, stratified by class for classification.
    private func splitValidation(from data: Dataset) throws(TrainingError) -> (Dataset, Dataset) {
        var generator = SeededGenerator(seed: configuration.seed ^ 0x0005_9117_5EED)
        do {
            let split: DataSplit
            if case .classes(let labels, let classCount) = data.targets {
                split = try DataSplit.stratified(labels: labels, classNames: (0..<classCount).map { "class \($0)" },
                                                 validationFraction: configuration.validationFraction,
                                                 generator: &generator)
            } else {
                split = try DataSplit.random(rowCount: data.count, validationFraction: configuration.validationFraction,
                                             generator: &generator)
            }
            return (data.subset(split.train), data.subset(split.validation))
        } catch {
            throw .invalidData("cannot split off a validation set: \(error)")
        }
    }

    /// Correct predictions among the batch just trained, read from the workspace's logits
    /// (the running training accuracy Keras reports); 0 for regression.
    func countCorrect(of data: Dataset, rows: ArraySlice<Int>) -> Int {
        guard case .classes(let labels, _) = data.targets else { return 0 }
        let outputs = workspace.outputs
        let width = network.outputSize
        var correct = 0
        for (position, row) in rows.enumerated() {
            let predicted = Self.predictedClass(outputs, row: position, width: width)
            if predicted == Int(labels[row]) { correct += 1 }
        }
        return correct
    }

    /// The class a row of logits stands for: argmax over several outputs; for one output
    /// (binary, sigmoid link) class 1 when the logit is positive (probability > 0.5).
    static func predictedClass(_ outputs: UnsafeBufferPointer<Float>, row: Int, width: Int) -> Int {
        let base = row * width
        if width == 1 { return outputs[base] > 0 ? 1 : 0 }
        return Decoding.firstMaximum(outputs, offset: base, count: width)
    }

    /// Validation loss in inference mode (no dropout), with the penalty included like the
    /// training loss and Keras's `val_loss`, so the two curves are comparable; and the score:
    /// accuracy for classes, R² for values.
    private mutating func evaluate(_ data: Dataset, targetColumns: Int) -> (loss: Double, score: Double, scoreName: String) {
        let batchSize = workspace.batchCapacity
        var lossSum = 0.0
        var correct = 0
        // R² per output, then their mean (scikit-learn's `score`). The shift is 0, so that every
        // rank, sharded or not, adds up the same sums.
        var r2 = [R2Accumulator](repeating: R2Accumulator(shift: 0), count: targetColumns)
        var start = 0
        let features = data.featureCount
        let network = self.network
        let workspace = self.workspace
        var chunk = 0
        while start < data.count {
            let end = min(start + batchSize, data.count)
            let rows = ArraySlice(start..<end)
            let count = rows.count
            // Every rank holding the whole set evaluates every size-th chunk of the one-process
            // chunks (a shard evaluates all of its own); the sums are added up below.
            defer { chunk += 1; start = end }
            if isDistributed && !isSharded && chunk % communicator.size != communicator.rank { continue }
            gatherBatch(of: data, rows: rows, targetColumns: targetColumns)
            let lossFunction = configuration.loss
            let regularization = configuration.regularization
            let loss = batchInputs.withUnsafeBufferPointer { inputs in
                batchTargets.withUnsafeBufferPointer { targets in
                    network.evaluateLoss(inputs: UnsafeBufferPointer(rebasing: inputs[0..<(count * features)]),
                                         targets: UnsafeBufferPointer(rebasing: targets[0..<(count * targetColumns)]),
                                         loss: lossFunction, regularization: regularization,
                                         workspace: workspace)
                }
            }
            lossSum += loss * Double(count)
            let outputs = workspace.outputs
            switch data.targets {
            case .classes(let labels, _):
                for (position, row) in rows.enumerated()
                where Self.predictedClass(outputs, row: position, width: network.outputSize) == Int(labels[row]) {
                    correct += 1
                }
            case .values(let matrix):
                // The identity link: outputs are the predictions.
                for (position, row) in rows.enumerated() {
                    for column in 0..<targetColumns {
                        r2[column].add(target: Double(matrix[row, column]),
                                       prediction: Double(outputs[position * targetColumns + column]))
                    }
                }
            }
        }
        var n = Double(data.count)
        if isDistributed {
            let sums = allReduced([lossSum, Double(correct), n] + r2.flatMap(\.sums))
            (lossSum, correct) = (sums[0], Int(sums[1]))
            n = isSharded ? sums[2] : n
            r2 = r2.indices.map { R2Accumulator(shift: 0, sums: sums[(3 + 4 * $0)..<(7 + 4 * $0)]) }
        }
        if case .classes = data.targets {
            return (lossSum / n, Double(correct) / n, "val_accuracy")
        }
        return (lossSum / n, r2.map(\.score).reduce(0, +) / Double(max(targetColumns, 1)), "val_r2")
    }
}
