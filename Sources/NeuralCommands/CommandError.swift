/// An error the command line reports in one or two plain sentences, with its exit code.
///
/// Exit codes: 0 success, 1 training failure, 2 bad usage or bad input.
public struct CommandError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Int32, Sendable {
        /// Bad usage or bad input: flags, files, model files.
        case badInput = 2
        /// Training ran and failed (for example a non-finite loss).
        case trainingFailed = 1
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// Bad usage or bad input (exit code 2).
    public static func badInput(_ message: String) -> CommandError { CommandError(.badInput, message) }

    public var description: String { message }
}
