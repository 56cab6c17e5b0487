/// Ordinary least squares in closed form, for comparison with gradient descent.
///
/// Solves `min_w ‖X̃ w − y‖²` where `X̃ = [X | 1]` (the bias is the weight of x₀ = 1) through the
/// normal equations `(X̃ᵀX̃ + λI′) w = X̃ᵀy` in Double with Cholesky, where `I′` is the identity
/// without the bias entry (ridge penalty `λ`, 0 for plain least squares). For the small,
/// well-conditioned problems of a course this matches a QR solution to float precision.
public enum LeastSquares {
    /// Why a closed-form solution does not exist.
    public enum SolveError: Error, Equatable, CustomStringConvertible {
        /// `X̃ᵀX̃` is singular: some features are linear combinations of others (or there are fewer
        /// samples than weights). A ridge penalty makes the problem solvable.
        case singular

        public var description: String {
            "The least-squares system is singular: some features are linear combinations of others, or there are fewer samples than weights. Add a small L2 penalty or remove redundant features."
        }
    }

    /// The weights (one per column of `inputs`, `[samples, features]`) and the bias minimising
    /// squared error against `targets` (`[samples]`), with optional ridge penalty `l2`.
    public static func solve(_ inputs: Matrix, targets: [Float], l2: Double = 0) throws(SolveError) -> (weights: [Double], bias: Double) {
        precondition(inputs.rows == targets.count, "\(inputs.rows) samples but \(targets.count) targets")
        precondition(l2 >= 0 && l2.isFinite, "Ridge penalty must be finite and non-negative, got \(l2)")
        let size = inputs.columns + 1
        // Normal equations, accumulated in Double.
        var gram = [Double](repeating: 0, count: size * size)
        var moment = [Double](repeating: 0, count: size)
        var row = [Double](repeating: 1, count: size)
        for sample in 0..<inputs.rows {
            for feature in 0..<inputs.columns { row[feature] = Double(inputs[sample, feature]) }
            row[size - 1] = 1
            let target = Double(targets[sample])
            for i in 0..<size {
                moment[i] += row[i] * target
                for j in 0...i { gram[i * size + j] += row[i] * row[j] }
            }
        }
        for i in 0..<(size - 1) { gram[i * size + i] += l2 }
        // Cholesky G = L Lᵀ (lower triangle); a non-positive pivot relative to the diagonal's
        // scale means the system is singular to working precision.
        var lower = [Double](repeating: 0, count: size * size)
        let scale = (0..<size).map { gram[$0 * size + $0] }.max() ?? 1
        for i in 0..<size {
            for j in 0...i {
                var sum = gram[i * size + j]
                for k in 0..<j { sum -= lower[i * size + k] * lower[j * size + k] }
                if i == j {
                    guard sum > 1e-12 * max(scale, 1) else { throw .singular }
                    lower[i * size + i] = sum.squareRoot()
                } else {
                    lower[i * size + j] = sum / lower[j * size + j]
                }
            }
        }
        // Forward then backward substitution.
        var intermediate = [Double](repeating: 0, count: size)
        for i in 0..<size {
            var sum = moment[i]
            for k in 0..<i { sum -= lower[i * size + k] * intermediate[k] }
            intermediate[i] = sum / lower[i * size + i]
        }
        var solution = [Double](repeating: 0, count: size)
        for i in stride(from: size - 1, through: 0, by: -1) {
            var sum = intermediate[i]
            for k in (i + 1)..<size { sum -= lower[k * size + i] * solution[k] }
            solution[i] = sum / lower[i * size + i]
        }
        return (Array(solution.dropLast()), solution[size - 1])
    }
}
