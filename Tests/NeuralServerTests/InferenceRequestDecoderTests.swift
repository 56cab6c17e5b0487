import Testing
@testable import NeuralInference

@Suite struct InferenceRequestDecoderTests {
    let decoder = InferenceRequestDecoder(maxElements: 1000)

    private func decode(_ json: String) throws(InferenceError) -> InferenceRequest {
        try decoder.decode(Array(json.utf8), headerLength: nil)
    }

    private func expectError(_ json: String, status: Int = 400, containing text: String,
                             sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        do {
            _ = try decode(json)
            Issue.record("accepted: \(json)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.status == status, sourceLocation: sourceLocation)
            #expect(error.message.contains(text), "\(error.message)", sourceLocation: sourceLocation)
        }
    }

    @Test func flatAndNestedDataAreTheSameTensor() throws {
        let flat = try decode(#"{"inputs":[{"name":"input","datatype":"FP32","shape":[2,3],"data":[1,2,3,4,5,6]}]}"#)
        let nested = try decode(#"{"inputs":[{"name":"input","datatype":"FP32","shape":[2,3],"data":[[1,2,3],[4,5,6]]}]}"#)
        #expect(flat == nested)
        #expect(flat.inputs[0].values == .numbers([1, 2, 3, 4, 5, 6]))
        #expect(flat.inputs[0].rows == 2)
    }

    @Test func readsIdOutputsAndBinaryParameters() throws {
        let request = try decode("""
        {"id":"42","parameters":{"binary_data_output":true,"other":1},
         "inputs":[{"name":"c","datatype":"BYTES","shape":[2],"data":["p",null]}],
         "outputs":[{"name":"prediction","parameters":{"binary_data":false}},{"name":"probabilities"}]}
        """)
        #expect(request.id == "42")
        #expect(request.binaryDataOutput)
        #expect(request.inputs[0].values == .texts(["p", nil]))
        #expect(request.outputs == [RequestedOutput(name: "prediction", binaryData: false), RequestedOutput(name: "probabilities")])
    }

    /// Integer and boolean datatypes check their values; null is a missing value (NaN).
    @Test func convertsEachDatatype() throws {
        let request = try decode("""
        {"inputs":[{"name":"i","datatype":"INT8","shape":[2],"data":[-128,127]},
                   {"name":"u","datatype":"UINT16","shape":[1],"data":[65535]},
                   {"name":"b","datatype":"BOOL","shape":[2],"data":[true,false]},
                   {"name":"f","datatype":"FP64","shape":[2],"data":[0.1,null]}]}
        """)
        #expect(request.inputs[0].values == .numbers([-128, 127]))
        #expect(request.inputs[1].values == .numbers([65535]))
        #expect(request.inputs[2].values == .numbers([1, 0]))
        guard case .numbers(let f) = request.inputs[3].values else { Issue.record("not numbers"); return }
        #expect(f[0] == Float(0.1) && f[1].isNaN)
    }

    @Test func refusesBadTensors() {
        expectError(#"[1]"#, containing: "must be a JSON object")
        expectError(#"{"inputs":[]}"#, containing: "non-empty array")
        expectError(#"{"inputs":[{"name":"x","datatype":"FP32","shape":[2],"data":[1]}],"extra":1}"#, containing: "Unknown field \"extra\"")
        expectError(#"{"inputs":[{"name":"x","datatype":"FP99","shape":[1],"data":[1]}]}"#, containing: "unknown datatype \"FP99\"")
        expectError(#"{"inputs":[{"name":"x","datatype":"FP32","shape":[3],"data":[1,2]}]}"#, containing: "dimension 0 needs 3")
        expectError(#"{"inputs":[{"name":"x","datatype":"FP32","shape":[2,2],"data":[[1,2],[3]]}]}"#, containing: "dimension 1 needs 2")
        expectError(#"{"inputs":[{"name":"x","datatype":"FP32","shape":[2,2],"data":[1,2,3,"4"]}]}"#, containing: "\"x\", row 1, column 1: datatype FP32 takes a number")
        expectError(#"{"inputs":[{"name":"x","datatype":"INT8","shape":[1],"data":[128]}]}"#, containing: "128 is not a INT8 value")
        expectError(#"{"inputs":[{"name":"x","datatype":"INT32","shape":[1],"data":[1.5]}]}"#, containing: "1.5 is not a INT32 value")
        expectError(#"{"inputs":[{"name":"x","datatype":"FP32","shape":[1],"data":[1e39]}]}"#, containing: "outside the range of a 32-bit float")
        expectError(#"{"inputs":[{"name":"x","datatype":"BYTES","shape":[1],"data":[1]}]}"#, containing: "row 0: datatype BYTES takes strings")
        expectError(#"{"inputs":[{"name":"x","datatype":"FP32","shape":[-1],"data":[1]}]}"#, containing: "not all integers")
        expectError(#"{"inputs":[{"name":"x","datatype":"FP32","shape":[1],"data":[1]},{"name":"x","datatype":"FP32","shape":[1],"data":[1]}]}"#, containing: "appears twice")
        expectError(#"{"inputs":[{"name":"x","datatype":"FP32","shape":[1]}]}"#, containing: "has no \"data\"")
        expectError(#"{"inputs":[{"name":"x","datatype":"FP32","shape":[1],"data":[1]}],"outputs":[{"name":"p","parameters":{"classification":2}}]}"#, containing: "classification extension")
        expectError(#"{"inputs":[{"name":"x","datatype":"FP32","shape":[1],"data":[1]}],"parameters":{"binary_data_output":"yes"}}"#, containing: "must be true or false")
        expectError(#"{"inputs":[{"name":"x","datatype":"FP32","shape":[100,100],"data":[]}]}"#, status: 413, containing: "more than 1000 values in all")
        expectError(#"{"inputs":[{"name":"x","datatype":"FP32","shape":[4294967296,4294967296,4294967296],"data":[]}]}"#, containing: "not all integers")
    }

    @Test func readsBinaryTensorsAfterTheJSON() throws {
        let fp32 = ServingFixtures.littleEndian([1.5, -2, .nan])
        let int64: [UInt8] = [7, 0, 0, 0, 0, 0, 0, 0] + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        let half: [UInt8] = [0x00, 0x3C, 0x00, 0xC0] // 1.0 and -2.0 in IEEE half precision
        let text = ServingFixtures.bytesElements(["héllo", ""])
        let json = Array("""
        {"inputs":[{"name":"f","datatype":"FP32","shape":[3],"parameters":{"binary_data_size":12}},
                   {"name":"i","datatype":"INT64","shape":[2],"parameters":{"binary_data_size":16}},
                   {"name":"h","datatype":"FP16","shape":[2],"parameters":{"binary_data_size":4}},
                   {"name":"t","datatype":"BYTES","shape":[2],"parameters":{"binary_data_size":\(text.count)}}]}
        """.utf8)
        let request = try decoder.decode(json + fp32 + int64 + half + text, headerLength: json.count)
        guard case .numbers(let f) = request.inputs[0].values else { Issue.record("not numbers"); return }
        #expect(f[0] == 1.5 && f[1] == -2 && f[2].isNaN)
        #expect(request.inputs[1].values == .numbers([7, -1]))
        #expect(request.inputs[2].values == .numbers([1, -2]))
        #expect(request.inputs[3].values == .texts(["héllo", ""]))
    }

    @Test func refusesBadBinaryData() {
        let json = Array(#"{"inputs":[{"name":"f","datatype":"FP32","shape":[2],"parameters":{"binary_data_size":8}}]}"#.utf8)
        let eight = ServingFixtures.littleEndian([1, 2])
        func check(_ body: [UInt8], _ headerLength: Int, _ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            #expect(sourceLocation: sourceLocation) {
                _ = try decoder.decode(body, headerLength: headerLength)
            } throws: { error in
                (error as? InferenceError)?.message.contains(text) == true
            }
        }
        check(json + eight, json.count + 9, "but the body has")
        check(json + eight.prefix(4), json.count, "only 4 bytes of binary data are left")
        check(json + eight + [0], json.count, "1 bytes of binary data after the JSON belong to no input")
        check(json + ServingFixtures.littleEndian([1, .infinity]), json.count, "\"f\", row 1: the value is infinite")
        let wrongSize = Array(#"{"inputs":[{"name":"f","datatype":"FP32","shape":[3],"parameters":{"binary_data_size":8}}]}"#.utf8)
        check(wrongSize + eight, wrongSize.count, "(12 bytes), but binary_data_size is 8")
        let texts = Array(#"{"inputs":[{"name":"t","datatype":"BYTES","shape":[2],"parameters":{"binary_data_size":9}}]}"#.utf8)
        check(texts + [5, 0, 0, 0, 0x61, 0x62, 0x63, 0x64, 0x65], texts.count, "row 1: the binary data ends before")
        check(texts + [9, 0, 0, 0, 0x61, 0x62, 0x63, 0x64, 0x65], texts.count, "row 0: the element's length is 9 bytes")
        let invalid = Array(#"{"inputs":[{"name":"t","datatype":"BYTES","shape":[1],"parameters":{"binary_data_size":5}}]}"#.utf8)
        check(invalid + [1, 0, 0, 0, 0xFF], invalid.count, "not valid UTF-8")
        let bools = Array(#"{"inputs":[{"name":"b","datatype":"BOOL","shape":[1],"parameters":{"binary_data_size":1}}]}"#.utf8)
        check(bools + [2], bools.count, "a BOOL byte must be 0 or 1")
    }
}
