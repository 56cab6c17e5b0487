/// Trains a `Network` on a `Dataset`: shuffled mini-batches, an optimizer driven by a
/// learning-rate schedule, validation, early stopping and a `History`.
///
/// ```swift
/// var trainer = try Trainer(network: network, configuration: configuration)
/// let history = try trainer.fit(training, validation: validation)
/// let probabilities = trainer.predict(x)      // through the loss's link: softmax, sigmoid or identity
/// ```
///
/// A step allocates nothing after the first: the batch rows are gathered into buffers sized
/// once, forward and backward passes write into a `TrainingWorkspace`, and the optimizer
/// updates the flat parameter vector in place. `state` is `Codable`: saving it with the
/// network and handing both to `init(network:configuration:state:)` resumes the run exactly.
public struct Trainer {
    /// The network being trained; after `fit`, the trained (or best, when restored) weights.
    public internal(set) var network: Network
    public let configuration: TrainingConfiguration
    /// Optimizer, schedule, generator, history and stopping bookkeeping.
    public internal(set) var state: TrainerState

    /// The processes training together: one by default. With several (an `MPICommunicator`
    /// under `mpirun`), every rank runs `fit` on the same data with the same configuration,
    /// trains on its share of each batch, and all-reduces the gradients (see `Trainer+Distributed`);
    /// the weights stay identical on every rank.
    public var communicator: any Communicator = SingleProcessCommunicator()
    /// Whether each rank's training and validation sets are its own part of the data (a shard)
    /// rather than the whole data: each rank then shuffles and batches its own rows, and the
    /// counts and validation sums are added up across ranks.
    public var isSharded = false

    var workspace: TrainingWorkspace
    /// The gradients and the step's sums, all-reduced together in distributed training.
    var reduction: [Float] = []
    var batchInputs: [Float] = []
    var batchTargets: [Float] = []
    var order: [Int] = []

    /// A trainer at the start of training.
    public init(network: Network, configuration: TrainingConfiguration) throws(TrainingError) {
        try configuration.validate()
        self.network = network
        self.configuration = configuration
        self.state = TrainerState(configuration: configuration)
        self.state.optimizerState = configuration.optimizer.makeState(parameterCount: network.parameterCount)
        // Sized by `fit` for the data (a batch larger than the data needs no more rows than it).
        self.workspace = TrainingWorkspace(for: network, batchCapacity: 1)
    }

    /// A trainer that continues a saved run: `network` holds the weights saved with `state`.
    public init(network: Network, configuration: TrainingConfiguration, state: TrainerState) throws(TrainingError) {
        try configuration.validate()
        try state.validate(for: network, configuration: configuration)
        self.network = network
        self.configuration = configuration
        self.state = state
        if state.step == 0 && state.optimizerState.slots.isEmpty {
            // Saved before the first update (the state was not made yet).
            self.state.optimizerState = configuration.optimizer.makeState(parameterCount: network.parameterCount)
        }
        // Sized by `fit` for the data (a batch larger than the data needs no more rows than it).
        self.workspace = TrainingWorkspace(for: network, batchCapacity: 1)
    }

    /// The learning rate the next step will use.
    public var learningRate: Double { state.schedule.learningRate }

    /// Number of target columns a batch of `data` needs for the configured loss: 1 for class
    /// indices (categorical cross-entropy) or 0/1 labels (binary cross-entropy with one
    /// output), otherwise the width of the value rows.
    func targetColumns(for data: Dataset) -> Int {
        switch data.targets {
        case .classes(_, let classCount):
            if case .binaryCrossEntropy = configuration.loss.kind, network.outputSize == classCount {
                return classCount
            }
            return 1
        case .values(let matrix):
            return matrix.columns
        }
    }

    /// Checks that `data` can train this network with this loss; names what does not fit.
    func check(_ data: Dataset, role: String) throws(TrainingError) {
        guard data.count > 0 else { throw .invalidData("the \(role) set is empty") }
        guard data.featureCount == network.inputSize else {
            throw .invalidData("the \(role) set has \(data.featureCount) features, the network takes \(network.inputSize)")
        }
        switch (data.targets, configuration.loss.kind) {
        case (.classes(_, let classCount), .categoricalCrossEntropy):
            guard network.outputSize == classCount else {
                throw .invalidData("the \(role) set has \(classCount) classes, the network has \(network.outputSize) outputs")
            }
        case (.classes(_, let classCount), .binaryCrossEntropy):
            guard (classCount == 2 && network.outputSize == 1) || network.outputSize == classCount else {
                throw .invalidData("binary cross-entropy needs 2 classes and 1 output (or one output per class), got \(classCount) classes and \(network.outputSize) outputs")
            }
        case (.classes, _):
            throw .invalidData("class targets need a cross-entropy loss")
        case (.values(let matrix), _):
            guard configuration.loss.acceptsTargetColumns(matrix.columns, outputs: network.outputSize) else {
                throw .invalidData("the \(role) targets have \(matrix.columns) columns, which the loss cannot pair with \(network.outputSize) outputs")
            }
        }
    }

