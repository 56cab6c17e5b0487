import Foundation
import Neural
import Testing

/// `neural export` of graphs that take the CSV columns (imputation, standardisation and one-hot
/// encoding inside the graph) and `neural import` of them, on `examples/penguins.csv` (text
/// columns `island` and `sex`, `NA` in text and number columns).
@Suite struct ColumnGraphCommandTests {
    static var penguins: String {
        InteropFixtures.root.deletingLastPathComponent().appendingPathComponent("examples/penguins.csv").path
    }

    /// The models the tests export: a 3-class classifier, a binary one (its target has NA rows,
    /// which training drops), a regressor (standardised target), one whose text column pools
    /// rare values (--max-categories 2) with --missing mean, and one that refuses missing values.
    static let cases: [(name: String, arguments: [String])] = [
        ("species", ["--target", "species"]),
        ("sex", ["--target", "sex"]),
        ("mass", ["--target", "body_mass_g"]),
        ("pooled", ["--target", "species", "--max-categories", "2", "--missing", "mean"]),
    ]

    /// `neural predict`'s rows: the label and the numbers after it.
    static func predictions(_ csv: String) -> [(label: String, numbers: [Double])] {
        csv.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return (fields[0], fields.dropFirst().compactMap(Double.init))
        }
    }

    /// onnxruntime, fed the CSV columns as a user of a skl2onnx pipeline feeds them
    /// (`Tests/python/check_onnx_columns.py`, which also runs `onnx.checker`), gives `neural
    /// predict`'s labels exactly and its probabilities within 1e-5 (the bound the one-tensor
    /// export is held to; the graph computes the same float32 operations in the same order, so
    /// the differences are a few ulps), and a regressor's values within 1e-5 relative (the
    /// target scaling is folded into the last layer for the graph, ~1e-6 relative in float32).
    @Test(.enabled(if: PythonONNXRuntime.isAvailable, "python3 with onnx, onnxruntime and numpy is not available"))
    func columnGraphsGiveNeuralPredictsResultsInONNXRuntime() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var request: [[String: Any]] = []
        var expected: [String: [(label: String, numbers: [Double])]] = [:]
        for (name, arguments) in Self.cases {
            let model = folder.path("\(name).safetensors"), onnx = folder.path("\(name).onnx")
            let trained = runNeural(["train", Self.penguins, "--model", model] + arguments + SampleData.fastFlags)
            #expect(trained.code == 0, "\(name): \(trained.error)")
            let exported = runNeural(["export", model, "--onnx", onnx])
            #expect(exported.code == 0, "\(name): \(exported.error)")
            #expect(exported.output.contains("island (string)") && exported.output.contains("bill_length_mm (float)"))
            let predicted = runNeural(["predict", model, Self.penguins] + (name == "mass" ? [] : ["--probabilities"]))
            #expect(predicted.code == 0, "\(name): \(predicted.error)")
            expected[onnx] = Self.predictions(predicted.output)
            request.append(["model": onnx, "csv": Self.penguins])
        }
        let requestPath = folder.path("request.json")
        try JSONSerialization.data(withJSONObject: request).write(to: URL(fileURLWithPath: requestPath))
        let result = try PythonONNXRuntime.run([InteropFixtures.root.appendingPathComponent("python/check_onnx_columns.py").path, requestPath])
        #expect(result.status == 0, "\(result.standardError)")
        let response = try #require(try JSONSerialization.jsonObject(with: result.standardOutput) as? [String: Any])
        let results = try #require(response["results"] as? [[String: Any]])
        #expect(results.count == Self.cases.count)
        for item in results {
            let onnx = try #require(item["model"] as? String)
            let outputs = try #require(item["outputs"] as? [String: Any])
            let rows = try #require(expected[onnx])
            let inputs = try #require(item["inputs"] as? [String: String])
            #expect(inputs["island"] == "string" && inputs["sex"] != "float" && inputs["flipper_length_mm"] == "float")
            if let labels = outputs["label"] as? [String] {
                let probabilities = try #require(outputs["probabilities"] as? [[Double]])
                #expect(labels == rows.map(\.label), "\(onnx)")
                #expect(InteropFixtures.maxDifference(probabilities, rows.map(\.numbers)) <= 1e-5, "\(onnx)")
                #expect(probabilities.allSatisfy { $0.count >= 2 })
            } else {
                let values = try #require(outputs["output"] as? [[Double]])
                let predicted = rows.map { Double($0.label) ?? .nan }
                #expect(zip(values.map { $0[0] }, predicted).allSatisfy { abs($0 - $1) <= 1e-5 * abs($1) }, "\(onnx)")
            }
        }
    }

    /// An exported column graph imports back as a model with the same columns, kinds, scaling,
    /// categories (pooled ones too), classes, target and policies, which predicts what the
    /// original predicts on the raw file, missing values included (classes: the same labels and
    /// probabilities within 1e-6, the same float32 operations; the regressor within 1e-5 relative,
    /// its target scaling now folded into the last layer).
    @Test func columnGraphsImportBackWithTheirPreprocessing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for (name, arguments) in Self.cases {
            let model = folder.path("\(name).safetensors"), onnx = folder.path("\(name).onnx")
            let back = folder.path("\(name).back.safetensors")
            #expect(runNeural(["train", Self.penguins, "--model", model, "--epochs", "3", "--hidden", "4", "--quiet"] + arguments).code == 0)
            #expect(runNeural(["export", model, "--onnx", onnx]).code == 0)
            let imported = runNeural(["import", onnx, "--model", back])
            #expect(imported.code == 0, "\(name): \(imported.error)")
            #expect(imported.output.contains("island (text)"), "\(imported.output)")
            let original = try TrainedModel.load(from: URL(fileURLWithPath: model))
            let again = try TrainedModel.load(from: URL(fileURLWithPath: back))
            #expect(again.preprocessor.inputColumns == original.preprocessor.inputColumns, "\(name)")
            #expect(again.preprocessor.standardizer == original.preprocessor.standardizer, "\(name)")
            #expect(again.preprocessor.oneHotEncoder == original.preprocessor.oneHotEncoder, "\(name)")
            #expect(again.preprocessor.labelEncoder == original.preprocessor.labelEncoder, "\(name)")
            #expect(again.preprocessor.missingValues == original.preprocessor.missingValues, "\(name)")
            #expect(again.targetColumn == original.targetColumn, "\(name)")
            for index in original.preprocessor.categoricalColumnNames.indices {
                #expect(again.preprocessor.imputer.categoricalFill(index, policy: again.preprocessor.missingValues)
                        == original.preprocessor.imputer.categoricalFill(index, policy: original.preprocessor.missingValues))
            }
            let flags = name == "mass" ? [] : ["--probabilities"]
            let first = Self.predictions(runNeural(["predict", model, Self.penguins] + flags).output)
            let second = Self.predictions(runNeural(["predict", back, Self.penguins] + flags).output)
            #expect(first.count == 90 && second.count == 90, "\(name)")
            if name == "mass" {
                let a = first.map { Double($0.label) ?? .nan }, b = second.map { Double($0.label) ?? .nan }
                #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 1e-5 * abs($0) }, "\(name)")
            } else {
                #expect(first.map(\.label) == second.map(\.label), "\(name)")
                #expect(InteropFixtures.maxDifference(first.map(\.numbers), second.map(\.numbers)) <= 1e-6, "\(name)")
            }
        }
    }

    /// The one-tensor graph stays available with --input features (for callers that encode
    /// the features themselves); a column graph refuses --columns and --classes on import and a
    /// contradicting --task, naming them.
    @Test func theFeatureGraphStaysAvailableAndImportFlagsAreChecked() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = folder.path("m.safetensors"), onnx = folder.path("m.onnx")
        #expect(runNeural(["train", Self.penguins, "--target", "species", "--model", model, "--epochs", "2", "--quiet"]).code == 0)
        let features = runNeural(["export", model, "--onnx", folder.path("f.onnx"), "--input", "features"])
        #expect(features.code == 0)
        #expect(features.output.contains("input \"input\" [batch, ") && features.output.contains("island=Biscoe"), "\(features.output)")
        #expect(runNeural(["export", model, "--onnx", onnx]).code == 0)
        let withColumns = runNeural(["import", onnx, "--model", folder.path("b.safetensors"), "--columns", "a,b"])
        #expect(withColumns.code == 2)
        #expect(withColumns.error.contains("--columns"))
        let wrongTask = runNeural(["import", onnx, "--model", folder.path("b.safetensors"), "--task", "regression"])
        #expect(wrongTask.code == 2)
        #expect(wrongTask.error.contains("--task regression"))
        let renamed = runNeural(["import", onnx, "--model", folder.path("b.safetensors"), "--target", "kind"])
        #expect(renamed.code == 0)
        #expect(try TrainedModel.load(from: URL(fileURLWithPath: folder.path("b.safetensors"))).targetColumn == "kind")
    }
}
