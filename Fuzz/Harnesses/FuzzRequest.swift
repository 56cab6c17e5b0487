// libFuzzer target for the inference request decoder of `neural serve` (built by Fuzz/build.sh).
//
// The first byte is not part of the request: it chooses where the JSON ends (the
// Inference-Header-Content-Length header of the binary tensor extension): 0 means no header
// (the whole body is JSON); otherwise the header is the offset of the first 0x00 byte of the
// rest (so seeds can be written as JSON, a NUL, then raw tensors) or, when there is none, the
// body's length. The request goes through InferenceRequestDecoder, then is bound to two models
// (one with numeric and text columns, one all-numeric that takes the "input" matrix), predicted
// and encoded as a response in JSON and in binary form. The body also goes through the CSV path
// (`Content-Type: text/csv`). Every stage may throw an InferenceError; a crash, a sanitizer
// report, a hang or an allocation the limits do not allow is a finding.
import Foundation
import Neural
import NeuralInference

private let models: [ServedModel] = {
    let mixed = Preprocessor(
        inputColumns: [.init(name: "a", kind: .numeric), .init(name: "b", kind: .numeric), .init(name: "c", kind: .categorical)],
        targetColumn: "y", task: .classification, missingValues: .mean, numericMeans: [1, 2],
        standardizer: Standardizer(means: [1, 2], standardDeviations: [2, 4]), mostFrequentCategories: ["p"],
        oneHotEncoder: OneHotEncoder(columnNames: ["c"], categories: [["p", "q"]]),
        labelEncoder: LabelEncoder(classes: ["u", "v", "w"]))
    let numeric = Preprocessor(
        inputColumns: [.init(name: "x1", kind: .numeric), .init(name: "x2", kind: .numeric)],
        targetColumn: "t", task: .regression, missingValues: .error, numericMeans: [0, 0],
        standardizer: Standardizer(means: [0, 0], standardDeviations: [1, 1]), mostFrequentCategories: [],
        oneHotEncoder: OneHotEncoder(columnNames: [], categories: []), labelEncoder: nil)
    return [
        ServedModel(name: "mixed", path: "mixed", model: TrainedModel(
            network: Network(inputSize: 4, hiddenLayers: [5], outputSize: 3, activation: .tanh, seed: 1),
            preprocessor: mixed, configuration: TrainingConfiguration(loss: .categoricalCrossEntropy))),
        ServedModel(name: "numeric", path: "numeric", model: TrainedModel(
            network: Network(inputSize: 2, hiddenLayers: [3], outputSize: 1, activation: .relu, seed: 2),
            preprocessor: numeric, configuration: TrainingConfiguration(loss: .meanSquaredError),
            targetScaling: Standardizer(means: [5], standardDeviations: [2]))),
    ]
}()

/// The server's limits, small so that the fuzzer meets them: 64 rows per request.
private let maxRows = 64

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequest(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let mode = bytes[0]
    var body = Array(bytes[1...])
    var headerLength: Int?
    if mode != 0 {
        if let nul = body.firstIndex(of: 0) {
            headerLength = nul
            body.remove(at: nul)
        } else {
            headerLength = body.count
        }
    }
    for model in models {
        let decoder = InferenceRequestDecoder(maxElements: maxRows * model.model.inputColumns.count)
        do {
            let request = try decoder.decode(body, headerLength: headerLength)
            precondition(request.inputs.allSatisfy { $0.values.count == $0.shape.reduce(1, *) },
                         "a decoded tensor's element count differs from its shape")
            try model.checkOutputs(request)
            let table = try model.table(for: request, maxRows: maxRows)
            precondition(table.rowCount <= maxRows, "\(table.rowCount) rows passed the limit of \(maxRows)")
            let prediction = model.model.predict(features: try model.features(of: table))
            var json = request
            json.binaryDataOutput = false
            json.outputs = json.outputs?.map { RequestedOutput(name: $0.name, binaryData: false) }
            let encoded = try model.encodeResponse(prediction, for: json)
            // A JSON response parses back.
            _ = try JSONParser.parse(encoded.body)
            var binary = request
            binary.binaryDataOutput = true
            let encodedBinary = try model.encodeResponse(prediction, for: binary)
            if let length = encodedBinary.jsonLength {
                _ = try JSONParser.parse(Array(encodedBinary.body[0..<length]))
            }
        } catch let error as InferenceError {
            precondition((400...599).contains(error.status) && !error.message.isEmpty, "bad error \(error)")
        } catch {
            preconditionFailure("an error that is not an InferenceError: \(error)")
        }
        do {
            let table = try model.table(csv: body, maxRows: maxRows)
            let prediction = model.model.predict(features: try model.features(of: table))
            _ = try model.encodeCSV(prediction, probabilities: model.model.task == .classification)
        } catch let error as InferenceError {
            precondition((400...599).contains(error.status), "bad error \(error)")
        } catch {
            preconditionFailure("an error that is not an InferenceError: \(error)")
        }
    }
    return 0
}
