import Foundation

/// A stack of dense layers written as a short string, for importing weights trained elsewhere:
/// `"4-16-relu-3"` is 4 inputs, a 16-unit ReLU layer and 3 linear outputs.
///
/// Grammar: sizes (positive integers) separated by `-`, each size after the first optionally
/// followed by an activation name (`Activation(name:)`: relu, tanh, sigmoid/logistic, leakyrelu,
/// elu, softplus, gelu, identity/linear) that applies to the layer ending at that size. The last
/// size may instead be followed by `softmax`, which sets `outputLink` (softmax is a link over the
/// row, not an elementwise activation). A size without an activation is a linear layer.
///
/// `"784-128-relu-64-relu-10-softmax"` has dense layers 784→128 (relu), 128→64 (relu), 64→10
/// (identity) and a softmax link.
public struct DenseArchitecture: Equatable, Sendable, CustomStringConvertible {
    /// The dense layers, first to last.
    public var layers: [Dense]
    /// `.softmax` when the string ends in `softmax`, `.identity` otherwise.
    public var outputLink: OutputLink

    public init(layers: [Dense], outputLink: OutputLink = .identity) {
        precondition(!layers.isEmpty, "An architecture needs at least one dense layer")
        self.layers = layers
        self.outputLink = outputLink
    }

    /// Parses the string form; throws `PyTorchImportError.invalidArchitecture` naming the token.
    public init(_ text: String) throws(PyTorchImportError) {
        func fail(_ reason: String) -> PyTorchImportError { .invalidArchitecture(text, reason: reason) }
        let tokens = text.split(separator: "-", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var sizes: [Int] = []
        var activations: [Activation] = []
        var link: OutputLink = .identity
        var previousWasSize = false
        for (position, token) in tokens.enumerated() {
            if let size = Int(token) {
                guard size > 0 else { throw fail("sizes must be positive, got \(size)") }
                guard link == .identity else { throw fail("softmax must come last") }
                if !sizes.isEmpty { activations.append(.identity) }
                sizes.append(size)
                previousWasSize = true
                continue
            }
            guard !token.isEmpty else { throw fail("empty item at position \(position + 1)") }
            guard previousWasSize, sizes.count >= 2 else {
                throw fail("\"\(token)\" must follow a layer size (the first item is the input size)")
            }
            if token.lowercased() == "softmax" {
                link = .softmax
            } else if let activation = Activation(name: token) {
                activations[activations.count - 1] = activation
            } else {
                throw fail("unknown item \"\(token)\"; expected a size, an activation ("
                           + Activation.allCases.map(\.name).joined(separator: ", ") + ") or softmax last")
            }
            previousWasSize = false
        }
        guard sizes.count >= 2 else { throw fail("it needs an input size and at least one layer size") }
        if link == .softmax, tokens.last?.lowercased() != "softmax" { throw fail("softmax must come last") }
        self.layers = (1..<sizes.count).map { index in
            Dense(inputSize: sizes[index - 1], outputSize: sizes[index], activation: activations[index - 1])
        }
        self.outputLink = link
    }

    /// The string form (`"4-16-relu-3"`); parsing it gives this architecture back, except that
    /// activation parameters (a leaky ReLU's slope, ELU's α) take their defaults.
    public var description: String {
        var parts = [String(layers[0].inputSize)]
        for layer in layers {
            parts.append(String(layer.outputSize))
            if !layer.activation.isIdentity { parts.append(layer.activation.name.lowercased()) }
        }
        if outputLink == .softmax { parts.append("softmax") }
        return parts.joined(separator: "-")
    }

    /// The network's layer list (dense layers only).
    public var networkLayers: [Layer] { layers.map { .dense($0) } }
}
