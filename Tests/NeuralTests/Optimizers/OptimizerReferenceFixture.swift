import Foundation

/// `Fixtures/optimizer_reference.json`, written by
/// `Fixtures/reference/generate_optimizer_reference.py` from PyTorch, Keras and scikit-learn
/// (the file's `versions` says which). Its header documents every field.
struct OptimizerReferenceFixture: Decodable {
    struct Versions: Decodable {
        var python: String
        var numpy: String
        var torch: String
        var sklearn: String
        var keras: String
        var jax: String
    }

    struct OptimizerCase: Decodable {
        var name: String
        var library: String
        var optimizer: String
        var initial: [Double]
        var gradients: [[Double]]
        var learningRates: [Double]
        var trajectory: [[Double]]
    }

    struct ClippingCase: Decodable {
        var name: String
        var kind: String
        var maxNorm: Double?
        var clipValue: Double?
        var gradients: [[Double]]
        var normBefore: Double?
        var clipped: [[Double]]
    }

    struct ScheduleCase: Decodable {
        var name: String
        var scheduler: String
        var baseLr: Double
        var metrics: [Double]?
        var rates: [Double]
    }

    struct ScikitLearnScheduleCase: Decodable {
        var name: String
        var learningRate: String
        var settings: [String: Double]
        var nSamples: Int
        var batchSize: Int
        var earlyStopping: Bool
        var lossCurve: [Double]
        var validationScores: [Double]?
        var stepRates: [[Double]]
        var epochsRun: Int
        var stoppedEarly: Bool

        /// A numeric setting by scikit-learn's name (dictionary keys may or may not have been
        /// converted from snake case by the decoder, depending on the Foundation in use).
        func setting(_ snakeCaseName: String) -> Double {
            let parts = snakeCaseName.split(separator: "_")
            let camelCase = parts.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
            guard let value = settings[snakeCaseName] ?? settings[camelCase] else {
                fatalError("scikit-learn case \(name) has no setting \(snakeCaseName)")
            }
            return value
        }
    }

    var versions: Versions
    var optimizers: [OptimizerCase]
    var clipping: [ClippingCase]
    var schedules: [ScheduleCase]
    var sklearnSchedules: [ScikitLearnScheduleCase]

    /// Loaded once; a missing or malformed fixture is a broken checkout, so it stops the tests.
    static let shared: OptimizerReferenceFixture = {
        guard let url = Bundle.module.url(forResource: "optimizer_reference", withExtension: "json",
                                          subdirectory: "Fixtures") else {
            fatalError("Fixtures/optimizer_reference.json is missing from the test bundle")
        }
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(OptimizerReferenceFixture.self, from: Data(contentsOf: url))
        } catch {
            fatalError("Fixtures/optimizer_reference.json cannot be read: \(error)")
        }
    }()

    func optimizer(named name: String) -> OptimizerCase {
        guard let found = optimizers.first(where: { $0.name == name }) else {
            fatalError("optimizer_reference.json has no optimizer case \(name)")
        }
        return found
    }

    func schedule(named name: String) -> ScheduleCase {
        guard let found = schedules.first(where: { $0.name == name }) else {
            fatalError("optimizer_reference.json has no schedule case \(name)")
        }
        return found
    }

    func scikitLearnSchedule(named name: String) -> ScikitLearnScheduleCase {
        guard let found = sklearnSchedules.first(where: { $0.name == name }) else {
            fatalError("optimizer_reference.json has no scikit-learn schedule case \(name)")
        }
        return found
    }
}
