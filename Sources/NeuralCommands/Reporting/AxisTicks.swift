import Foundation

/// "Nice" axis ticks (1, 2, 5 × 10ⁿ steps) for a linear range, and decades for a log range.
enum AxisTicks {
    /// About `count` evenly spaced round values covering `lower...upper`.
    static func linear(lower: Double, upper: Double, count: Int = 5) -> [Double] {
        guard upper > lower, lower.isFinite, upper.isFinite else { return [lower] }
        let rawStep = (upper - lower) / Double(max(count, 1))
        let magnitude = pow(10, floor(log10(rawStep)))
        let residual = rawStep / magnitude
        let niceStep: Double
        if residual <= 1 { niceStep = magnitude } else if residual <= 2 { niceStep = 2 * magnitude }
        else if residual <= 5 { niceStep = 5 * magnitude } else { niceStep = 10 * magnitude }
        var ticks: [Double] = []
        var tick = ceil(lower / niceStep) * niceStep
        while tick <= upper + niceStep * 1e-9 {
            ticks.append(abs(tick) < niceStep * 1e-9 ? 0 : tick)
            tick += niceStep
        }
        return ticks
    }

    /// Powers of ten within `lower...upper` (both positive).
    static func decades(lower: Double, upper: Double) -> [Double] {
        guard lower > 0, upper > lower else { return [lower] }
        let first = Int(ceil(log10(lower) - 1e-9))
        let last = Int(floor(log10(upper) + 1e-9))
        guard first <= last else { return [lower, upper] }
        return (first...last).map { pow(10, Double($0)) }
    }

    /// A short label: integers without decimals, otherwise up to 4 significant digits.
    static func label(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e6 { return String(Int(value)) }
        return String(format: "%.4g", value)
    }
}
