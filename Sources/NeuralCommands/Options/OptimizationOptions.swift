import ArgumentParser
import Neural

/// How a training command optimises: the optimizer and its schedule, penalties, epochs and
/// batches, stopping rules and gradient limits.
struct OptimizationOptions: ParsableArguments {
    @Option(help: "The optimizer.")
    var optimizer: OptimizerKind = .adam

    @Option(help: "Initial learning rate (default 1e-3 for adam and adamw, 1e-2 for sgd, rmsprop and adagrad).")
    var learningRate: Double?

    @Option(help: "Learning-rate schedule.")
    var schedule: ScheduleKind = .constant

    @Option(help: "Momentum of sgd (default 0.9, as scikit-learn) or rmsprop (default 0), in [0, 1).")
    var momentum: Double?

    @Flag(help: "Nesterov momentum (sgd only).")
    var nesterov = false

    @Option(help: "L1 penalty alpha·Σ|w|/n.")
    var l1: Double = 0

    @Option(help: "L2 penalty alpha·Σw²/(2n), as scikit-learn's alpha.")
    var l2: Double = 1e-4

    @Option(help: "Passes over the training data.")
    var epochs: Int = 200

    @Option(help: "Rows per optimizer step (default 32; min(200, rows) with --parity sklearn).")
    var batchSize: Int?

    @Option(help: "Train as this library does where peers differ (docs/PARITY.md): Adam's ε, MSE vs half-MSE, initial weights, default batch size; --l2 is then read as PyTorch's weight_decay, scikit-learn's alpha or Keras's L2(λ).")
    var parity: Parity = .none

    @Flag(help: "Stop when the validation loss has not improved for --patience epochs, keeping the best weights.")
    var earlyStopping = false

    @Option(help: "Epochs without improvement before early stopping (default 10).")
    var patience: Int?

    @Option(help: "Stop when the training loss has not improved by this much for --n-iter-no-change epochs (scikit-learn's tol; default off, 1e-4 with --parity sklearn or --n-iter-no-change).")
    var tol: Double?

    @Option(help: "Epochs the training loss may fail to improve by --tol before training stops (scikit-learn's n_iter_no_change; default 10 when --tol or --parity sklearn is given).")
    var nIterNoChange: Int?

    @Option(help: "Class weights: none, or balanced (n / (classes · n_class)).")
    var classWeight: ClassWeightChoice = .none

    @Option(help: "Clip every step's gradient to this global L2 norm (default: no clipping).")
    var clipNorm: Double?

    @Option(help: "Stop training when a step's gradient norm (after clipping) exceeds this.")
    var maxGradientNorm: Double?

    func validate() throws {
        if let learningRate { try NumericFlag.float(learningRate, flag: "--learning-rate", in: .positive) }
        if let momentum { try NumericFlag.float(momentum, flag: "--momentum", in: .fraction) }
        try NumericFlag.float(l1, flag: "--l1", in: .nonNegative)
        try NumericFlag.float(l2, flag: "--l2", in: .nonNegative)
        try NumericFlag.integer(epochs, flag: "--epochs", in: 1...Int.max)
        if let batchSize { try NumericFlag.integer(batchSize, flag: "--batch-size", in: 1...Int.max) }
        if let patience { try NumericFlag.integer(patience, flag: "--patience", in: 1...Int.max) }
        if let clipNorm { try NumericFlag.float(clipNorm, flag: "--clip-norm", in: .positive) }
        if let maxGradientNorm { try NumericFlag.float(maxGradientNorm, flag: "--max-gradient-norm", in: .positive) }
        if patience != nil && !earlyStopping {
            throw ValidationError("--patience is the patience of early stopping; add --early-stopping.")
        }
    }

    /// Writes these flags into `settings`.
    func apply(to settings: inout TrainSettings) {
        settings.optimizer = optimizer
        settings.learningRate = learningRate
        settings.schedule = schedule
        settings.momentum = momentum
        settings.nesterov = nesterov
        settings.l1 = l1
        settings.l2 = l2
        settings.epochs = epochs
        settings.batchSize = batchSize
        settings.parity = parity
        settings.earlyStopping = earlyStopping
        settings.patience = patience ?? 10
        settings.classWeight = classWeight
        settings.tolerance = tol
        settings.iterationsWithoutChange = nIterNoChange
        settings.clipNorm = clipNorm
        settings.maxGradientNorm = maxGradientNorm
    }
}
