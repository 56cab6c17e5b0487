import Testing
import Neural
import NeuralExplanations

/// `BackpropExplanation` on its default 2-2-1 network, worked by hand (values from Python's math
/// module in double precision; the network runs in float32, so 1e-6 absolute covers it).
@Suite struct BackpropExplanationTests {
    @Test func forwardValuesAndFactors() {
        let e = BackpropExplanation.compute()
        // z1 = 0.1·0.5 + 0.2·1 + 0.1 = 0.35, z2 = 0.3·0.5 + 0.4·1 + 0.1 = 0.65;
        // h1 = σ(0.35) = 0.5866176, h2 = σ(0.65) = 0.6570105;
        // z = 0.5·h1 + 0.6·h2 + 0.2 = 0.8875151, y = σ(z) = 0.7083771, L = (y − 1)² = 0.0850439.
        let close = { (a: Double, b: Double) in abs(a - b) < 1e-6 }
        #expect(close(e.hiddenPreactivations[0], 0.35) && close(e.hiddenPreactivations[1], 0.65))
        #expect(close(e.hiddenOutputs[0], 0.5866176) && close(e.hiddenOutputs[1], 0.6570105))
        #expect(close(e.outputPreactivation, 0.8875151) && close(e.output, 0.7083771))
        #expect(close(e.loss, 0.0850439))
        // Factors: 2(y − 1) = −0.5832458, y(1 − y) = 0.2065790, w2 = 0.6, h2(1 − h2) = 0.2253477, x2 = 1.
        let hand = [-0.5832458, 0.2065790, 0.6, 0.2253477, 1]
        for (factor, expected) in zip(e.factors, hand) { #expect(close(factor.value, expected), "\(factor.symbol)") }
        // Product = −0.0162908.
        #expect(close(e.chainRuleProduct, -0.0162908))
        #expect(e.parameterName == "layers.0.weight[1, 1]")
    }

    @Test func productEqualsBackpropagationAndFiniteDifferences() {
        let e = BackpropExplanation.compute()
        // The chain-rule product of float32 factors and the float32 backward pass agree to
        // float precision (1e-6 relative).
        #expect(abs(e.chainRuleProduct - e.backpropagated) <= 1e-6 * abs(e.backpropagated))
        // Central differences with h = 0.01 in float32: O(h²) truncation and ~1e-7 rounding of a
        // loss of 0.085 divided by 0.02; 1e-3 relative covers both.
        #expect(abs(e.finiteDifference - e.backpropagated) <= 1e-3 * abs(e.backpropagated))
        #expect(e.gradients["layers.0.weight"]?[3] == e.backpropagated)
    }
}
