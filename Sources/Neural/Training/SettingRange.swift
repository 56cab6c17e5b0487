/// The range a numeric setting must lie in (a learning rate, a momentum, Adam's β, a penalty, a
/// clipping norm, a dropout rate …), checked in the type it is used in: training computes in
/// 32-bit floats, so a value that is fine as a `Double` can overflow to infinity, vanish to zero
/// or round up to 1 as a `Float`.
///
/// The one statement of these rules: the command line checks its flags with it and every
/// settings type checks its decoded values with it, so a value a flag refuses is refused from a
/// model file, checkpoint or study log too.
///
/// ```swift
/// SettingRange.fraction.problem(1.5)   // "must be in [0, 1), got 1.5"
/// SettingRange.positive.problem(1e-3)  // nil
/// ```
public enum SettingRange: Sendable, Equatable {
    /// 0 < x < ∞.
    case positive
    /// 0 ≤ x < ∞.
    case nonNegative
    /// 0 ≤ x < 1.
    case fraction
    /// 0 < x < 1.
    case openFraction
    /// 0 ≤ x ≤ 1.
    case unitInterval
    /// 0 < x ≤ 1.
    case positiveUpToOne
    /// x > 1, finite.
    case aboveOne
    /// Any finite number.
    case finite
    /// 0 ≤ x < ∞, used as a `Double` (no 32-bit checks): a rate a schedule has decayed to, which
    /// may fall below the smallest normal `Float` (the update rounds it), a loss, a duration.
    case nonNegativeUnrounded
    /// Any finite number, used as a `Double` (no 32-bit checks): a loss or score as measured, or
    /// a tolerance compared with them.
    case finiteUnrounded

    /// The range in words, as it follows "must be".
    public var text: String {
        switch self {
        case .positive: "a positive number"
        case .nonNegative: "a finite number ≥ 0"
        case .fraction: "in [0, 1)"
        case .openFraction: "between 0 and 1 (exclusive)"
        case .unitInterval: "in [0, 1]"
        case .positiveUpToOne: "in (0, 1]"
        case .aboveOne: "a finite number > 1"
        case .finite, .finiteUnrounded: "a finite number"
        case .nonNegativeUnrounded: "a finite number ≥ 0"
        }
    }

    /// Why `value` cannot be used as a `Float` in this range, as a clause that follows the
    /// setting's name ("must be in [0, 1), got 1.5"), or nil when it can: not a number, out of
    /// range (before or after conversion), beyond the largest `Float`, or non-zero but below the
    /// smallest normal `Float` (it would vanish or lose its precision).
    public func problem(_ value: Double) -> String? {
        guard value.isFinite else { return "must be \(text), got \(value)" }
        if self == .finiteUnrounded { return nil }
        if self == .nonNegativeUnrounded { return value >= 0 ? nil : "must be \(text), got \(value)" }
        let converted = Float(value)
        if !converted.isFinite {
            return "\(value) is beyond the largest 32-bit float (\(Float.greatestFiniteMagnitude)) that training computes with"
        }
        if converted != 0 && !converted.isNormal || converted == 0 && value != 0 {
            let zeroAllowed = self != .positive && self != .openFraction && self != .positiveUpToOne && self != .aboveOne
            return "\(value) is below the smallest normal 32-bit float (\(Float.leastNormalMagnitude)) that training computes with; give \(zeroAllowed ? "0 or a larger value" : "a larger value")"
        }
        let inRange: Bool
        switch self {
        case .positive: inRange = value > 0 && converted > 0
        case .nonNegative: inRange = value >= 0
        case .fraction: inRange = value >= 0 && converted < 1
        case .openFraction: inRange = value > 0 && converted < 1
        case .unitInterval: inRange = value >= 0 && value <= 1
        case .positiveUpToOne: inRange = value > 0 && value <= 1
        case .aboveOne: inRange = value > 1 && converted > 1
        case .finite, .nonNegativeUnrounded, .finiteUnrounded: inRange = true
        }
        guard inRange else {
            let rounded = value < 1 && converted == 1 ? " (it rounds to 1 as a 32-bit float)" : ""
            return "must be \(text), got \(value)\(rounded)"
        }
        return nil
    }

    /// Why the count `value` is outside `range` ("must be at least 1, got 0"), or nil.
    public static func problem(_ value: Int, in range: ClosedRange<Int>) -> String? {
        guard !range.contains(value) else { return nil }
        let text = range.upperBound == Int.max ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
        return "must be \(text), got \(value)"
    }
}

extension SettingRange {
    /// Stops the program when `value` is outside this range, naming it: for initialisers, whose
    /// values come from code (a file's values are checked when decoded, a flag's by the command
    /// line, both by `problem(_:)`, so neither reaches this with a value out of range).
    func require(_ value: Double, _ name: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
        if let problem = problem(value) { preconditionFailure("\(name()) \(problem)", file: file, line: line) }
    }

    /// Stops the program when the count `value` is outside `range`, naming it.
    static func require(_ value: Int, in range: ClosedRange<Int>, _ name: @autoclosure () -> String,
                        file: StaticString = #fileID, line: UInt = #line) {
        if let problem = problem(value, in: range) { preconditionFailure("\(name()) \(problem)", file: file, line: line) }
    }
}