    /// Copies the targets of `rows` into `destination` as the loss expects them: class indices
    /// (or 0/1) as floats in one column, one-hot rows for per-class binary outputs, or the values.
    static func gatherTargets(of data: Dataset, rows: ArraySlice<Int>, columns: Int,
                              into destination: UnsafeMutableBufferPointer<Float>) {
        switch data.targets {
        case .classes(let labels, _):
            if columns == 1 {
                for (position, row) in rows.enumerated() { destination[position] = Float(labels[row]) }
            } else {
                for (position, row) in rows.enumerated() {
                    let base = position * columns
                    for column in 0..<columns { destination[base + column] = 0 }
                    destination[base + Int(labels[row])] = 1
                }
            }
        case .values(let matrix):
            matrix.withUnsafeBufferPointer { source in
                for (position, row) in rows.enumerated() {
                    let from = row * columns
                    let to = position * columns
                    for column in 0..<columns { destination[to + column] = source[from + column] }
                }
            }
        }
    }

    /// Sizes the batch buffers for `data` (once; later calls find them sized).
    mutating func prepareBuffers(for data: Dataset, targetColumns: Int) {
        let capacity = workspace.batchCapacity
        if batchInputs.count != capacity * data.featureCount {
            batchInputs = [Float](repeating: 0, count: capacity * data.featureCount)
        }
        if batchTargets.count != capacity * targetColumns {
            batchTargets = [Float](repeating: 0, count: capacity * targetColumns)
        }
        if order.count != data.count { order = Array(0..<data.count) }
    }

    /// One optimizer step on the batch `rows` of `data`: forward, backward, clip, update.
    /// Returns the batch loss (penalty included) and leaves the batch's logits in the workspace.
    mutating func trainStep(on data: Dataset, rows: ArraySlice<Int>, targetColumns: Int,
                            epoch: Int, batch: Int) throws(TrainingError) -> Double {
        let count = rows.count
        let features = data.featureCount
        gatherBatch(of: data, rows: rows, targetColumns: targetColumns)
        let loss = computeBatchGradients(rows: count, features: features, targetColumns: targetColumns)
        guard loss.isFinite else {
            throw .nonFiniteLoss(epoch: epoch, batch: batch, value: loss)
        }
        try applyGradients(batchSize: count, epoch: epoch, batch: batch)
        return loss
    }

    /// Copies the features and targets of `rows` into the batch buffers.
    mutating func gatherBatch(of data: Dataset, rows: ArraySlice<Int>, targetColumns: Int) {
        let count = rows.count
        let features = data.featureCount
        batchInputs.withUnsafeMutableBufferPointer { buffer in
            data.gatherFeatures(rows: rows, into: UnsafeMutableBufferPointer(rebasing: buffer[0..<(count * features)]))
        }
        batchTargets.withUnsafeMutableBufferPointer { buffer in
            Self.gatherTargets(of: data, rows: rows, columns: targetColumns,
                               into: UnsafeMutableBufferPointer(rebasing: buffer[0..<(count * targetColumns)]))
        }
    }

    private mutating func computeBatchGradients(rows: Int, features: Int, targetColumns: Int) -> Double {
        // Locals, so the closures below do not capture `self` while it is being modified.
        let network = self.network
        let workspace = self.workspace
        let loss = configuration.loss
        let regularization = configuration.regularization
        var generator = state.generator
        defer { state.generator = generator }
        return batchInputs.withUnsafeBufferPointer { inputs in
            batchTargets.withUnsafeBufferPointer { targets in
                let x = UnsafeBufferPointer(rebasing: inputs[0..<(rows * features)])
                let y = UnsafeBufferPointer(rebasing: targets[0..<(rows * targetColumns)])
                return network.computeGradients(inputs: x, targets: y, loss: loss, regularization: regularization,
                                                workspace: workspace, generator: &generator)
            }
        }
    }

