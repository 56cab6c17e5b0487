import Neural

/// Turns a request body into an `InferenceRequest`, validating everything: the JSON, the
/// protocol's fields and their types, each tensor's shape against its data (flat or nested,
/// JSON or binary), each element against its datatype. Errors are `InferenceError`s with
/// status 400 that name the field or the tensor, and for an element its row and column.
///
/// The binary tensor data extension: with `Inference-Header-Content-Length: N`, the first `N`
/// bytes are the JSON and the rest is raw tensor data, little-endian and row-major; an input
/// whose `parameters` hold `"binary_data_size": S` takes the next `S` bytes, in input order,
/// and has no `data`. Every byte after the JSON must belong to an input.
public struct InferenceRequestDecoder: Sendable {
    /// Most elements in one request, all tensors together.
    public var maxElements: Int
    /// Most dimensions of one tensor.
    public static let maxDimensions = 8

    public init(maxElements: Int) {
        self.maxElements = maxElements
    }

    /// Decodes `body`; `headerLength` is the `Inference-Header-Content-Length` header's value
    /// when the request has it (already parsed as a number; `nil`: the whole body is JSON).
    public func decode(_ body: [UInt8], headerLength: Int?) throws(InferenceError) -> InferenceRequest {
        let jsonLength = headerLength ?? body.count
        guard jsonLength >= 0, jsonLength <= body.count else {
            throw .badRequest("Inference-Header-Content-Length is \(jsonLength), but the body has \(body.count) bytes.")
        }
        let root: JSONValue
        do {
            root = try body.withUnsafeBufferPointer { buffer throws(JSONParseError) in
                try JSONParser.parse(UnsafeBufferPointer(rebasing: buffer[0..<jsonLength]))
            }
        } catch {
            throw .badRequest("The request body is not valid JSON: \(error.description).")
        }
        guard case .object(let members) = root else {
            throw .badRequest("The request must be a JSON object, not \(root.kindDescription).")
        }
        for member in members where !["id", "parameters", "inputs", "outputs"].contains(member.key) {
            throw .badRequest("Unknown field \"\(member.key)\" in the request (expected id, parameters, inputs, outputs).")
        }
        var request = InferenceRequest(inputs: [])
        if let id = root["id"] {
            guard case .string(let text) = id else { throw .badRequest("\"id\" must be a string, not \(id.kindDescription).") }
            request.id = text
        }
        if let parameters = root["parameters"] {
            request.binaryDataOutput = try Self.boolParameter("binary_data_output", in: parameters, owner: "the request") ?? false
        }
        guard let inputs = root["inputs"] else { throw .badRequest("The request has no \"inputs\".") }
        guard case .array(let inputList) = inputs, !inputList.isEmpty else {
            throw .badRequest("\"inputs\" must be a non-empty array of tensors.")
        }
        var binaryOffset = jsonLength
        var elements = 0
        for (position, input) in inputList.enumerated() {
            let tensor = try decodeInput(input, position: position, body: body, binaryOffset: &binaryOffset,
                                         elementsSoFar: &elements)
            if request.inputs.contains(where: { $0.name == tensor.name }) {
                throw .badRequest("The input \"\(tensor.name)\" appears twice.")
            }
            request.inputs.append(tensor)
        }
        guard binaryOffset == body.count else {
            throw .badRequest("\(body.count - binaryOffset) bytes of binary data after the JSON belong to no input (each binary input needs \"binary_data_size\" in its parameters).")
        }
        if let outputs = root["outputs"] {
            guard case .array(let outputList) = outputs else {
                throw .badRequest("\"outputs\" must be an array, not \(outputs.kindDescription).")
            }
            request.outputs = try outputList.enumerated().map { position, output throws(InferenceError) in
                try Self.decodeOutput(output, position: position)
            }
            var seen = Set<String>()
            for output in request.outputs ?? [] where !seen.insert(output.name).inserted {
                throw .badRequest("The output \"\(output.name)\" is asked for twice.")
            }
        }
        return request
    }

    private static func boolParameter(_ key: String, in parameters: JSONValue, owner: String) throws(InferenceError) -> Bool? {
        guard case .object = parameters else {
            throw .badRequest("The parameters of \(owner) must be an object, not \(parameters.kindDescription).")
        }
        guard let value = parameters[key] else { return nil }
        guard case .bool(let flag) = value else {
            throw .badRequest("The parameter \"\(key)\" of \(owner) must be true or false, not \(value.kindDescription).")
        }
        return flag
    }

