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
            if !error.message.isEmpty { console.printError("error: \(error.message)") }
            return error.kind.rawValue
        } catch let error as TrainingError {
            console.printError("error: \(error.description)")
            return CommandError.Kind.trainingFailed.rawValue
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                // --help and --version end here.
                if !message.isEmpty { console.print(message) }
                return 0
            }
            if !message.isEmpty { console.printError(message) }
            // Argument-parser reports usage errors as EX_USAGE (64); the documented code is 2.
            return code == .validationFailure ? CommandError.Kind.badInput.rawValue : code.rawValue
        }
    }

    /// The entry point of the `neural` executable.
    public static func runAsMain() -> Never {
        // Only the executable handles SIGINT/SIGTERM (a test running commands in process must not
        // change the process's signal dispositions).
        TrainingInterruption.shared.isEnabled = true
        let code = run(arguments: Array(CommandLine.arguments.dropFirst()))
        DistributedOptions.finish()
        Foundation.exit(code)
    }
}
