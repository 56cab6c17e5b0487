extension ParameterVector {
    /// A vector of one tensor named `values` holding `values`, for using an optimizer (or a
    /// schedule, or clipping) on a bare vector:
    ///
    ///     var weights = ParameterVector([1, 2])
    ///     let gradient = ParameterVector([0.5, -1])
    ///     var adam = Adam()
    ///     adam.prepare(for: weights.layout)
    ///     adam.update(&weights, along: gradient, learningRate: 0.1)
    public init(_ values: [Float]) {
        var layout = ParameterLayout()
        layout.append(name: "values", shape: [values.count], kind: .weight)
        self.init(layout: layout, values: values)
    }

    /// The tensor named `name` as a matrix (a copy; a 1-D tensor is one row), or nil when the
    /// layout has no such tensor. Setting replaces the tensor's elements (the matrix must have
    /// as many; setting nil or an unknown name is a programmer error).
    ///
    ///     let dW = workspace.gradients["layers.0.weight"]   // [outputSize, inputSize]
    public subscript(name: String) -> Matrix? {
        get { layout.segment(named: name).map { matrix(for: $0) } }
        set {
            guard let segment = layout.segment(named: name) else {
                preconditionFailure("No tensor named \(name); the layout has \(layout.segments.map(\.name))")
            }
            guard let newValue else { preconditionFailure("Cannot remove tensor \(name) from a parameter vector") }
            setMatrix(newValue, for: segment)
        }
    }
}
