import Testing
import Neural
@testable import NeuralInference

@Suite struct ServedModelTests {
    let mixed = ServingFixtures.classifier()

    private func predict(_ served: ServedModel, _ request: InferenceRequest) throws -> ModelPrediction {
        try served.model.predict(features: served.features(of: served.table(for: request, maxRows: 100)))
    }

    /// JSON tensors (FP32, INT64 and BYTES columns) give the bits `neural predict` gives on
    /// the same rows as CSV.
    @Test func tensorsPredictAsTheCSV() throws {
        let request = try InferenceRequestDecoder(maxElements: 1000).decode(Array(ServingFixtures.mixedJSON.utf8), headerLength: nil)
        let prediction = try predict(mixed, request)
        let expected = try ServingFixtures.expected(mixed, csv: ServingFixtures.mixedCSV)
        #expect(prediction.labels == expected.labels)
        #expect(prediction.probabilities?.storage.map(\.bitPattern) == expected.probabilities?.storage.map(\.bitPattern))
    }

    @Test func binaryTensorsPredictAsTheCSV() throws {
        let (body, headerLength) = ServingFixtures.mixedBinary()
        let request = try InferenceRequestDecoder(maxElements: 1000).decode(body, headerLength: headerLength)
        let prediction = try predict(mixed, request)
        let expected = try ServingFixtures.expected(mixed, csv: ServingFixtures.mixedCSV)
        #expect(prediction.probabilities?.storage.map(\.bitPattern) == expected.probabilities?.storage.map(\.bitPattern))
    }

    /// The FP32 `input` matrix is the columns in the model's order.
    @Test func matrixInputIsTheColumnsInOrder() throws {
        let served = ServingFixtures.regressor()
        let request = InferenceRequest(inputs: [InputTensor(name: "input", datatype: .fp32, shape: [3, 3],
                                                            values: .numbers([0.1, 0.2, 0.3, -1, 4, 9, 3.5, -2, 0]))])
        let prediction = try predict(served, request)
        let expected = try ServingFixtures.expected(served, csv: ServingFixtures.numericCSV)
        #expect(prediction.values.map(\.bitPattern) == expected.values.map(\.bitPattern))
    }

    @Test func csvBodyAnswersWhatPredictPrints() throws {
        let table = try mixed.table(csv: Array(ServingFixtures.mixedCSV.utf8), maxRows: 100)
        let prediction = mixed.model.predict(features: try mixed.features(of: table))
        let expected = try ServingFixtures.expected(mixed, csv: ServingFixtures.mixedCSV)
        let text = String(decoding: try mixed.encodeCSV(prediction, probabilities: true), as: UTF8.self)
        #expect(text == ModelPrediction.csvHeader(classNames: ["u", "v", "w"], probabilities: true) + expected.csvLines(probabilities: true))
        #expect(text.hasPrefix("prediction,p_u,p_v,p_w\n"))
    }

