import NeuralKernels

// The gradient entry points without a generator, kept for source compatibility: the one entry
// point, `computeGradients(…, generator:)`, ignores its generator when there is no dropout.
extension Network {
    /// `computeGradients` for a network without active dropout, without a generator.
    @available(*, deprecated, message: "pass a generator: computeGradients(…, workspace:generator:) ignores it without dropout")
    public func computeGradients(
        inputs: UnsafeBufferPointer<Float>, targets: UnsafeBufferPointer<Float>,
        sampleWeights: UnsafeBufferPointer<Float>? = nil,
        loss: Loss, regularization: Regularization = .none, workspace: TrainingWorkspace
    ) -> Double {
        precondition(!hasDropout, "computeGradients: the network has dropout; pass a generator for its masks")
        var unused = SeededGenerator(seed: 0)
        return computeGradients(inputs: inputs, targets: targets, sampleWeights: sampleWeights, loss: loss,
                                regularization: regularization, workspace: workspace, generator: &unused)
    }

    /// `computeGradients` on matrices for a network without active dropout, without a generator.
    @available(*, deprecated, message: "pass a generator: computeGradients(…, workspace:generator:) ignores it without dropout")
    public func computeGradients(
        inputs: Matrix, targets: Matrix, sampleWeights: [Float]? = nil,
        loss: Loss, regularization: Regularization = .none, workspace: TrainingWorkspace
    ) -> Double {
        precondition(!hasDropout, "computeGradients: the network has dropout; pass a generator for its masks")
        var unused = SeededGenerator(seed: 0)
        return computeGradients(inputs: inputs, targets: targets, sampleWeights: sampleWeights, loss: loss,
                                regularization: regularization, workspace: workspace, generator: &unused)
    }
}
