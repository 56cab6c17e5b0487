import Neural

/// Everything `neural train` (and `neural demo`) needs to turn a table into a trained model.
/// The defaults are the command line's, following scikit-learn's `MLPClassifier`/`MLPRegressor`
/// where it has one.
struct TrainSettings {
    var target: String
    var features: [String]?
    var categorical: [String] = []
    var task: LearningTask?
    var missingValues: MissingValuePolicy = .median
    var unseenCategories: UnseenCategoryPolicy = .error
    /// `--max-categories`: one-hot features per categorical column (nil: no cap).
    var maxCategories: Int?
    /// Hidden-layer widths (scikit-learn: one layer of 100); empty for no hidden layer.
    var hidden: [Int] = [100]
    var activation: ActivationChoice = .relu
    var outputActivation: OutputActivationChoice?
    var loss: LossChoice?
    var optimizer: OptimizerKind = .adam
    /// nil: the optimizer's default (1e-3 for Adam and AdamW, 1e-2 for SGD, RMSProp, Adagrad).
    var learningRate: Double?
    var schedule: ScheduleKind = .constant
    /// nil: 0.9 for SGD (scikit-learn's), 0 for RMSProp.
    var momentum: Double?
    var nesterov = false
    /// Penalties in scikit-learn's convention `alpha/(2·n)·Σw²` (per sample); L2 1e-4 as its `alpha`.
    var l1: Double = 0
    var l2: Double = 1e-4
    var dropout: Double = 0
    var epochs = 200
    /// Rows per step: 32, Keras's default and the example. scikit-learn's "auto",
    /// min(200, rows), makes one step per epoch on files of up to 200 rows, which 200 epochs of
    /// Adam at 1e-3 do not bring to convergence (iris stays near 90% accuracy).
    /// nil: the parity preset's default (`Parity.defaultBatchSize(sampleCount:)`: 32, or
    /// scikit-learn's min(200, rows) with `--parity sklearn`).
    var batchSize: Int?
    /// The peer whose arithmetic training follows (`--parity`); the settings above are read in
    /// its terms (`TrainingConfiguration.applying(_:)`), the initial weights are drawn from its
    /// distributions.
    var parity: Parity = .none
    /// nil: none, unless early stopping watches the validation loss (then 0.1, scikit-learn's
    /// `validation_fraction`); see `heldOutValidation`.
    var validationSplit: Double?
    /// scikit-learn's `tol` and `n_iter_no_change` (`--tol`, `--n-iter-no-change`); nil each: off,
    /// or scikit-learn's 1e-4 and 10 when the other is given or under `--parity sklearn`.
    var tolerance: Double?
    var iterationsWithoutChange: Int?
    var testSplit: Double = 0
    var earlyStopping = false
    var patience = 10
    var classWeight: ClassWeightChoice = .none
    var seed: UInt64 = 0
    /// Train a regressor on the standardised target (predictions are scaled back).
    var standardizeTarget = true
    /// Clip every step's gradient to this global L2 norm (`--clip-norm`).
    var clipNorm: Double?
    /// Stop when a step's gradient norm, after clipping, exceeds this (`--max-gradient-norm`).
    var maxGradientNorm: Double?
    /// The model file training starts from (`--from`; `FineTuning`), nil for new weights.
    var from: String?
    /// How many runs train at once in this process (`tune --parallel`): each network's size is
    /// checked against this share of the memory available.
    var concurrentRuns = 1

    init(target: String) {
        self.target = target
    }

    /// The settings the train flags describe, one option group at a time: `train`,
    /// `cross-validate` and `tune` read the same groups, so each flag means the same to all three.
    init(data: DataOptions, network: NetworkOptions, optimization: OptimizationOptions, seed: SeedOption) throws {
        self.init(target: data.target)
        data.apply(to: &self)
        try network.apply(to: &self)
        optimization.apply(to: &self)
        self.seed = seed.seed
    }

    /// How the table is turned into training, validation and test sets.
    var preparationOptions: PreparationOptions {
        PreparationOptions(target: target, features: features, task: task, missingValues: missingValues,
                           unseenCategories: unseenCategories, standardize: true, validationFraction: heldOutValidation,
                           testFraction: testSplit, stratify: true, seed: seed, maxCategories: maxCategories)
    }

    /// The fraction of rows held out for validation: the one given, else 0.1 when early
    /// stopping needs a validation set, else none (every row trains, as in scikit-learn and Keras).
    var heldOutValidation: Double { validationSplit ?? (earlyStopping ? 0.1 : 0) }

    /// scikit-learn's convergence rule on the training loss, when asked for or under its parity.
    var convergence: TrainingConfiguration.Convergence? {
        guard tolerance != nil || iterationsWithoutChange != nil || parity == .scikitLearn else { return nil }
        return .init(tolerance: tolerance ?? 1e-4, patience: iterationsWithoutChange ?? 10)
    }

