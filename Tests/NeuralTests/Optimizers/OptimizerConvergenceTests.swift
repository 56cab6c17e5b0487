import Testing
@testable import Neural

/// Every optimizer under every schedule lowers the loss of a small convex problem,
/// `L(θ) = ½‖Aθ − b‖²` with `∇L = Aᵀ(Aθ − b)`, evaluated directly on a `ParameterVector`.
@Suite struct OptimizerConvergenceTests {
    struct OptimizerVariant: Sendable, CustomTestStringConvertible {
        var name: String
        var initialRate: Double
        var make: @Sendable () -> AnyOptimizer
        var testDescription: String { name }
    }

    struct ScheduleVariant: Sendable, CustomTestStringConvertible {
        var name: String
        var make: @Sendable (_ initialRate: Double, _ epochs: Int) -> AnyLearningRateSchedule
        var testDescription: String { name }
    }

    static let optimizers: [OptimizerVariant] = [
        .init(name: "sgd", initialRate: 0.02, make: { .sgd(SGD()) }),
        .init(name: "sgd-nesterov", initialRate: 0.02, make: { .sgd(SGD(momentum: 0.9, nesterov: true)) }),
        .init(name: "sgd-scikit-learn-momentum", initialRate: 0.02, make: { .sgd(SGD(momentum: 0.9, momentumForm: .scikitLearn)) }),
        .init(name: "adam", initialRate: 0.05, make: { .adam(Adam()) }),
        .init(name: "adam-keras-amsgrad", initialRate: 0.05, make: { .adam(Adam(epsilonPlacement: .keras, amsgrad: true)) }),
        .init(name: "adamw", initialRate: 0.05, make: { .adamW(AdamW()) }),
        .init(name: "rmsprop", initialRate: 0.05, make: { .rmsProp(RMSProp()) }),
        .init(name: "rmsprop-centered-momentum", initialRate: 0.02, make: { .rmsProp(RMSProp(momentum: 0.5, centered: true)) }),
        .init(name: "adagrad", initialRate: 0.2, make: { .adagrad(Adagrad()) }),
    ]

    static let schedules: [ScheduleVariant] = ScheduleKind.allCases.map { kind in
        ScheduleVariant(name: kind.rawValue, make: { AnyLearningRateSchedule(kind: kind, initialRate: $0, epochs: $1) })
    } + [
        ScheduleVariant(name: "cosine-warm-up-steps", make: { rate, epochs in
            .cosine(CosineAnnealingSchedule(initialRate: rate, period: epochs * stepsPerEpoch - 20,
                                            warmUpLength: 20, clock: .steps))
        }),
        ScheduleVariant(name: "inverse-scaling-steps", make: { rate, _ in
            .inverseScaling(InverseScalingSchedule(initialRate: rate, power: 0.25, clock: .steps))
        }),
    ]

    static let stepsPerEpoch = 10
    static let epochs = 20

    /// A = [[2,1,0],[1,3,1],[0,1,2],[1,0,1]], b = [1,2,3,4]: full column rank, so L is strictly
    /// convex; L(0) = ½‖b‖² = 15.
    static let a: [[Float]] = [[2, 1, 0], [1, 3, 1], [0, 1, 2], [1, 0, 1]]
    static let b: [Float] = [1, 2, 3, 4]

    static func lossAndGradient(_ theta: ParameterVector, into gradient: inout ParameterVector) -> Double {
        var loss = 0.0
        for index in gradient.values.indices { gradient.values[index] = 0 }
        for (row, target) in zip(a, b) {
            var residual: Float = -target
            for column in 0..<3 { residual += row[column] * theta.values[column] }
            loss += 0.5 * Double(residual * residual)
            for column in 0..<3 { gradient.values[column] += row[column] * residual }
        }
        return loss
    }

    @Test(arguments: optimizers, schedules)
    func lowersTheLoss(_ optimizerVariant: OptimizerVariant, _ scheduleVariant: ScheduleVariant) {
        var layout = ParameterLayout()
        layout.append(name: "layers.0.weight", shape: [3, 1], kind: .weight)
        var theta = ParameterVector(layout: layout, repeating: 0)
        var gradient = ParameterVector(layout: layout, repeating: 0)
        let optimizer = optimizerVariant.make()
        var state = optimizer.makeState(for: theta)
        var schedule = scheduleVariant.make(optimizerVariant.initialRate, Self.epochs)
        let initialLoss = Self.lossAndGradient(theta, into: &gradient)
        var loss = initialLoss
        epochs: for _ in 0..<Self.epochs {
            var epochLoss = 0.0
            for _ in 0..<Self.stepsPerEpoch {
                epochLoss += Self.lossAndGradient(theta, into: &gradient)
                optimizer.update(&theta, along: gradient, learningRate: schedule.learningRate, state: &state)
                schedule.stepTaken(batchSize: 1)
            }
            loss = Self.lossAndGradient(theta, into: &gradient)
            let decision = schedule.epochEnded(EpochMetrics(trainingLoss: epochLoss / Double(Self.stepsPerEpoch)))
            if case .stop = decision { break epochs }
        }
        // The least-squares optimum has L* = 16/19 ≈ 0.842 (numpy.linalg.lstsq); every combination must at least halve L(0) = 15.
        #expect(loss.isFinite)
        #expect(loss < 0.5 * initialLoss, "\(optimizerVariant.name) × \(scheduleVariant.name): \(initialLoss) → \(loss)")
    }
}
