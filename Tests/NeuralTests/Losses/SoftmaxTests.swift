import Foundation
import Testing
import Neural

@Suite struct SoftmaxTests {
    static let logits = Matrix([[1, 2, 3, 4], [-3, 0, 0.5, 10], [0, 0, 0, 0]])

    @Test func rowsSumToOne() {
        let p = softmax(Self.logits)
        for row in 0..<p.rows {
            let sum = p.row(row).reduce(0, +)
            #expect(abs(sum - 1) < 1e-6)  // four float32 terms each rounded to ~6e-8
            #expect(p.row(row).allSatisfy { $0 >= 0 })
        }
        // (1, 2, 3, 4): e^k / (e + e² + e³ + e⁴); the last is 1/(1 + e^−1 + e^−2 + e^−3) = 0.64391426.
        #expect(abs(p[0, 3] - 0.64391426) < 1e-6)
        #expect(p.row(2) == [0.25, 0.25, 0.25, 0.25])
    }

    @Test(arguments: [Float(-1000), -3, 0.5, 50, 1000])
    func unchangedByAConstantShift(shift: Float) {
        let shifted = Matrix(rows: Self.logits.rows, columns: Self.logits.columns) { Self.logits[$0, $1] + shift }
        // The row max is subtracted first, so only the rounding of z + shift differs: with
        // |shift| ≤ 1000 that is ≤ 6e-5 in z, hence ≤ 6e-5 relative in each probability.
        #expect(softmax(shifted).maxAbsoluteDifference(softmax(Self.logits)) < 1e-4)
    }

    @Test func logSoftmaxIsLogOfSoftmax() {
        let log1 = logSoftmax(Self.logits)
        let p = softmax(Self.logits)
        for index in 0..<p.count {
            // Both are float32; log of a probability ≥ 1e-6 carries relative error ~1e-7.
            #expect(abs(log1.storage[index] - Foundation.log(p.storage[index])) < 1e-5)
        }
    }
}

extension SoftmaxTests {
    @Test func edgeShapes() {
        // One column: softmax is 1 and log-softmax 0 whatever the logit.
        #expect(softmax(Matrix([[-5], [0], [1e4]])).storage == [1, 1, 1])
        #expect(logSoftmax(Matrix([[-5], [0], [1e4]])).storage == [0, 0, 0])
        // No rows: nothing to do, nothing read.
        #expect(softmax(Matrix(rows: 0, columns: 3)).count == 0)
    }
}