    private func expectError(_ served: ServedModel, _ inputs: [InputTensor], status: Int = 400, containing text: String,
                             sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        do {
            _ = try predict(served, InferenceRequest(inputs: inputs))
            Issue.record("accepted", sourceLocation: sourceLocation)
        } catch let error as InferenceError {
            #expect(error.status == status, sourceLocation: sourceLocation)
            #expect(error.message.contains(text), "\(error.message)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func refusesRequestsThatDoNotFitTheModel() {
        let a = InputTensor(name: "a", datatype: .fp32, shape: [2], values: .numbers([1, 2]))
        let b = InputTensor(name: "b", datatype: .fp32, shape: [2], values: .numbers([1, 2]))
        let c = InputTensor(name: "c", datatype: .bytes, shape: [2], values: .texts(["p", "q"]))
        expectError(mixed, [a, b], containing: "has no input \"c\"")
        expectError(mixed, [a, b, c, InputTensor(name: "d", datatype: .fp32, shape: [2], values: .numbers([1, 2]))],
                    containing: "has no input \"d\"; its inputs are a, b, c")
        expectError(mixed, [a, InputTensor(name: "b", datatype: .fp32, shape: [3], values: .numbers([1, 2, 3])), c],
                    containing: "\"b\" has shape [3]; a column takes [2] or [2, 1]")
        expectError(mixed, [InputTensor(name: "a", datatype: .bytes, shape: [2], values: .texts(["1", "2"])), b, c],
                    containing: "\"a\" is BYTES, but the column is numeric")
        expectError(mixed, [a, b, InputTensor(name: "c", datatype: .bytes, shape: [2], values: .texts(["p", "z"]))],
                    containing: "\"c\", row 1: the category \"z\" was not seen in training")
        expectError(mixed, [InputTensor(name: "a", datatype: .fp32, shape: [2], values: .numbers([1, .nan])), b, c],
                    containing: "\"a\", row 1: the value is missing")
        expectError(mixed, [InputTensor(name: "input", datatype: .fp32, shape: [1, 3], values: .numbers([1, 2, 3]))],
                    containing: "needs a model whose inputs are all numeric")
        expectError(ServingFixtures.regressor(), [InputTensor(name: "input", datatype: .fp32, shape: [1, 2], values: .numbers([1, 2]))],
                    containing: "takes [rows, 3]")
        let many = [Float](repeating: 1, count: 101)
        expectError(mixed, [InputTensor(name: "a", datatype: .fp32, shape: [101], values: .numbers(many)),
                            InputTensor(name: "b", datatype: .fp32, shape: [101], values: .numbers(many)),
                            InputTensor(name: "c", datatype: .bytes, shape: [101], values: .texts(Array(repeating: "p", count: 101)))],
                    status: 413, containing: "101 rows; at most 100")
    }

    /// A missing value is imputed when the model was trained with `--missing mean`, as in CSV.
    @Test func missingValuesFollowTheModelsPolicy() throws {
        let served = ServingFixtures.classifier(missing: .mean)
        let request = InferenceRequest(inputs: [
            InputTensor(name: "a", datatype: .fp32, shape: [1], values: .numbers([.nan])),
            InputTensor(name: "b", datatype: .fp32, shape: [1], values: .numbers([4])),
            InputTensor(name: "c", datatype: .bytes, shape: [1], values: .texts([nil]))])
        let prediction = try predict(served, request)
        let expected = try ServingFixtures.expected(served, csv: "a,b,c\nNA,4,\n")
        #expect(prediction.probabilities?.storage.map(\.bitPattern) == expected.probabilities?.storage.map(\.bitPattern))
    }

    @Test func csvErrorsNameTheLineAndColumn() {
        #expect {
            _ = try mixed.table(csv: Array("a,b,c\n1,x,p\n".utf8), maxRows: 10)
        } throws: { error in
            let message = (error as? InferenceError)?.message ?? ""
            return message.contains("request body, line 2") && message.contains("\"b\"")
        }
        #expect(throws: InferenceError.self) { _ = try mixed.table(csv: Array("a,b\n1,2\n".utf8), maxRows: 10) }
        #expect {
            _ = try mixed.table(csv: Array("a,b,c\n1,2,p\n1,2,p\n".utf8), maxRows: 1)
        } throws: { ($0 as? InferenceError)?.status == 413 }
    }

    @Test func responsesFollowTheProtocol() throws {
        let request = try InferenceRequestDecoder(maxElements: 1000).decode(Array(ServingFixtures.mixedJSON.utf8), headerLength: nil)
        let expected = try ServingFixtures.expected(mixed, csv: ServingFixtures.mixedCSV)
        let response = try mixed.encodeResponse(expected, for: request)
        #expect(response.jsonLength == nil)
        let json = try JSONParser.parse(response.body)
        #expect(json["model_name"] == .string("mixed"))
        #expect(json["id"] == .string("r-1"))
        guard case .array(let outputs)? = json["outputs"] else { Issue.record("no outputs"); return }
        #expect(outputs.count == 2)
        #expect(outputs[0]["name"] == .string("prediction") && outputs[0]["datatype"] == .string("BYTES"))
        #expect(outputs[0]["data"] == .array(expected.labels.map { .string($0) }))
        #expect(outputs[1]["shape"] == .array([.number(JSONNumber(text: "4", isInteger: true)), .number(JSONNumber(text: "3", isInteger: true))]))
        guard case .array(let probabilities)? = outputs[1]["data"] else { Issue.record("no data"); return }
        let values = probabilities.compactMap { if case .number(let n) = $0 { n.floatValue } else { nil } }
        // Shortest round-trip text reads back as the same bits.
        #expect(values.map(\.bitPattern) == expected.probabilities?.storage.map(\.bitPattern))
    }

    @Test func binaryOutputsFollowTheJSONHeader() throws {
        let expected = try ServingFixtures.expected(mixed, csv: ServingFixtures.mixedCSV)
        var request = InferenceRequest(inputs: [], outputs: [RequestedOutput(name: "probabilities", binaryData: true),
                                                             RequestedOutput(name: "prediction")])
        request.binaryDataOutput = false
        let response = try mixed.encodeResponse(expected, for: request)
        let headerLength = try #require(response.jsonLength)
        let header = try JSONParser.parse(Array(response.body[0..<headerLength]))
        guard case .array(let outputs)? = header["outputs"] else { Issue.record("no outputs"); return }
        #expect(outputs[0]["parameters"]?["binary_data_size"] == .number(JSONNumber(text: "48", isInteger: true)))
        #expect(outputs[0]["data"] == nil)
        #expect(outputs[1]["data"] != nil)
        #expect(Array(response.body[headerLength...]) == ServingFixtures.littleEndian(expected.probabilities?.storage ?? []))
        #expect(throws: InferenceError.self) {
            try mixed.checkOutputs(InferenceRequest(inputs: [], outputs: [RequestedOutput(name: "logits")]))
        }
    }
}
