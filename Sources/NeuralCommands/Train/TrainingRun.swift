import Foundation
import Neural

/// The sets a training run learns from and is measured on, with the preprocessing that made them.
struct TrainingData {
    var preprocessor: Preprocessor
    var train: Dataset
    var validation: Dataset?
    var test: Dataset?
    var droppedRowCount: Int
    /// The columns whose missing values were filled (none for data prepared elsewhere).
    var filled: [PreparedData.FilledColumn] = []
}

/// One training run from a table: prepare the data, build the network and the configuration
/// from `TrainSettings`, train with a progress display, and measure the result.
struct TrainingRun {
    /// The trained model, with its summary and final metrics.
    var model: TrainedModel
    var history: History
    /// Which rows `model.metrics` were measured on: "test", "validation" or "training".
    var evaluatedOn: String
    /// Rows dropped for missing values.
    var droppedRows: Int
    /// Processes of a distributed run (1 otherwise).
    var ranks = 1
    /// The FNV-1a hash of the trained weights, which every rank of a distributed run had.
    var weightsHash: UInt64?
    /// The policy missing values were handled under, and the columns whose values were filled.
    var missingValues: MissingValuePolicy
    var filled: [PreparedData.FilledColumn]

    /// Trains on `table` as `settings` say, from new weights or from `start` (fine-tuning: its
    /// preprocessing transforms the table and its network is the starting point; see
    /// `FineTuning`). Throws `DataError` for data that cannot be used, `CommandError` for
    /// settings that do not fit the data, `TrainingError` when training fails.
    /// With `sharded`, `table` is this rank's share of the file (`DataTable(shardOf:…)`): the
    /// preprocessing, the split, the class weights, the target scaling and the final metrics are
    /// then computed across the ranks, equal to one process's (not with `start`).
    init(table: DataTable, settings: TrainSettings, quiet: Bool, label: String = "",
         checkpointing: TrainingCheckpointing? = nil,
         communicator: any Communicator = SingleProcessCommunicator(), start: TrainedModel? = nil,
         sharded: Bool = false, singleThreadWhenTiny: Bool = false) throws {
        precondition(!(sharded && start != nil), "--shard with --from is refused by the command")
        let data = sharded
            ? try PreparedData(shard: table, options: settings.preparationOptions, communicator: communicator)
            : try start.map { try PreparedData(table: table, preprocessor: $0.preprocessor, options: settings.preparationOptions) }
                ?? PreparedData(table: table, options: settings.preparationOptions)
        try self.init(data: TrainingData(preprocessor: data.preprocessor, train: data.train, validation: data.validation,
                                         test: data.test, droppedRowCount: data.droppedRowCount, filled: data.filled),
                      settings: settings, quiet: quiet, label: label, checkpointing: checkpointing,
                      communicator: communicator, start: start, sharded: sharded,
                      singleThreadWhenTiny: singleThreadWhenTiny)
    }

