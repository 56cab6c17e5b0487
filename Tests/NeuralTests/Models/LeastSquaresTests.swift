import Testing
@testable import Neural

@Suite struct LeastSquaresTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            let name: String
            let inputs: [[Double]]
            let targets: [Double]
            let weights: [Double]
            let bias: Double
            let ridge_alpha: Double
            let ridge_weights: [Double]
            let ridge_bias: Double
        }
        let least_squares: [Case]
    }

    /// Against numpy.linalg.lstsq and scikit-learn's Ridge on the same float32-rounded data
    /// (generate_estimator_reference.py). Both solve in Double; normal equations square the
    /// condition number (small here, < 1e3), so agreement to 1e-9 relative is expected;
    /// 1e-7 leaves margin.
    @Test func matchesNumpyAndRidge() throws {
        let reference = try Fixtures.decode(Reference.self, from: "estimator_reference.json")
        for item in reference.least_squares {
            let inputs = Matrix(item.inputs.map { $0.map(Float.init) })
            let targets = item.targets.map(Float.init)
            let plain = try LeastSquares.solve(inputs, targets: targets)
            for (ours, theirs) in zip(plain.weights, item.weights) {
                #expect(abs(ours - theirs) <= 1e-7 * max(1, abs(theirs)), "\(item.name)")
            }
            #expect(abs(plain.bias - item.bias) <= 1e-7 * max(1, abs(item.bias)))
            // Ridge: scikit-learn centres the data and leaves the intercept unpenalised, which
            // is the same as penalising every weight but the bias column.
            let ridge = try LeastSquares.solve(inputs, targets: targets, l2: item.ridge_alpha)
            for (ours, theirs) in zip(ridge.weights, item.ridge_weights) {
                #expect(abs(ours - theirs) <= 1e-7 * max(1, abs(theirs)), "\(item.name) ridge")
            }
            #expect(abs(ridge.bias - item.ridge_bias) <= 1e-7 * max(1, abs(item.ridge_bias)))
        }
    }

    /// The notes' table: y = w1·x1 + w2·x2 + b fitted exactly? Four points, three unknowns: the
    /// residuals are not all zero, but the solution satisfies the normal equations Xᵀ(Xw − y) = 0.
    @Test func residualIsOrthogonalToInputs() throws {
        let inputs = Matrix([[2, 3], [3, 5], [1, 0], [3, 1]])
        let targets: [Float] = [4, 6, 2, 5]
        let solution = try LeastSquares.solve(inputs, targets: targets)
        let residuals = (0..<4).map { row in
            solution.weights[0] * Double(inputs[row, 0]) + solution.weights[1] * Double(inputs[row, 1]) + solution.bias - Double(targets[row])
        }
        for feature in 0..<2 {
            let dot = (0..<4).map { residuals[$0] * Double(inputs[$0, feature]) }.reduce(0, +)
            #expect(abs(dot) < 1e-9)
        }
        #expect(abs(residuals.reduce(0, +)) < 1e-9)
    }

    @Test func singularSystemIsReported() {
        // The second feature is twice the first.
        let inputs = Matrix([[1, 2], [2, 4], [3, 6]])
        #expect(throws: LeastSquares.SolveError.singular) {
            try LeastSquares.solve(inputs, targets: [1, 2, 3])
        }
    }
}
