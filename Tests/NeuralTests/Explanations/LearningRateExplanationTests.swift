import Testing
import Neural
import NeuralExplanations

/// `LearningRateExplanation` on the lecture's neuron with η0 = 0.075.
@Suite struct LearningRateExplanationTests {
    @Test func ratesAndLossesPerEpoch() throws {
        let e = LearningRateExplanation.compute(initialRate: 0.075, epochs: 6)
        let fixed = try #require(e.runs.first { $0.name == "fixed" })
        let inverse = try #require(e.runs.first { $0.name == "1/t^power" })
        let adaptive = try #require(e.runs.first { $0.name == "adaptive" })
        #expect(fixed.rates == Array(repeating: 0.075, count: 6))
        // η_t = 0.075/√(t + 1), t = epochs completed: 0.075, 0.0530330, 0.0433013, …
        for (epoch, rate) in inverse.rates.enumerated() {
            #expect(abs(rate - 0.075 / Double(epoch + 1).squareRoot()) < 1e-7)
        }
        // Every run starts at the lecture's MSE 16.5. After one step at 0.075:
        // w = (1 − 0.075·14, 2 − 0.075·23.5) = (−0.05, 0.2375), b = −0.375; ŷ = 0.2375, 0.6625,
        // −0.425, −0.2875; MSE = (14.1564 + 28.4889 + 5.8806 + 27.9577)/4 = 19.1209.
        for run in e.runs {
            #expect(run.losses[0] == 16.5)
            #expect(abs(run.losses[1] - 19.1209) < 1e-3)
        }
        // The loss rose, so the adaptive rate halves for epoch 3 (0.0375) and again for epoch 4.
        #expect(adaptive.rates[2] == 0.0375 && adaptive.rates[3] == 0.01875)
        // The fixed rate is past the stability limit (≈ 0.0705): its loss keeps growing.
        #expect(fixed.losses.last! > fixed.losses[0])
        #expect(inverse.losses.last! < inverse.losses[0] && adaptive.losses.last! < adaptive.losses[0])
    }
}
