/// Why a trained-model file cannot be used, or why a CSV file does not fit a model.
/// Each case names the file and what is wrong, in one or two plain sentences.
public enum TrainedModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The safetensors structure, the format version or a tensor is wrong.
    case modelFile(ModelFileError)
    /// The stored architecture does not describe a valid network.
    case invalidArchitecture(source: String, reason: String)
    /// The parts of the model disagree (for example the preprocessing makes 7 features but the
    /// network takes 4).
    case inconsistent(source: String, reason: String)
    /// The CSV file lacks input columns the model needs.
    case missingColumns(file: String, missing: [String], available: [String])
    /// Evaluating needs the target column, which the file does not have.
    case missingTarget(file: String, target: String)
    /// The model file could not be written (the previous file, if any, is unchanged).
    case unwritable(path: String, reason: String)
    /// A tensor of a checkpoint's training state (optimizer moments, best weights) is missing,
    /// unlisted, of the wrong length or stored in a type that does not read back exactly.
    case invalidStateTensor(source: String, name: String, reason: String)
    /// A row's standardised features or the network's outputs for it are not finite (NaN or an
    /// infinity): the row is reported instead of a NaN prediction.
    case nonFiniteResult(location: SourceLocation, reason: String)
    /// Predicting `rows` rows at once needs `bytes` bytes (nil: more than 2⁶³) of network
    /// buffers and outputs (`outputs` per row), more than the `available` bytes.
    case predictionTooLarge(rows: Int, outputs: Int, bytes: Int?, available: UInt64)

    public var description: String {
        switch self {
        case .modelFile(let error):
            return error.description
        case let .invalidArchitecture(source, reason):
            return "\(source): the stored architecture is not a valid network: \(clause(reason))."
        case let .inconsistent(source, reason):
            return "\(source): the model file is inconsistent: \(clause(reason))."
        case let .missingColumns(file, missing, available):
            let names = missing.map { "\"\($0)\"" }.joined(separator: ", ")
            let noun = missing.count == 1 ? "column" : "columns"
            return "\(file) lacks the input \(noun) \(names) that the model was trained on; the file has \(available.map { "\"\($0)\"" }.joined(separator: ", "))."
        case let .unwritable(path, reason):
            return "The model was not saved to \(path): \(reason)"
        case let .invalidStateTensor(source, name, reason):
            return "\(source): training-state tensor \(name): \(clause(reason))."
        case let .nonFiniteResult(location, reason):
            return "\(location): \(reason); no prediction is made for such a row. Check the value, or retrain on data that covers its range."
        case let .predictionTooLarge(rows, outputs, bytes, available):
            let needed = bytes.map { "\($0) bytes" } ?? "more than 2^63 bytes"
            return "Predicting \(rows) rows at once with this network (\(outputs) outputs a row) needs \(needed), more than the \(available) bytes of memory available; nothing was allocated. predict reads in blocks (lower --rows-per-block); evaluate a smaller file."
        case let .missingTarget(file, target):
            return "\(file) has no target column \"\(target)\"; evaluating a model needs the true values."
        }
    }
}
