import Foundation
import Neural
import NeuralONNX
import Testing
@testable import NeuralCommands

@Suite("neural import and neural export")
struct ImportExportCommandTests {
    /// A softmax MLP exported by `torch.onnx.export` imports as a classifier whose probabilities
    /// are torch's. Tolerance 1e-5: the float32 forward pass of two implementations (different
    /// summation orders) on probabilities, and the inputs printed with float32 precision.
    @Test(arguments: ["torch_deep_softmax.onnx", "sklearn_classifier_logistic.onnx"])
    func importedONNXClassifierPredictsLikeTheExporter(file: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fixture = try InteropFixtures.onnxCase(file)
        let data = try folder.write("inputs.csv", InteropFixtures.csv(fixture.inputs, columns: ["a", "b", "c", "d"]))
        let imported = runNeural(["import", InteropFixtures.onnx(file).path, "--model", folder.path("m.safetensors"),
                                  "--columns", "a,b,c,d", "--classes", "setosa,versicolor,virginica"])
        #expect(imported.code == 0, "\(imported.error)")
        #expect(imported.output.contains("classifier (3 classes: setosa, versicolor, virginica)"))
        let predicted = runNeural(["predict", folder.path("m.safetensors"), data, "--probabilities"])
        #expect(predicted.code == 0, "\(predicted.error)")
        #expect(predicted.output.hasPrefix("prediction,p_setosa,p_versicolor,p_virginica\n"))
        let probabilities = InteropFixtures.numbers(predicted.output, from: 1)
        #expect(InteropFixtures.maxDifference(probabilities, fixture.expected) <= 1e-5)
    }

