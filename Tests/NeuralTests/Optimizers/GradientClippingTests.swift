import Testing
@testable import Neural

/// Gradient clipping against `torch.nn.utils.clip_grad_norm_` / `clip_grad_value_`
/// (`optimizer_reference.json`, "clipping").
@Suite struct GradientClippingTests {
    /// The fixture's tensors as one two-segment vector, as a network's gradients would be.
    static func vector(_ tensors: [[Double]]) -> ParameterVector {
        var layout = ParameterLayout()
        for (index, tensor) in tensors.enumerated() {
            layout.append(name: "layers.\(index).weight", shape: [tensor.count], kind: .weight)
        }
        return ParameterVector(layout: layout, values: tensors.flatMap { $0.map { Float($0) } })
    }

    @Test(arguments: ["norm_1.0", "norm_100.0", "value_0.5"])
    func matchesPyTorch(_ name: String) throws {
        let reference = try #require(OptimizerReferenceFixture.shared.clipping.first { $0.name == name })
        var gradients = Self.vector(reference.gradients)
        let expected = reference.clipped.flatMap { $0 }
        let norm: Double
        if reference.kind == "norm" {
            norm = clipGradientNorm(&gradients, maxNorm: try #require(reference.maxNorm))
            // PyTorch accumulates the norm in float32, Neural in double: 1e-6 relative.
            let expectedNorm = try #require(reference.normBefore)
            #expect(abs(norm - expectedNorm) <= 1e-6 * expectedNorm)
        } else {
            let limit = try #require(reference.clipValue)
            norm = GradientClipping.value(limit: limit).apply(to: &gradients)
            // √(9 + 16 + 0.25 + 2.25 + 4 + 0.0625) = √31.5625 = 5.61805…, before clamping.
            #expect(abs(norm - 31.5625.squareRoot()) <= 1e-12)
        }
        // The scale max_norm/(norm + 1e-6) is one float32 rounding away in each library: 1e-6 relative.
        for (actual, wanted) in zip(gradients.values, expected) {
            #expect(abs(Double(actual) - wanted) <= 1e-6 * abs(wanted), "\(name): \(actual) vs \(wanted)")
        }
    }

    @Test func nonFiniteNormLeavesGradientsAlone() {
        var gradients = Self.vector([[1, .infinity, 2]])
        let before = gradients
        let norm = GradientClipping.globalNorm(maxNorm: 1).apply(to: &gradients)
        #expect(norm == .infinity)
        #expect(gradients == before)
    }

    @Test func noneReportsTheNorm() {
        var gradients = Self.vector([[3, 4]])
        // √(3² + 4²) = 5, exact in binary.
        #expect(GradientClipping.none.apply(to: &gradients) == 5)
        #expect(gradients.values == [3, 4])
    }
}
