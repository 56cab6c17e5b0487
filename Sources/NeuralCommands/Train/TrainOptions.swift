import ArgumentParser
import Neural

/// `neural train`'s data flags.
struct TrainDataOptions: ParsableArguments {
    @Option(help: "The column to predict.")
    var target: String

    @Option(help: "Feature columns, comma-separated (default: every column but the target).")
    var features: String?

    @Option(help: "Columns to one-hot encode even if their values look numeric, comma-separated.")
    var categorical: String?

    @Option(help: "The task (default: inferred from the target column).")
    var task: LearningTask?

    @Option(help: "Missing values (empty, NA, NaN): error stops with the line, drop skips the row, mean imputes the training mean (most frequent category for text).")
    var missing: MissingValuePolicy = .error

    @Option(name: .customLong("unseen-categories"),
            help: "A category not seen in training, when predicting: error, or all-zeros (an all-zero one-hot block).")
    var unseenCategories: UnseenCategoryPolicy = .error

    @Option(help: "Fraction of the rows held out for validation (stratified for classification; 0 for none). Default 0.1.")
    var validationSplit: Double?

    @Option(help: "Fraction of the rows held out for the final metrics (stratified for classification).")
    var testSplit: Double = 0

    @Option(help: "The field separator: one character, or tab.")
    var delimiter: String = ","
}

/// `neural train`'s architecture flags.
struct NetworkOptions: ParsableArguments {
    @Option(help: "Hidden-layer widths, comma-separated (64,32), or none for a linear/logistic model.")
    var hidden: String = "100"

    @Option(help: "Activation of the hidden layers.")
    var activation: ActivationChoice = .relu

    @Option(help: "Output: softmax or sigmoid for a classifier (default softmax); identity (default), relu, tanh, sigmoid or softplus for a regressor.")
    var outputActivation: OutputActivationChoice?

    @Option(help: "The loss (default: cross-entropy for classes, half-mse as scikit-learn for values).")
    var loss: LossChoice?

    @Option(help: "Dropout rate after each hidden layer, in [0, 1).")
    var dropout: Double = 0
}

/// `neural train`'s optimisation flags.
struct OptimizationOptions: ParsableArguments {
    @Option(help: "The optimiser.")
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

    @Option(help: "Rows per optimiser step.")
    var batchSize: Int = 32

    @Flag(help: "Stop when the validation loss has not improved for --patience epochs, keeping the best weights.")
    var earlyStopping = false

    @Option(help: "Epochs without improvement before early stopping (default 10).")
    var patience: Int?

    @Option(help: "Class weights: none, or balanced (n / (classes · n_class)).")
    var classWeight: ClassWeightChoice = .none

    @Option(help: "Seed of the split, the initial weights, the shuffling and dropout.")
    var seed: UInt64 = 0
}

/// `neural train`'s output flags.
struct TrainOutputOptions: ParsableArguments {
    @Option(help: "Where to save the model (written atomically).")
    var model: String = "model.safetensors"

    @Option(help: "Write an SVG report: the loss curves and, for a classifier, the confusion matrix.")
    var plot: String?

    @Flag(help: "Print one JSON object with the history and the metrics instead of the summary.")
    var json = false

    @Flag(help: "No progress display.")
    var quiet = false
}
