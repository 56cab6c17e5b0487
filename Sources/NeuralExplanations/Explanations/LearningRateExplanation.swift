import Neural
/// Three learning-rate policies on one problem, epoch by epoch: the notes' "fixed",
/// "∝ 1/t^power" and "adaptive (driven by the loss)".
///
/// The problem is the lecture's linear neuron (w1 = 1, w2 = 2, b = 0, full-batch gradient descent
/// on the MSE, one step per epoch), trained by `Trainer` with:
/// - fixed: `ConstantSchedule`, η_t = η0;
/// - inverse scaling: `InverseScalingSchedule` (epoch clock), η_t = η0 / (t + 1)^power;
/// - adaptive: `PlateauSchedule` on the training loss, η ← η·factor whenever an epoch's loss is
///   not lower than the best so far (patience 0).
/// The default η0 = 0.075 is just above this problem's stability limit for a fixed rate
/// (2 / largest eigenvalue of the MSE's Hessian ≈ 0.0705), so the fixed rate diverges while the
/// decaying and adaptive rates settle.
public struct LearningRateExplanation: Codable, Equatable, Sendable {
    /// One policy's run.
    public struct Run: Codable, Equatable, Sendable {
        public var name: String
        public var formula: String
        /// η used in each epoch.
        public var rates: [Double]
        /// The MSE at the start of each epoch's step.
        public var losses: [Double]
        /// Why the run ended early, if it did (a diverging loss).
        public var stoppedBecause: String?
    }

    public var initialRate: Double
    public var power: Double
    public var factor: Double
    public var epochs: Int
    public var runs: [Run]

    public static func compute(initialRate: Double = 0.075, epochs: Int = 12, power: Double = 0.5,
                               factor: Double = 0.5) -> LearningRateExplanation {
        precondition(epochs >= 1, "LearningRateExplanation: epochs must be at least 1, got \(epochs)")
        let schedules: [(String, String, AnyLearningRateSchedule)] = [
            ("fixed", "η = η0", .constant(ConstantSchedule(rate: initialRate))),
            ("1/t^power", "η = η0 / (t + 1)^\(power)",
             .inverseScaling(InverseScalingSchedule(initialRate: initialRate, power: power, clock: .epochs))),
            ("adaptive", "η ← \(factor)·η when the loss did not improve",
             .plateau(PlateauSchedule(initialRate: initialRate, factor: factor, patience: 0, threshold: 0))),
        ]
        let data = Dataset(features: LectureExample.inputs,
                           targets: .values(Matrix(rows: 4, columns: 1, storage: LectureExample.targets)))
        let runs = schedules.map { name, formula, schedule -> Run in
            var configuration = TrainingConfiguration(loss: .meanSquaredError)
            configuration.optimizer = .sgd(SGD())
            configuration.batchSize = data.count
            configuration.shuffle = false
            configuration.epochs = epochs
            configuration.learningRate = initialRate
            configuration.customSchedule = schedule
            var rates: [Double] = []
            var losses: [Double] = []
            var stopped: String?
            do {
                var trainer = try Trainer(network: LectureExample.neuron(bias: 0), configuration: configuration)
                // Collected per epoch, so a run that diverges still shows the epochs before it.
                try trainer.fit(data) { report in
                    rates.append(report.learningRate)
                    losses.append(report.loss)
                    return .proceed
                }
            } catch let error as TrainingError {
                stopped = error.description
            } catch {
                stopped = "\(error)"
            }
            return Run(name: name, formula: formula, rates: rates.map { decimal(Float($0)) }, losses: losses,
                       stoppedBecause: stopped)
        }
        return LearningRateExplanation(initialRate: initialRate, power: power, factor: factor, epochs: epochs, runs: runs)
    }
}
