import Testing
import Neural
import NeuralExplanations

/// `LinearNeuronExplanation` against the lecture's step worked by hand.
@Suite struct LinearNeuronExplanationTests {
    @Test func firstStepFromZeroBias() throws {
        let e = LinearNeuronExplanation.compute(bias: 0, learningRate: 0.01, steps: 1)
        let step = try #require(e.steps.first)
        // ŷ = 1·x1 + 2·x2 + 0: 2 + 6 = 8, 3 + 10 = 13, 1 + 0 = 1, 3 + 2 = 5.
        #expect(step.samples.map(\.prediction) == [8, 13, 1, 5])
        // Errors ŷ − y: 8 − 4 = 4, 13 − 6 = 7, 1 − 2 = −1, 5 − 5 = 0; squares 16, 49, 1, 0.
        #expect(step.samples.map(\.error) == [4, 7, -1, 0])
        #expect(step.samples.map(\.squaredError) == [16, 49, 1, 0])
        // MSE = (16 + 49 + 1 + 0)/4 = 16.5 (small integers and halves: exact in float32).
        #expect(step.meanSquaredError == 16.5)
        // ∂L/∂w1 = (2/4)(4·2 + 7·3 − 1·1 + 0·3) = 0.5·28 = 14
        // ∂L/∂w2 = (2/4)(4·3 + 7·5 − 1·0 + 0·1) = 0.5·47 = 23.5
        // ∂L/∂b  = (2/4)(4 + 7 − 1 + 0)         = 0.5·10 = 5
        #expect(step.weightGradients == [14, 23.5])
        #expect(step.biasGradient == 5)
        // w1 = 1 − 0.01·14 = 0.86, w2 = 2 − 0.01·23.5 = 1.765, b = 0 − 0.01·5 = −0.05.
        // The update runs in float32, where 0.01·5 is 0.049999997: 1e-7 is one float32 step here.
        for (weight, hand) in zip(step.newWeights, [0.86, 1.765]) { #expect(abs(weight - hand) < 2e-7) }
        #expect(abs(step.newBias + 0.05) < 1e-7)
    }

    @Test func biasMinusOne() throws {
        let e = LinearNeuronExplanation.compute(bias: -1, learningRate: 0.01, steps: 1)
        let step = try #require(e.steps.first)
        // ŷ = 1·x1 + 2·x2 − 1: 7, 12, 0, 4; errors 3, 6, −2, −1;
        // MSE = (9 + 36 + 4 + 1)/4 = 12.5.
        #expect(step.samples.map(\.prediction) == [7, 12, 0, 4])
        #expect(step.meanSquaredError == 12.5)
        // ∂L/∂w1 = 0.5(3·2 + 6·3 − 2·1 − 1·3) = 0.5·19 = 9.5
        // ∂L/∂w2 = 0.5(3·3 + 6·5 − 2·0 − 1·1) = 0.5·38 = 19
        // ∂L/∂b  = 0.5(3 + 6 − 2 − 1)         = 0.5·6  = 3
        #expect(step.weightGradients == [9.5, 19])
        #expect(step.biasGradient == 3)
    }

    @Test func stepsChainAndTheLossFalls() throws {
        let e = LinearNeuronExplanation.compute(bias: 0, learningRate: 0.01, steps: 3)
        #expect(e.steps.count == 3)
        for (previous, next) in zip(e.steps, e.steps.dropFirst()) {
            #expect(next.weights == previous.newWeights)
            #expect(next.bias == previous.newBias)
            #expect(next.meanSquaredError < previous.meanSquaredError)
        }
        // After step 1 (w = 0.86, 1.765, b = −0.05): ŷ = 6.965, 11.355, 0.81, 4.295;
        // errors 2.965, 5.355, −1.19, −0.705; MSE = (8.791225 + 28.676025 + 1.4161 + 0.497025)/4
        // = 9.845094. Float32 arithmetic: 1e-4 covers its rounding.
        #expect(abs(e.steps[1].meanSquaredError - 9.845094) < 1e-4)
    }

    @Test func randomBiasIsSeededAndInRange() {
        let a = LinearNeuronExplanation.randomBias(seed: 7)
        let b = LinearNeuronExplanation.randomBias(seed: 7)
        #expect(a == b)
        #expect(a >= -1 && a < 1)
        #expect(LinearNeuronExplanation.randomBias(seed: 8) != a)
    }
}