    /// skl2onnx's binary MLPClassifier: one logistic output imports as a two-class classifier
    /// whose probabilities are scikit-learn's `predict_proba` columns (tolerance as above).
    @Test func importedBinaryClassifierGivesBothProbabilities() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fixture = try InteropFixtures.onnxCase("sklearn_classifier_binary.onnx")
        let data = try folder.write("inputs.csv", InteropFixtures.csv(fixture.inputs))
        let imported = runNeural(["import", InteropFixtures.onnx(fixture.file).path, "--model", folder.path("m.safetensors")])
        #expect(imported.code == 0, "\(imported.error)")
        let predicted = runNeural(["predict", folder.path("m.safetensors"), data, "--probabilities"])
        #expect(predicted.code == 0, "\(predicted.error)")
        #expect(predicted.output.hasPrefix("prediction,p_0,p_1\n"))
        #expect(InteropFixtures.maxDifference(InteropFixtures.numbers(predicted.output, from: 1), fixture.expected) <= 1e-5)
    }

    /// A regressor trained on a standardised target, with a categorical column: exported (the
    /// target scaling folded into the last layer), imported back, it predicts the same values.
    /// Tolerance 1e-4: targets near 10, folding both scalings rounds in float32 (~1e-6 relative).
    @Test func exportedRegressorImportsBackInTheTargetsUnits() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("data.csv", SampleData.regression)
        let model = folder.path("model.safetensors")
        let trained = runNeural(["train", data, "--target", "y", "--model", model] + SampleData.fastFlags)
        #expect(trained.code == 0, "\(trained.error)")
        let exported = runNeural(["export", model, "--onnx", folder.path("model.onnx"), "--input", "features"])
        #expect(exported.code == 0, "\(exported.error)")
        let imported = runNeural(["import", folder.path("model.onnx"), "--model", folder.path("back.safetensors"),
                                  "--columns", "x1,x2,color=blue,color=green,color=red"])
        #expect(imported.code == 0, "\(imported.error)")
        #expect(imported.output.contains("Imported a regressor"))
        var encoded = ["x1,x2,color=blue,color=green,color=red"]
        for line in SampleData.regression.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",")
            encoded.append("\(fields[0]),\(fields[1]),"
                           + ["blue", "green", "red"].map { $0 == fields[2] ? "1" : "0" }.joined(separator: ","))
        }
        let encodedPath = try folder.write("encoded.csv", encoded.joined(separator: "\n") + "\n")
        let table = try folder.write("features.csv", SampleData.withoutTarget(SampleData.regression))
        let original = runNeural(["predict", model, table])
        let again = runNeural(["predict", folder.path("back.safetensors"), encodedPath])
        #expect(original.code == 0 && again.code == 0, "\(original.error) \(again.error)")
        let expected = InteropFixtures.numbers(original.output, from: 0)
        #expect(expected.count == 80)
        #expect(InteropFixtures.maxDifference(InteropFixtures.numbers(again.output, from: 0), expected) <= 1e-4)
    }

    /// An skl2onnx regressor (standardisation-free MLPRegressor) imports as a regressor.
    /// Tolerance 1e-4: values of order 1–10 in float32 (about 1e-6 relative).
    @Test func importedONNXRegressorPredictsLikeScikitLearn() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fixture = try InteropFixtures.onnxCase("sklearn_regressor_relu.onnx")
        let data = try folder.write("inputs.csv", InteropFixtures.csv(fixture.inputs))
        let imported = runNeural(["import", InteropFixtures.onnx(fixture.file).path, "--model", folder.path("m.safetensors")])
        #expect(imported.code == 0, "\(imported.error)")
        #expect(imported.output.contains("Imported a regressor"))
        let predicted = runNeural(["predict", folder.path("m.safetensors"), data])
        #expect(predicted.code == 0, "\(predicted.error)")
        let values = InteropFixtures.numbers(predicted.output, from: 0)
        #expect(InteropFixtures.maxDifference(values, fixture.expected) <= 1e-4)
    }

    /// A PyTorch state_dict (safetensors) with `--architecture`: the network ends in logits, so
    /// `--task classification` makes it a softmax classifier; probabilities as torch's softmax
    /// (tolerance 1e-5, float32 forward pass on probabilities).
    @Test func importedStateDictPredictsLikePyTorch() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fixture = try InteropFixtures.stateDictCase()
        let data = try folder.write("inputs.csv", InteropFixtures.csv(fixture.inputs))
        let stateDict = InteropFixtures.fixtures.appendingPathComponent("pytorch_state_dict.safetensors").path
        let imported = runNeural(["import", stateDict, "--architecture", fixture.architecture,
                                  "--task", "classification", "--model", folder.path("m.safetensors")])
        #expect(imported.code == 0, "\(imported.error)")
        let predicted = runNeural(["predict", folder.path("m.safetensors"), data, "--probabilities"])
        #expect(predicted.code == 0, "\(predicted.error)")
        #expect(predicted.output.hasPrefix("prediction,p_0,p_1,p_2\n"))
        #expect(InteropFixtures.maxDifference(InteropFixtures.numbers(predicted.output, from: 1), fixture.probabilities) <= 1e-5)
    }

    @Test func stateDictWithAWrongArchitectureIsBadInput() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let stateDict = InteropFixtures.fixtures.appendingPathComponent("pytorch_state_dict.safetensors").path
        let result = runNeural(["import", stateDict, "--architecture", "4-16-relu-3", "--model", folder.path("m.safetensors")])
        #expect(result.code == 2)
        #expect(!folder.exists("m.safetensors"))
        let missing = runNeural(["import", stateDict, "--model", folder.path("m.safetensors")])
        #expect(missing.code == 2)
        #expect(missing.error.contains("--architecture"))
        let fixture = try InteropFixtures.stateDictCase()
        // k > 1 logits import as a classifier without --task; --task regression names the fix.
        let logits = runNeural(["import", stateDict, "--architecture", fixture.architecture, "--model", folder.path("c.safetensors")])
        #expect(logits.code == 0, "\(logits.error)")
        #expect(try TrainedModel.load(from: URL(fileURLWithPath: folder.path("c.safetensors"))).task == .classification)
        let regressor = runNeural(["import", stateDict, "--architecture", fixture.architecture, "--task", "regression",
                                   "--model", folder.path("r.safetensors")])
        #expect(regressor.code == 2)
        #expect(regressor.error.contains("give --task classification"), "\(regressor.error)")
        let wrongClasses = runNeural(["import", stateDict, "--architecture", fixture.architecture, "--task", "classification",
                                      "--classes", "a,b", "--model", folder.path("m.safetensors")])
        #expect(wrongClasses.code == 2)
        #expect(wrongClasses.error.contains("2 class names"), "\(wrongClasses.error)")
        #expect(!folder.exists("m.safetensors"))
    }

    /// A graph with a node outside the supported subset: torch_relu.onnx with its `Relu` op
    /// renamed `Selu` (same length, so the protobuf stays well formed).
    @Test func unsupportedONNXNodeIsNamed() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var bytes = [UInt8](try Data(contentsOf: InteropFixtures.onnx("torch_relu.onnx")))
        let relu = Array("Relu".utf8), selu = Array("Selu".utf8)
        var index = 0
        while index + relu.count <= bytes.count {
            if Array(bytes[index..<index + relu.count]) == relu { bytes.replaceSubrange(index..<index + relu.count, with: selu) }
            index += 1
        }
        let path = folder.path("selu.onnx")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let result = runNeural(["import", path, "--model", folder.path("m.safetensors")])
        #expect(result.code == 2)
        #expect(result.error.contains("Selu"), "\(result.error)")
        #expect(!folder.exists("m.safetensors"))
    }

    /// Export a classifier trained on numeric and categorical columns, import the ONNX file
    /// back: on the encoded features (numeric in their own units, one-hot 0/1, in the model's
    /// feature order) it predicts the probabilities the original model predicts on the table.
    /// Tolerance 1e-5: folding the standardisation into the first layer rounds in float32.
    @Test func exportedModelImportsBackWithTheSamePredictions() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let trained = try TrainedExample(folder: folder)
        let exported = runNeural(["export", trained.modelPath, "--onnx", folder.path("model.onnx"), "--input", "features"])
        #expect(exported.code == 0, "\(exported.error)")
        #expect(exported.output.contains("x1, x2, color=blue, color=green, color=red"))
        let imported = runNeural(["import", folder.path("model.onnx"), "--model", folder.path("back.safetensors"),
                                  "--columns", trained.featureNames.joined(separator: ","),
                                  "--classes", trained.classNames.joined(separator: ",")])
        #expect(imported.code == 0, "\(imported.error)")
        let again = runNeural(["predict", folder.path("back.safetensors"), trained.encodedPath, "--probabilities"])
        #expect(again.code == 0, "\(again.error)")
        #expect(InteropFixtures.maxDifference(InteropFixtures.numbers(again.output, from: 1), trained.probabilities) <= 1e-5)
    }

    /// The exported file in the real onnxruntime (`Tests/python/check_onnx_export.py`, which
    /// also runs `onnx.checker`) gives the probabilities of `neural predict` (≤ 1e-5, the issue's
    /// bound for probabilities). Skipped without python3 + onnx + onnxruntime, unless CI sets
    /// NEURAL_REQUIRE_ONNXRUNTIME=1.
    @Test(.enabled(if: PythonONNXRuntime.isAvailable, "python3 with onnx, onnxruntime and numpy is not available"))
    func exportedModelRunsInONNXRuntime() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let trained = try TrainedExample(folder: folder)
        let onnx = folder.path("model.onnx")
        let exported = runNeural(["export", trained.modelPath, "--onnx", onnx, "--input", "features"])
        #expect(exported.code == 0, "\(exported.error)")
        let request: [[String: Any]] = [["model": onnx, "inputs": trained.encodedFeatures]]
        let requestPath = folder.path("request.json")
        try JSONSerialization.data(withJSONObject: request).write(to: URL(fileURLWithPath: requestPath))
        let outputs = try PythonONNXRuntime.outputs(request: requestPath)
        let probabilities = try #require(outputs["probabilities"])
        #expect(InteropFixtures.maxDifference(probabilities, trained.probabilities) <= 1e-5)
    }

    /// A regressor (standardised target, categorical column) in onnxruntime: its "output" is
    /// `neural predict`'s value in the target's units. Tolerance 1e-4: targets near 10 in
    /// float32 (the scalings folded differently from Neural's forward pass, ~1e-6 relative).
    @Test(.enabled(if: PythonONNXRuntime.isAvailable, "python3 with onnx, onnxruntime and numpy is not available"))
    func exportedRegressorRunsInONNXRuntime() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("data.csv", SampleData.regression)
        let model = folder.path("model.safetensors")
        let trained = runNeural(["train", data, "--target", "y", "--model", model] + SampleData.fastFlags)
        #expect(trained.code == 0, "\(trained.error)")
        let onnx = folder.path("model.onnx")
        let exported = runNeural(["export", model, "--onnx", onnx, "--input", "features"])
        #expect(exported.code == 0, "\(exported.error)")
        var features: [[Double]] = []
        for line in SampleData.regression.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",")
            features.append([try #require(Double(fields[0])), try #require(Double(fields[1]))]
                            + ["blue", "green", "red"].map { $0 == fields[2] ? 1 : 0 })
        }
        let requestPath = folder.path("request.json")
        try JSONSerialization.data(withJSONObject: [["model": onnx, "inputs": features]]).write(to: URL(fileURLWithPath: requestPath))
        let outputs = try PythonONNXRuntime.outputs(request: requestPath)
        let table = try folder.write("features.csv", SampleData.withoutTarget(SampleData.regression))
        let predicted = runNeural(["predict", model, table])
        #expect(predicted.code == 0, "\(predicted.error)")
        #expect(InteropFixtures.maxDifference(try #require(outputs["output"]), InteropFixtures.numbers(predicted.output, from: 0)) <= 1e-4)
    }
}