    /// Trains on data already prepared (a cross-validation fold: preprocessing fitted on its
    /// training rows), as `settings` say; `settings`' split fractions are not used. With
    /// `start`, the data must have been prepared by its preprocessor; its network, loss and
    /// target scaling are kept and a fresh optimizer trains it. With `singleThreadWhenTiny`, a
    /// tiny problem (`TrainingThreads`) trains and is measured on one thread: the thread count is
    /// process-wide, so only a caller that is the process's one run (`neural train`) asks for it.
    init(data: TrainingData, settings: TrainSettings, quiet: Bool, label: String = "",
         checkpointing: TrainingCheckpointing? = nil,
         communicator: any Communicator = SingleProcessCommunicator(), start: TrainedModel? = nil,
         sharded: Bool = false, singleThreadWhenTiny: Bool = false) throws {
        // Row counts of the whole data: summed over the ranks when each holds its own share.
        let rowCounts = [data.train.count, data.validation?.count ?? 0, data.test?.count ?? 0]
        let rows = sharded ? communicator.summed(rowCounts.map(Double.init)).map { Int($0) } : rowCounts
        let preprocessor = data.preprocessor
        let task = preprocessor.task
        if let mismatch = settings.taskMismatch(task) {
            throw CommandError.badInput(task == settings.task ? mismatch : "The target \"\(settings.target)\" was read as \(task.rawValue) (use --task to choose). " + mismatch)
        }
        let loss = try Self.loss(for: task, settings: settings, training: data.train, kind: start?.loss.kind,
                                 communicator: sharded ? communicator : nil)
        let network: Network
        if let start {
            network = start.network
        } else {
            let outputCount: Int
            if case .binaryCrossEntropy = loss.kind, preprocessor.outputCount == 2 {
                outputCount = 1
            } else {
                outputCount = preprocessor.outputCount
            }
            let outputActivation = task == .regression ? (settings.outputActivation?.regressionActivation ?? .identity) : .identity
            try Self.checkNetworkSize(inputs: preprocessor.featureCount, hidden: settings.hidden, outputs: outputCount,
                                      sharedBy: settings.concurrentRuns)
            network = Self.network(inputSize: preprocessor.featureCount, outputSize: outputCount,
                                   outputActivation: outputActivation, settings: settings)
        }

        // A regression target is standardised for training, so the default learning rate suits
        // targets in any units (prices in the millions train like z-scores); predictions are
        // scaled back.
        var targetScaling: Standardizer?
        var training = data.train
        var validation = data.validation
        if let start {
            // The model's own scaling: its last layer was trained to give targets in those units.
            targetScaling = start.targetScaling
        } else if task == .regression && settings.standardizeTarget, case .values(let values) = data.train.targets {
            targetScaling = sharded ? try Standardizer.fit(values, communicator: communicator) : Standardizer.fit(values)
        }
        if let scaling = targetScaling, case .values(let values) = data.train.targets {
            training.targets = .values(scaling.transform(values))
            if let held = validation, case .values(let heldValues) = held.targets {
                validation?.targets = .values(scaling.transform(heldValues))
            }
        }

        var configuration = TrainingConfiguration(loss: loss)
        configuration.epochs = settings.epochs
        configuration.batchSize = settings.batchSize
            ?? settings.parity.defaultBatchSize(sampleCount: rows[0])
        configuration.seed = settings.seed
        configuration.regularization = Regularization(l1: settings.l1, l2: settings.l2, scaling: .perSample)
        configuration.optimizer = Self.optimizer(settings)
        configuration.learningRate = settings.learningRate ?? settings.optimizer.defaultLearningRate
        configuration.schedule = settings.schedule
        if let clipNorm = settings.clipNorm { configuration.clipping = .globalNorm(maxNorm: clipNorm) }
        configuration.maximumGradientNorm = settings.maxGradientNorm
        configuration.convergence = settings.convergence
        if settings.earlyStopping {
            configuration.earlyStopping = EarlyStopping(monitor: .validationLoss, patience: settings.patience)
        }
        configuration = configuration.applying(settings.parity)

        let checkpoints = checkpointing ?? TrainingCheckpointing(every: nil, path: "", resumePath: nil)
        var trainer = try checkpoints.trainer(
            network: network, configuration: configuration,
            fingerprint: checkpointing == nil ? [:] : TrainingCheckpointing.fingerprint(
                settings: settings, preprocessor: preprocessor,
                rows: (rows[0], rows[1], rows[2]),
                ranks: communicator.size, sharded: sharded))
        trainer.communicator = communicator
        trainer.isSharded = sharded
        let availableThreads = ComputeEngine.threadCount
        let threads = singleThreadWhenTiny
            ? TrainingThreads.count(for: network, batchSize: min(configuration.batchSize, max(rows[0], 1)),
                                    available: availableThreads)
            : availableThreads
        if threads != availableThreads { ComputeEngine.setThreadCount(threads) }
        defer { if threads != availableThreads { ComputeEngine.setThreadCount(availableThreads) } }
        let progress = ProgressDisplay(totalEpochs: settings.epochs, quiet: quiet, label: label)
        defer { progress.finish() }
        if checkpointing != nil { TrainingInterruption.shared.install() }
        defer { TrainingInterruption.shared.uninstall() }
        let history = try trainer.fit(training, validation: validation,
                                      pauseRequested: { checkpointing != nil && checkpoints.pauseRequested() }) { report, current in
            progress.update(epoch: report.epoch, loss: report.loss, validationLoss: report.validationLoss,
                            learningRate: report.learningRate)
            return checkpointing == nil ? .proceed : checkpoints.epochEnded(report, trainer: current)
        }
        try checkpoints.finish(trainer)
        if communicator.isDistributed {
            ranks = communicator.size
            weightsHash = try DistributedAgreement.checkWeights(communicator, trainer.network.parameters.values)
        }

        var model = TrainedModel(network: trainer.network, preprocessor: preprocessor, configuration: configuration,
                                 targetScaling: targetScaling,
                                 summary: TrainingSummary(history: history, trainingSamples: rows[0],
                                                          validationSamples: rows[1], testSamples: rows[2]))
        // Metrics on the most honest rows available, in the target's own units.
        let (evaluationSet, name) = data.test.map { ($0, "test") }
            ?? data.validation.map { ($0, "validation") } ?? (data.train, "training")
        model.metrics = sharded ? model.evaluate(evaluationSet, communicator: communicator) : model.evaluate(evaluationSet)
        self.model = model
        self.history = history
        self.evaluatedOn = name
        self.droppedRows = data.droppedRowCount
        self.missingValues = settings.missingValues
        self.filled = data.filled
    }