    /// The first contradiction or out-of-range value, as a one-sentence message; nil when the
    /// settings can be used. Only what can be decided without the data is checked here.
    func problem() -> String? {
        if target.isEmpty { return "--target needs a column name." }
        if let features, features.isEmpty { return "--features needs at least one column name." }
        if let features, features.contains(target) { return "The target \"\(target)\" cannot also be listed in --features." }
        if let maxCategories, let problem = NumericFlag.problem(maxCategories, flag: "--max-categories", in: 1...Int.max) { return problem }
        if let bad = hidden.first(where: { $0 < 1 }) {
            return "Every hidden layer needs at least one unit, got \(bad) in --hidden (use --hidden none for no hidden layer)."
        }
        if let learningRate, let problem = NumericFlag.problem(learningRate, flag: "--learning-rate", in: .positive) { return problem }
        if let problem = NumericFlag.problem(epochs, flag: "--epochs", in: 1...Int.max) { return problem }
        if let batchSize, let problem = NumericFlag.problem(batchSize, flag: "--batch-size", in: 1...Int.max) { return problem }
        if let problem = NumericFlag.problem(dropout, flag: "--dropout", in: .fraction) { return problem }
        if dropout > 0 && hidden.isEmpty { return "--dropout applies to hidden layers, but --hidden none asks for none." }
        if let problem = NumericFlag.problem(l1, flag: "--l1", in: .nonNegative) ?? NumericFlag.problem(l2, flag: "--l2", in: .nonNegative) {
            return problem
        }
        let validationSplit = heldOutValidation
        if let problem = NumericFlag.problem(validationSplit, flag: "--validation-split", in: .fraction)
            ?? NumericFlag.problem(testSplit, flag: "--test-split", in: .fraction) {
            return problem
        }
        if validationSplit + testSplit >= 1 {
            return "--validation-split and --test-split together must leave rows to train on, got \(validationSplit) + \(testSplit)."
        }
        if let tolerance, let problem = NumericFlag.problem(tolerance, flag: "--tol", in: .nonNegative) { return problem }
        if let iterationsWithoutChange,
           let problem = NumericFlag.problem(iterationsWithoutChange, flag: "--n-iter-no-change", in: 1...Int.max) {
            return problem
        }
        if let clipNorm, let problem = NumericFlag.problem(clipNorm, flag: "--clip-norm", in: .positive) { return problem }
        if let maxGradientNorm, let problem = NumericFlag.problem(maxGradientNorm, flag: "--max-gradient-norm", in: .positive) {
            return problem
        }
        if let clipNorm, let maxGradientNorm, maxGradientNorm <= clipNorm {
            return "--max-gradient-norm \(maxGradientNorm) can never be exceeded after --clip-norm \(clipNorm) clips the gradient; give a larger limit or drop one of them."
        }
        if let problem = NumericFlag.problem(patience, flag: "--patience", in: 1...Int.max) { return problem }
        if earlyStopping && validationSplit == 0 {
            return "--early-stopping watches the validation loss, so it needs --validation-split above 0."
        }
        if let momentum {
            if let problem = NumericFlag.problem(momentum, flag: "--momentum", in: .fraction) { return problem }
            if optimizer != .sgd && optimizer != .rmsProp {
                return "--momentum applies to --optimizer sgd or rmsprop, not \(optimizer.rawValue)."
            }
        }
        if nesterov {
            if optimizer != .sgd { return "--nesterov applies to --optimizer sgd only, not \(optimizer.rawValue)." }
            if momentum == 0 { return "--nesterov needs a momentum above 0, got --momentum 0." }
        }
        if let loss, let outputActivation, let mismatch = Self.mismatch(loss: loss, output: outputActivation) {
            return mismatch
        }
        if let task, let mismatch = taskMismatch(task) { return mismatch }
        return nil
    }

    /// A loss and an output activation that cannot go together.
    static func mismatch(loss: LossChoice, output: OutputActivationChoice) -> String? {
        switch (loss, output) {
        case (.crossEntropy, .softmax), (.binaryCrossEntropy, .sigmoid): return nil
        case (.crossEntropy, _): return "--loss cross-entropy goes with --output-activation softmax, not \(output.rawValue)."
        case (.binaryCrossEntropy, _): return "--loss binary-cross-entropy goes with --output-activation sigmoid, not \(output.rawValue)."
        case (_, .softmax): return "--output-activation softmax needs --loss cross-entropy, not \(loss.rawValue)."
        default: return nil
        }
    }

    /// Settings that do not fit `task` (known from `--task` or from the data).
    func taskMismatch(_ task: LearningTask) -> String? {
        switch task {
        case .classification:
            if let loss, !loss.isClassification {
                return "--loss \(loss.rawValue) is a regression loss, but the task is classification; use cross-entropy or binary-cross-entropy."
            }
            if let outputActivation, outputActivation != .softmax && outputActivation != .sigmoid {
                return "A classifier's --output-activation is softmax or sigmoid, not \(outputActivation.rawValue)."
            }
        case .regression:
            if let loss, loss.isClassification {
                return "--loss \(loss.rawValue) is for classification, but the task is regression; use mse, half-mse, mae or huber."
            }
            if outputActivation == .softmax { return "--output-activation softmax is for classification, but the task is regression." }
            if classWeight != .none { return "--class-weight applies to classification, but the task is regression." }
        }
        return nil
    }
}
