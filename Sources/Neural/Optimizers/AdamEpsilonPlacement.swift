/// Where Adam adds ε, the one place PyTorch and Keras / scikit-learn disagree; both forms are
/// written in <doc:OptimizersAndSchedules#Adam>.
///
/// - `.pytorch`: `torch.optim.Adam`, the paper's Algorithm 1.
/// - `.keras`: Keras 3's `keras.optimizers.Adam` and scikit-learn's `AdamOptimizer` (the paper's
///   "more efficient" ordering in §2). Its effective ε is larger in early steps, which matters
///   for tiny gradients: a first step with g = 1e-6 moves θ by 0.99·η in the PyTorch form and by
///   0.76·η in this one.
///
/// Keras's default ε is 1e-7, scikit-learn's 1e-8; choose `Adam.epsilon` to match the peer.
public enum AdamEpsilonPlacement: String, Codable, Sendable, CaseIterable {
    case pytorch
    case keras
}
