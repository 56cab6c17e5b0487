import Foundation
import Neural

// The operators of the dense-stack subset, one handler each (see `ONNXImporter`).

extension ONNXGraphImporter {
    mutating func apply(_ node: ONNXNodeProto) throws {
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
        // A computed constant is new storage (Identity and Dropout pass theirs on unchanged).
        if case let .constant(constant) = result, node.opType != "Identity", node.opType != "Dropout" {
            try charge(constant.count, node)
        }
        values[output] = result
    }

    /// `Reshape` of the data to `[-1, width]` or `[0, width]` (a no-op for `[batch, width]` data).
    func reshape(_ node: ONNXNodeProto) throws -> DataValue {
        let data = try data(node, 0)
        let shape = try constant(node, 1).values
        guard let width = data.width else { throw unsupported(node, "the width of its input is not known") }
        let keepsShape = shape.count == 2 && (shape[0] == -1 || shape[0] == 0)
            && (shape[1] == Double(width) || (shape[0] == 0 && shape[1] == -1))
        guard keepsShape else { throw unsupported(node, "shape \(shape) does not keep [batch, \(width)]") }
        return data
    }

    /// `Gemm(A, B, C)`: `alpha · A · op(B) + beta · C` with `op(B) = Bᵀ` when `transB = 1`.
    mutating func gemm(_ node: ONNXNodeProto) throws -> DataValue {
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
    mutating func startLayer(_ node: ONNXNodeProto, from input: DataValue, weight: Matrix, bias: [Float]) throws -> DataValue {
        guard input.link == nil else { throw unsupported(node, "it follows the output link") }
        if let width = input.width, width != weight.rows {
            throw ONNXError.invalidGraph("node \(Self.label(node)) multiplies \(width) features by a \(weight.rows)×\(weight.columns) weight")
        }
        var next = input
        if let pending = input.pending {
            let layer = DenseStack.Layer(weight: pending.weight, bias: pending.bias,
                                         activation: try activation(of: input.expression, before: node))
            closedLayers.append((layer, previous: input.lastClosedLayer))
            next.lastClosedLayer = closedLayers.count - 1
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
    mutating func binary(_ node: ONNXNodeProto) throws -> Value {
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
    func combine(_ node: ONNXNodeProto, _ op: ONNXElementwiseExpression.BinaryOperator,
                         data: DataValue, constant: ONNXConstantTensor, dataFirst: Bool) throws -> DataValue {
        guard data.link == nil else { throw unsupported(node, "it follows the output link") }
        var result = data
        if data.pending == nil {
            // Standardisation (x − mean) / scale before the first layer. A scalar stays one value
            // until `finish` repeats it for the first layer's inputs: the declared input width is
            // only a number in the file, the first layer's weight is data it holds.
            let row: [Float]
            if constant.isScalar && constant.dims.allSatisfy({ $0 == 1 }) {
                row = [Float(constant.values[0])]
            } else {
                row = try broadcastRow(constant, width: data.width ?? constant.count, node: node)
                result.width = row.count
            }
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
    func binaryClassPair(_ node: ONNXNodeProto) throws -> DataValue {
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
}