/// A small classifier trained by `neural train` on `SampleData.classification` (two numeric
/// columns and the categorical `color`), its encoded features and its predicted probabilities.
struct TrainedExample {
    let modelPath: String
    let featureNames: [String]
    let classNames: [String]
    /// Rows of the encoded features, in `featureNames` order.
    let encodedFeatures: [[Double]]
    let encodedPath: String
    /// `neural predict --probabilities` on the table.
    let probabilities: [[Double]]

    init(folder: TemporaryFolder) throws {
        let data = try folder.write("data.csv", SampleData.classification)
        modelPath = folder.path("model.safetensors")
        let trained = runNeural(["train", data, "--target", "label", "--model", modelPath] + SampleData.fastFlags)
        #expect(trained.code == 0, "\(trained.error)")
        let model = try TrainedModel.load(from: URL(fileURLWithPath: modelPath))
        featureNames = model.preprocessor.featureNames
        classNames = model.classNames.map { $0.filter { $0.isLetter || $0 == " " }.replacingOccurrences(of: " ", with: "_") }
        // Encode by hand: x1, x2 as they are, color one-hot over the sorted categories.
        var rows: [[Double]] = []
        for line in SampleData.classification.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let x1 = try #require(Double(fields[0])), x2 = try #require(Double(fields[1]))
            let color = String(fields[2])
            rows.append([x1, x2] + ["blue", "green", "red"].map { $0 == color ? 1 : 0 })
        }
        encodedFeatures = rows
        #expect(featureNames == ["x1", "x2", "color=blue", "color=green", "color=red"])
        encodedPath = try folder.write("encoded.csv", InteropFixtures.csv(rows, columns: featureNames))
        let table = try folder.write("features.csv", SampleData.withoutTarget(SampleData.classification))
        let predicted = runNeural(["predict", modelPath, table, "--probabilities"])
        #expect(predicted.code == 0, "\(predicted.error)")
        // The class names contain commas and quotes: take the last `classes` fields of each row.
        probabilities = predicted.output.split(separator: "\n").dropFirst().map { line in
            line.split(separator: ",").suffix(model.classNames.count).compactMap { Double($0) }
        }
    }
}

