import Foundation

/// Reads a `DenseStack` out of an ONNX graph.
///
/// Accepted: graphs with one float input `[batch, features]` whose chosen output is computed by
///
///     optional standardisation  Sub(x, mean) / Add(x, −mean), then Div(·, scale)
///     per layer                 Gemm(h, B, C) (any transB, alpha, beta; transA = 0)
///                               or MatMul(h, W) followed by Add(·, b)
///     per activation            Relu, LeakyRelu, Sigmoid, Tanh, Elu, Softplus, Gelu(approximate="tanh"),
///                               or a composition of Mul/Add/Sub/Div/Pow/Tanh/… with scalar
///                               constants that computes one of them (GELU's tanh form at opset < 20)
///     output link               Softmax(axis 1 or −1); a final Sigmoid; scikit-learn's binary
///                               Concat(1 − Sigmoid(z), Sigmoid(z))
///
/// with `Identity`, `Dropout` (inference), `Cast` to float, `Flatten(axis 1)` and `Reshape` to
/// `[−1, width]` passing data through, and weights from initializers or `Constant` nodes. This covers
/// `torch.onnx.export` of an `nn.Sequential` of `Linear` and the supported activations (both
/// exporters) and skl2onnx's `MLPRegressor` / `MLPClassifier`.
///
/// Choices:
/// - **Which output**: the float outputs are candidates; with several, the one whose name contains
///   "prob" wins, else the first. Only the nodes that output depends on are read, so a classifier's
///   label path (`ArgMax`, `ArrayFeatureExtractor`, `Cast`, `ZipMap`) is ignored, whatever it contains.
/// - **A final `Sigmoid` or `Softmax` is the output link**, and the layer before it keeps its own
///   activation (usually identity): that is how Neural pairs outputs with losses. A stack exported
///   with a sigmoid *activation* on its last layer therefore comes back with a sigmoid *link*, which
///   computes the same predictions.
/// - **scikit-learn's binary classifier** outputs `[1 − p, p]` from one logistic unit; it is imported
///   as that unit with a sigmoid link, so the stack predicts `p`, the probability of the second class.
/// - Anything else on the path (another operator, a non-float cast, an activation on the raw input,
///   an operator after the output link) throws `ONNXError.unsupportedNode` naming the node.
enum ONNXImporter {
    static func stack(from model: ONNXModelProto) throws(ONNXError) -> DenseStack {
        do {
            var importer = try GraphImporter(model: model)
            return try importer.run()
        } catch let error as ONNXError {
            throw error
        } catch {
            throw .invalidGraph("\(error)")
        }
    }
}

/// A value flowing along the data path: the stack built so far, plus the pending linear layer and
/// the element-wise function applied to its output since.
private struct DataValue {
    struct PendingLayer {
        var identifier: Int
        var weight: Matrix
        var bias: [Float]
    }

    var mean: [Float]?
    var scale: [Float]?
    var layers: [DenseStack.Layer] = []
    var pending: PendingLayer?
    var expression: ONNXElementwiseExpression = .argument
    var link: DenseStack.OutputLink?
    var logitsName: String?
    /// Whether the link came from scikit-learn's `[1 − p, p]` construction (two output columns).
    var isClassPair = false
    /// The number of columns, when known (the input's may be unknown until the first layer).
    var width: Int?
}

private enum Value {
    case constant(ONNXConstantTensor)
    case data(DataValue)
}

private struct GraphImporter {
    let graph: ONNXGraphProto
    let opset: Int64
    private var initializers: [String: ONNXTensorProto] = [:]
    private var values: [String: Value] = [:]
    private var nextLayerIdentifier = 0

