import Foundation
import Testing
import Neural

/// Loss values and gradients against hand-computed numbers.
@Suite struct LossTests {
    /// The notes' worked MSE: ŷ = (1.5, 1.2, 0.2, 1) against y = (1.6, 1.5, 0.7, 3).
    static let predictions = Matrix([[1.5], [1.2], [0.2], [1]])
    static let targets = Matrix([[1.6], [1.5], [0.7], [3]])
    /// float32 inputs like 1.2 and 0.7 carry relative rounding ~6e-8; the losses below are
    /// sums of a few such terms, so 1e-6 is ample and still catches any wrong formula.
    static let tolerance = 1e-6

    @Test func meanSquaredErrorOfTheNotes() {
        // residuals −0.1, −0.3, −0.5, −2: (0.01 + 0.09 + 0.25 + 4)/4 = 4.35/4 = 1.0875
        let value = Loss.meanSquaredError.value(logits: Self.predictions, targets: Self.targets)
        #expect(abs(value - 1.0875) < Self.tolerance)
        // scikit-learn's half-MSE: 1.0875/2 = 0.54375
        let half = Loss.halfMeanSquaredError.value(logits: Self.predictions, targets: Self.targets)
        #expect(abs(half - 0.54375) < Self.tolerance)
        // The same numbers as one row of 4 outputs: MSE is the mean over all elements.
        let row = Loss.meanSquaredError.value(logits: Self.predictions.reshaped(rows: 1, columns: 4),
                                              targets: Self.targets.reshaped(rows: 1, columns: 4))
        #expect(abs(row - 1.0875) < Self.tolerance)
    }

