import NeuralKernels

/// L1 and L2 penalties on the weights (never the biases), added to the loss and its gradient.
///
/// With `W` all weight scalars of the network and `n` the number of samples in the batch (the
/// sum of the sample weights when the batch has them, as in scikit-learn):
///
///     penalty  = s · (l1·Σ|w| + (l2/2)·Σw²)
///     gradient = s · (l1·sign(w) + l2·w)          (sign(0) = 0)
///
/// where the scale `s` is 1 for `.perBatch` (the notes' "MSE + α‖w‖", added once to each batch's
/// mean loss; L2 is halved so that its gradient is `l2·w`, as with PyTorch's `weight_decay`) and
/// `1/n` for `.perSample` (scikit-learn's MLP: `alpha/(2·n)·Σw²` with `alpha = l2`).
/// The loss a training step reports includes the penalty. Decoupled weight decay is not a
/// penalty; it belongs to the optimizer (AdamW).
public struct Regularization: Codable, Sendable, Hashable {
    /// How the penalty is scaled for a batch.
    public enum Scaling: String, Codable, Sendable, Hashable {
        /// Added as is to the batch's mean loss.
        case perBatch
        /// Divided by the number of samples in the batch (scikit-learn's convention).
        case perSample
    }

    /// Coefficient of `Σ|w|`.
    public var l1: Double
    /// Coefficient of `Σw²/2`.
    public var l2: Double
    /// How the penalty is scaled.
    public var scaling: Scaling

    public init(l1: Double = 0, l2: Double = 0, scaling: Scaling = .perBatch) {
        SettingRange.nonNegative.require(l1, "Regularization l1")
        SettingRange.nonNegative.require(l2, "Regularization l2")
        self.l1 = l1
        self.l2 = l2
        self.scaling = scaling
    }

    /// No penalty.
    public static let none = Regularization()
    /// `alpha·Σ|w|`.
    public static func l1(_ alpha: Double) -> Regularization { Regularization(l1: alpha) }
    /// `(alpha/2)·Σw²`.
    public static func l2(_ alpha: Double) -> Regularization { Regularization(l2: alpha) }
    /// scikit-learn's `alpha/(2·n)·Σw²`, `n` the batch size.
    public static func scikitLearn(alpha: Double) -> Regularization {
        Regularization(l2: alpha, scaling: .perSample)
    }

    /// Whether the penalty is zero.
    public var isNone: Bool { l1 == 0 && l2 == 0 }

    /// The scale `s` for a batch of `sampleCount` samples (or total sample weight).
    func scale(sampleCount: Double) -> Double {
        switch scaling {
        case .perBatch: 1
        case .perSample: sampleCount > 0 ? 1 / sampleCount : 0
        }
    }

    /// The penalty of `parameters` (weights only) for a batch of `sampleCount` samples (or, with
    /// sample weights, their sum; only `.perSample` scaling uses it).
    public func penalty(of parameters: ParameterVector, sampleCount: Double) -> Double {
        parameters.values.withUnsafeBufferPointer { values in
            apply(layout: parameters.layout, parameters: values.baseAddress, sampleCount: sampleCount, gradient: nil)
        }
    }

    /// Returns the penalty and, when `gradient` is not nil, adds its gradient to it.
    /// `parameters` and `gradient` are flat buffers with `layout`. Allocates nothing.
    func apply(layout: ParameterLayout, parameters: UnsafePointer<Float>?, sampleCount: Double,
               gradient: UnsafeMutablePointer<Float>?) -> Double {
        guard !isNone, let parameters else { return 0 }
        let scale = scale(sampleCount: sampleCount)
        // The coefficients act on Float weights: each is rounded to Float once, as the
        // learning rate is.
        let l1 = Double(Float(l1))
        let l2 = Double(Float(l2))
        let l1Gradient = Float(scale * l1)
        let l2Gradient = Float(scale * l2)
        var absoluteSum = 0.0
        var squareSum = 0.0
        let segments = layout.segments
        for index in 0..<segments.count where segments[index].kind == .weight {
            let segment = segments[index]
            let weights = parameters + segment.offset
            var gradientSegment: UnsafeMutablePointer<Float>? = nil
            if let gradient { gradientSegment = gradient + segment.offset }
            if l1 > 0 {
                absoluteSum += nk_l1_penalty(Int64(segment.count), l1Gradient, weights, gradientSegment)
            }
            if l2 > 0 {
                squareSum += nk_l2_penalty(Int64(segment.count), l2Gradient, weights, gradientSegment)
            }
        }
        return scale * (l1 * absoluteSum + l2 / 2 * squareSum)
    }
}

extension Regularization {
    private enum CodingKeys: String, CodingKey { case l1, l2, scaling }

    /// Decodes a regularisation with the checks of `--l1` and `--l2` (finite, ≥ 0); missing keys
    /// mean 0 and `.perBatch`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let l1 = try container.decodeIfPresent(Double.self, forKey: .l1, in: .nonNegative) ?? 0
        let l2 = try container.decodeIfPresent(Double.self, forKey: .l2, in: .nonNegative) ?? 0
        let scaling = try container.decodeIfPresent(Scaling.self, forKey: .scaling) ?? .perBatch
        self.init(l1: l1, l2: l2, scaling: scaling)
    }
}