    /// The loss for `task`: `kind` (a fine-tuned model's), else the one named, else the output
    /// activation's, else cross-entropy (softmax) for classes and scikit-learn's half squared
    /// error for values. `--class-weight balanced` weighs class c by n / (classes · n_c) on the
    /// training rows; with a `communicator`, the training rows are split among its ranks and
    /// counted on all.
    static func loss(for task: LearningTask, settings: TrainSettings, training: Dataset,
                     kind: Loss.Kind? = nil, communicator: (any Communicator)? = nil) throws -> Loss {
        let choice = settings.loss ?? {
            switch task {
            case .classification: return settings.outputActivation == .sigmoid ? .binaryCrossEntropy : .crossEntropy
            case .regression: return .halfMSE
            }
        }()
        var loss = kind.map { Loss($0) } ?? choice.loss
        if settings.classWeight == .balanced, case .classes(let labels, let classCount) = training.targets {
            var counts = [Int](repeating: 0, count: classCount)
            for label in labels { counts[Int(label)] += 1 }
            if let communicator { counts = communicator.summed(counts.map(Double.init)).map { Int($0) } }
            let total = counts.reduce(0, +)
            let weights = counts.map { $0 > 0 ? Float(total) / Float(classCount * $0) : 0 }
            // Binary cross-entropy weighs targets 0 and 1, which are the classes only when there are two.
            guard loss.kind == .categoricalCrossEntropy || classCount == 2 else {
                throw CommandError.badInput("--class-weight balanced needs --loss cross-entropy when there are more than two classes (binary cross-entropy weighs 0 and 1 targets, not classes).")
            }
            loss = Loss(loss.kind, classWeights: weights)
        }
        return loss
    }

    static func optimizer(_ settings: TrainSettings) -> AnyOptimizer {
        switch settings.optimizer {
        case .sgd:
            let momentum = settings.momentum ?? 0.9
            return .sgd(SGD(momentum: momentum, nesterov: settings.nesterov && momentum > 0))
        case .rmsProp:
            return .rmsProp(RMSProp(momentum: settings.momentum ?? 0))
        default:
            return AnyOptimizer(kind: settings.optimizer)
        }
    }
}
