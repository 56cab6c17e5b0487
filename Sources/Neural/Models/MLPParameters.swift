/// The hyper-parameters of `MLPClassifier` and `MLPRegressor`, named after scikit-learn's
/// (`hidden_layer_sizes` → `hiddenLayerSizes`, …) with its defaults, so that
/// `MLPClassifier(hidden_layer_sizes=(16,), alpha=1e-3, max_iter=300, random_state=0)` reads
/// `MLPClassifier<Int>(hiddenLayerSizes: [16], alpha: 1e-3, maxIter: 300, randomState: 0)`.
///
/// How they map onto the trainer (scikit-learn's rules):
/// - `alpha`: L2 penalty `alpha/(2·n_batch)·Σw²` on the weights (`Regularization.scikitLearn`);
/// - `solver`: `.adam` is `Adam.scikitLearn(beta1:beta2:epsilon:)` (ε outside the square root),
///   `.sgd` is `SGD.scikitLearn(momentum:nesterov:)`; scikit-learn's `lbfgs` is not offered;
/// - `batchSize`: `nil` is scikit-learn's `'auto'`, `min(200, n)`; larger values are clipped to `n`;
/// - `learningRate` (SGD only, as in scikit-learn; Adam keeps `learningRateInit`):
///   `.constant`; `.invscaling` `η = η0 / (t + 1)^powerT` with `t` the samples seen at the end of
///   the last epoch; `.adaptive`: divide by 5 when the monitored value has not improved by `tol`
///   for more than `nIterNoChange` epochs, stop once η ≤ 1e-6;
/// - stopping: without `earlyStopping`, training stops when the training loss has not improved by
///   `tol` for more than `nIterNoChange` epochs (except SGD with `.adaptive`, which lowers η
///   instead); with `earlyStopping`, `validationFraction` of the data (stratified for classes) is
///   held out, training stops when its score (accuracy or R²) has not improved by `tol` for
///   more than `nIterNoChange` epochs, and the best epoch's weights are kept;
/// - `randomState`: seeds the initial weights, the shuffling and the validation split; `nil`
///   draws a fresh seed (scikit-learn's `None`).
///
/// The initial weights and intercepts follow scikit-learn's distribution (`Parity.scikitLearn`:
/// U(±√(6/(fan_in + fan_out))), factor 2 instead of 6 for `.sigmoid` hidden units), drawn by this
/// package's generator rather than NumPy's, so the same `randomState` gives a different (equally
/// good) model than scikit-learn's. The trainer configuration equals what
/// `TrainingConfiguration.applying(.scikitLearn)` makes of the same settings, and is recorded
/// with `parity = .scikitLearn`.
public struct MLPParameters: Codable, Equatable, Sendable {
    /// scikit-learn's `solver`.
    public enum Solver: String, Codable, Sendable, CaseIterable {
        case adam, sgd
    }

    /// scikit-learn's `learning_rate` policy (used with `solver: .sgd`).
    public enum LearningRatePolicy: String, Codable, Sendable, CaseIterable {
        case constant, invscaling, adaptive
    }

    public var hiddenLayerSizes: [Int] = [100]
    /// The hidden units' activation: scikit-learn's 'identity', 'logistic', 'tanh', 'relu' are
    /// `.identity`, `.sigmoid`, `.tanh`, `.relu` (any `Activation` works).
    public var activation: Activation = .relu
    public var solver: Solver = .adam
    public var alpha: Double = 1e-4
    /// `nil` is `'auto'`: `min(200, n)`.
    public var batchSize: Int? = nil
    public var learningRate: LearningRatePolicy = .constant
    public var learningRateInit: Double = 1e-3
    public var powerT: Double = 0.5
    public var maxIter: Int = 200
    public var shuffle: Bool = true
    public var randomState: UInt64? = nil
    public var tol: Double = 1e-4
    public var momentum: Double = 0.9
    public var nesterovsMomentum: Bool = true
    public var earlyStopping: Bool = false
    public var validationFraction: Double = 0.1
    public var beta1: Double = 0.9
    public var beta2: Double = 0.999
    public var epsilon: Double = 1e-8
    public var nIterNoChange: Int = 10

    public init() {}

    /// Every hyper-parameter by scikit-learn's name, with its defaults.
    public init(hiddenLayerSizes: [Int] = [100], activation: Activation = .relu,
                solver: Solver = .adam, alpha: Double = 1e-4, batchSize: Int? = nil,
                learningRate: LearningRatePolicy = .constant, learningRateInit: Double = 1e-3,
                powerT: Double = 0.5, maxIter: Int = 200, shuffle: Bool = true, randomState: UInt64? = nil,
                tol: Double = 1e-4, momentum: Double = 0.9, nesterovsMomentum: Bool = true,
                earlyStopping: Bool = false, validationFraction: Double = 0.1, beta1: Double = 0.9,
                beta2: Double = 0.999, epsilon: Double = 1e-8, nIterNoChange: Int = 10) {
        self.hiddenLayerSizes = hiddenLayerSizes; self.activation = activation; self.solver = solver
        self.alpha = alpha; self.batchSize = batchSize; self.learningRate = learningRate
        self.learningRateInit = learningRateInit; self.powerT = powerT; self.maxIter = maxIter
        self.shuffle = shuffle; self.randomState = randomState; self.tol = tol; self.momentum = momentum
        self.nesterovsMomentum = nesterovsMomentum; self.earlyStopping = earlyStopping
        self.validationFraction = validationFraction; self.beta1 = beta1; self.beta2 = beta2
        self.epsilon = epsilon; self.nIterNoChange = nIterNoChange
    }

