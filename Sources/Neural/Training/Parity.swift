/// A peer library whose training arithmetic Neural can follow exactly where peers disagree.
///
/// Neural's own defaults follow the papers (Adam's ε 1e-8 inside the bias-corrected square root,
/// full MSE, an L2 penalty `(l2/2)·Σw²` added once per batch on the weights only, He or Glorot
/// initial weights with zero biases). Each peer differs somewhere; a parity preset changes exactly
/// those settings, and reads the settings that peers name differently in the peer's own terms:
///
/// | setting | `.pytorch` | `.scikitLearn` | `.keras` |
/// | --- | --- | --- | --- |
/// | Adam's ε placement | `.pytorch` | `.keras` (ε outside √(1 − β2ᵗ)) | `.keras` |
/// | Adam's ε when it is Neural's 1e-8 | 1e-8 | 1e-8 | 1e-7 |
/// | SGD momentum buffer | `b ← μb + d`, `θ ← θ − ηb` | `v ← μv − ηd`, `θ ← θ + v` | as scikit-learn |
/// | mean squared error | full `mean(r²)` | half `mean(r²)/2` | full |
/// | `regularization.l2 = λ` means | `weight_decay = λ`: `λ·θ` added to every gradient, biases included | `alpha = λ`: `λ/(2n)·Σw²`, `n` the batch size | `L2(λ)`: `λ·Σw²` per batch |
/// | `regularization.l1 = λ` means | (no peer option) `λ·Σ|w|` per batch | (no peer option) `λ/n·Σ|w|` | `L1(λ)`: `λ·Σ|w|` per batch |
/// | `schedule` `.inverseScaling` / `.adaptive` | unchanged (`.adaptive` is ReduceLROnPlateau) | scikit-learn's exact 'invscaling' / 'adaptive' | unchanged |
/// | initial weights (`initializer(for:hiddenActivation:)`) | `pytorchLinear` | `scikitLearn` (`scikitLearnLogistic` for sigmoid hidden units) | `glorotUniform`, zero biases |
/// | default batch size (`defaultBatchSize(sampleCount:)`) | 32 | `min(200, n)` | 32 |
///
/// Not part of a preset: the sample order (each peer shuffles with its own generator, so only
/// unshuffled runs can match value by value; with `shuffle = false` every peer, like Neural, visits
/// the rows in order and keeps a smaller last batch) and stopping rules (scikit-learn's
/// `tol`/`n_iter_no_change` is `TrainingConfiguration.convergence`). `docs/PARITY.md` has the
/// full table with the peers' source references.
public enum Parity: String, Codable, Sendable, CaseIterable {
    /// Neural's own conventions.
    case none
    /// PyTorch (`torch.nn`, `torch.optim`).
    case pytorch
    /// scikit-learn's `MLPClassifier` / `MLPRegressor`.
    case scikitLearn = "sklearn"
    /// Keras 3 (`keras.optimizers`, `keras.regularizers`, `keras.layers.Dense` defaults).
    case keras

    /// The preset with this name, as the command line spells it (`--parity pytorch|sklearn|keras|none`);
    /// `torch`, `scikit-learn` and `scikitlearn` are accepted too, without regard to case.
    public init?(name: String) {
        switch name.lowercased() {
        case "none", "neural": self = .none
        case "pytorch", "torch": self = .pytorch
        case "sklearn", "scikit-learn", "scikitlearn", "scikit_learn": self = .scikitLearn
        case "keras": self = .keras
        default: return nil
        }
    }

    /// Keras's default Adam ε (`keras.optimizers.Adam(epsilon=1e-7)`).
    public static let kerasAdamEpsilon = 1e-7
    /// Neural's (and PyTorch's and scikit-learn's) default Adam ε.
    public static let defaultAdamEpsilon = 1e-8

    /// The initialiser of a dense layer with this peer's defaults: `hiddenActivation` is the
    /// network's hidden activation (scikit-learn picks its factor from it for every layer) and
    /// `activation` the layer's own (which picks Neural's default for `.none`).
    public func initializer(for activation: Activation, hiddenActivation: Activation) -> Initializer {
        switch self {
        case .none: activation.defaultInitializer
        case .pytorch: .pytorchLinear
        case .scikitLearn: hiddenActivation == .sigmoid ? .scikitLearnLogistic : .scikitLearn
        case .keras: .glorotUniform
        }
    }

    /// `layers` with every dense layer's initialiser replaced by this peer's default. The hidden
    /// activation is the first dense layer's when there are several dense layers (the output
    /// layer's otherwise).
    public func applyingInitializers(to layers: [Layer]) -> [Layer] {
        let dense = layers.compactMap(\.dense)
        let hidden = (dense.count > 1 ? dense.first : dense.last)?.activation ?? .identity
        return layers.map { layer in
            guard var layer = layer.dense else { return layer }
            layer.initializer = initializer(for: layer.activation, hiddenActivation: hidden)
            return .dense(layer)
        }
    }

    /// The peer's batch size when none is given, for `sampleCount` training samples:
    /// scikit-learn's `'auto'`, `min(200, n)`; Keras's `fit` default 32; Neural's 32 for `.none`
    /// and PyTorch (whose `DataLoader` default of 1 is rarely what is meant).
    public func defaultBatchSize(sampleCount: Int) -> Int {
        switch self {
        case .scikitLearn: max(1, min(200, sampleCount))
        case .none, .pytorch, .keras: 32
        }
    }
}
