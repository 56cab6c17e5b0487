import Foundation
import Testing
import Neural
import NeuralExplanations

/// `LossesExplanation` against the lecture's numbers computed by hand.
@Suite struct LossesExplanationTests {
    @Test func meanSquaredError() {
        let r = LossesExplanation.compute().regression
        // (ŷ − y)² = (1.5 − 1.6)², (1.2 − 1.5)², (0.2 − 0.7)², (1 − 3)² = 0.01, 0.09, 0.25, 4.
        let expected = [0.01, 0.09, 0.25, 4]
        // float32 inputs: 1e-6 covers the rounding of 1.6 − 1.5 etc.
        for (value, hand) in zip(r.squaredErrors, expected) { #expect(abs(value - hand) < 1e-6) }
        // MSE = (0.01 + 0.09 + 0.25 + 4)/4 = 4.35/4 = 1.0875.
        #expect(abs(r.meanSquaredError - 1.0875) < 1e-6)
        for (error, hand) in zip(r.errors, [-0.1, -0.3, -0.5, -2]) { #expect(abs(error - hand) < 1e-6) }
    }

    @Test func crossEntropyOfSmoothedLabels() {
        let c = LossesExplanation.compute(smoothing: 0.1).classification
        // ε = 0.1, K = 4: predicted class 0.9 + 0.025 = 0.925, others 0.025.
        // Rows 1 and 4 are right: −log 0.925 = 0.0779615; rows 2, 3, 5 wrong: −log 0.025 = 3.6888795.
        // CE = (2·0.0779615 + 3·3.6888795)/5 = 11.2225615/5 = 2.2445123.
        let hand = [0.0779615, 3.6888795, 3.6888795, 0.0779615, 3.6888795]
        // The logits log p are float32: 1e-5 covers their rounding.
        for (value, expected) in zip(c.rowLosses, hand) { #expect(abs(value - expected) < 1e-5) }
        #expect(abs(c.crossEntropy - 2.2445123) < 1e-5)
        #expect(c.rowsInfiniteWithoutSmoothing == [2, 3, 5])
        #expect(c.accuracy == 0.4)
        // One-hot rows of the true labels 1, 2, 1, 3, 3.
        #expect(c.trueOneHot == [[1, 0, 0, 0], [0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 1, 0]])
        #expect(c.predictedOneHot[1] == [0, 0, 0, 1])
    }

    @Test func entropies() {
        let e = LossesExplanation.compute(smoothing: 0.1).entropies
        // Uniform over 4: log 4 = 1.3862944; one-hot: 0;
        // smoothed (0.925, 0.025 ×3): −(0.925 ln 0.925 + 3·0.025 ln 0.025) = 0.0721144 + 0.2766660 = 0.3487804.
        #expect(abs(e[0].entropy - log(4.0)) < 1e-12)
        #expect(e[1].entropy == 0)
        #expect(abs(e[2].entropy - 0.3487804) < 1e-6)
    }

    @Test func penaltiesOnTheLectureNeuron() throws {
        let p = LossesExplanation.compute(alpha: 0.1).penalties
        let l1 = try #require(p.first { $0.kind == "L1" })
        let l2 = try #require(p.first { $0.kind == "L2" })
        // MSE 16.5 at w = (1, 2), b = 0 (see the linear-neuron test), gradients (14, 23.5).
        // L1: 0.1·(|1| + |2|) = 0.3, total 16.8; gradient + 0.1·sign(w) = (14.1, 23.6).
        // L2: (0.1/2)·(1 + 4) = 0.25, total 16.75; gradient + 0.1·w = (14.1, 23.7).
        // float32 α = 0.1: 1e-5 covers its rounding.
        #expect(abs(l1.penalty - 0.3) < 1e-6 && abs(l1.total - 16.8) < 1e-5)
        #expect(abs(l2.penalty - 0.25) < 1e-6 && abs(l2.total - 16.75) < 1e-5)
        #expect(l1.gradients == [14, 23.5])
        #expect(l1.penalisedGradients == [14.1, 23.6])
        #expect(l2.penalisedGradients == [14.1, 23.7])
    }
}
