/// An error the command line reports in one or two plain sentences, with its exit code.
///
/// Exit codes: 0 success, 1 training failure, 2 bad usage or bad input, 130 (SIGINT) and 143
/// (SIGTERM) training interrupted after saving a checkpoint.
public struct CommandError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Int32, Sendable {
        /// Bad usage or bad input: flags, files, model files.
        case badInput = 2
        /// Training ran and failed (for example a non-finite loss).
        case trainingFailed = 1
        /// Training was interrupted by SIGINT (128 + 2, the shell's convention); a checkpoint was saved.
        case interrupted = 130
        /// Training was stopped by SIGTERM (128 + 15); a checkpoint was saved.
        case terminated = 143
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
