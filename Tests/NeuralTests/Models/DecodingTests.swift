import Testing
@testable import Neural

@Suite struct DecodingTests {
    /// The notes' examples, 4 classes, threshold 0.5.
    @Test func notesThresholdExamples() {
        let outputs = Matrix([[0.2, 0.4, 0.7, 0.1], [0.1, 0.9, 0.4, 0.1], [0.1, 0.9, 0.8, 0.2], [0.1, 0.2, 0.3, 0.4]])
        let decisions = Decoding.threshold(outputs, at: 0.5)
        #expect(decisions[0] == .single(2))           // class 3: only .7 ≥ .5
        #expect(decisions[1] == .single(1))           // class 2: only .9 ≥ .5
        #expect(decisions[2] == .ambiguous([1, 2]))   // .9 and .8 both pass
        #expect(decisions[3] == .none)                // nothing reaches .5
        // Softmax keeps the order, so argmax resolves the ambiguous row to class 2.
        #expect(Decoding.argmax(softmax(outputs))[2] == .single(1))
    }

    /// Edge cases of threshold decoding: an output exactly at the threshold passes (≥), every
    /// class can pass at once, and a uniform row is a tie of all classes under argmax.
    @Test func thresholdAndTieEdges() {
        let outputs = Matrix([[0.5, 0.49, 0.1, 0.2], [0.6, 0.7, 0.8, 0.9], [0.25, 0.25, 0.25, 0.25]])
        let decisions = Decoding.threshold(outputs, at: 0.5)
        #expect(decisions[0] == .single(0))
        #expect(decisions[1] == .ambiguous([0, 1, 2, 3]))
        #expect(decisions[2] == .none)
        #expect(Decoding.argmax(outputs)[2] == .ambiguous([0, 1, 2, 3]))
        #expect(Decoding.argmax(outputs)[2].classIndex == nil)
    }

    @Test func argmaxReportsTies() {
        let outputs = Matrix([[0.3, 0.3, 0.1], [0.1, 0.2, 0.7], [.nan, 1, 0]])
        #expect(Decoding.argmax(outputs) == [.ambiguous([0, 1]), .single(2), .none])
    }

    @Test func oneHotRoundTrip() {
        let labels = [0, 3, 1, 2]
        let encoded = Decoding.oneHot(labels, classCount: 4)
        #expect(encoded.row(1) == [0, 0, 0, 1])
        #expect(Decoding.argmax(encoded).map(\.classIndex) == labels.map(Optional.some))
    }

    /// softmax(1, 9, 8, 2): e^(t−9) = (e^−8, 1, e^−1, e^−7); sum = 1.36838…
    @Test func softmaxOfNotesExample() {
        let probabilities = softmax(Matrix([[1, 9, 8, 2]]))
        let denominator = 1 + 0.36787944117144233 + 0.00033546262790251185 + 0.0009118819655545162
        // Float32 rounding of values below 1: relative 1e-6 is a few ulps.
        #expect(abs(Double(probabilities[0, 1]) - 1 / denominator) < 1e-6)
        #expect(abs(Double(probabilities[0, 2]) - 0.36787944117144233 / denominator) < 1e-6)
        #expect(abs(probabilities.row(0).reduce(0, +) - 1) < 1e-6)
    }
}