    /// Checks every value's range, naming the parameter and its value.
    func validate() throws(EstimatorError) {
        func fail(_ message: String) -> EstimatorError { .invalidParameter(message) }
        guard hiddenLayerSizes.allSatisfy({ $0 >= 1 }) else {
            throw fail("hiddenLayerSizes must all be at least 1, got \(hiddenLayerSizes)")
        }
        // The rules of the command line's flags and of the optimizers' decoders (`SettingRange`);
        // momentum is in [0, 1) as `--momentum` and `SGD` require (scikit-learn also takes 1).
        func check(_ name: String, _ problem: String?) throws(EstimatorError) {
            if let problem { throw fail("\(name) \(problem)") }
        }
        try check("alpha", SettingRange.nonNegative.problem(alpha))
        try check("batchSize", batchSize.flatMap { SettingRange.problem($0, in: 1...Int.max) })
        try check("learningRateInit", SettingRange.positive.problem(learningRateInit))
        try check("powerT", SettingRange.nonNegative.problem(powerT))
        try check("maxIter", SettingRange.problem(maxIter, in: 1...Int.max))
        try check("tol", SettingRange.nonNegative.problem(tol))
        try check("momentum", SettingRange.fraction.problem(momentum))
        try check("validationFraction", SettingRange.openFraction.problem(validationFraction))
        try check("beta1", SettingRange.fraction.problem(beta1))
        try check("beta2", SettingRange.fraction.problem(beta2))
        try check("epsilon", SettingRange.positive.problem(epsilon))
        try check("nIterNoChange", SettingRange.problem(nIterNoChange, in: 1...Int.max))
    }

    /// The trainer configuration for `sampleCount` samples, `loss`, and the validation score the
    /// trainer names `scoreName` (`accuracy` or `r2`).
    func configuration(sampleCount: Int, loss: Loss, scoreName: String, seed: UInt64) -> TrainingConfiguration {
        var configuration = TrainingConfiguration(loss: loss)
        configuration.parity = .scikitLearn
        configuration.epochs = maxIter
        configuration.batchSize = min(batchSize ?? 200, sampleCount)
        configuration.shuffle = shuffle
        configuration.seed = seed
        configuration.regularization = .scikitLearn(alpha: alpha)
        configuration.learningRate = learningRateInit
        let adaptive = solver == .sgd && learningRate == .adaptive
        switch solver {
        case .adam:
            configuration.optimizer = .adam(.scikitLearn(beta1: beta1, beta2: beta2, epsilon: epsilon))
        case .sgd:
            configuration.optimizer = .sgd(.scikitLearn(momentum: momentum, nesterov: nesterovsMomentum))
            switch learningRate {
            case .constant:
                break
            case .invscaling:
                configuration.customSchedule = .inverseScaling(.scikitLearn(initialRate: learningRateInit, power: powerT))
            case .adaptive:
                configuration.customSchedule = .scikitLearnAdaptive(ScikitLearnAdaptiveSchedule(
                    initialRate: learningRateInit, monitor: earlyStopping ? .validationScore : .trainingLoss,
                    tolerance: tol, patience: nIterNoChange))
            }
        }
        if earlyStopping {
            configuration.validationFraction = validationFraction
            // scikit-learn stops once more than n_iter_no_change epochs in a row did not beat the
            // best score by tol: the (n_iter_no_change + 1)-th such epoch.
            configuration.earlyStopping = EarlyStopping(
                monitor: .validationMetric(name: scoreName, higherIsBetter: true),
                patience: nIterNoChange + 1, minimumDelta: tol, restoreBestWeights: true)
        } else if !adaptive {
            configuration.convergence = .init(tolerance: tol, patience: nIterNoChange)
        }
        return configuration
    }

    /// The seed for this fit: `randomState`, or a fresh one.
    var seed: UInt64 { randomState ?? UInt64.random(in: 0...UInt64.max) }
}

/// What an MLP estimator keeps after `fit`.
struct MLPFit: Sendable {
    var network: Network
    var history: History
}

extension MLPParameters {
    /// Trains a network `inputSize → hiddenLayerSizes → outputSize` on `data`.
    func train(_ data: Dataset, outputSize: Int, loss: Loss, scoreName: String) throws(EstimatorError) -> MLPFit {
        try validate()
        let seed = self.seed
        // scikit-learn's initial distribution (`_init_coef`): Glorot uniform with factor 6, or 2
        // for logistic hidden units, for weights and intercepts alike.
        let network = Network(inputSize: data.featureCount, hiddenLayers: hiddenLayerSizes, outputSize: outputSize,
                              activation: activation, parity: .scikitLearn, seed: seed)
        let configuration = configuration(sampleCount: data.count, loss: loss, scoreName: scoreName, seed: seed)
        do {
            var trainer = try Trainer(network: network, configuration: configuration)
            let history = try trainer.fit(data)
            return MLPFit(network: trainer.network, history: history)
        } catch {
            throw error.asEstimatorError
        }
    }
}
