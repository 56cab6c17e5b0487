import Foundation
import Neural

// Reading a node's inputs as data or constants, and the errors that name the node.

extension ONNXGraphImporter {
    func value(_ node: ONNXNodeProto, _ index: Int) throws -> Value {
        guard index < node.inputs.count, !node.inputs[index].isEmpty else {
            throw unsupported(node, "input \(index) is missing")
        }
        let name = node.inputs[index]
        if let value = values[name] { return value }
        if let tensor = initializers[name] {
            let constant = try ONNXConstantTensor(tensor)
            try charge(constant.count, node)
            return .constant(constant)
        }
        throw ONNXError.invalidGraph("input '\(name)' of node \(Self.label(node)) is not defined before it is used")
    }

    func data(_ node: ONNXNodeProto, _ index: Int) throws -> DataValue {
        guard case let .data(data) = try value(node, index) else {
            throw unsupported(node, "input \(index) ('\(node.inputs[index])') is a constant where data was expected")
        }
        return data
    }

    /// Data that has gone through at least one layer and no output link yet (an activation's operand).
    func activatedData(_ node: ONNXNodeProto, _ index: Int) throws -> DataValue {
        let data = try data(node, index)
        guard data.pending != nil else { throw unsupported(node, "it applies to the raw input, before any layer") }
        guard data.link == nil else { throw unsupported(node, "it follows the output link") }
        return data
    }

    func constant(_ node: ONNXNodeProto, _ index: Int) throws -> ONNXConstantTensor {
        guard case let .constant(constant) = try value(node, index) else {
            throw unsupported(node, "input \(index) ('\(node.inputs[index])') must be a constant (initializer or Constant node)")
        }
        return constant
    }

    /// A layer's weight: a matrix with at least one row and one column. An empty one is refused
    /// here, before its dimensions size anything: `[0, 2³¹ − 1]` holds no data, so nothing in
    /// the file bounds the other dimension.
    func matrix(_ node: ONNXNodeProto, _ index: Int) throws -> Matrix {
        let tensor = try constant(node, index)
        guard tensor.dims.count == 2 else {
            throw unsupported(node, "weight '\(node.inputs[index])' has shape \(tensor.dims); a matrix was expected")
        }
        guard tensor.dims[0] > 0, tensor.dims[1] > 0 else {
            throw unsupported(node, "its weight is \(tensor.dims[0])×\(tensor.dims[1])")
        }
        try charge(tensor.count, node)
        return Matrix(rows: tensor.dims[0], columns: tensor.dims[1], storage: tensor.floats)
    }

    /// `tensor` as one row of `width` values: shape `[width]`, `[1, width]`, or a scalar repeated.
    func broadcastRow(_ tensor: ONNXConstantTensor, width: Int, node: ONNXNodeProto) throws -> [Float] {
        if tensor.isScalar && tensor.dims.allSatisfy({ $0 == 1 }) { return [Float](repeating: Float(tensor.values[0]), count: width) }
        let leading = tensor.dims.dropLast()
        guard tensor.count == width, tensor.dims.last == width, leading.allSatisfy({ $0 == 1 }) else {
            throw ONNXError.invalidGraph("node \(Self.label(node)) adds a constant of shape \(tensor.dims) to \(width) features")
        }
        return tensor.floats
    }

    func constantNodeValue(_ node: ONNXNodeProto) throws -> ONNXConstantTensor {
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


    /// `expression` if it stays within `ONNXElementwiseExpression.maximumSize` operations. The
    /// expressions are evaluated and compared recursively, so a hostile chain of thousands of
    /// element-wise nodes (or a few that reuse each other, doubling the tree each time) is refused.
    func checked(_ expression: ONNXElementwiseExpression, _ node: ONNXNodeProto) throws -> ONNXElementwiseExpression {
        guard expression.size(limit: ONNXElementwiseExpression.maximumSize) <= ONNXElementwiseExpression.maximumSize else {
            throw unsupported(node, "the element-wise function between two layers has more than \(ONNXElementwiseExpression.maximumSize) operations")
        }
        return expression
    }

    func activation(of expression: ONNXElementwiseExpression, before node: ONNXNodeProto) throws -> DenseStack.StackActivation {
        guard let activation = expression.activation else {
            let last = expression.lastOperation ?? (opType: node.opType, name: Self.label(node))
            throw ONNXError.unsupportedNode(
                opType: last.opType, name: last.name,
                reason: "the element-wise function it completes before node \(Self.label(node)) is not a supported activation")
        }
        return activation
    }

    /// Counts `count` values materialised for `node` against the budget; throws once past it.
    func charge(_ count: Int, _ node: ONNXNodeProto) throws {
        guard budget.charge(count) else {
            throw unsupported(node, "the values decoded, computed and copied for the layers would exceed \(budget.limit), "
                + "\(ONNXImportBudget.valuesPerStoredValue) per value the file stores (\(budget.storedValues)) plus \(ONNXImportBudget.allowance): "
                + "a weight shared by several layers, or constants computed from constants over and over, are not supported")
        }
    }

    func unsupported(_ node: ONNXNodeProto, _ reason: String) -> ONNXError {
        .unsupportedNode(opType: node.opType, name: Self.label(node), reason: reason)
    }

    /// The node's name, or a description from its first output when it has none.
    static func label(_ node: ONNXNodeProto) -> String {
        node.name.isEmpty ? "(unnamed, output '\(node.outputs.first ?? "")')" : node.name
    }
}
