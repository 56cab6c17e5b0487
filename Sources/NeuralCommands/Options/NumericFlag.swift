import ArgumentParser

/// Checks of numeric flags in the type and range they are used in, after conversion: a value
/// that is fine as a `Double` can overflow to infinity, vanish to zero or round up to 1 as the
/// `Float` that training computes with, and then stop the program on a library precondition.
enum NumericFlag {
    /// The range a flag's value must lie in, as the `Float` it becomes.
    enum Range {
        /// 0 < x < ∞.
        case positive
        /// 0 ≤ x < ∞.
        case nonNegative
        /// 0 ≤ x < 1.
        case fraction
        /// 0 < x < 1.
        case openFraction

        var text: String {
            switch self {
            case .positive: "a positive number"
            case .nonNegative: "a finite number ≥ 0"
            case .fraction: "in [0, 1)"
            case .openFraction: "between 0 and 1 (exclusive)"
            }
        }
    }

    /// `value` as the `Float` it is used as; throws a `ValidationError` naming `flag` when it is
    /// not a number, is out of `range` (before or after conversion), overflows to infinity, or is
    /// non-zero but below the smallest normal `Float` (it would vanish or lose its precision).
    @discardableResult
    static func float(_ value: Double, flag: String, in range: Range) throws -> Float {
        if let problem = problem(value, flag: flag, in: range) { throw ValidationError(problem) }
        return Float(value)
    }

    /// Why `value` cannot be used as a `Float` in `range` (a one-sentence message naming `flag`),
    /// or nil when it can.
    static func problem(_ value: Double, flag: String, in range: Range) -> String? {
        guard value.isFinite else { return "\(flag) must be \(range.text), got \(value)." }
        let converted = Float(value)
        if !converted.isFinite {
            return "\(flag) \(value) is beyond the largest 32-bit float (\(Float.greatestFiniteMagnitude)) that training computes with."
        }
        if converted != 0 && !converted.isNormal || converted == 0 && value != 0 {
            return "\(flag) \(value) is below the smallest normal 32-bit float (\(Float.leastNormalMagnitude)) that training computes with; give \(range == .positive || range == .openFraction ? "a larger value" : "0 or a larger value")."
        }
        let inRange: Bool
        switch range {
        case .positive: inRange = value > 0 && converted > 0
        case .nonNegative: inRange = value >= 0
        case .fraction: inRange = value >= 0 && converted < 1
        case .openFraction: inRange = value > 0 && converted < 1
        }
        guard inRange else {
            let rounded = value < 1 && converted == 1 ? " (it rounds to 1 as a 32-bit float)" : ""
            return "\(flag) must be \(range.text), got \(value)\(rounded)."
        }
        return nil
    }

    /// Throws a `ValidationError` naming `flag` when `value` is outside `range`.
    static func integer(_ value: Int, flag: String, in range: ClosedRange<Int>) throws {
        guard range.contains(value) else {
            let text = range.upperBound == Int.max ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
            throw ValidationError("\(flag) must be \(text), got \(value).")
        }
    }
}
