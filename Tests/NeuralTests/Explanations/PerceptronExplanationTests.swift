import Testing
import Neural
import NeuralExplanations

/// `PerceptronExplanation` on the lecture's table made binary (class 1 when y ≥ 5: t = 0, 1, 0, 1).
@Suite struct PerceptronExplanationTests {
    @Test func firstVisitsByHand() throws {
        let e = PerceptronExplanation.lectureTable(learningRate: 0.5, bias: 0)
        // Sample 1, x = (2, 3), t = 0: w·x + b = 1·2 + 2·3 + 0 = 8 > 0, so y = 1: a mistake;
        // w ← w + 0.5·(0 − 1)·x = (1 − 1, 2 − 1.5) = (0, 0.5), b ← 0 − 0.5 = −0.5.
        let first = e.visits[0]
        #expect(first.netInput == 8 && first.output == 1 && first.mistake)
        #expect(first.weights == [0, 0.5] && first.bias == -0.5)
        // Sample 2, x = (3, 5), t = 1: 0·3 + 0.5·5 − 0.5 = 2 > 0, y = 1: correct, no change.
        let second = e.visits[1]
        #expect(second.netInput == 2 && second.output == 1 && !second.mistake)
        #expect(second.weights == [0, 0.5] && second.bias == -0.5)
    }

    @Test func convergesOnTheSeparableTable() {
        // The classes are separated by x1 (3 vs 1, 2); the rule reaches w = (1, 0), b = −2.5 in
        // 10 epochs (traced by hand in Python with the same order and η = 0.5).
        let e = PerceptronExplanation.lectureTable(learningRate: 0.5, bias: 0)
        #expect(e.converged)
        #expect(e.mistakesPerEpoch.count == 10 && e.mistakesPerEpoch.last == 0)
        #expect(e.finalWeights == [1, 0] && e.finalBias == -2.5)
        #expect(e.visits.count == 40)
    }

    @Test func reportsXORAsNotConverged() {
        let x = Matrix([[0, 0], [0, 1], [1, 0], [1, 1]])
        let e = PerceptronExplanation.compute(inputs: x, targets: [0, 1, 1, 0], featureNames: ["a", "b"], maximumEpochs: 30)
        #expect(!e.converged)
        #expect(e.mistakesPerEpoch.count == 30)
        #expect(e.mistakesPerEpoch.allSatisfy { $0 > 0 })
    }
}
