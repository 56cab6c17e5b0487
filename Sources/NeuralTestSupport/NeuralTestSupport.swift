import Neural

/// `|a − b| ≤ absolute + relative · max(|a|, |b|)`.
public func isApproximatelyEqual(_ a: Double, _ b: Double, relative: Double = 1e-6, absolute: Double = 0) -> Bool {
    precondition(relative >= 0 && absolute >= 0, "Tolerances must be non-negative")
    if a == b { return true }
    return abs(a - b) <= absolute + relative * max(abs(a), abs(b))
}