/// Runs `Tests/python/check_onnx_export.py` (onnx.checker + onnxruntime) when python3 has them.
enum PythonONNXRuntime {
    static let isAvailable: Bool = ProcessInfo.processInfo.environment["NEURAL_REQUIRE_ONNXRUNTIME"] == "1"
        || (try? run(["-c", "import onnx, onnxruntime, numpy"]).status) == 0

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// The outputs of the one model in the request, by output name.
    static func outputs(request: String) throws -> [String: [[Double]]] {
        let script = InteropFixtures.root.appendingPathComponent("python/check_onnx_export.py").path
        let result = try run([script, request])
        guard result.status == 0 else {
            throw Failure(description: "check_onnx_export.py failed (\(result.status)): \(result.standardError)")
        }
        struct Response: Decodable {
            struct Result: Decodable { let outputs: [String: [[Double]]] }
            let results: [Result]
        }
        let response = try JSONDecoder().decode(Response.self, from: result.standardOutput)
        return try #require(response.results.first).outputs
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, standardOutput: Data, standardError: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        // Standard error goes to a file so that neither stream can fill a pipe and block the child.
        let errorURL = FileManager.default.temporaryDirectory.appendingPathComponent("neural-cli-onnx-\(UUID().uuidString).stderr")
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorURL) }
        let errorHandle = try FileHandle(forWritingTo: errorURL)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errorHandle
        try process.run()
        let standardOutput = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        return (process.terminationStatus, standardOutput, (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "")
    }
}
