/// Why a PyTorch `state_dict` does not load into a network; each case names the tensor or item.
public enum PyTorchImportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The architecture string does not parse.
    case invalidArchitecture(String, reason: String)
    /// The state dict has `found` linear layers (weight/bias pairs), the architecture `expected`.
    case layerCountMismatch(expected: Int, found: Int, prefixes: [String])
    /// A tensor the architecture needs is absent.
    case missingTensor(name: String)
    /// Tensors that belong to no layer of the architecture.
    case unexpectedTensors(names: [String])
    /// A tensor's shape is not the one the architecture needs (PyTorch's `[out, in]` for weights).
    case shapeMismatch(name: String, expected: [Int], found: [Int])
    /// A tensor holds NaN or an infinity.
    case nonFiniteValues(name: String)

    public var description: String {
        switch self {
        case let .invalidArchitecture(text, reason):
            "architecture \"\(text)\": \(reason)"
        case let .layerCountMismatch(expected, found, prefixes):
            "the architecture has \(expected) linear layers but the state dict has \(found)"
                + (prefixes.isEmpty ? "" : " (\(prefixes.joined(separator: ", ")))")
        case let .missingTensor(name):
            "the state dict has no tensor \"\(name)\""
        case let .unexpectedTensors(names):
            "the state dict has tensors that belong to no linear layer of the architecture: \(names.joined(separator: ", "))"
        case let .shapeMismatch(name, expected, found):
            "tensor \"\(name)\" has shape \(found), the architecture needs \(expected)"
        case let .nonFiniteValues(name):
            "tensor \"\(name)\" holds NaN or infinite values"
        }
    }
}
