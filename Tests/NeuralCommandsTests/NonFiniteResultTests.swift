import Foundation
import Testing
import Neural

/// Non-finite numbers are never reported as results (through the executable): a model file whose
/// weights or preprocessing hold NaN or an infinity is refused at load naming the tensor or field,
/// and a row whose standardised features or outputs overflow `Float` is an error naming its line
/// and column (exit 2), never a `-nan` printed with exit 0.
@Suite struct NonFiniteResultTests {
    /// A classifier trained on `SampleData.classification` (x1, x2 numeric; color categorical).
    static func trained(in folder: TemporaryFolder) throws -> (binary: URL, data: String, model: String) {
        let binary = try #require(BuiltBinaryTests.binary)
        let data = try folder.write("d.csv", SampleData.classification)
        let model = folder.path("m.safetensors")
        let train = try BuiltBinaryTests.run(binary, ["train", data, "--target", "label", "--model", model] + SampleData.fastFlags)
        #expect(train.code == 0, "\(train.error)")
        return (binary, data, model)
    }

    /// Rewrites the model file at `path` with `edit` applied to its parsed form.
    static func editModel(at path: String, _ edit: (inout ModelFile) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        var file = try ModelFile.read(from: url)
        try edit(&file)
        try file.write(to: url)
    }

    static let enabled = BuiltBinaryTests.binary != nil

    /// 3e38 is a finite Float, but (3e38 − mean) / std is not: the row is named, nothing printed
    /// for it, exit 2 — for `predict` (standard output and `--output`) and `evaluate`.
    @Test(.enabled(if: enabled, "the neural executable was not found"))
    func aFeatureThatOverflowsWhenStandardisedNamesLineAndColumn() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (binary, _, model) = try Self.trained(in: folder)
        let rows = "x1,x2,color,label\n0.5,0.1,red,\"small, round\"\n3e38,0.2,blue,\"small, round\"\n"
        let input = try folder.write("big.csv", rows)
        let expected = "\(input), line 3, column \"x1\": the value 3e+38 standardises to"
        for arguments in [["predict", model, input], ["predict", model, input, "--output", folder.path("p.csv")],
                          ["evaluate", model, input]] {
            let result = try BuiltBinaryTests.run(binary, arguments)
            #expect(result.code == 2, "\(arguments): \(result.error)")
            #expect(result.error.contains(expected), "\(arguments): \(result.error)")
            #expect(result.error.contains("no prediction is made for such a row"), "\(result.error)")
            #expect(!result.output.lowercased().contains("nan"), "\(arguments): \(result.output)")
        }
        #expect(!folder.exists("p.csv"))
    }

    /// Finite but huge weights make the network's outputs overflow on an ordinary row: the row
    /// is named with its largest standardised feature's column.
    @Test(.enabled(if: enabled, "the neural executable was not found"))
    func outputsThatOverflowNameTheRow() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (binary, data, model) = try Self.trained(in: folder)
        try Self.editModel(at: model) { file in
            for index in file.tensors.indices where file.tensors[index].name.hasSuffix("weight") {
                let tensor = file.tensors[index]
                file.tensors[index] = SafeTensor(name: tensor.name, shape: tensor.shape, values: tensor.values.map { $0 * 1e30 })
            }
        }
        for command in ["predict", "evaluate"] {
            let result = try BuiltBinaryTests.run(binary, [command, model, data])
            #expect(result.code == 2, "\(command): \(result.error)")
            #expect(result.error.contains("\(data), line 2, column \""), "\(command): \(result.error)")
            #expect(result.error.contains("the network's computation overflows 32-bit floats"), "\(command): \(result.error)")
            #expect(!result.output.lowercased().contains("nan"), "\(command): \(result.output)")
        }
    }

    /// A NaN or an infinity in any tensor of a model file is refused by every command that loads
    /// one (predict, evaluate, export), naming the tensor and index.
    @Test(.enabled(if: enabled, "the neural executable was not found"), arguments: [Float.nan, .infinity, -.infinity])
    func aNonFiniteWeightIsRefusedAtLoad(value: Float) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (binary, data, model) = try Self.trained(in: folder)
        try Self.editModel(at: model) { file in
            let index = try #require(file.tensors.firstIndex { $0.name == "layers.1.bias" })
            var values = file.tensors[index].values
            values[1] = value
            file.tensors[index] = SafeTensor(name: "layers.1.bias", shape: file.tensors[index].shape, values: values)
        }
        for arguments in [["predict", model, data], ["evaluate", model, data], ["export", model, "--onnx", folder.path("m.onnx")]] {
            let result = try BuiltBinaryTests.run(binary, arguments)
            #expect(result.code == 2, "\(arguments): \(result.error)")
            #expect(result.error.contains("\(model): tensor layers.1.bias holds \(value) at index 1; every number of a model file must be finite"),
                    "\(arguments): \(result.error)")
            #expect(result.output.isEmpty, "\(arguments): \(result.output)")
        }
    }

    /// A standard deviation in the preprocessing that would make every output NaN or infinite
    /// (zero, negative, subnormal) is refused at load, naming the field. (JSON cannot write a
    /// non-finite mean; a number too large for Float is refused as invalid JSON.)
    @Test(.enabled(if: enabled, "the neural executable was not found"),
          arguments: [("standardDeviations", "1e-45", "standard deviation 0 is 1e-45"),
                      ("standardDeviations", "0", "standard deviation 0 is 0.0"),
                      ("standardDeviations", "-1", "standard deviation 0 is -1.0")])
    func preprocessingThatMakesOutputsNaNIsRefusedAtLoad(field: String, value: String, message: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (binary, data, model) = try Self.trained(in: folder)
        try Self.editModel(at: model) { file in
            let json = try #require(file.metadata[ModelFormat.preprocessingKey])
            // The first number of the field's array, replaced as text (JSON cannot write 1e-45 otherwise).
            let range = try #require(json.range(of: "\"\(field)\":["))
            let rest = json[range.upperBound...]
            let end = try #require(rest.firstIndex { $0 == "," || $0 == "]" })
            file.metadata[ModelFormat.preprocessingKey] = String(json[..<range.upperBound]) + value + String(rest[end...])
        }
        let result = try BuiltBinaryTests.run(binary, ["predict", model, data])
        #expect(result.code == 2, "\(result.error)")
        #expect(result.error.contains("metadata neural.preprocessing is invalid"), "\(result.error)")
        #expect(result.error.contains(message), "\(result.error)")
        #expect(result.output.isEmpty)
    }
}
