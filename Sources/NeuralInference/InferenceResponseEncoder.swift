import Neural

/// An inference response body: `{"model_name", "model_version", "id", "outputs": [{"name",
/// "datatype", "shape", "data"}]}`. An output asked for in binary form (its `binary_data`
/// parameter, else the request's `binary_data_output`) has `"parameters": {"binary_data_size": S}`
/// instead of `data`, and its bytes follow the JSON; `jsonLength` is then the value of the
/// response's `Inference-Header-Content-Length` header.
public struct EncodedResponse: Sendable, Equatable {
    public var body: [UInt8]
    /// The JSON's length when binary outputs follow it (`nil`: the body is all JSON).
    public var jsonLength: Int?
}

extension ServedModel {
    /// Checks the requested outputs against the model's (before any work is done).
    public func checkOutputs(_ request: InferenceRequest) throws(InferenceError) {
        for output in request.outputs ?? [] where !outputNames.contains(output.name) {
            throw .badRequest("The model \(name) has no output \"\(output.name)\"; its outputs are \(outputNames.joined(separator: ", ")).")
        }
    }

    /// The response to `request` for its `prediction`.
    public func encodeResponse(_ prediction: ModelPrediction, for request: InferenceRequest) throws(InferenceError) -> EncodedResponse {
        let rows = prediction.count
        if !isClassifier, let row = prediction.values.firstIndex(where: { !$0.isFinite }) {
            throw .badRequest("Row \(row): the prediction is \(prediction.values[row]), outside the range of a 32-bit float (the inputs are far outside the training data).")
        }
        if let matrix = prediction.probabilities, let index = matrix.storage.firstIndex(where: { !$0.isFinite }) {
            throw .badRequest("Row \(index / max(matrix.columns, 1)): the class probabilities are not finite numbers (the inputs are far outside the training data).")
        }
        let requested = request.outputs ?? outputNames.map { RequestedOutput(name: $0) }
        var writer = JSONWriter(capacity: 128 + rows * 16 * (isClassifier ? 1 + model.classNames.count : 1))
        var binary: [UInt8] = []
        writer.raw("{")
        writer.key("model_name", first: true)
        writer.string(name)
        writer.key("model_version")
        writer.string(version)
        if let id = request.id {
            writer.key("id")
            writer.string(id)
        }
        writer.key("outputs")
        writer.raw("[")
        for (index, output) in requested.enumerated() {
            if index > 0 { writer.raw(",") }
            let inBinary = output.binaryData ?? request.binaryDataOutput
            writer.raw("{")
            writer.key("name", first: true)
            writer.string(output.name)
            let binaryStart = binary.count
            if output.name == Self.probabilitiesOutput, let matrix = prediction.probabilities {
                writer.key("datatype")
                writer.string(TensorDatatype.fp32.rawValue)
                writer.key("shape")
                writer.shape([rows, matrix.columns])
                if inBinary {
                    Self.appendFloats(matrix.storage, to: &binary)
                } else {
                    writer.key("data")
                    Self.writeFloats(matrix.storage, to: &writer)
                }
            } else if isClassifier {
                writer.key("datatype")
                writer.string(TensorDatatype.bytes.rawValue)
                writer.key("shape")
                writer.shape([rows])
                if inBinary {
                    for label in prediction.labels {
                        let utf8 = Array(label.utf8)
                        Self.appendLittleEndian(UInt32(utf8.count), to: &binary)
                        binary.append(contentsOf: utf8)
                    }
                } else {
                    writer.key("data")
                    writer.stringArray(prediction.labels)
                }
            } else {
                writer.key("datatype")
                writer.string(TensorDatatype.fp32.rawValue)
                writer.key("shape")
                writer.shape([rows])
                if inBinary {
                    Self.appendFloats(prediction.values, to: &binary)
                } else {
                    writer.key("data")
                    Self.writeFloats(prediction.values, to: &writer)
                }
            }
            if inBinary {
                writer.key("parameters")
                writer.raw("{")
                writer.key("binary_data_size", first: true)
                writer.number(binary.count - binaryStart)
                writer.raw("}")
            }
            writer.raw("}")
        }
        writer.raw("]}")
        guard !binary.isEmpty || requested.contains(where: { $0.binaryData ?? request.binaryDataOutput }) else {
            return EncodedResponse(body: writer.bytes, jsonLength: nil)
        }
        let jsonLength = writer.bytes.count
        writer.bytes.append(contentsOf: binary)
        return EncodedResponse(body: writer.bytes, jsonLength: jsonLength)
    }

    /// The CSV answer to a CSV request: exactly what `neural predict` prints for the same rows
    /// (with `probabilities`, what `neural predict --probabilities` prints).
    public func encodeCSV(_ prediction: ModelPrediction, probabilities: Bool) throws(InferenceError) -> [UInt8] {
        if probabilities && !isClassifier {
            throw .badRequest("probabilities=true needs a classifier; \(name) is a regressor.")
        }
        let text = ModelPrediction.csvHeader(classNames: model.classNames, probabilities: probabilities)
            + prediction.csvLines(probabilities: probabilities)
        return Array(text.utf8)
    }

    private static func writeFloats(_ values: [Float], to writer: inout JSONWriter) {
        writer.raw("[")
        for (index, value) in values.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.number(value)
        }
        writer.raw("]")
    }

    private static func appendFloats(_ values: [Float], to bytes: inout [UInt8]) {
        bytes.reserveCapacity(bytes.count + values.count * 4)
        for value in values { appendLittleEndian(value.bitPattern, to: &bytes) }
    }

    private static func appendLittleEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
    }
}
