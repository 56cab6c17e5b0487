import Foundation
import Testing
import NeuralTestSupport
@testable import Neural

/// The fixture written by `Fixtures/reference/generate_metrics_reference.py` (scikit-learn; the
/// versions are recorded in the file).
struct MetricsReference: Decodable {
    struct Classification: Decodable, Sendable, CustomTestStringConvertible {
        struct Expected: Decodable, Sendable {
            var accuracy: Double
            var precision_macro: Double
            var recall_macro: Double
            var f1_macro: Double
            var precision: [Double]
            var recall: [Double]
            var f1: [Double]
            var support: [Double]
            var confusion_matrix: [[Double]]
            var log_loss: Double?
        }
        var name: String
        var class_count: Int
        var actual: [Int]
        var predicted: [Int]
        var probabilities: [[Float]]?
        var weights: [Double]?
        var expected: Expected
        var testDescription: String { name }
    }

    struct Regression: Decodable, Sendable, CustomTestStringConvertible {
        struct Expected: Decodable, Sendable {
            var mse: Double
            var rmse: Double
            var mae: Double
            var r2: Double
        }
        var name: String
        var actual: [[Float]]
        var predicted: [[Float]]
        var weights: [Double]?
        var expected: Expected
        var testDescription: String { name }
    }

    var versions: [String: String]
    var classification: [Classification]
    var regression: [Regression]

    static let shared: MetricsReference? = {
        guard let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil),
              let data = try? Data(contentsOf: folder.appendingPathComponent("metrics_reference.json")) else { return nil }
        return try? JSONDecoder().decode(MetricsReference.self, from: data)
    }()
}

@Suite struct MetricsTests {
    /// Counting metrics come from the same counts in both implementations; only the order of a
    /// few Double additions and divisions differs, so agreement is to rounding (≈ 1e-16 each).
    static let countingTolerance = 1e-12
    /// scikit-learn computes log-loss in float32 for float32 probabilities (ε ≈ 1.2e-7 per
    /// operation), Neural in Double, so they agree to a few float32 roundings.
    static let logLossTolerance = 1e-6

    static var classificationCases: [MetricsReference.Classification] { MetricsReference.shared?.classification ?? [] }
    static var regressionCases: [MetricsReference.Regression] { MetricsReference.shared?.regression ?? [] }

    @Test func referenceFixtureLoads() throws {
        let reference = try #require(MetricsReference.shared)
        #expect(reference.versions["scikit-learn"] != nil)
        #expect(reference.classification.count >= 4 && reference.regression.count >= 4)
    }

    @Test(arguments: classificationCases)
    func classificationMatchesScikitLearn(_ reference: MetricsReference.Classification) throws {
        let expected = reference.expected
        let confusion = ConfusionMatrix(actual: reference.actual, predicted: reference.predicted,
                                        classCount: reference.class_count, weights: reference.weights)
        #expect(confusion.rows == expected.confusion_matrix)

        let accuracy = Metrics.accuracy(actual: reference.actual, predicted: reference.predicted, weights: reference.weights)
        #expect(isApproximatelyEqual(accuracy, expected.accuracy, relative: Self.countingTolerance))

        let scores = confusion.classScores
        for label in 0..<reference.class_count {
            #expect(isApproximatelyEqual(scores[label].precision, expected.precision[label], relative: Self.countingTolerance), "class \(label)")
            #expect(isApproximatelyEqual(scores[label].recall, expected.recall[label], relative: Self.countingTolerance), "class \(label)")
            #expect(isApproximatelyEqual(scores[label].f1, expected.f1[label], relative: Self.countingTolerance), "class \(label)")
            #expect(isApproximatelyEqual(scores[label].support, expected.support[label], relative: Self.countingTolerance), "class \(label)")
        }
        let macro = confusion.macroScores
        #expect(isApproximatelyEqual(macro.precision, expected.precision_macro, relative: Self.countingTolerance))
        #expect(isApproximatelyEqual(macro.recall, expected.recall_macro, relative: Self.countingTolerance))
        #expect(isApproximatelyEqual(macro.f1, expected.f1_macro, relative: Self.countingTolerance))

        let probabilities = reference.probabilities.map { Matrix($0) }
        if let probabilities, let expectedLoss = expected.log_loss {
            let loss = Metrics.logLoss(actual: reference.actual, probabilities: probabilities, weights: reference.weights)
            #expect(isApproximatelyEqual(loss, expectedLoss, relative: Self.logLossTolerance), "\(loss) vs \(expectedLoss)")
        }

        let report = ClassificationReport(actual: reference.actual, predicted: reference.predicted,
                                          probabilities: probabilities,
                                          classes: (0..<reference.class_count).map { "class \($0)" },
                                          weights: reference.weights)
        #expect(report.confusionMatrix == expected.confusion_matrix)
        #expect(isApproximatelyEqual(report.f1, expected.f1_macro, relative: Self.countingTolerance))
        #expect((report.logLoss == nil) == (expected.log_loss == nil))
        #expect(report.perClass.map(\.recall) == scores.map(\.recall))
    }

