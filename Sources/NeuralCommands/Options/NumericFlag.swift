import ArgumentParser
import Neural

/// Checks of numeric flags in the type and range they are used in, after conversion: a value
/// that is fine as a `Double` can overflow to infinity, vanish to zero or round up to 1 as the
/// `Float` that training computes with, and then stop the program on a library precondition.
enum NumericFlag {
    /// The range a flag's value must lie in, as the `Float` it becomes: the library's rules,
    /// the same that a value decoded from a file is checked by.
    typealias Range = SettingRange

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
        range.problem(value).map { "\(flag) \($0)." }
    }

    /// Throws a `ValidationError` naming `flag` when `value` is outside `range`.
    static func integer(_ value: Int, flag: String, in range: ClosedRange<Int>) throws {
        if let problem = problem(value, flag: flag, in: range) { throw ValidationError(problem) }
    }

    /// Why the count `value` is outside `range` (a one-sentence message naming `flag`), or nil.
    static func problem(_ value: Int, flag: String, in range: ClosedRange<Int>) -> String? {
        SettingRange.problem(value, in: range).map { "\(flag) \($0)." }
    }
}
