import Neural
/// The subset of ONNX's protobuf messages that dense stacks need, as plain Swift values.
///
/// Field numbers (in the comments) follow `onnx.proto` from the `onnx` package; decoding skips every
/// other field. `ONNXMessages+Decoding.swift` reads them, `ONNXMessages+Encoding.swift` writes them.

/// `ModelProto`: the file's top-level message.
struct ONNXModelProto: Equatable, Sendable {
    var irVersion: Int64 = 0                       // 1
    var opsetImports: [ONNXOperatorSetID] = []     // 8
    var producerName = ""                          // 2
    var producerVersion = ""                       // 3
    var domain = ""                                // 4
    var modelVersion: Int64 = 0                    // 5
    var docString = ""                             // 6
    var graph: ONNXGraphProto?                     // 7
    /// `metadata_props`: `StringStringEntryProto` (key 1, value 2) pairs, in file order.
    var metadataProps: [(key: String, value: String)] = []   // 14

    static func == (lhs: ONNXModelProto, rhs: ONNXModelProto) -> Bool {
        lhs.irVersion == rhs.irVersion && lhs.opsetImports == rhs.opsetImports && lhs.producerName == rhs.producerName
            && lhs.producerVersion == rhs.producerVersion && lhs.domain == rhs.domain && lhs.modelVersion == rhs.modelVersion
            && lhs.docString == rhs.docString && lhs.graph == rhs.graph
            && lhs.metadataProps.elementsEqual(rhs.metadataProps) { $0.key == $1.key && $0.value == $1.value }
    }

    /// The value of metadata entry `key` (the last one when repeated), if any.
    func metadata(_ key: String) -> String? {
        metadataProps.last { $0.key == key }?.value
    }
}

/// `OperatorSetIdProto`: an operator set and its version; the default domain is `""` (`ai.onnx`).
struct ONNXOperatorSetID: Equatable, Sendable {
    var domain = ""                                // 1
    var version: Int64 = 0                         // 2
}

/// `GraphProto`: nodes in topological order, weights as initializers, typed inputs and outputs.
struct ONNXGraphProto: Equatable, Sendable {
    var nodes: [ONNXNodeProto] = []                // 1
    var name = ""                                  // 2
    var initializers: [ONNXTensorProto] = []       // 5
    var docString = ""                             // 10
    var inputs: [ONNXValueInfoProto] = []          // 11
    var outputs: [ONNXValueInfoProto] = []         // 12
    var valueInfo: [ONNXValueInfoProto] = []       // 13
}

/// `NodeProto`: one operator application.
struct ONNXNodeProto: Equatable, Sendable {
    var inputs: [String] = []                      // 1
    var outputs: [String] = []                     // 2
    var name = ""                                  // 3
    var opType = ""                                // 4
    var domain = ""                                // 7
    var attributes: [ONNXAttributeProto] = []      // 5
    var docString = ""                             // 6

    /// The attribute called `name`, if present.
    func attribute(_ name: String) -> ONNXAttributeProto? {
        attributes.first { $0.name == name }
    }
}

/// `AttributeProto`: a named operator parameter.
struct ONNXAttributeProto: Equatable, Sendable {
    /// `AttributeProto.AttributeType` (field 20); values not listed decode as `.undefined`.
    enum Kind: Int32, Sendable {
        case undefined = 0, float = 1, int = 2, string = 3, tensor = 4, graph = 5
        case floats = 6, ints = 7, strings = 8, tensors = 9, graphs = 10
    }

    var name = ""                                  // 1
    var kind: Kind = .undefined                    // 20
    var float: Float = 0                           // 2 (f)
    var int: Int64 = 0                             // 3 (i)
    var string: [UInt8] = []                       // 4 (s)
    var tensor: ONNXTensorProto?                   // 5 (t)
    /// Field 6 (`g`), a subgraph (If/Loop bodies). Held in an array because a struct cannot contain
    /// itself directly; at most one element.
    var subgraph: [ONNXGraphProto] = []            // 6 (g)
    var floats: [Float] = []                       // 7
    var ints: [Int64] = []                         // 8
    var strings: [[UInt8]] = []                    // 9
}

/// `TensorProto`: a typed, shaped array; data in one of the typed fields or in little-endian `raw_data`.
struct ONNXTensorProto: Equatable, Sendable {
    /// `TensorProto.DataType` values this package reads.
    enum DataType: Int32, Sendable {
        case float = 1, int32 = 6, int64 = 7, double = 11
    }

    /// `TensorProto.DataType.STRING`: the element type of text inputs and labels (never stored
    /// in an initializer this package reads, so not among `DataType`).
    static let stringElementType: Int32 = 8

    var dims: [Int64] = []                         // 1
    var dataType: Int32 = 0                        // 2
    var floatData: [Float] = []                    // 4
    var int32Data: [Int32] = []                    // 5
    var int64Data: [Int64] = []                    // 7
    var name = ""                                  // 8
    var rawData: [UInt8] = []                      // 9
    var doubleData: [Double] = []                  // 10
    var externalDataCount = 0                      // 13 (entries counted; external data is refused)
    var dataLocation: Int32 = 0                    // 14 (1 = EXTERNAL)
}

/// `ValueInfoProto`: a named, typed graph input, output or intermediate.
struct ONNXValueInfoProto: Equatable, Sendable {
    var name = ""                                  // 1
    var type: ONNXTypeProto?                       // 2
}

/// `TypeProto`, of which only `tensor_type` (field 1) is modelled; other kinds are recorded as such.
struct ONNXTypeProto: Equatable, Sendable {
    /// `TypeProto.Tensor`: element type (a `TensorProto.DataType`) and optional shape.
    struct Tensor: Equatable, Sendable {
        var elementType: Int32 = 0                 // 1
        var shape: [ONNXDimension]?                // 2 (TensorShapeProto.dim, field 1)
    }

    var tensor: Tensor?                            // 1
    /// Whether the type is something other than a tensor (sequence, map, optional, …).
    var isOtherKind = false
}

/// `TensorShapeProto.Dimension`: a fixed size (`dim_value`, 1), a named free size (`dim_param`, 2),
/// or neither (unknown).
enum ONNXDimension: Equatable, Sendable {
    case value(Int64)
    case parameter(String)
    case unknown
}