    @Test(arguments: regressionCases)
    func regressionMatchesScikitLearn(_ reference: MetricsReference.Regression) {
        let actual = Matrix(reference.actual), predicted = Matrix(reference.predicted)
        let report = RegressionReport(actual: actual, predicted: predicted, weights: reference.weights)
        // Same Double arithmetic on the same float32 inputs; only summation order differs.
        let tolerance = 1e-12
        #expect(isApproximatelyEqual(report.mse, reference.expected.mse, relative: tolerance, absolute: tolerance))
        #expect(isApproximatelyEqual(report.rmse, reference.expected.rmse, relative: tolerance, absolute: tolerance))
        #expect(isApproximatelyEqual(report.mae, reference.expected.mae, relative: tolerance, absolute: tolerance))
        #expect(isApproximatelyEqual(report.r2, reference.expected.r2, relative: tolerance, absolute: tolerance))
        #expect(report.samples == reference.actual.count)
    }

    @Test func lectureMeanSquaredErrorByHand() {
        // ŷ = (1.5, 1.2, .2, 1), y = (1.6, 1.5, .7, 3): squared errors .01 + .09 + .25 + 4 = 4.35,
        // mean 1.0875. The inputs are float32 (≈ 6e-8 relative representation error), hence 1e-6.
        let mse = Metrics.meanSquaredError(actual: [1.6, 1.5, 0.7, 3], predicted: [1.5, 1.2, 0.2, 1])
        #expect(isApproximatelyEqual(mse, 1.0875, relative: 1e-6))
        // Absolute errors .1 + .3 + .5 + 2 = 2.9, mean 0.725.
        let mae = Metrics.meanAbsoluteError(actual: [1.6, 1.5, 0.7, 3], predicted: [1.5, 1.2, 0.2, 1])
        #expect(isApproximatelyEqual(mae, 0.725, relative: 1e-6))
    }

    @Test func constantTargetR2FollowsScikitLearn() {
        // Σ (y − ȳ)² = 0: R² is 1 for a perfect prediction, 0 otherwise (force_finite=True).
        #expect(Metrics.r2Score(actual: [2, 2, 2], predicted: [2, 2, 2]) == 1)
        #expect(Metrics.r2Score(actual: [2, 2, 2], predicted: [2, 2, 3]) == 0)
        // One sample: R² is undefined (scikit-learn returns NaN with a warning).
        #expect(Metrics.r2Score(actual: [2], predicted: [2]).isNaN)
    }

    @Test func confidentWrongAnswerCostsLogOfOneOverEpsilon() {
        // p(true class) = 0 is clipped to ε = 2^-23, costing −log(2^-23) = 23·ln 2 ≈ 15.942.
        let loss = Metrics.logLoss(actual: [0], probabilities: Matrix([[0, 1]]))
        #expect(isApproximatelyEqual(loss, 23 * log(2.0), relative: 1e-12))
    }

    @Test func emptyInputsGiveNaN() {
        #expect(Metrics.accuracy(actual: [], predicted: []).isNaN)
        #expect(Metrics.meanSquaredError(actual: [Float](), predicted: []).isNaN)
        #expect(ConfusionMatrix(actual: [], predicted: [], classCount: 2).macroScores.f1.isNaN)
    }

    @Test func classificationReportJSONHasExactlyTheDocumentedKeys() throws {
        let report = ClassificationReport(actual: [0, 1, 1], predicted: [0, 1, 0],
                                          probabilities: Matrix([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]]),
                                          classes: ["cat", "dog"])
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        #expect(Set(object.keys) == ["accuracy", "precision", "recall", "f1", "log_loss", "confusion_matrix", "classes", "samples"])
        #expect(object["classes"] as? [String] == ["cat", "dog"])
        #expect(object["samples"] as? Int == 3)
        // Counts are encoded as JSON integers.
        let json = String(decoding: try JSONEncoder().encode(report.confusionMatrix), as: UTF8.self)
        #expect(json == "[[1,0],[1,1]]")
        #expect(try JSONDecoder().decode(ClassificationReport.self, from: JSONEncoder().encode(report)) == report)

        let withoutProbabilities = ClassificationReport(actual: [0], predicted: [0], classes: ["only"])
        let second = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(withoutProbabilities)) as? [String: Any])
        #expect(second["log_loss"] is NSNull)
        #expect(try JSONDecoder().decode(ClassificationReport.self, from: JSONEncoder().encode(withoutProbabilities)) == withoutProbabilities)
    }

    @Test func regressionReportJSONHasExactlyTheDocumentedKeys() throws {
        let report = RegressionReport(actual: [1, 2, 3], predicted: [1, 2, 4])
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        #expect(Set(object.keys) == ["mse", "rmse", "mae", "r2", "samples"])
    }
}
