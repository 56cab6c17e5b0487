import Foundation
import Neural

/// The state of one import: the value of every tensor name seen so far along the data path.
/// See `ONNXImporter` for what is accepted. `+Nodes` handles each operator, `+Operands` reads inputs.
struct ONNXGraphImporter {
    /// A value flowing along the data path: the stack built so far, plus the pending linear layer and
    /// the element-wise function applied to its output since.
    struct DataValue {
        struct PendingLayer {
            var identifier: Int
            var weight: Matrix
            var bias: [Float]
        }

        var mean: [Float]?
        var scale: [Float]?
        /// The last closed layer on the way to this value, an index into `closedLayers`.
        var lastClosedLayer: Int?
        var pending: PendingLayer?
        var expression: ONNXElementwiseExpression = .argument
        var link: DenseStack.OutputLink?
        var logitsName: String?
        /// Whether the link came from scikit-learn's `[1 − p, p]` construction (two output columns).
        var isClassPair = false
        /// The number of columns, when known (the input's may be unknown until the first layer).
        var width: Int?
    }

    enum Value {
        case constant(ONNXConstantTensor)
        case data(DataValue)
    }

    let graph: ONNXGraphProto
    let opset: Int64
    private(set) var initializers: [String: ONNXTensorProto] = [:]
    var values: [String: Value] = [:]
    var nextLayerIdentifier = 0
    /// Every layer closed so far, with the index of the layer before it (nil for a first layer).
    /// Values refer to their last layer by index instead of holding copies of the layers before
    /// it, so a chain of k linear nodes costs O(k) time and memory, not O(k²), and nothing is
    /// released recursively.
    var closedLayers: [(layer: DenseStack.Layer, previous: Int?)] = []
    /// The values decoded, computed and copied so far, against the file's own (see `ONNXImportBudget`).
    let budget: ONNXImportBudget

    init(model: ONNXModelProto) throws {
        guard let graph = model.graph else { throw ONNXError.invalidGraph("the model has no graph") }
        self.graph = graph
        guard let opset = model.opsetImports.first(where: { $0.domain == "" || $0.domain == "ai.onnx" })?.version else {
            throw ONNXError.invalidGraph("the model imports no version of the default operator set")
        }
        self.opset = opset
        budget = ONNXImportBudget(storedValues: graph.storedValueCount)
        for tensor in graph.initializers {
            guard !tensor.name.isEmpty else { throw ONNXError.invalidGraph("an initializer has no name") }
            initializers[tensor.name] = tensor
        }
    }

    mutating func run() throws -> DenseStack {
        // The single data input (older files also list initializers among the inputs).
        let dataInputs = graph.inputs.filter { initializers[$0.name] == nil }
        guard dataInputs.count == 1, let input = dataInputs.first else {
            throw ONNXError.invalidGraph("expected one input, found \(dataInputs.map(\.name))")
        }
        guard let tensorType = input.type?.tensor, input.type?.isOtherKind != true else {
            throw ONNXError.invalidGraph("input '\(input.name)' is not a tensor")
        }
        guard tensorType.elementType == ONNXTensorProto.DataType.float.rawValue else {
            throw ONNXError.invalidGraph("input '\(input.name)' has element type \(tensorType.elementType); only float (1) is supported")
        }
        var inputWidth: Int?
        if let shape = tensorType.shape {
            guard shape.count == 2 else {
                throw ONNXError.invalidGraph("input '\(input.name)' has rank \(shape.count); expected [batch, features]")
            }
            if case let .value(size) = shape[1] {
                guard size > 0, size <= Int32.max else { throw ONNXError.invalidGraph("input '\(input.name)' has \(size) features") }
                inputWidth = Int(size)
            }
        }
        values[input.name] = .data(DataValue(width: inputWidth))

        let output = try chooseOutput()
        let needed = try nodesNeeded(for: [output.name])
        for (index, node) in graph.nodes.enumerated() where needed.contains(index) {
            try apply(node)
        }
        guard case let .data(result)? = values[output.name] else {
            throw ONNXError.invalidGraph("output '\(output.name)' does not depend on the input '\(input.name)'")
        }
        let stack = try finish(result, inputName: input.name, outputName: output.name, inputWidth: inputWidth)
        if let shape = output.type?.tensor?.shape {
            let columns = result.isClassPair ? 2 : stack.outputSize
            guard shape.count == 2 else {
                throw ONNXError.invalidGraph("output '\(output.name)' is declared with rank \(shape.count); expected [batch, \(columns)]")
            }
            if case let .value(size) = shape[1], size != columns {
                throw ONNXError.invalidGraph("output '\(output.name)' is declared with \(size) columns but the layers give \(columns)")
            }
        }
        return stack
    }