    @Test func meanSquaredErrorGradient() {
        // ∂/∂ŷ_i = 2(ŷ_i − y_i)/(batch·outputs) = 2·(−0.1, −0.3, −0.5, −2)/4 = (−0.05, −0.15, −0.25, −1)
        let (_, gradient) = Loss.meanSquaredError.valueAndGradient(logits: Self.predictions, targets: Self.targets)
        let expected: [Float] = [-0.05, -0.15, -0.25, -1]
        for (value, target) in zip(gradient.storage, expected) { #expect(abs(value - target) < 1e-6) }
        // Half-MSE: (ŷ − y)/(batch·outputs), half of the above.
        let (_, halfGradient) = Loss.halfMeanSquaredError.valueAndGradient(logits: Self.predictions, targets: Self.targets)
        for (value, target) in zip(halfGradient.storage, expected) { #expect(abs(value - target / 2) < 1e-6) }
    }

    @Test func meanAbsoluteAndHuber() {
        // MAE: (0.1 + 0.3 + 0.5 + 2)/4 = 2.9/4 = 0.725
        let mae = Loss.meanAbsoluteError.value(logits: Self.predictions, targets: Self.targets)
        #expect(abs(mae - 0.725) < Self.tolerance)
        // Huber δ = 1: r²/2 for |r| ≤ 1 → 0.005, 0.045, 0.125; δ(|r| − δ/2) = 2 − 0.5 = 1.5 for r = −2;
        // (0.005 + 0.045 + 0.125 + 1.5)/4 = 1.675/4 = 0.41875
        let huber = Loss.huber(delta: 1).value(logits: Self.predictions, targets: Self.targets)
        #expect(abs(huber - 0.41875) < Self.tolerance)
        // Huber gradient clamp(r, −δ, δ)/n: (−0.1, −0.3, −0.5, −1)/4
        let (_, gradient) = Loss.huber(delta: 1).valueAndGradient(logits: Self.predictions, targets: Self.targets)
        let expected: [Float] = [-0.025, -0.075, -0.125, -0.25]
        for (value, target) in zip(gradient.storage, expected) { #expect(abs(value - target) < 1e-6) }
    }

    @Test func perSampleWeightsAreAWeightedMean() {
        // Weights (1, 1, 1, 2): Σ w r² = 0.01 + 0.09 + 0.25 + 2·4 = 8.35, Σ w = 5 → 1.67
        let value = Loss.meanSquaredError.value(logits: Self.predictions, targets: Self.targets,
                                                sampleWeights: [1, 1, 1, 2])
        #expect(abs(value - 1.67) < Self.tolerance)
        // Scaling every weight by 10 changes nothing (Σ w l / Σ w).
        let scaled = Loss.meanSquaredError.value(logits: Self.predictions, targets: Self.targets,
                                                 sampleWeights: [10, 10, 10, 20])
        #expect(abs(scaled - 1.67) < Self.tolerance)
        // Unit weights give the plain mean.
        let unit = Loss.meanSquaredError.value(logits: Self.predictions, targets: Self.targets,
                                               sampleWeights: [1, 1, 1, 1])
        #expect(abs(unit - 1.0875) < Self.tolerance)
    }

    @Test func binaryCrossEntropyOnLogits() {
        // σ(0) = 1/2: −log(1/2) = log 2 for either label.
        let zero = Loss.binaryCrossEntropy.value(logits: Matrix([[0]]), targets: Matrix([[1]]))
        #expect(abs(zero - log(2)) < Self.tolerance)
        // z = log 3 → σ = 3/4: label 1 costs −log 0.75 = 0.28768207, label 0 costs −log 0.25 = 1.38629436.
        let z = Float(log(3.0))
        let logits = Matrix([[z], [z]])
        let labels = Matrix([[1], [0]])
        let plain = Loss.binaryCrossEntropy.value(logits: logits, targets: labels)
        #expect(abs(plain - (0.28768207 + 1.38629436) / 2) < Self.tolerance)
        // Class weights [w0, w1] = [0.5, 2]: (2·0.28768207 + 0.5·1.38629436)/(2 + 0.5) = 0.50740456
        let weighted = Loss.binaryCrossEntropy(classWeights: [0.5, 2]).value(logits: logits, targets: labels)
        #expect(abs(weighted - 0.50740456) < Self.tolerance)
        // Gradient (σ(z) − y)/n = (0.75 − 1, 0.75 − 0)/2 = (−0.125, 0.375).
        let (_, gradient) = Loss.binaryCrossEntropy.valueAndGradient(logits: logits, targets: labels)
        #expect(abs(gradient[0, 0] + 0.125) < 1e-6 && abs(gradient[1, 0] - 0.375) < 1e-6)
    }

    @Test func categoricalCrossEntropyFromIndicesAndOneHot() {
        // Row 1: logits (0, log 2, log 7) → softmax (0.1, 0.2, 0.7); class 2 costs −log 0.7 = 0.35667494.
        // Row 2: the same logits, class 0 costs −log 0.1 = 2.30258509. Mean: 1.32963002.
        let logits = Matrix([[0, Float(log(2.0)), Float(log(7.0))], [0, Float(log(2.0)), Float(log(7.0))]])
        let indices = Matrix([[2], [0]])
        let oneHot = Matrix([[0, 0, 1], [1, 0, 0]])
        let fromIndices = Loss.categoricalCrossEntropy.value(logits: logits, targets: indices)
        let fromOneHot = Loss.categoricalCrossEntropy.value(logits: logits, targets: oneHot)
        #expect(abs(fromIndices - 1.32963002) < Self.tolerance)
        #expect(abs(fromOneHot - fromIndices) < 1e-12)  // the same sums in the same order
        // Class weights (1, 1, 3): (3·0.35667494 + 1·2.30258509)/(3 + 1) = 0.84315244
        let weighted = Loss.categoricalCrossEntropy(classWeights: [1, 1, 3]).value(logits: logits, targets: indices)
        #expect(abs(weighted - 0.84315244) < Self.tolerance)
        // Gradient (softmax − y)/batch: row 1 (0.1, 0.2, −0.3)/2, row 2 (−0.9, 0.2, 0.7)/2.
        let (_, gradient) = Loss.categoricalCrossEntropy.valueAndGradient(logits: logits, targets: indices)
        let expected: [Float] = [0.05, 0.1, -0.15, -0.45, 0.1, 0.35]
        for (value, target) in zip(gradient.storage, expected) { #expect(abs(value - target) < 1e-6) }
    }

    @Test func hugeLogitsStayFinite() {
        // BCE with z = ±1e4: max(z,0) − z·y + log1p(e^−|z|) = 1e4 for (1e4, y = 0), 0 for (−1e4, 0).
        let bce = Loss.binaryCrossEntropy.valueAndGradient(logits: Matrix([[1e4], [-1e4]]), targets: Matrix([[0], [0]]))
        #expect(abs(bce.value - 5000) < 1e-3)  // (1e4 + 0)/2; float32 1e4 is exact
        #expect(bce.gradient.storage == [0.5, 0])  // (σ − y)/2 = (1/2, 0)
        // CCE with logits (1e4, −1e4, 0) and class 1: lse = 1e4, loss = 1e4 − (−1e4) = 2e4.
        let cce = Loss.categoricalCrossEntropy.valueAndGradient(logits: Matrix([[1e4, -1e4, 0]]), targets: Matrix([[1]]))
        #expect(abs(cce.value - 2e4) < 1e-2)
        #expect(cce.gradient.storage == [1, -1, 0])  // softmax (1, 0, 0) − one-hot (0, 1, 0)
        #expect(softmax(Matrix([[1e4, -1e4, 0]])).storage == [1, 0, 0])
        #expect(logSoftmax(Matrix([[1e4, -1e4, 0]])).storage == [0, -2e4, -1e4])
        #expect(sigmoid(Matrix([[1e4, -1e4]])).storage == [1, 0])
    }

    @Test func links() {
        #expect(Loss.meanSquaredError.link == .identity)
        #expect(Loss.huber().link == .identity)
        #expect(Loss.binaryCrossEntropy.link == .sigmoid)
        #expect(Loss.categoricalCrossEntropy.link == .softmax)
    }

    @Test func codableRoundTrip() throws {
        let losses: [Loss] = [.meanSquaredError, .halfMeanSquaredError, .meanAbsoluteError, .huber(delta: 2),
                              .binaryCrossEntropy(classWeights: [1, 3]), .categoricalCrossEntropy]
        let data = try JSONEncoder().encode(losses)
        #expect(try JSONDecoder().decode([Loss].self, from: data) == losses)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Loss.self, from: Data(#"{"kind": {"huber": {"delta": -1}}}"#.utf8))
        }
        let regularizations: [Regularization] = [.none, .l1(0.5), .l2(0.25), .scikitLearn(alpha: 1e-4)]
        #expect(try JSONDecoder().decode([Regularization].self, from: JSONEncoder().encode(regularizations)) == regularizations)
        #expect(try JSONDecoder().decode(Regularization.self, from: Data(#"{"l2": 0.5}"#.utf8)) == .l2(0.5))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Regularization.self, from: Data(#"{"l1": -0.5}"#.utf8))
        }
    }

    @Test func entropyOfDistributions() {
        // Uniform over 4 outcomes: log 4; a certain outcome: 0 (0·log 0 = 0); a fair coin: log 2.
        #expect(abs(entropy([0.25, 0.25, 0.25, 0.25] as [Double]) - log(4)) < 1e-15)
        #expect(entropy([1, 0, 0] as [Double]) == 0)
        #expect(abs(entropy([0.5, 0.5] as [Float]) - log(2)) < 1e-15)
        // (0.2, 0.8): −0.2 log 0.2 − 0.8 log 0.8 = 0.32188758 + 0.17851484 = 0.50040242
        #expect(abs(entropy([0.2, 0.8] as [Double]) - 0.50040242) < 1e-8)
    }
}
