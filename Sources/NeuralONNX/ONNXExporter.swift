import Foundation
import Neural

/// Builds the ONNX graph of a `DenseStack`.
///
/// The graph, for input `x` of shape `[batch, inputSize]` (`batch` is the free dimension `"batch"`):
///
///     Sub(x, preprocessing.mean) → Div(·, preprocessing.scale)          (when present)
///     Gemm(h, layers.i.weight [out, in], layers.i.bias [out], transB = 1) → activation  for each layer
///     output = last layer's activation; probabilities = Softmax(axis −1) / Sigmoid (output)
///
/// Choices and why:
/// - **Standardisation as `Sub`/`Div` nodes**, not folded into the first `Gemm`: the file computes
///   exactly what `DenseStack.logits` computes, in the same order with the same float32 values, so
///   exported and Swift predictions agree to rounding; the mean and scale stay visible to anyone
///   inspecting the model and are recovered exactly on import. Folding would save two cheap
///   element-wise nodes but change the weights' rounding and lose the preprocessing.
/// - **`Gemm` with `transB = 1`**: the weight is stored `[out, in]` under the name it has in the
///   model file, as Neural's model file and PyTorch (`nn.Linear.weight`, `torch.onnx`) store it
///   (raw little-endian float32); the stack's `[in, out]` weight is transposed on the way out.
/// - **GELU composed** as `0.5·z·(1 + Tanh(√(2/π)·(z + 0.044715·z·z·z)))` from `Mul`/`Add`/`Tanh`:
///   the `Gelu` operator with `approximate = "tanh"` exists only from opset 20, and opset 17 (the
///   level required here, ir_version 8) is what most deployed runtimes accept. `z³` is `z·z·z`
///   rather than `Pow`, which some runtimes evaluate through `exp`/`log`.
/// - **Two outputs when there is a link**: the logits (`outputName`) and the probabilities
///   (`probabilitiesName`), so a caller can take either.
enum ONNXExporter {
    static let opsetVersion: Int64 = 17
    static let irVersion: Int64 = 8

    /// The model for `stack` (which must be valid; see `DenseStack.validate`).
    static func model(for stack: DenseStack) throws(ONNXError) -> ONNXModelProto {
        try stack.validate()
        var builder = GraphBuilder()
        var current = stack.inputName

        if let mean = stack.inputMean {
            let meanName = builder.addInitializer("preprocessing.mean", dims: [Int64(mean.count)], values: mean)
            current = builder.addNode("Sub", inputs: [current, meanName], output: "preprocessing.centered", name: "preprocessing.sub")
        }
        if let scale = stack.inputScale {
            let scaleName = builder.addInitializer("preprocessing.scale", dims: [Int64(scale.count)], values: scale)
            current = builder.addNode("Div", inputs: [current, scaleName], output: "preprocessing.standardized", name: "preprocessing.div")
        }
        for (index, layer) in stack.layers.enumerated() {
            let prefix = "layers.\(index)"
            let isLast = index == stack.layers.count - 1
            let weightName = builder.addInitializer("\(prefix).weight", dims: [Int64(layer.outputSize), Int64(layer.inputSize)],
                                                    values: layer.weight.transposed.storage)
            let biasName = builder.addInitializer("\(prefix).bias", dims: [Int64(layer.outputSize)], values: layer.bias)
            let activationOutput = isLast ? stack.outputName : "\(prefix).output"
            let linearOutput = layer.activation == .identity ? activationOutput : "\(prefix).linear"
            current = builder.addNode("Gemm", inputs: [current, weightName, biasName], output: linearOutput,
                                      name: "\(prefix).gemm", attributes: [.int("transB", 1)])
            current = builder.addActivation(layer.activation, input: current, output: activationOutput, prefix: prefix)
        }

        let batchShape: (Int) -> [ONNXDimension] = { [.parameter("batch"), .value(Int64($0))] }
        var outputs = [ONNXValueInfoProto.float(stack.outputName, shape: batchShape(stack.outputSize))]
        switch stack.outputLink {
        case .identity:
            break
        case .sigmoid:
            builder.addNode("Sigmoid", inputs: [current], output: stack.probabilitiesName, name: "link.sigmoid")
            outputs.append(.float(stack.probabilitiesName, shape: batchShape(stack.outputSize)))
        case .softmax:
            builder.addNode("Softmax", inputs: [current], output: stack.probabilitiesName, name: "link.softmax",
                            attributes: [.int("axis", -1)])
            outputs.append(.float(stack.probabilitiesName, shape: batchShape(stack.outputSize)))
        }

        let graph = ONNXGraphProto(
            nodes: builder.nodes, name: "dense_stack", initializers: builder.initializers,
            inputs: [.float(stack.inputName, shape: batchShape(stack.inputSize))], outputs: outputs)
        return ONNXModelProto(
            irVersion: irVersion, opsetImports: [ONNXOperatorSetID(domain: "", version: opsetVersion)],
            producerName: "Neural", producerVersion: NeuralVersion.string, graph: graph)
    }

