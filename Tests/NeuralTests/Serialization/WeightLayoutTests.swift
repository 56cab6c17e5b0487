import Foundation
import Testing
@testable import Neural

/// Dense weights are `[out, in]` (PyTorch's `nn.Linear.weight`) at the API and in model files of
/// format version 2; version-1 files (`[in, out]`) are still read; a weight in the wrong
/// orientation for its file's version, or in neither, is refused naming both shapes.
@Suite struct WeightLayoutTests {
    /// A 3-5-2 network: no square layer, so every orientation mistake is a shape mistake.
    static func network() -> Network {
        Network(inputSize: 3, hiddenLayers: [5], outputSize: 2, activation: .tanh, seed: 4)
    }

    static let x = Matrix([[0.5, -1, 2], [0, 0.25, -0.75]] as [[Float]])

    /// The network's model file as version 1 wrote it: each weight `[in, out]` (the storage order).
    static func version1File(of network: Network) throws -> ModelFile {
        var file = try network.modelFile()
        file.metadata[ModelFormat.versionKey] = "1"
        for index in file.tensors.indices where file.tensors[index].name.hasSuffix(".weight") {
            let shape = file.tensors[index].shape
            file.tensors[index] = SafeTensor(name: file.tensors[index].name, shape: [shape[1], shape[0]],
                                             values: Matrix(rows: shape[0], columns: shape[1],
                                                            storage: file.tensors[index].values).transposed.storage)
        }
        return try ModelFile(data: file.safeTensorsFile.encoded(), source: "v1.safetensors")
    }

    @Test func weightsAreOutByInAtTheAPIAndInTheFile() throws {
        let network = Self.network()
        #expect(network.weight(ofLayer: 0).rows == 5 && network.weight(ofLayer: 0).columns == 3)
        #expect(network.parameters.layout.segment(named: "layers.1.weight")?.shape == [2, 5])
        let file = try network.modelFile()
        #expect(file.metadata[ModelFormat.versionKey] == "2")
        #expect(file.tensor(named: "layers.0.weight")?.shape == [5, 3])
        #expect(file.tensor(named: "layers.0.weight")?.values == network.weight(ofLayer: 0).storage)
        // x·Wᵀ + b by hand for the output layer, from the tensors as a PyTorch user reads them.
        let w = network.weight(ofLayer: 1), b = network.bias(ofLayer: 1)
        let hidden = Activation.tanh.apply(to: {
            var z = matmul(Self.x, network.weight(ofLayer: 0), transposeB: true)
            for row in 0..<z.rows { for column in 0..<z.columns { z[row, column] += network.bias(ofLayer: 0)[0, column] } }
            return z
        }())
        let logits = network.predict(Self.x)
        for row in 0..<2 {
            for out in 0..<2 {
                var sum = Double(b[0, out])
                for input in 0..<5 { sum += Double(hidden[row, input]) * Double(w[out, input]) }
                // Float32 sums of 5 products of values below 2: 1e-5 is many ulps.
                #expect(abs(Double(logits[row, out]) - sum) < 1e-5)
            }
        }
    }

    @Test func aVersion1FileIsTransposedOnReadingAndPredictsTheSame() throws {
        let network = Self.network()
        let file = try Self.version1File(of: network)
        #expect(file.tensor(named: "layers.0.weight")?.shape == [3, 5])
        let loaded = try Network(file: file)
        #expect(loaded.parameters == network.parameters)
        #expect(loaded.predict(Self.x).storage.map(\.bitPattern) == network.predict(Self.x).storage.map(\.bitPattern))
        // Saved again, it is a version-2 file.
        #expect(try loaded.modelFile() == (try network.modelFile()))
    }

    @Test func aVersion2WeightInTheOtherOrientationIsRefusedNamingBothShapes() throws {
        var file = try Self.network().modelFile()
        file.source = "m.safetensors"
        let index = try #require(file.tensors.firstIndex { $0.name == "layers.0.weight" })
        file.tensors[index] = SafeTensor(name: "layers.0.weight", shape: [3, 5], values: file.tensors[index].values)
        let error = ModelFileError.weightShapeMismatch(source: "m.safetensors", name: "layers.0.weight", found: [3, 5],
                                                       outIn: [5, 3], formatVersion: 2)
        #expect(throws: TrainedModelError.modelFile(error)) { try file.network() }
        #expect(error.description == "m.safetensors: weight layers.0.weight has shape [3, 5], the [in, out] orientation, but the file is format version 2, which stores [out, in] = [5, 3]; the file was written with the wrong orientation or the wrong version.")
    }

    @Test func aVersion1WeightInTheOtherOrientationIsRefused() throws {
        var file = try Self.version1File(of: Self.network())
        let index = try #require(file.tensors.firstIndex { $0.name == "layers.1.weight" })
        file.tensors[index] = SafeTensor(name: "layers.1.weight", shape: [2, 5], values: file.tensors[index].values)
        let error = ModelFileError.weightShapeMismatch(source: "v1.safetensors", name: "layers.1.weight", found: [2, 5],
                                                       outIn: [2, 5], formatVersion: 1)
        #expect(throws: TrainedModelError.modelFile(error)) { try file.network() }
        #expect(error.description == "v1.safetensors: weight layers.1.weight has shape [2, 5], the [out, in] orientation, but the file is format version 1, which stores [in, out] = [5, 2]; the file was written with the wrong orientation or the wrong version.")
    }

