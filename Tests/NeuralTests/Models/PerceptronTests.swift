import Testing
@testable import Neural

@Suite struct PerceptronTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            let name: String
            let inputs: [[Double]]
            let targets: [Int]
            let eta: Double
            let weights: [Double]
            let bias: Double
        }
        let perceptron: [Case]
    }

    /// scikit-learn's `Perceptron(shuffle=False, tol=None)` on the same rows in the same order
    /// (generate_estimator_reference.py). Its rule is the margin rule; the arithmetic is sums of
    /// ±η·x in Double on both sides, so the results agree to rounding of a few additions.
    @Test func matchesScikitLearn() throws {
        let reference = try Fixtures.decode(Reference.self, from: "estimator_reference.json")
        for item in reference.perceptron {
            let inputs = Matrix(item.inputs.map { $0.map(Float.init) })
            var model = Perceptron(inputSize: inputs.columns, learningRate: item.eta, mistakeRule: .margin)
            model.fit(inputs, targets: item.targets)
            #expect(model.converged, "\(item.name) is separable")
            for (ours, theirs) in zip(model.weights, item.weights) {
                #expect(abs(ours - theirs) <= 1e-6 * max(1, abs(theirs)), "\(item.name): \(model.weights) vs \(item.weights)")
            }
            #expect(abs(model.bias - item.bias) <= 1e-6 * max(1, abs(item.bias)), "\(item.name) bias")
            #expect(model.predict(inputs) == item.targets)
        }
    }

    /// The notes' table made binary (target 1 when y ≥ 5), η = 1, from w = 0, b = 0, step(z) = [z > 0]:
    /// epoch 1: (2,3) t=0 z=0 y=0 ok; (3,5) t=1 z=0 y=0 → w=(3,5), b=1; (1,0) t=0 z=4 y=1 →
    /// w=(2,5), b=0; (3,1) t=1 z=11 ok. Epoch 2: (2,3) t=0 z=19 → w=(0,2), b=−1; the others pass.
    /// Epoch 3: (2,3) t=0 z=5 → w=(−2,−1), b=−2; … The data is separable (x1 ≥ 3), and the
    /// rule reaches w=(5,0), b=−14 in epoch 41 — the same point scikit-learn's run reaches.
    @Test func handWorkedNotesTable() {
        let inputs = Matrix([[2, 3], [3, 5], [1, 0], [3, 1]])
        var model = Perceptron(inputSize: 2, learningRate: 1)
        let updates = model.fit(inputs, targets: [0, 1, 0, 1])
        #expect(Array(updates.prefix(4).map(\.weights)) == [[3, 5], [2, 5], [0, 2], [-2, -1]])
        #expect(Array(updates.prefix(4).map(\.bias)) == [1, 0, -1, -2])
        #expect(Array(model.mistakesPerEpoch.prefix(2)) == [2, 1])
        #expect(model.converged)
        #expect(model.epochsRun == 41)
        #expect(model.weights == [5, 0] && model.bias == -14)
    }

    /// XOR is not linearly separable: the rule never reaches an epoch without mistakes.
    @Test func xorDoesNotConverge() {
        let inputs = Matrix([[0, 0], [0, 1], [1, 0], [1, 1]])
        var model = Perceptron(inputSize: 2, learningRate: 0.5, maximumEpochs: 100)
        model.fit(inputs, targets: [0, 1, 1, 0])
        #expect(!model.converged)
        #expect(model.epochsRun == 100)
        #expect(model.mistakesPerEpoch.allSatisfy { $0 > 0 })
    }
}
