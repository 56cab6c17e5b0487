import Foundation

extension Metrics {
    /// Mean squared error: per output o, Σ_i w_i (y_io − ŷ_io)² / Σ_i w_i; then the mean over outputs.
    /// `actual` and `predicted` are `[samples, outputs]`.
    public static func meanSquaredError(actual: Matrix, predicted: Matrix, weights: [Double]? = nil) -> Double {
        perOutput(actual, predicted, weights) { $0.squaredError / $0.totalWeight }.mean
    }

    /// Root mean squared error: per output the square root of its MSE, then the mean over outputs
    /// (scikit-learn's `root_mean_squared_error`; with several outputs this is not √MSE).
    public static func rootMeanSquaredError(actual: Matrix, predicted: Matrix, weights: [Double]? = nil) -> Double {
        perOutput(actual, predicted, weights) { ($0.squaredError / $0.totalWeight).squareRoot() }.mean
    }

    /// Mean absolute error: per output Σ_i w_i |y_io − ŷ_io| / Σ_i w_i, then the mean over outputs.
    public static func meanAbsoluteError(actual: Matrix, predicted: Matrix, weights: [Double]? = nil) -> Double {
        perOutput(actual, predicted, weights) { $0.absoluteError / $0.totalWeight }.mean
    }

    /// Coefficient of determination R² = 1 − Σ w (y − ŷ)² / Σ w (y − ȳ)², ȳ the weighted mean,
    /// per output, then the mean over outputs.
    ///
    /// A constant target (Σ w (y − ȳ)² = 0) scores 1 if predicted perfectly and 0 otherwise, as
    /// scikit-learn's default `force_finite=True`. Fewer than two samples give NaN (scikit-learn
    /// warns and returns NaN: R² is not defined there).
    /// Computed by `R2Accumulator`, shifted by each output's first value.
    public static func r2Score(actual: Matrix, predicted: Matrix, weights: [Double]? = nil) -> Double {
        precondition(actual.rows == predicted.rows && actual.columns == predicted.columns,
                     "Actual values are \(actual.rows)×\(actual.columns) but predictions are \(predicted.rows)×\(predicted.columns)")
        checkWeights(weights, count: actual.rows)
        guard actual.rows >= 2 else { return .nan }
        return (0..<actual.columns).map { output in
            var r2 = R2Accumulator(shift: Double(actual[0, output]))
            for row in 0..<actual.rows {
                r2.add(target: Double(actual[row, output]), prediction: Double(predicted[row, output]),
                       weight: weights?[row] ?? 1)
            }
            return r2.score
        }.mean
    }

    /// MSE of single-output values.
    public static func meanSquaredError(actual: [Float], predicted: [Float], weights: [Double]? = nil) -> Double {
        meanSquaredError(actual: column(actual), predicted: column(predicted), weights: weights)
    }

    /// RMSE of single-output values.
    public static func rootMeanSquaredError(actual: [Float], predicted: [Float], weights: [Double]? = nil) -> Double {
        rootMeanSquaredError(actual: column(actual), predicted: column(predicted), weights: weights)
    }

    /// MAE of single-output values.
    public static func meanAbsoluteError(actual: [Float], predicted: [Float], weights: [Double]? = nil) -> Double {
        meanAbsoluteError(actual: column(actual), predicted: column(predicted), weights: weights)
    }

    /// R² of single-output values.
    public static func r2Score(actual: [Float], predicted: [Float], weights: [Double]? = nil) -> Double {
        r2Score(actual: column(actual), predicted: column(predicted), weights: weights)
    }

    private static func column(_ values: [Float]) -> Matrix {
        Matrix(rows: values.count, columns: 1, storage: values)
    }

    /// The weighted sums one output needs, accumulated in Double.
    struct OutputSums {
        var totalWeight = 0.0
        var squaredError = 0.0
        var absoluteError = 0.0
    }

    private static func perOutput(_ actual: Matrix, _ predicted: Matrix, _ weights: [Double]?,
                                  score: (OutputSums) -> Double) -> [Double] {
        precondition(actual.rows == predicted.rows && actual.columns == predicted.columns,
                     "Actual values are \(actual.rows)×\(actual.columns) but predictions are \(predicted.rows)×\(predicted.columns)")
        checkWeights(weights, count: actual.rows)
        return (0..<actual.columns).map { output in
            var sums = OutputSums()
            for row in 0..<actual.rows {
                let weight = weights?[row] ?? 1
                let error = Double(actual[row, output]) - Double(predicted[row, output])
                sums.totalWeight += weight
                sums.squaredError += weight * error * error
                sums.absoluteError += weight * abs(error)
            }
            return score(sums)
        }
    }
}

private extension Array where Element == Double {
    /// Arithmetic mean; NaN for an empty array (no outputs).
    var mean: Double { isEmpty ? .nan : reduce(0, +) / Double(count) }
}
