extension Adam {
    /// Keras 3's `keras.optimizers.Adam()` defaults: ε = 1e-7 in the `.keras` placement
    /// (β1 0.9, β2 0.999; Keras's default rate is 1e-3 too).
    public static func keras(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7,
                             amsgrad: Bool = false) -> Adam {
        Adam(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonPlacement: .keras, amsgrad: amsgrad)
    }

    /// scikit-learn's `AdamOptimizer` (`MLPClassifier(solver='adam')`): ε = 1e-8 in the
    /// `.keras` placement, no AMSGrad, no weight decay (scikit-learn's `alpha` is an L2 penalty
    /// in the loss, not part of the optimizer).
    public static func scikitLearn(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) -> Adam {
        Adam(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonPlacement: .keras)
    }
}

extension SGD {
    /// scikit-learn's `SGDOptimizer` (`MLPClassifier(solver='sgd')`): momentum 0.9 with
    /// Nesterov by default, kept in scikit-learn's form `v ← μ·v − η·g`.
    public static func scikitLearn(momentum: Double = 0.9, nesterov: Bool = true) -> SGD {
        SGD(momentum: momentum, nesterov: nesterov && momentum > 0, momentumForm: .scikitLearn)
    }

    /// This rule with the momentum bookkeeping of `form` (how a peer's conventions are applied).
    public func with(momentumForm form: MomentumForm) -> SGD {
        SGD(momentum: momentum, dampening: dampening, nesterov: nesterov, weightDecay: weightDecay, momentumForm: form)
    }
}
