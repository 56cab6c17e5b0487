import ArgumentParser
import Foundation
import Neural

extension NeuralCommand {
    /// Parses `arguments` (without the program name), runs the command and returns the exit code:
    /// 0 success, 1 training failure, 2 bad usage or bad input. Messages go to `Console.current`.
    public static func run(arguments: [String]) -> Int32 {
        let console = Console.current
        do {
            if let error = ExplainCommand.unknownTopicError(in: arguments) { throw error }
            if let repeated = CommandArguments.repeatedOption(in: arguments) {
                throw CommandError.badInput("\(repeated) is given more than once; give it once (it takes a single value).")
            }
            var command = try parseAsRoot(arguments)
            try CommandArguments.$current.withValue(arguments) { try command.run() }
            return 0
        } catch let error as CommandError {
            // An empty message: another process of a distributed run reports it.
            if !error.message.isEmpty { console.printError("error: " + Self.escapingControls(error.message)) }
            return error.kind.rawValue
        } catch let error as TrainingError {
            console.printError("error: " + Self.escapingControls(error.description))
            return CommandError.Kind.trainingFailed.rawValue
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                // --help and --version end here.
                if !message.isEmpty { console.print(message) }
                return 0
            }
            if !message.isEmpty { console.printError(Self.escapingControls(message)) }
            // Argument-parser reports usage errors as EX_USAGE (64); the documented code is 2.
            return code == .validationFailure ? CommandError.Kind.badInput.rawValue : code.rawValue
        }
    }

    /// `message` with control characters (NUL, ESC, carriage return, DEL, …), which may come
    /// from a file or a flag, written as `\u{1B}`, so an error can neither hide text nor drive
    /// the terminal. Line breaks between the message's own lines stay.
    static func escapingControls(_ message: String) -> String {
        var result = ""
        for scalar in message.unicodeScalars {
            let value = scalar.value
            if scalar != "\n" && (value < 0x20 || value == 0x7F || (0x80..<0xA0).contains(value)) {
                result += "\\u{" + String(value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The entry point of the `neural` executable.
    public static func runAsMain() -> Never {
        // Only the executable handles SIGINT/SIGTERM (a test running commands in process must not
        // change the process's signal dispositions).
        TrainingInterruption.shared.isEnabled = true
        TrainingInterruption.shared.catchSignalsForTheProcess()
        let code = run(arguments: Array(CommandLine.arguments.dropFirst()))
        DistributedOptions.finish(code: code)
        Foundation.exit(code)
    }
}
