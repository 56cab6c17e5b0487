import Testing
@testable import Neural

/// Schedules against PyTorch's schedulers and scikit-learn's own runs (`optimizer_reference.json`).
///
/// Tolerance: the schedules compute in Double like PyTorch (Python floats) and scikit-learn, and
/// return the rate rounded once to Float (5.96e-8 relative); PyTorch's recursive
/// CosineAnnealingLR differs from the closed form by a few double ulps. 1e-6 relative covers
/// both with a wide margin and still catches any off-by-one epoch (which moves rates by ≥ 1 %).
@Suite struct ScheduleReferenceTests {
    static let tolerance = 1e-6

    struct TorchCase: Sendable, CustomTestStringConvertible {
        var name: String
        var monitor: MonitoredMetric = .trainingLoss
        var make: @Sendable (_ baseRate: Double) -> AnyLearningRateSchedule
        var testDescription: String { name }
    }

    static let torchCases: [TorchCase] = [
        .init(name: "step_lr", make: { .step(StepDecaySchedule(initialRate: $0, stepSize: 3, gamma: 0.5)) }),
        .init(name: "exponential_lr", make: { .exponential(ExponentialDecaySchedule(initialRate: $0, gamma: 0.9)) }),
        .init(name: "cosine_annealing_lr",
              make: { .cosine(CosineAnnealingSchedule(initialRate: $0, period: 10, minimumRate: 0.001)) }),
        .init(name: "linear_warmup_cosine",
              make: { .cosine(CosineAnnealingSchedule(initialRate: $0, period: 7, warmUpLength: 3, warmUpStartFactor: 0.1)) }),
        .init(name: "plateau_min_rel", make: {
            .plateau(PlateauSchedule(initialRate: $0, factor: 0.5, patience: 2, threshold: 0.01,
                                     thresholdMode: .relative, cooldown: 1, minimumRate: 0.01))
        }),
        .init(name: "plateau_min_abs", make: {
            .plateau(PlateauSchedule(initialRate: $0, factor: 0.1, patience: 1, threshold: 0.05, thresholdMode: .absolute))
        }),
        .init(name: "plateau_max_rel", monitor: .validationScore, make: {
            .plateau(PlateauSchedule(initialRate: $0, monitor: .validationScore, mode: .maximize, factor: 0.3,
                                     patience: 1, threshold: 0.02, thresholdMode: .relative, cooldown: 2))
        }),
        .init(name: "plateau_eps", make: {
            .plateau(PlateauSchedule(initialRate: $0, factor: 0.1, patience: 0, epsilon: 5e-4))
        }),
    ]

    @Test(arguments: torchCases)
    func matchesPyTorch(_ testCase: TorchCase) {
        let reference = OptimizerReferenceFixture.shared.schedule(named: testCase.name)
        var schedule = testCase.make(reference.baseLr)
        for (epoch, expected) in reference.rates.enumerated() {
            let actual = Double(schedule.learningRate)
            #expect(abs(actual - expected) <= Self.tolerance * expected,
                    "\(testCase.name) epoch \(epoch): \(actual) vs PyTorch's \(expected)")
            schedule.stepTaken(batchSize: 1)
            let value = reference.metrics?[epoch] ?? 0
            let metrics = testCase.monitor == .validationScore
                ? EpochMetrics(trainingLoss: 0, validationScore: value)
                : EpochMetrics(trainingLoss: value)
            #expect(schedule.epochEnded(metrics) == .proceed)
        }
    }

    @Test(arguments: ["invscaling", "invscaling_power_0.25", "adaptive_forced_plateaus",
                      "adaptive_training_loss", "adaptive_validation_score"])
    func matchesScikitLearn(_ name: String) {
        let reference = OptimizerReferenceFixture.shared.scikitLearnSchedule(named: name)
        let initialRate = reference.setting("learning_rate_init")
        var schedule: AnyLearningRateSchedule
        if reference.learningRate == "invscaling" {
            schedule = .inverseScaling(.scikitLearn(initialRate: initialRate, power: reference.setting("power_t")))
        } else {
            schedule = .scikitLearnAdaptive(ScikitLearnAdaptiveSchedule(
                initialRate: initialRate, monitor: reference.earlyStopping ? .validationScore : .trainingLoss,
                tolerance: reference.setting("tol"), patience: Int(reference.setting("n_iter_no_change"))))
        }
        #expect(reference.stepRates.count == reference.epochsRun)
        for epoch in 0..<reference.epochsRun {
            var remaining = reference.nSamples
            for (batch, expected) in reference.stepRates[epoch].enumerated() {
                let actual = Double(schedule.learningRate)
                #expect(abs(actual - expected) <= Self.tolerance * expected,
                        "\(name) epoch \(epoch) batch \(batch): \(actual) vs scikit-learn's \(expected)")
                let batchSize = min(reference.batchSize, remaining)
                schedule.stepTaken(batchSize: batchSize)
                remaining -= batchSize
            }
            let metrics = EpochMetrics(trainingLoss: reference.lossCurve[epoch],
                                       validationScore: reference.validationScores?[epoch])
            let decision = schedule.epochEnded(metrics)
            let isLast = epoch == reference.epochsRun - 1
            if isLast && reference.stoppedEarly {
                #expect(decision != .proceed, "\(name): scikit-learn stopped after epoch \(epoch + 1)")
            } else {
                #expect(decision == .proceed, "\(name): stopped at epoch \(epoch + 1), scikit-learn went on")
            }
        }
    }
}
