import Foundation
import Testing
@testable import Neural

@Suite struct TrainedModelTests {
    static let csv = """
        width,colour,kind
        1.0,red,small
        1.5,blue,small
        3.0,red,big
        3.5,green,big
        2.0,blue,small
        4.0,green,big
        """

    /// A classifier over `width` (numeric) and `colour` (3 one-hot categories): 4 features, 2 classes.
    static func classifier(seed: UInt64 = 1) throws -> (TrainedModel, DataTable) {
        let table = try DataTable(csvText: csv, name: "shapes.csv")
        let preprocessor = try Preprocessor.fit(table, target: "kind")
        let network = Network(inputSize: preprocessor.featureCount, hiddenLayers: [3], outputSize: 2, seed: seed)
        let model = TrainedModel(network: network, preprocessor: preprocessor,
                                 configuration: TrainingConfiguration(loss: .categoricalCrossEntropy))
        return (model, table)
    }

    @Test func saveAndLoadGiveBitIdenticalPredictions() throws {
        let (model, table) = try Self.classifier()
        let folder = try SerializationTestSupport.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.safetensors")
        var withMetrics = model
        withMetrics.metrics = model.evaluate(try model.preprocessor.dataset(of: table))
        withMetrics.summary = TrainingSummary(epochs: 3, finalLoss: 0.5, trainingSamples: 6)
        try withMetrics.save(to: url)
        let loaded = try TrainedModel.load(from: url)
        let before = try withMetrics.predict(table), after = try loaded.predict(table)
        #expect(before == after)
        #expect(loaded.network.parameters.values == model.network.parameters.values)
        // The model file keeps the metrics but not the confusion matrix (predicting does not need it).
        #expect(loaded.metrics == withMetrics.metrics?.withoutConfusionMatrix)
        #expect(loaded.summary == withMetrics.summary)
        #expect(loaded.classNames == ["big", "small"])
        #expect(loaded.inputColumns == ["width", "colour"])
        let file = try ModelFile.read(from: url)
        #expect(file.metadata[TrainedModel.MetadataKey.classes] == "[\"big\",\"small\"]")
        #expect(file.metadata[TrainedModel.MetadataKey.columns] == "[\"width\",\"colour\"]")
        #expect(file.tensors.map(\.name) == ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"])
    }

    @Test(.enabled(if: PythonSafeTensors.isAvailable || PythonSafeTensors.isRequired,
                   "python3 with the safetensors and numpy packages is not installed (pip install safetensors numpy)"))
    func pythonReadsATrainedModelFile() throws {
        let (model, _) = try Self.classifier()
        let folder = try SerializationTestSupport.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.safetensors")
        try model.save(to: url)
        let python = try PythonSafeTensors.view(of: url)
        #expect(python.metadata == (try model.modelFile()).metadata)
        #expect(python.metadata[TrainedModel.MetadataKey.classes] == "[\"big\",\"small\"]")
        for segment in model.network.parameters.layout.segments {
            let seen = try #require(python.tensors[segment.name])
            #expect(seen.shape == segment.shape)
            let values = model.network.parameters.rowMajorValues(of: segment)
            #expect(seen.bits == SerializationTestSupport.bits(values), "\(segment.name)")
        }
    }

    @Test func predictionsAreClassNamesWithProbabilityRows() throws {
        let (model, table) = try Self.classifier()
        let prediction = try model.predict(table)
        #expect(prediction.count == 6)
        let probabilities = try #require(prediction.probabilities)
        for row in 0..<6 {
            // Softmax rows sum to 1 up to Float rounding of two terms (a few ulps of 1).
            #expect(abs(probabilities[row, 0] + probabilities[row, 1] - 1) < 1e-6)
            #expect(prediction.labels[row] == model.classNames[prediction.classIndices[row]])
        }
    }

    @Test func regressionPredictionsAreScaledBack() throws {
        let table = try DataTable(csvText: "x,y\n1,10\n2,20\n3,30\n", name: "line.csv")
        let preprocessor = try Preprocessor.fit(table, target: "y", task: .regression)
        // A network whose output is 0 for every input: all weights and biases zero.
        var network = Network(inputSize: 1, hiddenLayers: [], outputSize: 1, seed: 0)
        network.parameters.values = [0, 0]
        let model = TrainedModel(network: network, preprocessor: preprocessor,
                                 configuration: TrainingConfiguration(loss: .meanSquaredError),
                                 targetScaling: Standardizer(means: [20], standardDeviations: [10]))
        // A standardised output of 0 is the target mean, 20.
        #expect(try model.predict(table).values == [20, 20, 20])
    }

