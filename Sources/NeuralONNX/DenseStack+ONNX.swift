import Foundation
import Neural

// The public ONNX entry points of a dense stack: export to bytes or a file, import from bytes or
// a file. The graph formats are described in `ONNXExporter` and `ONNXImporter`.

extension DenseStack {
    /// The stack as a serialized ONNX `ModelProto` (opset 17, ir_version 8): input
    /// `[batch, inputSize]` float32 with a free `batch` dimension, outputs `[batch, outputSize]`
    /// (`outputName`, and `probabilitiesName` when there is a link). See `ONNXExporter` for the graph.
    public func onnxModel() throws(ONNXError) -> Data {
        try ONNXExporter.model(for: self).serialized()
    }

    /// Writes `onnxModel()` to `url`: first to a temporary file in the same directory, then renamed
    /// into place, so an interrupted write never leaves a partial model under the final name.
    public func writeONNX(to url: URL) throws(ONNXError) {
        let data = try onnxModel()
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary, options: .withoutOverwriting)
        } catch {
            throw .fileSystem(path: temporary.path, reason: "cannot write: \(error.localizedDescription)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw .fileSystem(path: url.path, reason: "cannot move the written model into place: \(reason)")
        }
    }

    /// Imports a dense stack from a serialized ONNX model (see `ONNXImporter` for what is accepted).
    /// Throws `ONNXError` for damaged bytes, unsupported nodes (naming them) and inconsistent shapes.
    public init(onnx data: Data) throws(ONNXError) {
        let model: ONNXModelProto
        do {
            model = try ONNXModelProto(serialized: data)
        } catch let error as ONNXError {
            throw error
        } catch {
            throw .invalidGraph("cannot decode: \(error)")
        }
        self = try ONNXImporter.stack(from: model)
    }

    /// Imports a dense stack from the ONNX file at `url`.
    public init(contentsOfONNX url: URL) throws(ONNXError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .fileSystem(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        try self.init(onnx: data)
    }
}
