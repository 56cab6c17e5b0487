import Foundation
import Testing
@testable import Neural

/// `save(to:)` and `init(contentsOf:)` of a network and of each estimator: a reload predicts
/// bit for bit what the saved value predicted (the file stores the Float32 parameters exactly),
/// and a file of another kind or a value that was never fitted is refused with a typed error.
@Suite struct ModelSaveLoadTests {
    /// XOR-like data: 8 rows, 2 features; labels 0/1 and a regression target.
    static let x = Matrix([[0, 0], [0, 1], [1, 0], [1, 1], [0.2, 0.1], [0.1, 0.9], [0.9, 0.2], [0.8, 0.8]] as [[Float]])
    static let labels = [0, 1, 1, 0, 0, 1, 1, 0]
    static let values: [Float] = [0.1, 1.1, 0.9, 2.0, 0.3, 1.0, 1.2, 1.7]

    static func url(_ name: String) throws -> (URL, URL) {
        let folder = try SerializationTestSupport.makeTemporaryFolder()
        return (folder, folder.appendingPathComponent(name))
    }

    @Test func networkRoundTripsBitForBit() throws {
        let (folder, url) = try Self.url("net.safetensors")
        defer { try? FileManager.default.removeItem(at: folder) }
        let network = Network(inputSize: 2, hiddenLayers: [5, 3], outputSize: 2, activation: .tanh, dropout: 0.1, seed: 7)
        try network.save(to: url)
        let loaded = try Network(contentsOf: url)
        #expect(loaded.layers == network.layers)
        #expect(loaded.parameters == network.parameters)
        #expect(loaded.predict(Self.x).storage == network.predict(Self.x).storage)
    }

    @Test func networkReadsTheNetworkOfATrainedModelFile() throws {
        let (folder, url) = try Self.url("model.safetensors")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (model, _) = try TrainedModelTests.classifier()
        try model.save(to: url)
        #expect(try Network(contentsOf: url).parameters == model.network.parameters)
        #expect(try TrainedModel(contentsOf: url).network.parameters == model.network.parameters)
    }

