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
        try ONNXFile.write(onnxModel(), to: url)
    }

    /// Imports a dense stack from a serialized ONNX model (see `ONNXImporter` for what is accepted).
    /// Throws `ONNXError` for damaged bytes, unsupported nodes (naming them) and inconsistent shapes.
    public init(onnx data: Data) throws(ONNXError) {
        self = try ONNXImporter.stack(from: ONNXFile.decode(data))
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

/// Reading and writing serialized models.
enum ONNXFile {
    /// The `ModelProto` in `data`; damaged bytes are `ONNXError`s naming the offset.
    static func decode(_ data: Data) throws(ONNXError) -> ONNXModelProto {
        do {
            return try ONNXModelProto(serialized: data)
        } catch let error as ONNXError {
            throw error
        } catch {
            throw .invalidGraph("cannot decode: \(error)")
        }
    }

    /// Writes `data` first to a temporary file in the folder of `url`, then renames it into place,
    /// so an interrupted write never leaves a partial model under the final name.
    static func write(_ data: Data, to url: URL) throws(ONNXError) {
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
}
