import Testing
@testable import Neural

@Suite struct LinearRegressionTests {
    /// The closed form against numpy.linalg.lstsq on the same float32 data. Both solve in
    /// Double; the coefficients are stored as float32, so 1e-6 relative is float precision.
    @Test func closedFormEqualsLeastSquares() throws {
        let reference = try LectureModelReference.load().linear
        var model = LinearRegression()
        try model.fitClosedForm(Matrix(reference.inputs), reference.targets)
        for (ours, theirs) in zip(model.coefficients, reference.weights) {
            #expect(abs(Double(ours) - theirs) <= 1e-6 * max(1, abs(theirs)))
        }
        #expect(abs(Double(model.intercept) - reference.bias) <= 1e-6 * max(1, abs(reference.bias)))
        #expect(try model.score(Matrix(reference.inputs), reference.targets) > 0.99)
    }

    /// Gradient descent reaches the least-squares solution: full batch closely; mini-batch and
    /// one-sample steps at a constant rate hover around it within their gradient noise.
    @Test(arguments: [
        (LinearRegression.Batching.fullBatch, 0.1, 500, 1e-3),
        (.miniBatch(size: 10), 0.02, 200, 2e-2),
        (.stochastic, 0.005, 100, 3e-2),
    ])
    func gradientDescentConverges(batching: LinearRegression.Batching, rate: Double, epochs: Int, tolerance: Double) throws {
        let reference = try LectureModelReference.load().linear
        var model = LinearRegression(learningRate: rate, epochs: epochs, batching: batching, seed: 3)
        try model.fit(Matrix(reference.inputs), reference.targets)
        for (ours, theirs) in zip(model.coefficients, reference.weights) {
            #expect(abs(Double(ours) - theirs) <= tolerance, "\(batching)")
        }
        #expect(abs(Double(model.intercept) - reference.bias) <= tolerance, "\(batching)")
        #expect(model.lossCurve.count == epochs)
    }

    /// With an L2 penalty (l2/2)·Σw² on the mean squared error, the minimum solves
    /// (XᵀX + (n·l2/2)·I′) w = Xᵀy: the ridge closed form with λ = n·l2/2 = 60·0.1/2 = 3.
    @Test func l2GradientDescentMatchesRidge() throws {
        let reference = try LectureModelReference.load().linear
        let x = Matrix(reference.inputs)
        var model = LinearRegression(learningRate: 0.1, epochs: 600, l2: 0.1)
        try model.fit(x, reference.targets)
        let ridge = try LeastSquares.solve(x, targets: reference.targets, l2: 3)
        // Full-batch GD to its fixed point: 1e-3 absolute.
        for (ours, theirs) in zip(model.coefficients, ridge.weights) { #expect(abs(Double(ours) - theirs) < 1e-3) }
        #expect(abs(Double(model.intercept) - ridge.bias) < 1e-3)
    }

    /// An L1 penalty l1·Σ|w| pulls the weights towards 0 by a constant: at the minimum of
    /// MSE + l1·Σ|w| every weight is smaller in size than without it, the smallest (0.25) most
    /// in proportion. Full-batch subgradient descent at η = 0.05 settles within about η·l1 of it.
    @Test func l1ShrinksTheWeights() throws {
        let reference = try LectureModelReference.load().linear
        let x = Matrix(reference.inputs)
        var plain = LinearRegression(learningRate: 0.05, epochs: 400)
        try plain.fit(x, reference.targets)
        var sparse = LinearRegression(learningRate: 0.05, epochs: 400, l1: 0.3)
        try sparse.fit(x, reference.targets)
        for (penalised, free) in zip(sparse.coefficients, plain.coefficients) { #expect(abs(penalised) < abs(free)) }
        let shrinkage = zip(sparse.coefficients, plain.coefficients).map { abs($0) / abs($1) }
        #expect(shrinkage[2] < shrinkage[0])
    }

    @Test func typedErrors() throws {
        var model = LinearRegression()
        #expect(throws: EstimatorError.notFitted(estimator: "LinearRegression")) { try model.predict(Matrix([[1]])) }
        #expect(throws: EstimatorError.emptyData) { try model.fit(Matrix(rows: 0, columns: 2), []) }
        #expect(throws: EstimatorError.lengthMismatch(samples: 2, targets: 3)) { try model.fit(Matrix([[1], [2]]), [1, 2, 3]) }
        #expect(throws: EstimatorError.nonFiniteValue(row: 1, column: 0)) { try model.fit(Matrix([[1], [.nan]]), [1, 2]) }
        try model.fitClosedForm(Matrix([[1], [2], [3]]), [2, 4, 6])
        #expect(throws: EstimatorError.featureCountMismatch(expected: 1, got: 2)) { try model.predict(Matrix([[1, 2]])) }
        // y = 2x exactly: w = 2, b = 0 (float32 of a Double solution).
        #expect(abs(model.coefficients[0] - 2) < 1e-5 && abs(model.intercept) < 1e-5)
        #expect(throws: EstimatorError.singularSystem) { try model.fitClosedForm(Matrix([[1, 2], [2, 4], [3, 6]]), [1, 2, 3]) }
    }
}
