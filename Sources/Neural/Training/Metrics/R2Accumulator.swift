/// The coefficient of determination of one output, accumulated one value at a time — the one
/// R² of the package (`Metrics.r2Score`, the trainer's `val_r2`, and so every estimator's
/// `score` and `neural evaluate`):
///
///     R² = 1 − SS_res / SS_tot,   SS_res = Σ w (y − ŷ)²,   SS_tot = Σ w (y − ȳ)²,   ȳ = Σ w y / Σ w
///
/// `SS_tot` comes from shifted sums, `Σ w (y − K)² − (Σ w (y − K))² / Σ w`, exact in exact
/// arithmetic for any shift `K`; a `K` near the data (the first target) keeps the difference from
/// cancelling when the targets sit far from 0. The sums are plain sums, so the accumulators of
/// several parts (batches, ranks) add up when they share `K` (`sums`, `init(shift:sums:)`).
///
/// A constant target (`SS_tot = 0`) scores 1 if predicted perfectly and 0 otherwise, as
/// scikit-learn's default `force_finite=True`.
struct R2Accumulator {
    /// `K`, subtracted from every target before it is summed.
    let shift: Double
    private(set) var weight = 0.0
    private(set) var shiftedSum = 0.0
    private(set) var shiftedSquares = 0.0
    private(set) var residualSquares = 0.0

    init(shift: Double) {
        self.shift = shift
    }

    /// Accumulators that continue from `sums` (as `sums` gave them, possibly added up across parts).
    init(shift: Double, sums: ArraySlice<Double>) {
        precondition(sums.count == 4, "R2Accumulator: 4 sums expected, got \(sums.count)")
        self.shift = shift
        let values = Array(sums)
        (weight, shiftedSum, shiftedSquares, residualSquares) = (values[0], values[1], values[2], values[3])
    }

    /// `Σ w`, `Σ w (y − K)`, `Σ w (y − K)²`, `Σ w (y − ŷ)²`.
    var sums: [Double] { [weight, shiftedSum, shiftedSquares, residualSquares] }

    @inline(__always)
    mutating func add(target: Double, prediction: Double, weight w: Double = 1) {
        let shifted = target - shift
        let residual = target - prediction
        weight += w
        shiftedSum += w * shifted
        shiftedSquares += w * shifted * shifted
        residualSquares += w * residual * residual
    }

    /// `SS_tot`, never below 0.
    var totalSquares: Double {
        weight > 0 ? max(0, shiftedSquares - shiftedSum * shiftedSum / weight) : 0
    }

    /// R² of what was added.
    var score: Double {
        let total = totalSquares
        if total == 0 { return residualSquares == 0 ? 1 : 0 }
        return 1 - residualSquares / total
    }
}
