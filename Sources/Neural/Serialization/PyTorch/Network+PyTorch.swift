extension Network {
    /// A network holding the weights of a PyTorch `state_dict` saved with
    /// `safetensors.torch.save_file(model.state_dict(), path)`, for the dense layers of `architecture`.
    ///
    /// The linear layers are found by their tensors `<prefix>.weight` (`[out, in]`, PyTorch's
    /// `nn.Linear` layout, which is Neural's too: taken as they are) and `<prefix>.bias` (`[out]`).
    /// With `prefixes` nil, every prefix that has a `.weight` is a linear layer, taken in the
    /// natural order of its dotted parts (numbers compared as numbers: `0`, `2`, `10` for an
    /// `nn.Sequential` whose activations and dropouts sit at the odd indices); pass the prefixes
    /// explicitly (e.g. `["fc1", "fc2", "out"]`) when the names do not sort in layer order.
    /// Activations carry no tensors: they come from `architecture`. PyTorch's `nn.GELU()` is the
    /// erf form, while Neural's `.gelu` is the tanh form (`nn.GELU(approximate="tanh")`).
    ///
    /// Throws `PyTorchImportError` for a missing tensor, a tensor left over (a bias-free layer, a
    /// batch norm, …), a shape that differs from the architecture, a different number of layers,
    /// or non-finite values.
    public init(pytorchStateDict stateDict: SafeTensorsFile, architecture: DenseArchitecture,
                prefixes: [String]? = nil) throws(PyTorchImportError) {
        let names = Set(stateDict.tensors.map(\.name))
        let layerPrefixes = prefixes ?? Self.linearPrefixes(in: stateDict.tensors.map(\.name))
        guard layerPrefixes.count == architecture.layers.count else {
            throw .layerCountMismatch(expected: architecture.layers.count, found: layerPrefixes.count,
                                      prefixes: layerPrefixes)
        }
        // Every tensor is found and checked before the parameters are allocated: the sizes in the
        // architecture string are only numbers, while a tensor of the matching shape is data the
        // file holds, so the allocation below is never larger than the file.
        var tensors: [(weight: SafeTensor, bias: SafeTensor)] = []
        var used: Set<String> = []
        for (prefix, dense) in zip(layerPrefixes, architecture.layers) {
            let weightName = prefix + ".weight"
            let biasName = prefix + ".bias"
            guard let weight = stateDict.tensor(named: weightName) else { throw .missingTensor(name: weightName) }
            guard let bias = stateDict.tensor(named: biasName) else { throw .missingTensor(name: biasName) }
            let expectedWeight = [dense.outputSize, dense.inputSize]
            guard weight.shape == expectedWeight else {
                throw .shapeMismatch(name: weightName, expected: expectedWeight, found: weight.shape)
            }
            guard bias.shape == [dense.outputSize] else {
                throw .shapeMismatch(name: biasName, expected: [dense.outputSize], found: bias.shape)
            }
            for tensor in [weight, bias] where !tensor.values.allSatisfy(\.isFinite) {
                throw .nonFiniteValues(name: tensor.name)
            }
            tensors.append((weight, bias))
            used.insert(weightName)
            used.insert(biasName)
        }
        let layers = architecture.networkLayers
        var parameters = ParameterVector(layout: Network.parameterLayout(for: layers))
        for (index, (weight, bias)) in tensors.enumerated() {
            // Both compute x·Wᵀ + b with W [out, in].
            guard let weightSegment = parameters.layout.segment(named: "layers.\(index).weight"),
                  let biasSegment = parameters.layout.segment(named: "layers.\(index).bias")
            else { preconditionFailure("layout of \(layers) lacks layer \(index)") }
            parameters.setRowMajorValues(weight.values, of: weightSegment)
            parameters.setRowMajorValues(bias.values, of: biasSegment)
        }
        let leftOver = names.subtracting(used).sorted()
        guard leftOver.isEmpty else { throw .unexpectedTensors(names: leftOver) }
        do {
            try self.init(layers: layers, parameters: parameters)
        } catch {
            preconditionFailure("architecture layers are valid by construction: \(error)")
        }
    }

    /// As `init(pytorchStateDict:architecture:prefixes:)` with the architecture's string form,
    /// e.g. `"4-16-relu-3"` (see `DenseArchitecture`).
    public init(pytorchStateDict stateDict: SafeTensorsFile, architecture: String,
                prefixes: [String]? = nil) throws(PyTorchImportError) {
        try self.init(pytorchStateDict: stateDict, architecture: try DenseArchitecture(architecture),
                      prefixes: prefixes)
    }

    /// The prefixes `p` with a tensor `p.weight`, in natural order (numeric parts as numbers).
    static func linearPrefixes(in names: [String]) -> [String] {
        let suffix = ".weight"
        let prefixes = names.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }
        return prefixes.sorted { left, right in
            let a = left.split(separator: "."), b = right.split(separator: ".")
            for (x, y) in zip(a, b) where x != y {
                if let i = Int(x), let j = Int(y) { return i < j }
                return x < y
            }
            return a.count < b.count
        }
    }
}
