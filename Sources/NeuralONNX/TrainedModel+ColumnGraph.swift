import Foundation
import Neural

// A trained model as an ONNX graph that takes the CSV columns, and such a graph as a model.

extension TrainedModel {
    /// The model as a serialized ONNX graph with one input per input column and the
    /// preprocessing inside (see `ColumnGraphExporter` for the graph and its outputs). Throws
    /// `ONNXError.invalidStack` for a model the graph cannot express.
    public func onnxColumnGraph() throws(ONNXError) -> Data {
        try ColumnGraphExporter.model(for: self).serialized()
    }

    /// Writes `onnxColumnGraph()` to `url` atomically.
    public func writeONNXColumnGraph(to url: URL) throws(ONNXError) {
        try ONNXFile.write(onnxColumnGraph(), to: url)
    }

    /// The model an ONNX graph that takes the columns describes (`ColumnGraphImporter`), or
    /// `nil` when the graph takes one feature tensor (read that with `DenseStack(onnx:)`).
    /// `target` names the target column (default: the graph's `neural.target`, else `target`).
    /// Throws `ONNXError` for damaged bytes and for graphs outside the accepted form, naming the
    /// node.
    public init?(onnxColumnGraph data: Data, target: String? = nil) throws(ONNXError) {
        let model = try ONNXFile.decode(data)
        guard ColumnGraphImporter.takesColumns(model) else { return nil }
        self = try ColumnGraphImporter(model: model).run(target: target)
    }
}
