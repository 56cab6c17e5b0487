extension TrainingConfiguration {
    /// This configuration with its settings read in `parity`'s terms and translated into
    /// Neural's (the table in `Parity`'s documentation and `docs/PARITY.md`):
    ///
    /// - Adam and AdamW take the peer's ε placement; with `.keras`, an ε equal to Neural's default
    ///   1e-8 becomes Keras's 1e-7 (set `epsilon` after applying to choose another);
    /// - SGD keeps its momentum buffer in the peer's form (`.pytorch`, or `.scikitLearn` for
    ///   scikit-learn and Keras 3, whose buffers already hold η);
    /// - mean squared error is halved for scikit-learn and full for PyTorch and Keras;
    /// - `regularization.l2 = λ` is read as PyTorch's `weight_decay` (moved into SGD's, Adam's,
    ///   RMSProp's or Adagrad's coupled `weightDecay`, which covers biases too; with AdamW it stays
    ///   a penalty on the weights), scikit-learn's `alpha` (`.perSample` scaling) or Keras's
    ///   `L2(λ)` (the penalty `λ·Σw²`, i.e. Neural's `l2 = 2λ`); `l1` is scaled like `l2` for
    ///   scikit-learn and kept otherwise;
    /// - with scikit-learn, the `.inverseScaling` and `.adaptive` schedule kinds become its exact
    ///   `'invscaling'` and `'adaptive'` rules (a `customSchedule` is left alone).
    ///
    /// Apply a preset once, to a configuration in Neural's terms (`parity == nil` or `.none`);
    /// applying one to a configuration already translated for another peer is a programmer error,
    /// since the L2 coefficient would be translated twice. Applying the same preset again, or
    /// `.none`, returns the configuration unchanged.
    ///
    /// ```swift
    /// var configuration = TrainingConfiguration(loss: .categoricalCrossEntropy)
    /// configuration.optimizer = .adam(Adam())
    /// configuration.regularization = .l2(1e-3)          // Keras's kernel_regularizer=L2(1e-3)
    /// configuration = configuration.applying(.keras)     // ε 1e-7 outside the root, l2 = 2e-3
    /// ```
    public func applying(_ parity: Parity) -> TrainingConfiguration {
        let current = self.parity ?? .none
        if parity == current || parity == .none { return self }
        precondition(current == .none,
                     "applying(\(parity)): the configuration was already translated for \(current)")
        var result = self
        result.parity = parity
        result.optimizer = Self.optimizer(optimizer, following: parity)
        if case .meanSquaredError = loss.kind {
            result.loss.kind = .meanSquaredError(halved: parity == .scikitLearn)
        }
        result.regularization = regularization
        switch parity {
        case .none:
            break
        case .pytorch:
            let decay = regularization.l2
            guard decay > 0 else { break }
            var moved = true
            switch result.optimizer {
            case .sgd(let o):
                result.optimizer = .sgd(SGD(momentum: o.momentum, dampening: o.dampening, nesterov: o.nesterov,
                                            weightDecay: o.weightDecay + decay, momentumForm: o.momentumForm))
            case .adam(let o):
                result.optimizer = .adam(Adam(beta1: o.beta1, beta2: o.beta2, epsilon: o.epsilon,
                                              epsilonPlacement: o.epsilonPlacement, amsgrad: o.amsgrad,
                                              weightDecay: o.weightDecay + decay))
            case .rmsProp(let o):
                result.optimizer = .rmsProp(RMSProp(alpha: o.alpha, epsilon: o.epsilon, momentum: o.momentum,
                                                    centered: o.centered, weightDecay: o.weightDecay + decay))
            case .adagrad(let o):
                result.optimizer = .adagrad(Adagrad(learningRateDecay: o.learningRateDecay,
                                                    initialAccumulatorValue: o.initialAccumulatorValue,
                                                    epsilon: o.epsilon, weightDecay: o.weightDecay + decay))
            case .adamW: moved = false
            }
            if moved { result.regularization.l2 = 0 }
        case .scikitLearn:
            result.regularization.scaling = .perSample
            switch schedule {
            case .inverseScaling: result.schedule = .scikitLearnInverseScaling
            case .adaptive: result.schedule = .scikitLearnAdaptive
            default: break
            }
        case .keras:
            // Keras's L2(λ) adds λ·Σw² to the loss; Neural's l2 adds (l2/2)·Σw².
            result.regularization.l2 = 2 * regularization.l2
            result.regularization.scaling = .perBatch
        }
        return result
    }

    /// `optimizer` with the peer's ε placement, Keras's ε and the peer's momentum form.
    static func optimizer(_ optimizer: AnyOptimizer, following parity: Parity) -> AnyOptimizer {
        let placement: AdamEpsilonPlacement = parity == .pytorch || parity == .none ? .pytorch : .keras
        func kerasEpsilon(_ epsilon: Double) -> Double {
            parity == .keras && epsilon == Parity.defaultAdamEpsilon ? Parity.kerasAdamEpsilon : epsilon
        }
        switch optimizer {
        case .adam(let o):
            return .adam(o.with(epsilon: kerasEpsilon(o.epsilon), placement: placement))
        case .adamW(let o):
            return .adamW(AdamW(o.adam.with(epsilon: kerasEpsilon(o.epsilon), placement: placement),
                                weightDecay: o.weightDecay))
        case .sgd(let o):
            return .sgd(o.with(momentumForm: parity == .pytorch || parity == .none ? .pytorch : .scikitLearn))
        case .rmsProp, .adagrad:
            return optimizer
        }
    }
}
