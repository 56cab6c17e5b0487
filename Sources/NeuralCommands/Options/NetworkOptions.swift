import ArgumentParser
import Foundation
import Neural

/// The network a training command builds: layers, activations, loss and dropout.
struct NetworkOptions: ParsableArguments {
    @Option(help: "Hidden-layer widths, comma-separated (64,32), or none for a linear/logistic model (default: 100).")
    var hidden: String?

    @Option(help: "Activation of the hidden layers (default: relu).")
    var activation: ActivationChoice?

    @Option(help: "Output: softmax or sigmoid for a classifier (default softmax); identity (default), relu, tanh, sigmoid or softplus for a regressor.")
    var outputActivation: OutputActivationChoice?

    @Option(help: "The loss (default: cross-entropy for classes, half-mse as scikit-learn for values).")
    var loss: LossChoice?

    @Option(help: "Dropout rate after each hidden layer, in [0, 1) (default: 0).")
    var dropout: Double?

    func validate() throws {
        if let hidden { _ = try Self.hiddenLayers(hidden) }
        if let dropout { try NumericFlag.float(dropout, flag: "--dropout", in: .fraction) }
    }

    /// Writes these flags into `settings` (the hidden-layer list is parsed here); a flag not
    /// given leaves the setting's default.
    func apply(to settings: inout TrainSettings) throws {
        if let hidden { settings.hidden = try Self.hiddenLayers(hidden) }
        if let activation { settings.activation = activation }
        settings.outputActivation = outputActivation
        settings.loss = loss
        if let dropout { settings.dropout = dropout }
    }

    /// `64,32` → [64, 32]; `none` (or an empty list) → no hidden layer.
    static func hiddenLayers(_ text: String) throws -> [Int] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.lowercased() == "none" { return [] }
        return try trimmed.split(separator: ",", omittingEmptySubsequences: false).map { item in
            guard let units = Int(item.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--hidden takes layer widths separated by commas (for example 64,32) or none, got \"\(text)\".")
            }
            return units
        }
    }
}