    /// Accumulates nodes and initializers.
    private struct GraphBuilder {
        var nodes: [ONNXNodeProto] = []
        var initializers: [ONNXTensorProto] = []
        private var scalarNames: [Float: String] = [:]

        mutating func addInitializer(_ name: String, dims: [Int64], values: [Float]) -> String {
            initializers.append(.float(name, dims: dims, values: values))
            return name
        }

        /// A shared scalar constant (shape `[]`), broadcast against any tensor.
        mutating func scalar(_ value: Float, name: String) -> String {
            if let existing = scalarNames[value] { return existing }
            scalarNames[value] = name
            return addInitializer(name, dims: [], values: [value])
        }

        @discardableResult
        mutating func addNode(_ opType: String, inputs: [String], output: String, name: String,
                              attributes: [ONNXAttributeProto] = []) -> String {
            nodes.append(ONNXNodeProto(inputs: inputs, outputs: [output], name: name, opType: opType, attributes: attributes))
            return output
        }

        mutating func addActivation(_ activation: DenseStack.StackActivation, input z: String, output: String,
                                    prefix: String) -> String {
            let name = "\(prefix).activation"
            switch activation {
            case .identity: return z
            case .sigmoid: return addNode("Sigmoid", inputs: [z], output: output, name: name)
            case .tanh: return addNode("Tanh", inputs: [z], output: output, name: name)
            case .relu: return addNode("Relu", inputs: [z], output: output, name: name)
            case let .leakyReLU(slope):
                return addNode("LeakyRelu", inputs: [z], output: output, name: name, attributes: [.float("alpha", slope)])
            case let .elu(alpha):
                return addNode("Elu", inputs: [z], output: output, name: name, attributes: [.float("alpha", alpha)])
            case .softplus: return addNode("Softplus", inputs: [z], output: output, name: name)
            case .gelu:
                // 0.5·z·(1 + tanh(√(2/π)·(z + 0.044715·z³))), in the order `StackActivation.apply` uses.
                let cubicCoefficient = scalar(0.044715, name: "gelu.cubic_coefficient")
                let tanhScale = scalar(DenseStack.StackActivation.geluScale, name: "gelu.sqrt_2_over_pi")
                let one = scalar(1, name: "gelu.one")
                let half = scalar(0.5, name: "gelu.half")
                let squared = addNode("Mul", inputs: [z, z], output: "\(name).z2", name: "\(name).square")
                let cubed = addNode("Mul", inputs: [squared, z], output: "\(name).z3", name: "\(name).cube")
                let cubicTerm = addNode("Mul", inputs: [cubicCoefficient, cubed], output: "\(name).cubic_term", name: "\(name).cubic_term")
                let inner = addNode("Add", inputs: [z, cubicTerm], output: "\(name).inner", name: "\(name).inner")
                let scaled = addNode("Mul", inputs: [tanhScale, inner], output: "\(name).scaled", name: "\(name).scale")
                let hyperbolic = addNode("Tanh", inputs: [scaled], output: "\(name).tanh", name: "\(name).tanh")
                let onePlus = addNode("Add", inputs: [one, hyperbolic], output: "\(name).one_plus", name: "\(name).one_plus")
                let halfZ = addNode("Mul", inputs: [half, z], output: "\(name).half_z", name: "\(name).half_z")
                return addNode("Mul", inputs: [halfZ, onePlus], output: output, name: "\(name).product")
            }
        }
    }
}

extension ONNXTensorProto {
    /// A float32 tensor with its data in little-endian `raw_data` (what PyTorch writes too).
    static func float(_ name: String, dims: [Int64], values: [Float]) -> ONNXTensorProto {
        var raw = [UInt8]()
        raw.reserveCapacity(values.count * 4)
        for value in values {
            let bits = value.bitPattern
            for index in 0..<4 { raw.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt32(index)))) }
        }
        return ONNXTensorProto(dims: dims, dataType: DataType.float.rawValue, name: name, rawData: raw)
    }
}

extension ONNXValueInfoProto {
    /// A float tensor value of the given shape.
    static func float(_ name: String, shape: [ONNXDimension]) -> ONNXValueInfoProto {
        ONNXValueInfoProto(name: name, type: ONNXTypeProto(tensor: .init(elementType: ONNXTensorProto.DataType.float.rawValue, shape: shape)))
    }
}

extension ONNXAttributeProto {
    static func int(_ name: String, _ value: Int64) -> ONNXAttributeProto {
        ONNXAttributeProto(name: name, kind: .int, int: value)
    }

    static func float(_ name: String, _ value: Float) -> ONNXAttributeProto {
        ONNXAttributeProto(name: name, kind: .float, float: value)
    }
}