    @Test func tensorsWithoutArchitectureAreRefusedByName() throws {
        let (folder, url) = try Self.url("bare.safetensors")
        defer { try? FileManager.default.removeItem(at: folder) }
        let network = Network(inputSize: 2, hiddenLayers: [], outputSize: 1, seed: 1)
        try ModelFile(parameters: network.parameters).write(to: url)
        #expect(throws: TrainedModelError.modelFile(.missingMetadata(source: url.path, key: ModelFormat.architectureKey))) {
            try Network(contentsOf: url)
        }
    }

    @Test func mlpClassifierRoundTripsAndTheCommandLineModelReadsIt() throws {
        let (folder, url) = try Self.url("mlp.safetensors")
        defer { try? FileManager.default.removeItem(at: folder) }
        var model = MLPClassifier<Int>(hiddenLayerSizes: [6], maxIter: 30, randomState: 3)
        try model.fit(Self.x, Self.labels)
        try model.save(to: url)
        let loaded = try MLPClassifier<Int>(contentsOf: url)
        #expect(loaded.classes == [0, 1])
        #expect(loaded.parameters == model.parameters)
        #expect(loaded.lossCurve == model.lossCurve)
        #expect(try loaded.predictProbabilities(Self.x).storage == model.predictProbabilities(Self.x).storage)
        #expect(try loaded.predict(Self.x) == model.predict(Self.x))
        // The same file as the command line sees it: columns x0, x1 and classes "0", "1".
        let trained = try TrainedModel(contentsOf: url)
        #expect(trained.inputColumns == ["x0", "x1"])
        #expect(trained.classNames == ["0", "1"])
        #expect(trained.network.parameters == model.network?.parameters)
    }

    @Test func mlpClassifierWithStringLabelsAndThreeClasses() throws {
        let (folder, url) = try Self.url("mlp3.safetensors")
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = ["b", "a", "c", "a", "b", "c", "a", "b"]
        var model = MLPClassifier<String>(hiddenLayerSizes: [4], maxIter: 20, randomState: 1)
        try model.fit(Self.x, names)
        try model.save(to: url)
        let loaded = try MLPClassifier<String>(contentsOf: url)
        #expect(loaded.classes == ["a", "b", "c"])
        #expect(try loaded.predict(Self.x) == model.predict(Self.x))
    }

    @Test func mlpRegressorRoundTrips() throws {
        let (folder, url) = try Self.url("reg.safetensors")
        defer { try? FileManager.default.removeItem(at: folder) }
        var model = MLPRegressor(hiddenLayerSizes: [5], maxIter: 25, randomState: 2)
        try model.fit(Self.x, Self.values)
        try model.save(to: url)
        let loaded = try MLPRegressor(contentsOf: url)
        #expect(try loaded.predict(Self.x) == model.predict(Self.x))
        #expect(loaded.history == model.history)
    }

    /// Hyper-parameters edited out of range in a saved estimator are refused when it is read,
    /// naming the file and the parameter, by the rules `fit` checks them with.
    @Test(arguments: [
        ("momentum", "1.5", "momentum must be in [0, 1), got 1.5"),
        ("beta2", "\"NaN\"", "beta2 must be in [0, 1), got nan"),
        ("learningRateInit", "-0.1", "learningRateInit must be a positive number, got -0.1"),
        ("maxIter", "0", "maxIter must be at least 1, got 0"),
    ])
    func editedHyperParametersAreRefusedOnReading(field: String, value: String, message: String) throws {
        let (folder, url) = try Self.url("mlp.safetensors")
        defer { try? FileManager.default.removeItem(at: folder) }
        var model = MLPRegressor(hiddenLayerSizes: [3], maxIter: 5, randomState: 2)
        try model.fit(Self.x, Self.values)
        try model.save(to: url)
        var file = try ModelFile.read(from: url)
        let json = try #require(file.metadata[EstimatorFile.key])
        var envelope = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        var state = try #require(envelope["state"] as? [String: Any])
        var parameters = try #require(state["parameters"] as? [String: Any])
        parameters[field] = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
        state["parameters"] = parameters
        envelope["state"] = state
        file.metadata[EstimatorFile.key] = String(decoding: try JSONSerialization.data(withJSONObject: envelope), as: UTF8.self)
        try file.write(to: url)
        #expect(throws: TrainedModelError.inconsistent(source: url.path, reason: "the stored hyper-parameters are invalid: \(message)")) {
            try MLPRegressor(contentsOf: url)
        }
    }

    @Test func linearAndLogisticRegressionRoundTrip() throws {
        let (folder, url) = try Self.url("linear.safetensors")
        defer { try? FileManager.default.removeItem(at: folder) }
        var linear = LinearRegression(learningRate: 0.1, epochs: 50)
        try linear.fit(Self.x, Self.values)
        try linear.save(to: url)
        let loadedLinear = try LinearRegression(contentsOf: url)
        #expect(loadedLinear.coefficients == linear.coefficients)
        #expect(loadedLinear.intercept == linear.intercept)
        #expect(loadedLinear.lossCurve == linear.lossCurve)
        #expect(try loadedLinear.predict(Self.x) == linear.predict(Self.x))

        let logisticURL = folder.appendingPathComponent("logistic.safetensors")
        var logistic = LogisticRegression<Int>(maxIter: 50)
        try logistic.fit(Self.x, Self.labels)
        try logistic.save(to: logisticURL)
        let loadedLogistic = try LogisticRegression<Int>(contentsOf: logisticURL)
        #expect(loadedLogistic.classes == logistic.classes)
        #expect(try loadedLogistic.predictProbabilities(Self.x).storage == logistic.predictProbabilities(Self.x).storage)
        // A file holds one kind of estimator: the linear file is not a logistic regression.
        #expect(throws: TrainedModelError.inconsistent(source: url.path, reason: "it holds a LinearRegression, not a LogisticRegression")) {
            try LogisticRegression<Int>(contentsOf: url)
        }
    }

    @Test func perceptronRoundTripsExactly() throws {
        let (folder, url) = try Self.url("perceptron.safetensors")
        defer { try? FileManager.default.removeItem(at: folder) }
        var perceptron = Perceptron(inputSize: 2, learningRate: 0.5)
        _ = perceptron.fit(Matrix([[0, 0], [0, 1], [1, 0], [1, 1]] as [[Float]]), targets: [0, 0, 0, 1])
        try perceptron.save(to: url)
        #expect(try Perceptron(contentsOf: url) == perceptron)
    }

    @Test func unfittedEstimatorsAndPlainModelFilesAreRefused() throws {
        let (folder, url) = try Self.url("none.safetensors")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: TrainedModelError.self) { try MLPClassifier<Int>().save(to: url) }
        #expect(throws: TrainedModelError.self) { try MLPRegressor().save(to: url) }
        #expect(throws: TrainedModelError.self) { try LinearRegression().save(to: url) }
        #expect(!FileManager.default.fileExists(atPath: url.path))
        // A trained model written by the command line has no estimator state.
        try TrainedModelTests.classifier().0.save(to: url)
        #expect(throws: TrainedModelError.modelFile(.missingMetadata(source: url.path, key: EstimatorFile.key))) {
            try MLPClassifier<String>(contentsOf: url)
        }
    }
}
