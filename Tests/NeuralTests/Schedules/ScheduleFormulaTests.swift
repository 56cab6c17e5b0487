import Foundation
import Testing
@testable import Neural

/// Each schedule's sequence against its formula, worked by hand.
@Suite struct ScheduleFormulaTests {
    /// Runs `epochs` epochs of `stepsPerEpoch` steps of `batchSize` samples and returns the rate
    /// used at every step.
    static func rates<S: LearningRateSchedule>(_ schedule: inout S, epochs: Int, stepsPerEpoch: Int,
                                               batchSize: Int = 1, loss: (Int) -> Double = { _ in 1 }) -> [[Double]] {
        var result: [[Double]] = []
        for epoch in 0..<epochs {
            var epochRates: [Double] = []
            for _ in 0..<stepsPerEpoch {
                epochRates.append(Double(schedule.learningRate))
                schedule.stepTaken(batchSize: batchSize)
            }
            result.append(epochRates)
            _ = schedule.epochEnded(EpochMetrics(trainingLoss: loss(epoch)))
        }
        return result
    }

    /// Float rounding of a Double rate: 6e-8 relative; 1e-7 leaves a margin.
    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-7 * abs(b) }

    @Test func constant() {
        var schedule = ConstantSchedule(rate: 0.05)
        #expect(Self.rates(&schedule, epochs: 3, stepsPerEpoch: 2).flatMap { $0 }.allSatisfy { Self.close($0, 0.05) })
    }

    /// η0 = 0.1, power 0.5: η_t = 0.1/√(t + 1).
    /// steps: t = 0, 1, 2, 3 → 0.1, 0.070711, 0.057735, 0.05 (within and across epochs);
    /// epochs: 0.1 for both steps of epoch 0, 0.070711 for both of epoch 1;
    /// samples (3 samples a step, 2 steps an epoch): t = 0 during epoch 0, t = 6 during epoch 1,
    /// so 0.1 then 0.1/√7 = 0.037796.
    @Test func inverseScaling() {
        var bySteps = InverseScalingSchedule(initialRate: 0.1, power: 0.5, clock: .steps)
        let steps = Self.rates(&bySteps, epochs: 2, stepsPerEpoch: 2).flatMap { $0 }
        for (actual, expected) in zip(steps, [0.1, 0.1 / 2.0.squareRoot(), 0.1 / 3.0.squareRoot(), 0.05]) {
            #expect(Self.close(actual, expected))
        }
        var byEpochs = InverseScalingSchedule(initialRate: 0.1, power: 0.5, clock: .epochs)
        let epochs = Self.rates(&byEpochs, epochs: 2, stepsPerEpoch: 2)
        #expect(epochs[0].allSatisfy { Self.close($0, 0.1) })
        #expect(epochs[1].allSatisfy { Self.close($0, 0.1 / 2.0.squareRoot()) })
        var bySamples = InverseScalingSchedule.scikitLearn(initialRate: 0.1, power: 0.5)
        let samples = Self.rates(&bySamples, epochs: 2, stepsPerEpoch: 2, batchSize: 3)
        #expect(samples[0].allSatisfy { Self.close($0, 0.1) })
        #expect(samples[1].allSatisfy { Self.close($0, 0.1 / 7.0.squareRoot()) })
    }

    /// StepLR: 0.1·0.5^⌊t/2⌋ for t = 0…4 → 0.1, 0.1, 0.05, 0.05, 0.025 (t in steps here).
    /// ExponentialLR: 0.1·0.9^t → 0.1, 0.09, 0.081, 0.0729.
    @Test func stepAndExponentialDecay() {
        var step = StepDecaySchedule(initialRate: 0.1, stepSize: 2, gamma: 0.5, clock: .steps)
        let stepRates = Self.rates(&step, epochs: 1, stepsPerEpoch: 5)[0]
        for (actual, expected) in zip(stepRates, [0.1, 0.1, 0.05, 0.05, 0.025]) { #expect(Self.close(actual, expected)) }
        var exponential = ExponentialDecaySchedule(initialRate: 0.1, gamma: 0.9)
        let exponentialRates = Self.rates(&exponential, epochs: 4, stepsPerEpoch: 1).flatMap { $0 }
        for (actual, expected) in zip(exponentialRates, [0.1, 0.09, 0.081, 0.0729]) { #expect(Self.close(actual, expected)) }
    }

    /// Warm-up W = 2 from s = 0.5, then T = 4 down to η_min = 0.01, η0 = 0.1:
    /// t = 0: 0.1·0.5 = 0.05; t = 1: 0.1·(0.5 + 0.5·½) = 0.075;
    /// t = 2…6: 0.01 + 0.09·(1 + cos(π·u/4))/2 for u = 0…4 → 0.1, 0.086820, 0.055, 0.023180, 0.01.
    @Test func cosineWithWarmUp() {
        var schedule = CosineAnnealingSchedule(initialRate: 0.1, period: 4, minimumRate: 0.01,
                                               warmUpLength: 2, warmUpStartFactor: 0.5, clock: .steps)
        let rates = Self.rates(&schedule, epochs: 1, stepsPerEpoch: 7)[0]
        let cosine = (0...4).map { u in 0.01 + 0.09 * (1 + cos(Double.pi * Double(u) / 4)) / 2 }
        let expected = [0.05, 0.075] + cosine
        for (actual, wanted) in zip(rates, expected) { #expect(Self.close(actual, wanted)) }
        #expect(Self.close(expected[3], 0.0868198))
    }

    /// scikit-learn's adaptive rule, tol 0.1, n_iter_no_change 1, η0 = 1e-5, losses 1, 1, 1, …:
    /// epoch 1: best = 1, count 0; epoch 2: 1 > 1 − 0.1 → count 1; epoch 3: count 2 > 1 →
    /// η = 2e-6, count 0; epochs 4, 5 → count 2 → η = 4e-7; epochs 6, 7 → count 2 and
    /// η = 4e-7 ≤ 1e-6 → stop after epoch 7.
    @Test func scikitLearnAdaptiveDividesThenStops() {
        var schedule = ScikitLearnAdaptiveSchedule(initialRate: 1e-5, tolerance: 0.1, patience: 1)
        var decisions: [ScheduleDecision] = []
        var rates: [Double] = []
        for _ in 0..<7 {
            decisions.append(schedule.epochEnded(EpochMetrics(trainingLoss: 1)))
            rates.append(schedule.rate)
        }
        #expect(decisions.prefix(6).allSatisfy { $0 == .proceed })
        #expect(decisions[6] != .proceed)
        #expect(rates[1] == 1e-5 && Self.close(rates[2], 2e-6) && Self.close(rates[4], 4e-7) && Self.close(rates[6], 4e-7))
    }

    /// An improvement by less than tol still becomes the best value (scikit-learn updates
    /// `best_loss_` on any decrease), so the next epoch is measured against it.
    @Test func scikitLearnCounterTracksEveryNewBest() {
        var counter = ScikitLearnNoImprovementCounter(higherIsBetter: false, tolerance: 0.1)
        counter.record(1.0)      // first: count 0, best 1.0
        counter.record(0.95)     // 0.95 > 1.0 − 0.1: count 1; best 0.95
        counter.record(0.86)     // 0.86 > 0.95 − 0.1 = 0.85: count 2; best 0.86
        #expect(counter.count == 2 && counter.best == 0.86)
        counter.record(0.7)      // 0.7 ≤ 0.76: count 0
        #expect(counter.count == 0 && counter.best == 0.7)
    }

    /// Cooldown: after a reduction, bad epochs are not counted for `cooldown` epochs.
    /// patience 0, cooldown 2, factor 0.5, constant loss: epoch 1 sets best; epoch 2 is bad → 0.05,
    /// cooldown 2; epochs 3, 4 in cooldown; epoch 5 bad → 0.025.
    @Test func plateauCooldown() {
        var schedule = PlateauSchedule(initialRate: 0.1, factor: 0.5, patience: 0, cooldown: 2)
        var rates: [Double] = []
        for _ in 0..<5 {
            _ = schedule.epochEnded(EpochMetrics(trainingLoss: 1))
            rates.append(schedule.rate)
        }
        #expect(rates == [0.1, 0.05, 0.05, 0.05, 0.025])
    }
}
