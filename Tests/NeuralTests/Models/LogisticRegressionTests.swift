import Testing
@testable import Neural

@Suite struct LogisticRegressionTests {
    /// Against scikit-learn's unpenalised LogisticRegression (lbfgs to tol 1e-12) on two
    /// overlapping standardised Gaussians. Gradient descent (η = 1, up to 2000 full-batch steps)
    /// approaches the same optimum: 1% of each coefficient and 0.005 in every probability is the
    /// margin left to its slow final convergence.
    @Test func binaryMatchesScikitLearn() throws {
        let reference = try LectureModelReference.load().logistic_binary
        let x = Matrix(reference.inputs)
        var model = LogisticRegression<Int>()
        try model.fit(x, reference.labels)
        #expect(model.classes == [0, 1])
        let coefficients = model.coefficients
        for (index, theirs) in reference.coef[0].enumerated() {
            #expect(abs(Double(coefficients[0, index]) - theirs) <= 0.01 * abs(theirs))
        }
        #expect(abs(Double(model.intercepts[0]) - reference.intercept[0]) <= 0.01 * max(abs(reference.intercept[0]), 0.1))
        let probabilities = try model.predictProbabilities(x)
        let worst = zip(0..<x.rows, reference.probabilities).map { abs(Double(probabilities[$0, 1]) - $1) }.max() ?? 0
        #expect(worst < 0.005)
        #expect(abs(try model.score(x, reference.labels) - reference.accuracy) <= 0.01)
    }

    /// The multinomial (softmax) model on three classes: the same probabilities as scikit-learn's
    /// multinomial fit within 0.01 (softmax weights are defined up to a shift, so the
    /// probabilities are what is compared).
    @Test func multinomialMatchesScikitLearn() throws {
        let reference = try LectureModelReference.load().logistic_multinomial
        let x = Matrix(reference.inputs)
        var model = LogisticRegression<Int>()
        try model.fit(x, reference.labels)
        let probabilities = try model.predictProbabilities(x)
        #expect(probabilities.columns == 3)
        var worst = 0.0
        for row in 0..<x.rows {
            for column in 0..<3 { worst = max(worst, abs(Double(probabilities[row, column]) - reference.probabilities[row][column])) }
        }
        #expect(worst < 0.01)
        #expect(abs(try model.score(x, reference.labels) - reference.accuracy) <= 0.02)
    }

    @Test func typedErrors() {
        var model = LogisticRegression<String>()
        #expect(throws: EstimatorError.singleClass(label: "a")) { try model.fit(Matrix([[1], [2]]), ["a", "a"]) }
        #expect(throws: EstimatorError.notFitted(estimator: "LogisticRegression")) { try model.predict(Matrix([[1]])) }
        #expect(throws: EstimatorError.lengthMismatch(samples: 2, targets: 1)) { try model.fit(Matrix([[1], [2]]), ["a"]) }
    }
}