    /// The float output to import (see `ONNXImporter`).
    func chooseOutput() throws -> ONNXValueInfoProto {
        let floatOutputs = graph.outputs.filter { output in
            guard let type = output.type else { return true }
            return !type.isOtherKind && (type.tensor?.elementType ?? 1) == ONNXTensorProto.DataType.float.rawValue
        }
        guard let first = floatOutputs.first else {
            throw ONNXError.invalidGraph("no float output among \(graph.outputs.map(\.name))")
        }
        guard floatOutputs.count > 1 else { return first }
        if let probabilities = floatOutputs.first(where: { $0.name.lowercased().contains("prob") }) {
            return probabilities
        }
        // An output that a node on the way to any float output reads is an intermediate one (the
        // logits under the probabilities): the last output computed is the model's prediction.
        let consumed = Set(try nodesNeeded(for: floatOutputs.map(\.name)).flatMap { graph.nodes[$0].inputs })
        return floatOutputs.first { !consumed.contains($0.name) } ?? first
    }

    /// Indices of the nodes the outputs `outputNames` depend on.
    func nodesNeeded(for outputNames: [String]) throws -> Set<Int> {
        var producers: [String: Int] = [:]
        for (index, node) in graph.nodes.enumerated() {
            for output in node.outputs where !output.isEmpty {
                guard producers[output] == nil, initializers[output] == nil else {
                    throw ONNXError.invalidGraph("'\(output)' is produced twice (node \(Self.label(node)))")
                }
                producers[output] = index
            }
        }
        var needed = Set<Int>()
        var pending = outputNames
        while let name = pending.popLast() {
            guard let index = producers[name], needed.insert(index).inserted else { continue }
            pending.append(contentsOf: graph.nodes[index].inputs.filter { !$0.isEmpty })
        }
        return needed
    }

    func finish(_ result: DataValue, inputName: String, outputName: String, inputWidth: Int?) throws -> DenseStack {
        guard let pending = result.pending else {
            throw ONNXError.invalidGraph("no dense layer (Gemm or MatMul) between input '\(inputName)' and output '\(outputName)'")
        }
        var expression = result.expression
        var link = result.link ?? .identity
        if link == .identity, case let .unary(.sigmoid, logit, _) = expression {
            link = .sigmoid
            expression = logit
        }
        guard let lastActivation = expression.activation else {
            let last = expression.lastOperation ?? (opType: "(none)", name: outputName)
            throw ONNXError.unsupportedNode(
                opType: last.opType, name: last.name,
                reason: "the element-wise function it completes before output '\(outputName)' is not a supported activation")
        }
        var layers = [DenseStack.Layer(weight: pending.weight, bias: pending.bias, activation: lastActivation)]
        var closed = result.lastClosedLayer
        while let index = closed {
            layers.append(closedLayers[index].layer)
            closed = closedLayers[index].previous
        }
        layers.reverse()
        let features = layers[0].inputSize
        if let inputWidth, inputWidth != features {
            throw ONNXError.invalidGraph("input '\(inputName)' has \(inputWidth) features but the first layer takes \(features)")
        }
        // A scalar mean or scale (one entry) applies to every feature.
        func perFeature(_ row: [Float]?) -> [Float]? {
            row.map { $0.count == 1 ? [Float](repeating: $0[0], count: features) : $0 }
        }
        let mean = perFeature(result.mean)
        let scale = perFeature(result.scale)
        for (label, row) in [("mean", mean), ("scale", scale)] {
            if let row, row.count != features {
                throw ONNXError.invalidGraph("the input \(label) has \(row.count) entries for \(features) features")
            }
        }
        var logitsName = "logits"
        if link != .identity, let name = result.logitsName, graph.outputs.contains(where: { $0.name == name }) {
            logitsName = name
        }
        if logitsName == inputName || logitsName == outputName { logitsName = "logits_\(layers.count)" }
        let stack = DenseStack(
            layers: layers, inputMean: mean, inputScale: scale, outputLink: link,
            inputName: inputName, outputName: link == .identity ? outputName : logitsName,
            probabilitiesName: link == .identity ? "probabilities" : outputName)
        try stack.validate()
        return stack
    }
}