    private static func decodeOutput(_ output: JSONValue, position: Int) throws(InferenceError) -> RequestedOutput {
        guard case .object(let members) = output else {
            throw .badRequest("outputs[\(position)] must be an object, not \(output.kindDescription).")
        }
        guard case .string(let name)? = output["name"] else {
            throw .badRequest("outputs[\(position)] needs a \"name\" string.")
        }
        for member in members where !["name", "parameters"].contains(member.key) {
            throw .badRequest("Unknown field \"\(member.key)\" in the output \"\(name)\".")
        }
        var requested = RequestedOutput(name: name)
        if let parameters = output["parameters"] {
            requested.binaryData = try boolParameter("binary_data", in: parameters, owner: "the output \"\(name)\"")
            if let classification = parameters["classification"], classification != .number(JSONNumber(text: "0", isInteger: true)) {
                throw .badRequest("The output \"\(name)\" asks for the classification extension, which this server does not implement; ask for \"probabilities\" instead.")
            }
        }
        return requested
    }

    private func decodeInput(_ input: JSONValue, position: Int, body: [UInt8], binaryOffset: inout Int,
                             elementsSoFar: inout Int) throws(InferenceError) -> InputTensor {
        guard case .object(let members) = input else {
            throw .badRequest("inputs[\(position)] must be an object, not \(input.kindDescription).")
        }
        guard case .string(let name)? = input["name"] else {
            throw .badRequest("inputs[\(position)] needs a \"name\" string.")
        }
        let label = "The input \"\(name)\""
        for member in members where !["name", "shape", "datatype", "parameters", "data"].contains(member.key) {
            throw .badRequest("Unknown field \"\(member.key)\" in the input \"\(name)\".")
        }
        guard case .string(let typeName)? = input["datatype"] else { throw .badRequest("\(label) needs a \"datatype\" string.") }
        guard let datatype = TensorDatatype(rawValue: typeName) else {
            throw .badRequest("\(label) has the unknown datatype \"\(typeName)\" (expected one of \(TensorDatatype.allCases.map(\.rawValue).joined(separator: ", "))).")
        }
        guard case .array(let dims)? = input["shape"] else { throw .badRequest("\(label) needs a \"shape\" array.") }
        guard dims.count <= Self.maxDimensions else {
            throw .badRequest("\(label) has \(dims.count) dimensions; at most \(Self.maxDimensions) are accepted.")
        }
        var shape: [Int] = []
        var count = 1
        for dim in dims {
            guard case .number(let number) = dim, let value = number.int64Value, value >= 0, value <= Int64(maxElements) else {
                throw .badRequest("\(label) has a shape whose dimensions are not all integers from 0 to \(maxElements).")
            }
            shape.append(Int(value))
            count = count.multipliedReportingOverflow(by: Int(value)).overflow ? Int.max : count * Int(value)
            if count > maxElements { break }
        }
        guard count <= maxElements - elementsSoFar else {
            throw .tooLarge("\(label) brings the request to more than \(maxElements) values in all; a request takes at most --max-request-rows rows of the model's inputs.")
        }
        elementsSoFar += count
        var binarySize: Int?
        if let parameters = input["parameters"] {
            guard case .object = parameters else { throw .badRequest("The parameters of \(label.lowercasedFirst) must be an object.") }
            if let size = parameters["binary_data_size"] {
                guard case .number(let number) = size, let value = number.int64Value, value >= 0 else {
                    throw .badRequest("\(label): binary_data_size must be a non-negative integer.")
                }
                binarySize = Int(clamping: value)
            }
        }
        let layout = ElementLayout(name: name, shape: shape, count: count)
        let values: TensorValues
        if let binarySize {
            guard input["data"] == nil else { throw .badRequest("\(label) has both \"data\" and binary_data_size.") }
            guard binarySize <= body.count - binaryOffset else {
                throw .badRequest("\(label) has binary_data_size \(binarySize), but only \(body.count - binaryOffset) bytes of binary data are left.")
            }
            let chunk = body[binaryOffset..<(binaryOffset + binarySize)]
            binaryOffset += binarySize
            values = try BinaryTensorReader.values(chunk, datatype: datatype, layout: layout)
        } else {
            guard let data = input["data"] else {
                throw .badRequest("\(label) has no \"data\" (nor binary_data_size in its parameters).")
            }
            values = try JSONTensorReader.values(data, datatype: datatype, layout: layout)
        }
        return InputTensor(name: name, datatype: datatype, shape: shape, values: values)
    }
}

/// A tensor's shape, for checking data against it and naming an element's row and column.
struct ElementLayout {
    let name: String
    let shape: [Int]
    let count: Int

    /// "row 3, column 2" (0-based, along the first dimension and then across the rest); "element 3"
    /// for a scalar or a one-dimensional tensor ("row 3").
    func place(of index: Int) -> String {
        guard shape.count >= 2, let rows = shape.first, rows > 0 else { return "row \(index)" }
        let width = count / rows
        return "row \(index / width), column \(index % width)"
    }
}

extension String {
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
