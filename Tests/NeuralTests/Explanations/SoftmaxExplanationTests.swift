import Testing
import Neural
import NeuralExplanations

/// `SoftmaxExplanation` against the notes' examples.
@Suite struct SoftmaxExplanationTests {
    @Test func thresholdDecoding() {
        let rows = SoftmaxExplanation.compute(threshold: 0.5).thresholdRows
        // (.2, .4, .7, .1): only .7 ≥ .5 → class 3. (.1, .9, .4, .1): only .9 → class 2.
        // (.1, .9, .8, .2): .9 and .8 pass → ambiguous; softmax keeps the order, so class 2.
        #expect(rows[0].decidedClass == 3 && rows[0].bits == [0, 0, 1, 0])
        #expect(rows[1].decidedClass == 2)
        #expect(rows[2].decidedClass == nil && rows[2].decision == "ambiguous: classes 2, 3")
        #expect(rows[2].softmaxClass == 2)
    }

    @Test func softmaxWithEveryExponential() throws {
        let e = SoftmaxExplanation.compute()
        #expect(e.oneHot == [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
        let row = try #require(e.softmaxRows.first)
        // e^1 = 2.7182818, e^9 = 8103.0839, e^8 = 2980.9580, e^2 = 7.3890561; Σ = 11094.1493.
        #expect(abs(row.sum - 11094.1493) < 1e-3)
        #expect(abs(row.exponentials[1] - 8103.0839) < 1e-3)
        // p = 0.00024502, 0.7303925, 0.2686964, 0.00066603; float32 softmax: 1e-6.
        let hand = [0.00024502, 0.7303925, 0.2686964, 0.00066603]
        for (p, expected) in zip(row.probabilities, hand) { #expect(abs(p - expected) < 1e-6) }
        #expect(row.maximumDifference < 1e-6)
    }
}