    /// Clips the workspace's gradients, checks their norm, and lets the optimizer update the
    /// parameters at the schedule's current rate.
    ///
    /// This is the one place where a batch's gradients are complete before the update: every
    /// step comes here with `∂L/∂θ` of its whole batch in `workspace.gradients` — from `fit` and
    /// `step(inputs:targets:)` directly, and from `distributedStep` after its all-reduce
    /// (`Trainer+Distributed`). Clipping, the norm check and the optimizer see only complete
    /// gradients.
    mutating func applyGradients(batchSize: Int, epoch: Int, batch: Int) throws(TrainingError) {
        if case .none = configuration.clipping, configuration.maximumGradientNorm == nil {
            // Nothing clipped and no limit: the norm would only be checked for being finite, so
            // the values are checked instead, one comparison each (the norm's Double sum took 6 %
            // of a one-thread step at batch 32); the norm is computed only to report a failure.
            guard isFinite(workspace.gradients) else {
                throw .explodingGradient(epoch: epoch, batch: batch, norm: l2Norm(of: workspace.gradients),
                                         limit: .infinity)
            }
        } else {
            let norm = configuration.clipping.apply(to: &workspace.gradients)
            guard norm.isFinite else {
                throw .explodingGradient(epoch: epoch, batch: batch, norm: norm, limit: configuration.maximumGradientNorm ?? .infinity)
            }
            if let limit = configuration.maximumGradientNorm, norm > limit {
                throw .explodingGradient(epoch: epoch, batch: batch, norm: norm, limit: limit)
            }
        }
        configuration.optimizer.update(&network.parameters, along: workspace.gradients,
                                       learningRate: state.schedule.learningRate, state: &state.optimizerState)
        state.schedule.stepTaken(batchSize: batchSize)
        state.step += 1
    }

    /// One optimizer step on a batch you provide, for your own training loop: `inputs`
    /// `[rows, inputSize]`, `targets` `[rows, outputSize]`, or `[rows, 1]` class indices for
    /// categorical cross-entropy. Returns the batch loss including the penalty. Throws on a
    /// non-finite loss or gradient, before changing any weight.
    public mutating func step(inputs: Matrix, targets: Matrix) throws(TrainingError) -> Double {
        precondition(inputs.rows == targets.rows, "step: \(inputs.rows) input rows but \(targets.rows) target rows")
        precondition(inputs.columns == network.inputSize, "step: inputs have \(inputs.columns) columns, the network takes \(network.inputSize)")
        if inputs.rows > workspace.batchCapacity {
            workspace = TrainingWorkspace(for: network, batchCapacity: inputs.rows)
        }
        let network = self.network
        let workspace = self.workspace
        var generator = state.generator
        let loss = network.computeGradients(inputs: inputs, targets: targets, loss: configuration.loss,
                                            regularization: configuration.regularization, workspace: workspace,
                                            generator: &generator)
        state.generator = generator
        guard loss.isFinite else { throw .nonFiniteLoss(epoch: state.epoch + 1, batch: state.step + 1, value: loss) }
        try applyGradients(batchSize: inputs.rows, epoch: state.epoch + 1, batch: state.step + 1)
        return loss
    }

    /// One optimizer step on a batch of class labels: `inputs` `[rows, inputSize]` and one label
    /// in `0..<classCount` per row, where `classCount` is the network's outputs (2 for one
    /// sigmoid output). The labels become the targets the loss takes (indices for categorical
    /// cross-entropy, 0/1 or one-hot rows for binary cross-entropy). Throws
    /// `TrainingError.invalidData` for a label out of range or a loss that does not take classes.
    public mutating func step(inputs: Matrix, classes: [Int]) throws(TrainingError) -> Double {
        precondition(inputs.rows == classes.count, "step: \(inputs.rows) input rows but \(classes.count) labels")
        let outputs = network.outputSize
        let classCount = outputs == 1 ? 2 : outputs
        if let bad = classes.first(where: { !(0..<classCount).contains($0) }) {
            throw .invalidData("class label \(bad) is outside 0..<\(classCount) for a network of \(outputs) outputs")
        }
        let targets: Matrix
        switch configuration.loss.kind {
        case .categoricalCrossEntropy:
            targets = Matrix(rows: classes.count, columns: 1, storage: classes.map(Float.init))
        case .binaryCrossEntropy where outputs == 1:
            targets = Matrix(rows: classes.count, columns: 1, storage: classes.map(Float.init))
        case .binaryCrossEntropy:
            targets = Matrix(rows: classes.count, columns: outputs) { row, column in classes[row] == column ? 1 : 0 }
        default:
            throw .invalidData("class labels need a cross-entropy loss, the configuration has \(configuration.loss.kind)")
        }
        return try step(inputs: inputs, targets: targets)
    }

    /// The network's predictions through the loss's output link: probabilities for a classifier
    /// (softmax rows, or one sigmoid column), values for a regressor. `inputs` is
    /// `[rows, inputSize]`; the result is `[rows, outputSize]`.
    public func predict(_ inputs: Matrix) -> Matrix {
        network.predict(inputs, link: configuration.loss.link)
    }
}
