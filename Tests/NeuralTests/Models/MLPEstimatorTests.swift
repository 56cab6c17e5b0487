import Testing
@testable import Neural

@Suite struct MLPEstimatorTests {
    /// Iris (standardised, stratified 70/30 split) with scikit-learn's settings from the fixture:
    /// one hidden layer of 16 ReLU units, Adam at 0.01, alpha 1e-4, up to 300 epochs. scikit-learn
    /// averages 0.98 train and 1.0 test accuracy over five seeds; the initial weights differ (its
    /// generator is NumPy's), so the margin is 0.05 (two of 45 test flowers).
    @Test func classifierOnIrisMatchesScikitLearn() throws {
        let reference = try LectureModelReference.load().mlp_classifier
        var model = MLPClassifier<String>(hiddenLayerSizes: [16], alpha: 1e-4, learningRateInit: 0.01,
                                          maxIter: 300, randomState: 0)
        try model.fit(Matrix(reference.train_inputs), reference.train_labels)
        #expect(model.classes == ["setosa", "versicolor", "virginica"])
        #expect(try model.score(Matrix(reference.train_inputs), reference.train_labels) >= reference.train_accuracy - 0.05)
        #expect(try model.score(Matrix(reference.test_inputs), reference.test_labels) >= reference.test_accuracy - 0.05)
        #expect(model.nIter >= 1 && model.nIter <= 300 && model.lossCurve.count == model.nIter)
        let probabilities = try model.predictProbabilities(Matrix(reference.test_inputs))
        #expect(probabilities.columns == 3)
        for row in 0..<probabilities.rows {
            // Softmax rows sum to 1 up to float32 rounding.
            #expect(abs(probabilities.row(row).reduce(0, +) - 1) < 1e-5)
        }
    }

    /// y = sin(2x1) + x2² − 0.5x3 + noise with scikit-learn's settings (32 tanh units, Adam at
    /// 0.01, tol 1e-5, n_iter_no_change 20, up to 500 epochs): scikit-learn averages R² ≈ 0.978
    /// on train and test; margin 0.05 for the different initial weights.
    @Test func regressorMatchesScikitLearn() throws {
        let reference = try LectureModelReference.load().mlp_regressor
        var model = MLPRegressor(hiddenLayerSizes: [32], activation: .tanh, learningRateInit: 0.01, maxIter: 500,
                                 randomState: 0, tol: 1e-5, nIterNoChange: 20)
        try model.fit(Matrix(reference.train_inputs), reference.train_targets)
        #expect(try model.score(Matrix(reference.train_inputs), reference.train_targets) >= reference.train_r2 - 0.05)
        #expect(try model.score(Matrix(reference.test_inputs), reference.test_targets) >= reference.test_r2 - 0.05)
    }

    /// Two classes: one sigmoid output with binary cross-entropy; probabilities are [1 − p, p].
    @Test func binaryClassifierUsesOneSigmoidOutput() throws {
        let x = Matrix([[0, 0], [0, 1], [1, 0], [1, 1], [0.1, 0.2], [0.9, 0.8]])
        let y = [0, 0, 0, 1, 0, 1]
        var model = MLPClassifier<Int>(hiddenLayerSizes: [4], learningRateInit: 0.05, maxIter: 300, randomState: 1)
        try model.fit(x, y)
        #expect(model.network?.outputSize == 1 && model.outputLink == .sigmoid)
        let p = try model.predictProbabilities(x)
        #expect(p.columns == 2)
        for row in 0..<p.rows { #expect(abs(p[row, 0] + p[row, 1] - 1) < 1e-6) }
        #expect(try model.score(x, y) == 1)
    }

    /// scikit-learn's rules for the trainer configuration.
    @Test func configurationFollowsScikitLearn() {
        var parameters = MLPParameters()
        var configuration = parameters.configuration(sampleCount: 150, loss: .categoricalCrossEntropy, scoreName: "accuracy", seed: 0)
        #expect(configuration.batchSize == 150)                      // 'auto' = min(200, n)
        #expect(configuration.regularization == .scikitLearn(alpha: 1e-4))
        #expect(configuration.optimizer == .adam(.scikitLearn()))
        #expect(configuration.convergence == .init(tolerance: 1e-4, patience: 10))
        #expect(configuration.customSchedule == nil)                 // Adam keeps learning_rate_init
        configuration = parameters.configuration(sampleCount: 1000, loss: .categoricalCrossEntropy, scoreName: "accuracy", seed: 0)
        #expect(configuration.batchSize == 200)

        parameters.solver = .sgd
        parameters.learningRate = .invscaling
        parameters.powerT = 0.25
        configuration = parameters.configuration(sampleCount: 100, loss: .halfMeanSquaredError, scoreName: "r2", seed: 0)
        #expect(configuration.optimizer == .sgd(.scikitLearn(momentum: 0.9, nesterov: true)))
        #expect(configuration.customSchedule == .inverseScaling(.scikitLearn(initialRate: 1e-3, power: 0.25)))

        // 'adaptive' lowers the rate instead of stopping on the training loss.
        parameters.learningRate = .adaptive
        configuration = parameters.configuration(sampleCount: 100, loss: .halfMeanSquaredError, scoreName: "r2", seed: 0)
        #expect(configuration.convergence == nil)
        #expect(configuration.customSchedule?.kind == .scikitLearnAdaptive)

        // Early stopping: a held-out fraction, its score watched with tol, the best weights kept.
        parameters.earlyStopping = true
        configuration = parameters.configuration(sampleCount: 100, loss: .halfMeanSquaredError, scoreName: "r2", seed: 0)
        #expect(configuration.validationFraction == 0.1)
        #expect(configuration.earlyStopping?.monitor == .validationMetric(name: "r2", higherIsBetter: true))
        #expect(configuration.earlyStopping?.patience == 11 && configuration.earlyStopping?.minimumDelta == 1e-4)
        #expect(configuration.earlyStopping?.restoreBestWeights == true)
    }

    @Test func earlyStoppingRecordsValidationScores() throws {
        let reference = try LectureModelReference.load().mlp_classifier
        var model = MLPClassifier<String>(hiddenLayerSizes: [8], learningRateInit: 0.01, maxIter: 60, randomState: 2,
                                          earlyStopping: true)
        try model.fit(Matrix(reference.train_inputs), reference.train_labels)
        #expect(model.validationScores.count == model.nIter)
        #expect(model.validationScores.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test func typedErrors() {
        var classifier = MLPClassifier<Int>(alpha: -1)
        #expect(throws: EstimatorError.invalidParameter("alpha must be a finite number ≥ 0, got -1.0")) {
            try classifier.fit(Matrix([[1], [2]]), [0, 1])
        }
        classifier.alpha = 1e-4
        #expect(throws: EstimatorError.singleClass(label: "3")) { try classifier.fit(Matrix([[1], [2]]), [3, 3]) }
        #expect(throws: EstimatorError.notFitted(estimator: "MLPClassifier")) { try classifier.predict(Matrix([[1]])) }
        var regressor = MLPRegressor()
        #expect(throws: EstimatorError.emptyData) { try regressor.fit(Matrix(rows: 0, columns: 1), []) }
        #expect(throws: EstimatorError.nonFiniteValue(row: 0, column: 1)) { try regressor.fit(Matrix([[1]]), [.infinity]) }
    }
}
