import Foundation

/// The Shannon entropy `H(p) = −Σ_i p_i·log p_i` in nats (natural logarithm), with `0·log 0 = 0`.
///
/// `p` is usually a probability distribution (non-negative, summing to 1), e.g. one softmax row;
/// the sum is accumulated in `Double`. A uniform distribution over `k` outcomes gives `log k`.
public func entropy(_ p: [Double]) -> Double {
    var sum = 0.0
    for value in p where value > 0 {
        sum -= value * log(value)
    }
    return sum
}

/// `entropy(_:)` of single-precision probabilities.
public func entropy(_ p: [Float]) -> Double {
    entropy(p.map(Double.init))
}
