import Foundation

/// Where the command line writes: standard output and standard error by default, or buffers
/// when a test runs a command in process. Commands reach it through `Console.current`.
public final class Console: @unchecked Sendable {
    private let lock = NSLock()
    private let writeOutput: @Sendable (String) -> Void
    private let writeError: @Sendable (String) -> Void
    /// Whether standard error is an interactive terminal (progress bars are drawn only there).
    public let errorIsTerminal: Bool

    public init(errorIsTerminal: Bool,
                output: @escaping @Sendable (String) -> Void,
                error: @escaping @Sendable (String) -> Void) {
        self.errorIsTerminal = errorIsTerminal
        self.writeOutput = output
        self.writeError = error
    }

    /// The process's standard output and standard error.
    public static let standard = Console(
        errorIsTerminal: isatty(STDERR_FILENO) == 1,
        output: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
        error: { text in FileHandle.standardError.write(Data(text.utf8)) }
    )

    /// The console commands write to; tests bind a capturing one with `Console.$current.withValue`.
    @TaskLocal public static var current: Console = .standard

    /// Writes `text` and a newline to standard output.
    public func print(_ text: String = "") {
        lock.lock(); defer { lock.unlock() }
        writeOutput(text + "\n")
    }

    /// Writes `text` without a newline to standard output.
    public func write(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        writeOutput(text)
    }

    /// Writes `text` and a newline to standard error.
    public func printError(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        writeError(text + "\n")
    }

    /// Writes `text` without a newline to standard error.
    public func writeError(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        writeError(text)
    }
}

/// A console that keeps everything written, for tests.
public final class CapturedConsole: @unchecked Sendable {
    private let lock = NSLock()
    private var outputText = ""
    private var errorText = ""

    public init() {}

    /// Everything written to standard output so far.
    public var output: String { lock.lock(); defer { lock.unlock() }; return outputText }
    /// Everything written to standard error so far.
    public var error: String { lock.lock(); defer { lock.unlock() }; return errorText }

    /// A console writing into this capture.
    public var console: Console {
        Console(errorIsTerminal: false,
                output: { [self] text in lock.lock(); outputText += text; lock.unlock() },
                error: { [self] text in lock.lock(); errorText += text; lock.unlock() })
    }
}
