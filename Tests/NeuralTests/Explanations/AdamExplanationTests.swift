import Testing
import Neural
import NeuralExplanations

/// `AdamExplanation` on the lecture's neuron, η = 0.1, worked by hand.
@Suite struct AdamExplanationTests {
    @Test func firstTwoIterations() throws {
        let e = AdamExplanation.compute(learningRate: 0.1, iterations: 2)
        let first = e.iterations[0].parameters
        // t = 1, g = (14, 23.5, 5): m = 0.1·g = (1.4, 2.35, 0.5); v = 0.001·g² = (0.196, 0.55225, 0.025);
        // m̂ = m/0.1 = g, v̂ = v/0.001 = g², step = 0.1·g/(|g| + 1e-8) ≈ 0.1 → θ = (0.9, 1.9, −0.1).
        #expect(first.map(\.gradient) == [14, 23.5, 5])
        // float32 moments: 1e-6 relative.
        for (p, m) in zip(first, [1.4, 2.35, 0.5]) { #expect(abs(p.m - m) <= 1e-6 * m) }
        for (p, v) in zip(first, [0.196, 0.55225, 0.025]) { #expect(abs(p.v - v) <= 1e-6 * v) }
        for p in first { #expect(abs(p.step - 0.1) < 1e-6 && abs(p.change + 0.1) < 1e-6) }
        // float32 θ − 0.1: within one float32 step of the decimal values.
        for (p, value) in zip(first, [0.9, 1.9, -0.1]) { #expect(abs(p.value - value) < 2e-7) }
        // t = 2 at (0.9, 1.9, −0.1): ŷ = 7.4, 12.1, 0.8, 4.5; errors 3.4, 6.1, −1.2, −0.5;
        // MSE = (11.56 + 37.21 + 1.44 + 0.25)/4 = 12.615; g = 0.5·(22.4, 40.2, 7.8) = (11.2, 20.1, 3.9);
        // m = 0.9·1.4 + 0.1·11.2 = 2.38 for w1.
        let second = e.iterations[1]
        #expect(abs(second.loss - 12.615) < 1e-4)
        #expect(abs(second.parameters[0].gradient - 11.2) < 1e-4)
        #expect(abs(second.parameters[0].m - 2.38) < 1e-5)
        #expect(abs(second.firstCorrection - 0.19) < 1e-12 && abs(second.secondCorrection - 0.001999) < 1e-12)
        // The formula's step equals what Adam.update applied, to float precision.
        for p in second.parameters { #expect(abs(p.step + p.change) < 1e-6) }
    }
}
