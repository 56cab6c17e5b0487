import Foundation
import Testing
@testable import Neural
@testable import NeuralONNX

/// Damaged and hostile bytes give an `ONNXError`, never a crash or a huge allocation.
@Suite struct ONNXHostileInputTests {
    private func decodingError(_ bytes: [UInt8]) -> ONNXError? {
        do {
            _ = try ONNXModelProto(serialized: Data(bytes))
            return nil
        } catch {
            return error as? ONNXError
        }
    }

    @Test func truncatedVarint() {
        // Field 1 (ir_version) whose varint says "more bytes follow" at the end of the input.
        #expect(decodingError([0x08, 0x80]) == .truncated(offset: 1, needed: 2, available: 1))
    }

    @Test func overlongVarint() {
        // Eleven continuation bytes: no 64-bit value takes more than ten.
        #expect(decodingError([0x08] + [UInt8](repeating: 0x80, count: 10) + [0x01]) == .malformedVarint(offset: 1))
        // Ten bytes whose last one carries bits beyond 64.
        #expect(decodingError([0x08] + [UInt8](repeating: 0xFF, count: 9) + [0x02]) == .malformedVarint(offset: 1))
    }

    @Test func lengthPastTheEnd() {
        // Field 7 (graph) claims 100 bytes, 2 follow.
        #expect(decodingError([0x3A, 0x64, 0x0A, 0x00]) == .lengthPastEnd(offset: 1, length: 100, remaining: 2))
        // A length near 2⁶⁴ must not overflow the offset arithmetic.
        #expect(decodingError([0x3A] + [UInt8](repeating: 0xFF, count: 9) + [0x01]) == .lengthPastEnd(offset: 1, length: .max, remaining: 0))
    }

    @Test func invalidTagsAndGroups() {
        #expect(decodingError([0x00]) == .invalidTag(offset: 0, tag: 0))          // field 0
        #expect(decodingError([0x0E]) == .invalidTag(offset: 0, tag: 14))         // wire type 6
        #expect(decodingError([0x0C]) == .unbalancedGroup(offset: 1))             // end group first
        #expect(decodingError([0x0B, 0x08, 0x01]) == .unbalancedGroup(offset: 3)) // group never ends
        #expect(decodingError([0x0B, 0x14]) == .unbalancedGroup(offset: 1))       // ends with another field's tag
        #expect(decodingError([0x12, 0x02, 0xC3, 0x28]) == .invalidString(offset: 1)) // bad UTF-8 producer name
    }

    @Test func deepNestingIsRefused() {
        // A graph whose node's attribute holds a graph whose node's attribute holds a graph … 200
        // levels deep; each level is 3 messages, far past the limit of 64.
        var graph = ProtobufWriter()
        for _ in 0..<200 {
            var attribute = ProtobufWriter()
            attribute.writeBytes(field: 6, graph.bytes)
            var node = ProtobufWriter()
            node.writeBytes(field: 5, attribute.bytes)
            var next = ProtobufWriter()
            next.writeBytes(field: 1, node.bytes)
            graph = next
        }
        var model = ProtobufWriter()
        model.writeBytes(field: 7, graph.bytes)
        #expect(decodingError(model.bytes) == .nestingTooDeep(limit: ProtobufReader.maximumDepth))

        // Deeply nested groups in an unknown field, too.
        let groups = [UInt8](repeating: 0x0B, count: 1000) + [UInt8](repeating: 0x0C, count: 1000)
        #expect(decodingError(groups) == .nestingTooDeep(limit: ProtobufReader.maximumDepth))
    }

    @Test func everyTruncationOfARealFileFailsCleanly() throws {
        let data = try ONNXFixtures.data("torch_relu.onnx")
        for length in 0..<data.count {
            // Any prefix either fails to decode or (when cut between fields) decodes to an
            // incomplete graph that the importer rejects; neither may crash.
            #expect(throws: ONNXError.self) { try DenseStack(onnx: data.prefix(length)) }
        }
    }

    @Test func everySingleByteCorruptionIsHandled() throws {
        let data = [UInt8](try ONNXFixtures.data("sklearn_classifier_binary.onnx"))
        for index in data.indices {
            var corrupted = data
            corrupted[index] ^= 0xA5
            // Either an error or a (possibly different) valid stack; the point is no crash.
            _ = try? DenseStack(onnx: Data(corrupted))
        }
    }

    @Test func corruptionsOfAnExportedGeluStackAreHandled() throws {
        // The GELU composition exercises the element-wise recogniser, scalars and shared inputs.
        let data = [UInt8](try ONNXTestStacks.stack(.gelu, link: .softmax).onnxModel())
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<1500 {
            var corrupted = data
            let index = generator.nextIndex(below: corrupted.count)
            corrupted[index] = UInt8(truncatingIfNeeded: generator.next())
            _ = try? DenseStack(onnx: Data(corrupted))
        }
    }

    @Test func randomBytesAreHandled() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<2000 {
            let length = generator.nextIndex(below: 80)
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            #expect(throws: ONNXError.self) { try DenseStack(onnx: Data(bytes)) }
        }
    }

    private func tensorError(_ tensor: ONNXTensorProto) -> ONNXError? {
        do {
            _ = try ONNXConstantTensor(tensor)
            return nil
        } catch {
            return error as? ONNXError
        }
    }

    @Test func absurdOrInconsistentTensors() {
        var huge = ONNXTensorProto.float("w", dims: [1 << 40, 1 << 40], values: [1])
        #expect(tensorError(huge) == .invalidTensor(name: "w", reason: "dimensions [1099511627776, 1099511627776] are too large"))
        huge.dims = [1_000_000_000]
        #expect(tensorError(huge) == .invalidTensor(name: "w", reason: "dimensions [1000000000] need 1000000000 elements but the raw_data holds 1"))
        var negative = ONNXTensorProto.float("w", dims: [-1], values: [1])
        #expect(tensorError(negative) == .invalidTensor(name: "w", reason: "negative dimension -1 in [-1]"))
        negative.dims = [1]
        negative.rawData.removeLast()
        #expect(tensorError(negative) == .invalidTensor(name: "w", reason: "raw_data has 3 bytes, not a multiple of 4"))
        var external = ONNXTensorProto.float("w", dims: [1], values: [1])
        external.dataLocation = 1
        #expect(tensorError(external) == .invalidTensor(name: "w", reason: "data stored in an external file is not supported"))
        let strings = ONNXTensorProto(dims: [1], dataType: 8, name: "s")
        #expect(tensorError(strings) == .invalidTensor(name: "s", reason: "data type 8 is not supported (float, double, int32, int64 are)"))
        let typed = ONNXTensorProto(dims: [2], dataType: 11, name: "d", doubleData: [0.5, -1])
        #expect((try? ONNXConstantTensor(typed)) == ONNXConstantTensor(dims: [2], values: [0.5, -1]))
    }
}
