// A network trained elsewhere (imported from ONNX or a PyTorch state_dict) as a trained model
// that predicts, evaluates and fine-tunes like one trained here.

extension TrainedModel {
    /// A model around `network`, whose inputs are the numeric columns `columns` (used as they
    /// are: the preprocessing is the identity, so any standardisation must already be part of
    /// the network, e.g. folded by `Network(denseStack:foldingPreprocessing: true)`).
    ///
    /// The task is `task`, or classification when `link` is softmax or sigmoid, when the
    /// network has k > 1 outputs (logits: there is no multi-output regression) or when class
    /// names are given, and regression for one identity output. A classifier's loss is cross-entropy on logits (softmax, or
    /// binary cross-entropy when `link` is sigmoid or the network has one output), so a network
    /// that ends in logits (PyTorch trained with `nn.CrossEntropyLoss`) imports as a classifier
    /// with `task: .classification`. Its classes are `classes`, or `"0"`…`"k−1"` (two classes
    /// for one sigmoid output). A regressor has one output and mean squared error.
    ///
    /// Throws `TrainedModelError.inconsistent` (source `source`) when the names or the task do
    /// not fit the network: a column count other than `network.inputSize`, a class count other
    /// than the outputs, duplicate names, a regressor with several outputs or a softmax link.
    public init(importing network: Network, link: OutputLink, columns: [String], target: String = "target",
                classes: [String]? = nil, task: LearningTask? = nil, source: String) throws(TrainedModelError) {
        func fail(_ reason: String) -> TrainedModelError { .inconsistent(source: source, reason: reason) }
        guard columns.count == network.inputSize else {
            throw fail("\(columns.count) column names (\(columns.joined(separator: ","))) for a network of \(network.inputSize) inputs")
        }
        guard Set(columns).count == columns.count else { throw fail("the column names contain duplicates") }
        let outputs = network.outputSize
        // Neural has no multi-output regression: k > 1 logits (or class names) mean a classifier.
        let task = task ?? (link == .identity && outputs == 1 && classes == nil ? .regression : .classification)
        let loss: Loss
        let labelEncoder: LabelEncoder?
        switch task {
        case .classification:
            let binary = link == .sigmoid || (link == .identity && outputs == 1)
            loss = binary ? .binaryCrossEntropy : .categoricalCrossEntropy
            let classCount = binary && outputs == 1 ? 2 : outputs
            let names = classes ?? (0..<classCount).map(String.init)
            guard names.count == classCount else {
                throw fail("\(names.count) class names (\(names.joined(separator: ","))) for \(classCount) classes (\(outputs) \(link == .sigmoid ? "sigmoid" : "") outputs)")
            }
            guard Set(names).count == names.count else { throw fail("the class names contain duplicates") }
            labelEncoder = LabelEncoder(classes: names)
        case .regression:
            guard link == .identity else { throw fail("a regressor's outputs are values, but the network ends in \(link)") }
            guard outputs == 1 else {
                throw fail("a regressor has one output, this network has \(outputs); \(outputs) logits are a classifier's, so leave out --task regression or give --task classification")
            }
            guard classes == nil else { throw fail("class names were given for a regressor") }
            loss = .meanSquaredError
            labelEncoder = nil
        }
        let count = columns.count
        let preprocessor = Preprocessor(
            inputColumns: columns.map { Preprocessor.InputColumn(name: $0, kind: .numeric) },
            targetColumn: target, task: task, missingValues: .error,
            numericMeans: [Float](repeating: 0, count: count),
            standardizer: Standardizer(means: [Float](repeating: 0, count: count),
                                       standardDeviations: [Float](repeating: 1, count: count)),
            mostFrequentCategories: [], oneHotEncoder: OneHotEncoder(columnNames: [], categories: []),
            labelEncoder: labelEncoder)
        self.init(network: network, preprocessor: preprocessor, configuration: TrainingConfiguration(loss: loss))
    }
}