    @Test func aWeightOfNeitherOrientationIsRefusedNamingBoth() throws {
        var file = try Self.network().modelFile()
        file.source = "m.safetensors"
        let index = try #require(file.tensors.firstIndex { $0.name == "layers.0.weight" })
        file.tensors[index] = SafeTensor(name: "layers.0.weight", shape: [1, 15], values: file.tensors[index].values)
        let error = ModelFileError.weightShapeMismatch(source: "m.safetensors", name: "layers.0.weight", found: [1, 15],
                                                       outIn: [5, 3], formatVersion: 2)
        #expect(throws: TrainedModelError.modelFile(error)) { try file.network() }
        #expect(error.description == "m.safetensors: weight layers.0.weight has shape [1, 15] in the file, which fits neither orientation of the architecture's layer: [out, in] = [5, 3] (format version 2, PyTorch's nn.Linear.weight) or [in, out] = [3, 5] (format version 1); this file is format version 2.")
    }

    @Test func aNewerVersionIsRefused() throws {
        var file = try Self.network().modelFile()
        file.metadata[ModelFormat.versionKey] = "3.1"
        #expect(throws: ModelFileError.newerFormatVersion(source: "<data>", found: "3.1", supported: "2")) {
            try ModelFile(data: file.safeTensorsFile.encoded())
        }
    }

    /// A checkpoint's per-parameter arrays are the file's tensors concatenated: each weight's part
    /// `[out, in]` row-major in version 2, and read back into the storage order exactly.
    @Test func checkpointArraysFollowTheFileLayout() throws {
        var configuration = TrainingConfiguration(loss: .categoricalCrossEntropy)
        configuration.epochs = 2
        configuration.batchSize = 4
        configuration.earlyStopping = EarlyStopping(monitor: .trainingLoss, patience: 10)
        var trainer = try Trainer(network: Self.network(), configuration: configuration)
        let data = Dataset(features: Matrix((0..<8).map { row in [Float(row) / 8, -Float(row) / 4, 0.5] }),
                           targets: .classes((0..<8).map { $0 % 2 }, classCount: 2))
        try trainer.fit(data)
        let file = try TrainingCheckpoint(trainer: trainer).modelFile()
        let (_, stored) = TrainingCheckpoint.splitArrays(of: trainer.state)
        #expect(!stored.isEmpty)
        let layout = trainer.network.parameters.layout
        for array in stored {
            let written = try #require(file.tensor(named: array.name))
            let expected = ParameterVector(layout: layout, values: array.values)
            var concatenated: [Float] = []
            for segment in layout.segments { concatenated += expected.rowMajorValues(of: segment) }
            #expect(written.values == concatenated, "\(array.name)")
        }
        let loaded = try TrainingCheckpoint(file: ModelFile(data: file.safeTensorsFile.encoded()))
        #expect(loaded.state == trainer.state)
        #expect(loaded.network.parameters == trainer.network.parameters)
    }

    @Test func storageOrderHelpersAreInverse() throws {
        let layout = Self.network().parameters.layout
        let values = (0..<layout.count).map(Float.init)
        let rowMajor = layout.rowMajorOrder(fromStorage: values)
        #expect(rowMajor != values)
        #expect(layout.storageOrder(fromRowMajor: rowMajor) == values)
        let weight = try #require(layout.segment(named: "layers.0.weight"))   // [5, 3], stored [3, 5]
        // Storage index 1 is input 0 → output 1, i.e. [1, 0] of [out, in]: row-major index 3.
        #expect(weight.rowMajorIndex(ofStorageIndex: 1) == 3)
        #expect(rowMajor[3] == values[1])
    }

    /// A network encoded as JSON before weights were `[out, in]` (weight segments `[in, out]`,
    /// no storage order) decodes to the same network.
    @Test func aNetworkEncodedWithTheOldLayoutDecodes() throws {
        let network = Self.network()
        let encoded = try JSONEncoder().encode(network)
        var object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        var parameters = try #require(object["parameters"] as? [String: Any])
        var layout = try #require(parameters["layout"] as? [String: Any])
        var segments = try #require(layout["segments"] as? [[String: Any]])
        for index in segments.indices {
            segments[index]["storageOrder"] = nil
            if let shape = segments[index]["shape"] as? [Int], shape.count == 2 {
                segments[index]["shape"] = [shape[1], shape[0]]
            }
        }
        layout["segments"] = segments
        parameters["layout"] = layout
        object["parameters"] = parameters
        let old = try JSONSerialization.data(withJSONObject: object)
        let decoded = try JSONDecoder().decode(Network.self, from: old)
        #expect(decoded.parameters == network.parameters)
        #expect(decoded.layers == network.layers)
    }
}