    @Test func missingInputColumnsAreNamedTogether() throws {
        let (model, _) = try Self.classifier()
        #expect(throws: TrainedModelError.missingColumns(file: "new.csv", missing: ["width", "colour"], available: ["size"])) {
            try model.checkColumns(header: ["size"], file: "new.csv")
        }
        let message = TrainedModelError.missingColumns(file: "new.csv", missing: ["width", "colour"], available: ["size"]).description
        #expect(message.contains("\"width\", \"colour\""))
    }

    @Test func evaluatingWithoutTheTargetIsAnError() throws {
        let (model, _) = try Self.classifier()
        let unlabeled = try model.preprocessor.readTable(csvText: "width,colour\n1,red\n", name: "new.csv")
        #expect(throws: TrainedModelError.missingTarget(file: "new.csv", target: "kind")) {
            try model.evaluate(unlabeled)
        }
    }

    @Test func preprocessingThatDoesNotFitTheNetworkIsRefused() throws {
        let (model, _) = try Self.classifier()
        var file = try model.modelFile()
        file.source = "m.safetensors"
        // A preprocessor fitted on a table with a fourth colour makes 5 features; the network takes 4.
        let wider = try DataTable(csvText: Self.csv + "\n2.5,white,big", name: "wider.csv")
        try file.setMetadata(try Preprocessor.fit(wider, target: "kind"), forKey: ModelFormat.preprocessingKey)
        #expect(throws: TrainedModelError.inconsistent(source: "m.safetensors", reason: "the preprocessing makes 5 features but the network takes 4")) {
            try TrainedModel(file: file)
        }
    }

    @Test func aRegressionLossOnAClassifierIsRefused() throws {
        let (model, _) = try Self.classifier()
        var file = try model.modelFile()
        file.source = "m.safetensors"
        let stored = TrainedModel.StoredTraining(configuration: TrainingConfiguration(loss: .meanSquaredError),
                                                 summary: TrainingSummary(), targetScaling: nil)
        try file.setMetadata(stored, forKey: ModelFormat.trainingKey)
        #expect(throws: TrainedModelError.inconsistent(source: "m.safetensors", reason: "a classifier needs a cross-entropy loss, the file names another")) {
            try TrainedModel(file: file)
        }
    }

    @Test func anInvalidArchitectureIsRefused() throws {
        let (model, _) = try Self.classifier()
        var file = try model.modelFile()
        file.source = "m.safetensors"
        // The second dense layer takes 5 inputs, but the first gives 3.
        let layers: [Layer] = [.dense(Dense(inputSize: 4, outputSize: 3)), .dense(Dense(inputSize: 5, outputSize: 2))]
        try file.setMetadata(layers, forKey: ModelFormat.architectureKey)
        #expect {
            try TrainedModel(file: file)
        } throws: { error in
            guard case .invalidArchitecture(let source, _)? = error as? TrainedModelError else { return false }
            return source == "m.safetensors"
        }
    }

    /// The classifier's model file ("m.safetensors") with its architecture replaced by two dense
    /// layers `features → hidden → outputs`, and the feature count.
    static func fileWithHiddenWidth(_ hidden: Int, outputs: Int) throws -> (ModelFile, features: Int) {
        let (model, _) = try classifier()
        var file = try model.modelFile()
        file.source = "m.safetensors"
        let features = model.network.inputSize
        let layers: [Layer] = [.dense(Dense(inputSize: features, outputSize: hidden)),
                               .dense(Dense(inputSize: hidden, outputSize: outputs))]
        try file.setMetadata(layers, forKey: ModelFormat.architectureKey)
        return (file, features)
    }

    @Test func sizesWhoseParameterCountOverflowsAreAnErrorNotATrap() throws {
        // features × 2⁶² weights: the product does not fit in an Int (a damaged or hostile file).
        let huge = 1 << 62
        let (file, features) = try Self.fileWithHiddenWidth(huge, outputs: huge)
        #expect(throws: TrainedModelError.invalidArchitecture(
            source: "m.safetensors",
            reason: "layer 0: \(features) × \(huge) weights make more parameters than can be addressed")) {
            try file.network()
        }
    }

    @Test func hugeSizesAreCheckedAgainstTheTensorsBeforeAnythingIsAllocated() throws {
        // 2³⁸ outputs: 2⁴⁰ floats (4 TiB) of weights that the file does not hold. The tensors'
        // shapes are compared first, so this is a shape error, not an allocation.
        let wide = 1 << 38
        let (file, features) = try Self.fileWithHiddenWidth(wide, outputs: 2)
        #expect {
            try file.network()
        } throws: { error in
            guard case .modelFile(.weightShapeMismatch(let source, let name, _, let outIn, _))? = error as? TrainedModelError
            else { return false }
            return source == "m.safetensors" && name == "layers.0.weight" && outIn == [wide, features]
        }
    }

    @Test func tensorsThatDoNotMatchTheArchitectureAreRefused() throws {
        let (model, _) = try Self.classifier()
        var file = try model.modelFile()
        file.source = "m.safetensors"
        #expect(file.tensors[0].shape == [3, 4])   // [out, in]
        file.tensors[0] = SafeTensor(name: "layers.0.weight", shape: [2, 6], values: file.tensors[0].values)
        #expect(throws: TrainedModelError.modelFile(.weightShapeMismatch(source: "m.safetensors", name: "layers.0.weight", found: [2, 6], outIn: [3, 4], formatVersion: 2))) {
            try TrainedModel(file: file)
        }
        file.tensors[1] = SafeTensor(name: "layers.0.bias", shape: [1, 3], values: file.tensors[1].values)
        file.tensors[0] = SafeTensor(name: "layers.0.weight", shape: [3, 4], values: file.tensors[0].values)
        #expect(throws: TrainedModelError.modelFile(.shapeMismatch(source: "m.safetensors", name: "layers.0.bias", found: [1, 3], expected: [3]))) {
            try TrainedModel(file: file)
        }
    }

    @Test func missingMetadataIsNamed() throws {
        let (model, _) = try Self.classifier()
        var file = try model.modelFile()
        file.source = "m.safetensors"
        file.metadata[ModelFormat.preprocessingKey] = nil
        #expect(throws: TrainedModelError.modelFile(.missingMetadata(source: "m.safetensors", key: ModelFormat.preprocessingKey))) {
            try TrainedModel(file: file)
        }
    }

    @Test func evaluationJSONHasTheReportKeys() throws {
        let report = ModelEvaluation.regression(RegressionReport(mse: 4, rmse: 2, mae: 1.5, r2: 0.5, samples: 3))
        let data = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["mse", "rmse", "mae", "r2", "samples"])
        #expect(try JSONDecoder().decode(ModelEvaluation.self, from: data) == report)
    }
}