    init(model: ONNXModelProto) throws {
        guard let graph = model.graph else { throw ONNXError.invalidGraph("the model has no graph") }
        self.graph = graph
        guard let opset = model.opsetImports.first(where: { $0.domain == "" || $0.domain == "ai.onnx" })?.version else {
            throw ONNXError.invalidGraph("the model imports no version of the default operator set")
        }
        self.opset = opset
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
        let needed = try nodesNeeded(for: output.name)
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
    private func chooseOutput() throws -> ONNXValueInfoProto {
        let floatOutputs = graph.outputs.filter { output in
            guard let type = output.type else { return true }
            return !type.isOtherKind && (type.tensor?.elementType ?? 1) == ONNXTensorProto.DataType.float.rawValue
        }
        guard let first = floatOutputs.first else {
            throw ONNXError.invalidGraph("no float output among \(graph.outputs.map(\.name))")
        }
        return floatOutputs.first { $0.name.lowercased().contains("prob") } ?? first
    }

    /// Indices of the nodes `outputName` depends on.
    private func nodesNeeded(for outputName: String) throws -> Set<Int> {
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
        var pending = [outputName]
        while let name = pending.popLast() {
            guard let index = producers[name], needed.insert(index).inserted else { continue }
            pending.append(contentsOf: graph.nodes[index].inputs.filter { !$0.isEmpty })
        }
        return needed
    }

    // MARK: Nodes

    private mutating func apply(_ node: ONNXNodeProto) throws {
        guard node.domain.isEmpty || node.domain == "ai.onnx" else {
            throw unsupported(node, "operator domain '\(node.domain)' is not the default one")
        }
        guard let output = node.outputs.first, !output.isEmpty else {
            throw unsupported(node, "it has no output")
        }
        let result: Value
        switch node.opType {
        case "Constant":
            result = .constant(try constantNodeValue(node))
        case "Identity", "Dropout":
            result = try value(node, 0)
        case "Cast":
            let target = node.attribute("to")?.int ?? 0
            switch try value(node, 0) {
            case let .data(data):
                guard target == Int64(ONNXTensorProto.DataType.float.rawValue) else {
                    throw unsupported(node, "it casts the data to element type \(target); only float (1) is supported")
                }
                result = .data(data)
            case let .constant(constant):
                // Constants (shape tensors, scalars) are converted as the runtime would.
                switch target {
                case Int64(ONNXTensorProto.DataType.float.rawValue):
                    result = .constant(ONNXConstantTensor(dims: constant.dims, values: constant.values.map { Double(Float($0)) }))
                case Int64(ONNXTensorProto.DataType.double.rawValue):
                    result = .constant(constant)
                case Int64(ONNXTensorProto.DataType.int32.rawValue), Int64(ONNXTensorProto.DataType.int64.rawValue):
                    result = .constant(ONNXConstantTensor(dims: constant.dims, values: constant.values.map { $0.rounded(.towardZero) }))
                default:
                    throw unsupported(node, "it casts a constant to element type \(target)")
                }
            }
        case "Flatten":
            let axis = node.attribute("axis")?.int ?? 1
            guard axis == 1 || axis == -1 else { throw unsupported(node, "axis \(axis) does not keep [batch, features]") }
            result = .data(try data(node, 0))
        case "Reshape":
            result = .data(try reshape(node))
        case "Gemm":
            result = .data(try gemm(node))
        case "MatMul":
            let weight = try matrix(node, 1)
            result = .data(try startLayer(node, from: try data(node, 0), weight: weight, bias: [Float](repeating: 0, count: weight.columns)))
        case "Add", "Sub", "Mul", "Div", "Pow":
            result = try binary(node)
        case "Softmax":
            let axis = node.attribute("axis")?.int ?? (opset < 13 ? 1 : -1)
            guard axis == 1 || axis == -1 else { throw unsupported(node, "axis \(axis) is not the feature axis") }
            var data = try activatedData(node, 0)
            data.link = .softmax
            data.logitsName = node.inputs[0]
            result = .data(data)
        case "Concat":
            result = .data(try binaryClassPair(node))
        default:
            guard let op = ONNXElementwiseExpression.UnaryOperator.from(node) else {
                throw unsupported(node, "this operator is outside the dense-stack subset")
            }
            switch try value(node, 0) {
            case let .constant(constant):
                result = .constant(ONNXConstantTensor(dims: constant.dims, values: constant.values.map(op.apply)))
            case .data:
                var data = try activatedData(node, 0)
                data.expression = try checked(.unary(op, data.expression, node: Self.label(node)), node)
                result = .data(data)
            }
        }
        values[output] = result
    }

    /// `Reshape` of the data to `[-1, width]` or `[0, width]` (a no-op for `[batch, width]` data).
    private func reshape(_ node: ONNXNodeProto) throws -> DataValue {
        let data = try data(node, 0)
        let shape = try constant(node, 1).values
        guard let width = data.width else { throw unsupported(node, "the width of its input is not known") }
        let keepsShape = shape.count == 2 && (shape[0] == -1 || shape[0] == 0)
            && (shape[1] == Double(width) || (shape[0] == 0 && shape[1] == -1))
        guard keepsShape else { throw unsupported(node, "shape \(shape) does not keep [batch, \(width)]") }
        return data
    }

    /// `Gemm(A, B, C)`: `alpha · A · op(B) + beta · C` with `op(B) = Bᵀ` when `transB = 1`.
    private mutating func gemm(_ node: ONNXNodeProto) throws -> DataValue {
        guard (node.attribute("transA")?.int ?? 0) == 0 else { throw unsupported(node, "transA = 1 transposes the data") }
        let alpha = node.attribute("alpha")?.float ?? 1
        let beta = node.attribute("beta")?.float ?? 1
        var weight = try matrix(node, 1)
        if (node.attribute("transB")?.int ?? 0) != 0 { weight = weight.transposed }
        if alpha != 1 { weight = Matrix(rows: weight.rows, columns: weight.columns, storage: weight.storage.map { $0 * alpha }) }
        var bias = [Float](repeating: 0, count: weight.columns)
        if node.inputs.count > 2, !node.inputs[2].isEmpty {
            let c = try constant(node, 2)
            bias = try broadcastRow(c, width: weight.columns, node: node).map { $0 * beta }
        }
        return try startLayer(node, from: try data(node, 0), weight: weight, bias: bias)
    }

    /// Closes the pending layer of `input` (its activation is what was applied since) and opens a
    /// new one with `weight` `[in, out]` and `bias` `[out]`.
    private mutating func startLayer(_ node: ONNXNodeProto, from input: DataValue, weight: Matrix, bias: [Float]) throws -> DataValue {
        guard input.link == nil else { throw unsupported(node, "it follows the output link") }
        if let width = input.width, width != weight.rows {
            throw ONNXError.invalidGraph("node \(Self.label(node)) multiplies \(width) features by a \(weight.rows)×\(weight.columns) weight")
        }
        guard weight.rows > 0, weight.columns > 0 else { throw unsupported(node, "its weight is \(weight.rows)×\(weight.columns)") }
        var next = input
        if let pending = input.pending {
            next.layers.append(DenseStack.Layer(weight: pending.weight, bias: pending.bias,
                                                activation: try activation(of: input.expression, before: node)))
        } else if input.expression != .argument {
            throw unsupported(node, "an activation is applied to the raw input")
        }
        nextLayerIdentifier += 1
        next.pending = .init(identifier: nextLayerIdentifier, weight: weight, bias: bias)
        next.expression = .argument
        next.width = weight.columns
        return next
    }

    /// `Add`, `Sub`, `Mul`, `Div`, `Pow` on data and constants.
    private mutating func binary(_ node: ONNXNodeProto) throws -> Value {
        guard let op = ONNXElementwiseExpression.BinaryOperator(rawValue: node.opType) else {
            throw unsupported(node, "not an element-wise operator")
        }
        let lhs = try value(node, 0)
        let rhs = try value(node, 1)
        switch (lhs, rhs) {
        case let (.constant(a), .constant(b)):
            guard a.isScalar || b.isScalar || a.dims == b.dims else {
                throw unsupported(node, "it broadcasts constants of shapes \(a.dims) and \(b.dims)")
            }
            // A scalar side is repeated; otherwise both sides have the same shape.
            let count = a.isScalar ? b.count : a.count
            let values = (0..<count).map { op.apply(a.values[a.isScalar ? 0 : $0], b.values[b.isScalar ? 0 : $0]) }
            return .constant(ONNXConstantTensor(dims: a.isScalar ? b.dims : a.dims, values: values))
        case let (.data(a), .data(b)):
            guard a.link == nil, b.link == nil, let pa = a.pending, let pb = b.pending, pa.identifier == pb.identifier else {
                throw unsupported(node, "it combines two values that are not functions of the same layer output")
            }
            var result = a
            result.expression = try checked(.binary(op, a.expression, b.expression, node: Self.label(node)), node)
            return .data(result)
        case let (.data(data), .constant(constant)):
            return .data(try combine(node, op, data: data, constant: constant, dataFirst: true))
        case let (.constant(constant), .data(data)):
            return .data(try combine(node, op, data: data, constant: constant, dataFirst: false))
        }
    }

    /// Data combined with a constant: preprocessing on the raw input, a bias after a linear node,
    /// or a step of an element-wise function (scalar constants only).
    private func combine(_ node: ONNXNodeProto, _ op: ONNXElementwiseExpression.BinaryOperator,
                         data: DataValue, constant: ONNXConstantTensor, dataFirst: Bool) throws -> DataValue {
        guard data.link == nil else { throw unsupported(node, "it follows the output link") }
        var result = data
        if data.pending == nil {
            // Standardisation (x − mean) / scale before the first layer.
            let width = data.width ?? constant.count
            let row = try broadcastRow(constant, width: width, node: node)
            switch (op, dataFirst) {
            case (.sub, true) where data.mean == nil && data.scale == nil:
                result.mean = row
            case (.add, _) where data.mean == nil && data.scale == nil:
                result.mean = row.map { -$0 }
            case (.div, true) where data.scale == nil:
                result.scale = row
            default:
                throw unsupported(node, "only (x − mean) / scale is supported before the first layer")
            }
            result.width = width
            return result
        }
        if data.expression == .argument, op == .add || (op == .sub && dataFirst), var pending = data.pending {
            // A bias added to the linear output (MatMul + Add, or an extra Add after Gemm).
            let row = try broadcastRow(constant, width: pending.weight.columns, node: node)
            for index in pending.bias.indices { pending.bias[index] += op == .add ? row[index] : -row[index] }
            result.pending = pending
            return result
        }
        guard constant.isScalar else {
            throw unsupported(node, "it combines an activation with a non-scalar constant of shape \(constant.dims)")
        }
        let scalar = ONNXElementwiseExpression.constant(constant.values[0])
        result.expression = try checked(dataFirst
            ? .binary(op, data.expression, scalar, node: Self.label(node))
            : .binary(op, scalar, data.expression, node: Self.label(node)), node)
        return result
    }

    /// scikit-learn's binary probabilities `Concat(1 − σ(z), σ(z), axis = 1)`.
    private func binaryClassPair(_ node: ONNXNodeProto) throws -> DataValue {
        let axis = node.attribute("axis")?.int ?? 0
        guard node.inputs.count == 2, axis == 1 || axis == -1 else {
            throw unsupported(node, "only Concat(1 − Sigmoid(z), Sigmoid(z)) on axis 1 is supported")
        }
        let complement = try data(node, 0)
        let probability = try data(node, 1)
        guard case let .unary(.sigmoid, logit, _) = probability.expression,
              case .binary(.sub, .constant(1), probability.expression, _) = complement.expression,
              complement.pending?.identifier == probability.pending?.identifier,
              probability.pending?.weight.columns == 1, probability.link == nil, complement.link == nil else {
            throw unsupported(node, "only Concat(1 − Sigmoid(z), Sigmoid(z)) of a single logit is supported")
        }
        var result = probability
        result.expression = logit
        result.link = .sigmoid
        result.isClassPair = true
        return result
    }

    private func finish(_ result: DataValue, inputName: String, outputName: String, inputWidth: Int?) throws -> DenseStack {
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
        var layers = result.layers
        layers.append(DenseStack.Layer(weight: pending.weight, bias: pending.bias, activation: lastActivation))
        let features = layers[0].inputSize
        if let inputWidth, inputWidth != features {
            throw ONNXError.invalidGraph("input '\(inputName)' has \(inputWidth) features but the first layer takes \(features)")
        }
        for (label, row) in [("mean", result.mean), ("scale", result.scale)] {
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
            layers: layers, inputMean: result.mean, inputScale: result.scale, outputLink: link,
            inputName: inputName, outputName: link == .identity ? outputName : logitsName,
            probabilitiesName: link == .identity ? "probabilities" : outputName)
        try stack.validate()
        return stack
    }

    // MARK: Operands

    private func value(_ node: ONNXNodeProto, _ index: Int) throws -> Value {
        guard index < node.inputs.count, !node.inputs[index].isEmpty else {
            throw unsupported(node, "input \(index) is missing")
        }
        let name = node.inputs[index]
        if let value = values[name] { return value }
        if let tensor = initializers[name] { return .constant(try ONNXConstantTensor(tensor)) }
        throw ONNXError.invalidGraph("input '\(name)' of node \(Self.label(node)) is not defined before it is used")
    }

    private func data(_ node: ONNXNodeProto, _ index: Int) throws -> DataValue {
        guard case let .data(data) = try value(node, index) else {
            throw unsupported(node, "input \(index) ('\(node.inputs[index])') is a constant where data was expected")
        }
        return data
    }

    /// Data that has gone through at least one layer and no output link yet (an activation's operand).
    private func activatedData(_ node: ONNXNodeProto, _ index: Int) throws -> DataValue {
        let data = try data(node, index)
        guard data.pending != nil else { throw unsupported(node, "it applies to the raw input, before any layer") }
        guard data.link == nil else { throw unsupported(node, "it follows the output link") }
        return data
    }

    private func constant(_ node: ONNXNodeProto, _ index: Int) throws -> ONNXConstantTensor {
        guard case let .constant(constant) = try value(node, index) else {
            throw unsupported(node, "input \(index) ('\(node.inputs[index])') must be a constant (initializer or Constant node)")
        }
        return constant
    }

    private func matrix(_ node: ONNXNodeProto, _ index: Int) throws -> Matrix {
        let tensor = try constant(node, index)
        guard tensor.dims.count == 2 else {
            throw unsupported(node, "weight '\(node.inputs[index])' has shape \(tensor.dims); a matrix was expected")
        }
        return Matrix(rows: tensor.dims[0], columns: tensor.dims[1], storage: tensor.floats)
    }

    /// `tensor` as one row of `width` values: shape `[width]`, `[1, width]`, or a scalar repeated.
    private func broadcastRow(_ tensor: ONNXConstantTensor, width: Int, node: ONNXNodeProto) throws -> [Float] {
        if tensor.isScalar && tensor.dims.allSatisfy({ $0 == 1 }) { return [Float](repeating: Float(tensor.values[0]), count: width) }
        let leading = tensor.dims.dropLast()
        guard tensor.count == width, tensor.dims.last == width, leading.allSatisfy({ $0 == 1 }) else {
            throw ONNXError.invalidGraph("node \(Self.label(node)) adds a constant of shape \(tensor.dims) to \(width) features")
        }
        return tensor.floats
    }

    private func constantNodeValue(_ node: ONNXNodeProto) throws -> ONNXConstantTensor {
        guard let attribute = node.attributes.first else { throw unsupported(node, "it has no value") }
        switch attribute.name {
        case "value":
            guard let tensor = attribute.tensor else { throw unsupported(node, "its value is not a tensor") }
            return try ONNXConstantTensor(tensor)
        case "value_float": return ONNXConstantTensor(dims: [], values: [Double(attribute.float)])
        case "value_int": return ONNXConstantTensor(dims: [], values: [Double(attribute.int)])
        case "value_floats": return ONNXConstantTensor(dims: [attribute.floats.count], values: attribute.floats.map(Double.init))
        case "value_ints": return ONNXConstantTensor(dims: [attribute.ints.count], values: attribute.ints.map(Double.init))
        default: throw unsupported(node, "constant attribute '\(attribute.name)' is not supported")
        }
    }

    // MARK: Errors

    /// `expression` if it stays within `ONNXElementwiseExpression.maximumSize` operations. The
    /// expressions are evaluated and compared recursively, so a hostile chain of thousands of
    /// element-wise nodes (or a few that reuse each other, doubling the tree each time) is refused.
    private func checked(_ expression: ONNXElementwiseExpression, _ node: ONNXNodeProto) throws -> ONNXElementwiseExpression {
        guard expression.size(limit: ONNXElementwiseExpression.maximumSize) <= ONNXElementwiseExpression.maximumSize else {
            throw unsupported(node, "the element-wise function between two layers has more than \(ONNXElementwiseExpression.maximumSize) operations")
        }
        return expression
    }

    private func activation(of expression: ONNXElementwiseExpression, before node: ONNXNodeProto) throws -> DenseStack.StackActivation {
        guard let activation = expression.activation else {
            let last = expression.lastOperation ?? (opType: node.opType, name: Self.label(node))
            throw ONNXError.unsupportedNode(
                opType: last.opType, name: last.name,
                reason: "the element-wise function it completes before node \(Self.label(node)) is not a supported activation")
        }
        return activation
    }

    private func unsupported(_ node: ONNXNodeProto, _ reason: String) -> ONNXError {
        .unsupportedNode(opType: node.opType, name: Self.label(node), reason: reason)
    }

    /// The node's name, or a description from its first output when it has none.
    static func label(_ node: ONNXNodeProto) -> String {
        node.name.isEmpty ? "(unnamed, output '\(node.outputs.first ?? "")')" : node.name
    }
}
