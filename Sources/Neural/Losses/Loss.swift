/// A training objective on a network's last-layer output (logits), which owns the output link.
///
/// Every loss is a **weighted mean**: with a weight `w` per term (the product of the per-sample
/// weight and the class weight, all 1 by default),
///
///     loss = Σ w·l / Σ w
///
/// where the terms `l` are the elements of the output for the elementwise losses (MSE, MAE,
/// Huber, binary cross-entropy) and the rows for categorical cross-entropy. With no weights this
/// is the plain mean (over `batch·outputs` elements, or over `batch` rows for CCE), as in PyTorch's
/// and Keras's default reduction; with weights it is PyTorch's weighted "mean" (its
/// `CrossEntropyLoss(weight:)` divides by the total weight). Multiplying all weights by a constant
/// does not change the loss or its gradient.
///
/// | loss | term `l` (residual `r = ŷ − y`) | link | `∂loss/∂z` without weights |
/// | --- | --- | --- | --- |
/// | `meanSquaredError` | `r²` | identity | `2(ŷ − y)/(batch·outputs)` |
/// | `halfMeanSquaredError` | `r²/2` (scikit-learn's `squared_loss`) | identity | `(ŷ − y)/(batch·outputs)` |
/// | `meanAbsoluteError` | `|r|` | identity | `sign(r)/(batch·outputs)` |
/// | `huber(delta:)` | `r²/2` if `|r| ≤ δ`, else `δ(|r| − δ/2)` | identity | `clamp(r, −δ, δ)/(batch·outputs)` |
/// | `binaryCrossEntropy` | `−y log σ(z) − (1−y) log(1−σ(z))` | sigmoid | `(σ(z) − y)/(batch·outputs)` |
/// | `categoricalCrossEntropy` | `−Σ_c y_c log softmax(z)_c` per row | softmax | `(softmax(z) − y)/batch` |
///
/// Class weights (`classWeights`):
/// - regression losses: one weight per output column (`outputs` values);
/// - binary cross-entropy: `[w₀, w₁]`, the weight of targets 0 and 1; a soft target `y`
///   gets `y·w₁ + (1 − y)·w₀`; the same pair applies to every output column;
/// - categorical cross-entropy: one weight per class (`outputs` values); a row's weight is the
///   weight of its class (for soft targets, `Σ_c y_c·w_c`).
///
/// Peers: with one output these values equal scikit-learn's `squared_loss` and `binary_log_loss`
/// (which clips probabilities to [ε, 1 − ε]; on logits no clipping is needed) and PyTorch's
/// (`MSELoss`, `BCEWithLogitsLoss`, `CrossEntropyLoss`, `HuberLoss`, `L1Loss`,
/// all with `reduction="mean"`). With several binary outputs scikit-learn sums the log-loss over
/// the outputs before dividing by the batch size (`outputs` times this mean), and for several
/// regression outputs its gradient omits the `1/outputs` of its own reported loss.
///
/// Targets for categorical cross-entropy are either probability rows `[batch, outputs]`
/// (one-hot or soft) or class indices `[batch, 1]` (stored as `Float`, `0..<outputs`).
public struct Loss: Codable, Sendable, Hashable {
    /// The loss functions.
    public enum Kind: Codable, Sendable, Hashable {
        /// Mean of `r²`; `halved` gives scikit-learn's `r²/2`.
        case meanSquaredError(halved: Bool)
        case meanAbsoluteError
        /// Quadratic for `|r| ≤ delta`, linear beyond; `delta > 0`.
        case huber(delta: Float)
        case binaryCrossEntropy
        case categoricalCrossEntropy
    }

    /// Which loss.
    public var kind: Kind
    /// Optional class weights; see the type's documentation for their meaning per loss.
    public var classWeights: [Float]?

    public init(_ kind: Kind, classWeights: [Float]? = nil) {
        if case .huber(let delta) = kind {
            precondition(delta > 0 && delta.isFinite, "Huber delta must be positive, got \(delta)")
        }
        if let classWeights {
            precondition(classWeights.allSatisfy { $0 >= 0 && $0.isFinite },
                         "Class weights must be finite and non-negative, got \(classWeights)")
        }
        self.kind = kind
        self.classWeights = classWeights
    }

    /// Mean squared error, `Σ w·(ŷ − y)² / Σ w` (identity link).
    public static let meanSquaredError = Loss(.meanSquaredError(halved: false))
    /// scikit-learn's half mean squared error, `Σ w·(ŷ − y)² / (2·Σ w)` (identity link).
    public static let halfMeanSquaredError = Loss(.meanSquaredError(halved: true))
    /// Mean absolute error (identity link).
    public static let meanAbsoluteError = Loss(.meanAbsoluteError)
    /// Binary cross-entropy on logits (sigmoid link), unweighted.
    public static let binaryCrossEntropy = Loss(.binaryCrossEntropy)
    /// Categorical cross-entropy on logits (softmax link), unweighted.
    public static let categoricalCrossEntropy = Loss(.categoricalCrossEntropy)

    /// Huber loss with threshold `delta` (identity link).
    public static func huber(delta: Float = 1) -> Loss { Loss(.huber(delta: delta)) }

    /// Binary cross-entropy with weights `[w₀, w₁]` for targets 0 and 1.
    public static func binaryCrossEntropy(classWeights: [Float]) -> Loss {
        precondition(classWeights.count == 2, "Binary cross-entropy needs 2 class weights, got \(classWeights.count)")
        return Loss(.binaryCrossEntropy, classWeights: classWeights)
    }

    /// Categorical cross-entropy with one weight per class.
    public static func categoricalCrossEntropy(classWeights: [Float]) -> Loss {
        Loss(.categoricalCrossEntropy, classWeights: classWeights)
    }

    /// The output link that turns logits into predictions for this loss.
    public var link: OutputLink {
        switch kind {
        case .meanSquaredError, .meanAbsoluteError, .huber: .identity
        case .binaryCrossEntropy: .sigmoid
        case .categoricalCrossEntropy: .softmax
        }
    }

    /// The number of target columns this loss expects for `outputs` logits: `outputs`, or for
    /// categorical cross-entropy `outputs` (probability rows) or 1 (class indices).
    public func acceptsTargetColumns(_ targetColumns: Int, outputs: Int) -> Bool {
        if targetColumns == outputs { return true }
        if case .categoricalCrossEntropy = kind { return targetColumns == 1 }
        return false
    }
}

extension Loss {
    private enum CodingKeys: String, CodingKey { case kind, classWeights }

    /// Decodes a loss, rejecting a non-positive Huber threshold and negative or non-finite
    /// class weights (which the initialiser treats as programmer errors).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(Kind.self, forKey: .kind)
        let classWeights = try container.decodeIfPresent([Float].self, forKey: .classWeights)
        if case .huber(let delta) = kind, let problem = SettingRange.positive.problem(Double(delta)) {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "Huber delta \(problem)")
        }
        if let classWeights, !classWeights.allSatisfy({ $0 >= 0 && $0.isFinite }) {
            throw DecodingError.dataCorruptedError(
                forKey: .classWeights, in: container,
                debugDescription: "class weights must be finite and non-negative, got \(classWeights)")
        }
        self.init(kind, classWeights: classWeights)
    }
}
