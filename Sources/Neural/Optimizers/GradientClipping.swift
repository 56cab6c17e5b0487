import NeuralKernels

/// How gradients are clipped before an optimizer step.
///
/// ```swift
/// let norm = clipping.apply(to: &gradients)   // the norm before clipping
/// guard norm.isFinite else { throw … }         // exploding or NaN gradients
/// ```
public enum GradientClipping: Codable, Equatable, Sendable {
    /// Leave gradients as they are.
    case none
    /// Scale all gradients together so their global L2 norm is at most `maxNorm`
    /// (`torch.nn.utils.clip_grad_norm_`); see `clipGradientNorm(_:maxNorm:)`.
    case globalNorm(maxNorm: Double)
    /// Clamp every component to `[−limit, limit]` (`torch.nn.utils.clip_grad_value_`).
    case value(limit: Double)

    /// Clips `gradients` in place and returns their global L2 norm *before* clipping,
    /// √(Σ gᵢ²) accumulated in Double, for logging or stopping on exploding gradients.
    /// The norm is computed in every case, `.none` included.
    @discardableResult
    public func apply(to gradients: inout ParameterVector) -> Double {
        switch self {
        case .none:
            return l2Norm(of: gradients)
        case .globalNorm(let maxNorm):
            return clipGradientNorm(&gradients, maxNorm: maxNorm)
        case .value(let limit):
            let norm = l2Norm(of: gradients)
            clipGradientValues(&gradients, limit: limit)
            return norm
        }
    }
}

extension GradientClipping {
    private enum CodingKeys: String, CodingKey { case none, globalNorm, value }
    private enum NoneCodingKeys: CodingKey {}
    private enum GlobalNormCodingKeys: String, CodingKey { case maxNorm }
    private enum ValueCodingKeys: String, CodingKey { case limit }

    /// Decodes `{"none": {}}`, `{"globalNorm": {"maxNorm": x}}` or `{"value": {"limit": x}}`, with
    /// the check of `--clip-norm` (a positive number) on x.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: container.codingPath,
                debugDescription: "clipping must have exactly one of none, globalNorm and value, got \(container.allKeys.map(\.stringValue))"))
        }
        switch key {
        case .none:
            self = .none
        case .globalNorm:
            let values = try container.nestedContainer(keyedBy: GlobalNormCodingKeys.self, forKey: key)
            self = .globalNorm(maxNorm: try values.decode(Double.self, forKey: .maxNorm, in: .positive))
        case .value:
            let values = try container.nestedContainer(keyedBy: ValueCodingKeys.self, forKey: key)
            self = .value(limit: try values.decode(Double.self, forKey: .limit, in: .positive))
        }
    }
}

/// The global L2 norm √(Σᵢ vᵢ²) over every tensor of `vector`, accumulated in Double.
public func l2Norm(of vector: ParameterVector) -> Double {
    vector.values.withUnsafeBufferPointer { values in
        nk_gradient_sum_of_squares(Int64(values.count), values.baseAddress).squareRoot()
    }
}

/// Whether every component of `vector` is finite (no NaN, no ±∞): one comparison per value,
/// where `l2Norm(of:)` converts, squares and sums in Double.
func isFinite(_ vector: ParameterVector) -> Bool {
    vector.values.withUnsafeBufferPointer { values in
        nk_gradient_all_finite(Int64(values.count), values.baseAddress) != 0
    }
}

/// Scales `gradients` so their global L2 norm is at most `maxNorm`, as PyTorch's
/// `clip_grad_norm_` does, and returns the norm before clipping.
///
/// With ‖g‖ = √(Σ gᵢ²) over all tensors: `g ← g · min(1, maxNorm / (‖g‖ + 1e-6))`. The 1e-6
/// keeps the division finite for a zero gradient; it also means a gradient whose norm is just
/// at `maxNorm` is scaled by a factor a hair below 1, exactly as PyTorch does.
/// A non-finite norm (an infinite or NaN component) leaves the gradients unchanged — scaling by
/// NaN would destroy them — and is returned so the caller can stop.
@discardableResult
/// `maxNorm` is a hyper-parameter (`Double`), rounded to `Float` once as the learning rate is.
public func clipGradientNorm(_ gradients: inout ParameterVector, maxNorm: Double) -> Double {
    precondition(maxNorm > 0 && Float(maxNorm).isFinite, "clipGradientNorm: maxNorm must be finite and > 0, got \(maxNorm)")
    let norm = l2Norm(of: gradients)
    guard norm.isFinite else { return norm }
    let coefficient = Double(Float(maxNorm)) / (norm + 1e-6)
    if coefficient < 1 {
        let factor = Float(coefficient)
        gradients.values.withUnsafeMutableBufferPointer { values in
            nk_gradient_scale(Int64(values.count), values.baseAddress, factor)
        }
    }
    return norm
}

/// Clamps every gradient component to `[−limit, limit]` (PyTorch's `clip_grad_value_`).
/// NaN components stay NaN.
public func clipGradientValues(_ gradients: inout ParameterVector, limit: Double) {
    let limit = Float(limit)
    precondition(limit > 0 && limit.isFinite, "clipGradientValues: limit must be finite and > 0, got \(limit)")
    gradients.values.withUnsafeMutableBufferPointer { values in
        nk_gradient_clamp(Int64(values.count), values.baseAddress, -limit, limit)
    }
}
