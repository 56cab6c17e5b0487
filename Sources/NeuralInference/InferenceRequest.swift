/// A decoded inference request (`POST /v2/models/{name}/infer`), before it is matched to a
/// model: `{"id", "parameters", "inputs": [{"name", "shape", "datatype", "parameters", "data"}],
/// "outputs": [{"name", "parameters"}]}`, with the tensors' elements already converted.
public struct InferenceRequest: Sendable, Equatable {
    /// The client's identifier, echoed in the response.
    public var id: String?
    /// The input tensors, in request order.
    public var inputs: [InputTensor]
    /// The outputs asked for, in request order (`nil`: every output of the model).
    public var outputs: [RequestedOutput]?
    /// The request-level `binary_data_output` parameter: every output in binary form unless an
    /// output says otherwise.
    public var binaryDataOutput: Bool

    public init(id: String? = nil, inputs: [InputTensor], outputs: [RequestedOutput]? = nil,
                binaryDataOutput: Bool = false) {
        self.id = id
        self.inputs = inputs
        self.outputs = outputs
        self.binaryDataOutput = binaryDataOutput
    }
}

/// One input tensor: its name, declared type and shape, and its elements in row-major order.
public struct InputTensor: Sendable, Equatable {
    public var name: String
    public var datatype: TensorDatatype
    /// The declared shape; the product of its dimensions is the element count.
    public var shape: [Int]
    public var values: TensorValues

    public init(name: String, datatype: TensorDatatype, shape: [Int], values: TensorValues) {
        self.name = name
        self.datatype = datatype
        self.shape = shape
        self.values = values
    }

    /// Rows: the first dimension (1 for a scalar).
    public var rows: Int { shape.first ?? 1 }
}

/// A tensor's elements: numbers as `Float` (NaN for a missing value: JSON `null` or a binary
/// NaN), or text (`nil` for JSON `null`).
public enum TensorValues: Sendable, Equatable {
    case numbers([Float])
    case texts([String?])

    public var count: Int {
        switch self {
        case .numbers(let values): values.count
        case .texts(let values): values.count
        }
    }
}

/// An output the client asked for, and whether it wants it in binary form (`nil`: as the
/// request-level `binary_data_output` says).
public struct RequestedOutput: Sendable, Equatable {
    public var name: String
    public var binaryData: Bool?

    public init(name: String, binaryData: Bool? = nil) {
        self.name = name
        self.binaryData = binaryData
    }
}
