import Foundation
import Neural

/// Runs `body`, turning errors about the user's input (files, columns, model files, settings that
/// do not fit the data) into `CommandError.badInput` (exit code 2) with the error's own message.
/// A training failure (non-finite loss, exploding gradients) stays a `TrainingError` (exit 1).
func reportingInputErrors<Result>(_ body: () throws -> Result) throws -> Result {
    do {
        return try body()
    } catch let error as CommandError {
        throw error
    } catch let error as TrainingError {
        switch error {
        case .nonFiniteLoss, .explodingGradient: throw error
        case .invalidData, .invalidConfiguration, .incompatibleState, .batchTooLarge: throw CommandError.badInput(error.description)
        }
    } catch let error as DataError {
        throw CommandError.badInput(error.description)
    } catch let error as TrainedModelError {
        throw CommandError.badInput(error.description)
    } catch let error as ModelFileError {
        throw CommandError.badInput(error.description)
    } catch let error as AtomicFileError {
        throw CommandError.badInput(error.description)
    } catch {
        throw CommandError.badInput("\(error)")
    }
}

/// Runs training in `body`; a `TrainingError` (non-finite loss, exploding gradients) becomes a
/// `CommandError` with exit code 1 whose message adds that nothing was written.
func reportingTrainingFailure<Result>(_ body: () throws -> Result) throws -> Result {
    do {
        return try body()
    } catch let error as TrainingError {
        throw CommandError(.trainingFailed, error.description + " No model was written.")
    }
}

/// The CSV options for a `--delimiter` value (one ASCII character; `tab` or `\t` for a tab).
func csvOptions(delimiter: String) throws -> CSVOptions {
    guard let scalar = delimiterScalar(delimiter) else {
        throw CommandError.badInput("The delimiter must be one ASCII character other than a quote or a line break (or \"tab\"), got \"\(delimiter)\".")
    }
    return CSVOptions(delimiter: scalar)
}

/// The delimiter character a `--delimiter` value stands for, or nil when it cannot be one.
func delimiterScalar(_ text: String) -> Unicode.Scalar? {
    let spelled = text == "tab" || text == "\\t" ? "\t" : text
    guard spelled.unicodeScalars.count == 1, let scalar = spelled.unicodeScalars.first,
          CSVOptions.isValidDelimiter(scalar) else { return nil }
    return scalar
}

/// A file URL for a path given on the command line.
func fileURL(_ path: String) -> URL {
    URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
}

/// Checks that the file at `path` exists and is a regular file, before any work.
func requireExistingFile(_ path: String, role: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: fileURL(path).path, isDirectory: &isDirectory) else {
        throw CommandError.badInput("The \(role) \"\(path)\" does not exist.")
    }
    guard !isDirectory.boolValue else {
        throw CommandError.badInput("The \(role) \"\(path)\" is a folder, not a file.")
    }
}
