import Foundation
import Neural

/// `neural train DATA --target Y --from MODEL`: training that starts from a model's weights.
///
/// The rule, as a Keras or PyTorch user expects from `model.fit` on a loaded model: the model
/// brings its network (layers, activations, dropout, loss and output), its preprocessing (input
/// columns, fill values, scaling, one-hot categories, target scaling) and its classes; the
/// command brings the data, the split and the optimisation (optimizer, learning rate, schedule,
/// epochs, batch size, penalties, seed), with a fresh optimizer (a checkpoint's optimizer state
/// is `--resume`'s job). A network or preprocessing flag given with `--from` must agree with the
/// model; one that contradicts it is refused naming the flag, since silently ignoring it would
/// train something other than what was asked for.
enum FineTuning {
    /// Reads the model `--from` names. A checkpoint, an ONNX file or a file that is not a Neural
    /// model (a PyTorch state_dict) gets a sentence saying what to do instead.
    static func load(_ path: String) throws -> TrainedModel {
        try requireModelFile(path, role: "model given by --from")
        let url = fileURL(path)
        if url.pathExtension.lowercased() == "onnx" {
            throw CommandError.badInput("--from \(path) is an ONNX file; import it first (neural import \(path) --model imported.safetensors), then give --from imported.safetensors.")
        }
        let file: ModelFile
        do {
            file = try ModelFile.read(from: url)
        } catch {
            if let raw = try? SafeTensorsFile.read(from: url), raw.metadata[ModelFormat.versionKey] == nil {
                throw CommandError.badInput("--from \(path) is not a Neural model file (a PyTorch state_dict?); import it first (neural import \(path) --architecture … --model imported.safetensors), then give --from imported.safetensors.")
            }
            throw CommandError.badInput("--from \(path): \(error.description)")
        }
        if file.metadata[TrainingCheckpoint.stateKey] != nil {
            throw CommandError.badInput("--from \(path) is a training checkpoint. --from starts a fresh optimizer from a trained model; to continue the run the checkpoint saved, with its optimizer state, use --resume \(path) with that run's data file and flags.")
        }
        do {
            return try TrainedModel(file: file)
        } catch {
            throw CommandError.badInput("--from \(path): \(error.description)")
        }
    }

    /// The first flag that contradicts `model`, as a one-sentence message, or nil.
    static func contradiction(of model: TrainedModel, from path: String, target: String,
                              data: DataOptions, network: NetworkOptions) throws -> String? {
        let dense = model.network.layers.compactMap(\.dense)
        let hidden = dense.dropLast().map(\.outputSize)
        let refuse = { (flag: String, given: String, has: String) in
            "\(flag) \(given) contradicts the model given by --from (\(path)), which has \(has); with --from the network and the preprocessing are the model's, so leave \(flag) out or train without --from."
        }
        if target != model.targetColumn {
            return refuse("--target", target, "the target column \"\(model.targetColumn)\"")
                + " (neural import --target names an imported model's target column.)"
        }
        if let text = network.hidden {
            let widths = try NetworkOptions.hiddenLayers(text)
            if widths != hidden {
                return refuse("--hidden", text, hidden.isEmpty ? "no hidden layer" : "hidden layers \(hidden.map(String.init).joined(separator: ","))")
            }
        }
        if let activation = network.activation {
            // By name: the flag cannot give a leaky ReLU's slope or an ELU's alpha.
            let used = dense.dropLast().map(\.activation.name)
            if used.isEmpty || used.contains(where: { $0 != activation.activation.name }) {
                return refuse("--activation", activation.rawValue, used.isEmpty ? "no hidden layer" : "hidden activation \(Set(used).sorted().joined(separator: ", "))")
            }
        }
        if let dropout = network.dropout {
            let rates = model.network.layers.compactMap { layer -> Double? in
                if case .dropout(let dropout) = layer { return Double(dropout.rate) }
                return nil
            }
            if rates.contains(where: { abs($0 - dropout) > 1e-7 }) || (rates.isEmpty && dropout != 0) {
                return refuse("--dropout", "\(dropout)", rates.isEmpty ? "no dropout" : "dropout \(rates[0])")
            }
        }
        if let loss = network.loss, loss.loss.kind != model.loss.kind {
            let name = LossChoice.allCases.first { $0.loss.kind == model.loss.kind }?.rawValue ?? "\(model.loss.kind)"
            return refuse("--loss", loss.rawValue, "the loss \(name)")
        }
        if let output = network.outputActivation {
            let agrees: Bool
            switch model.task {
            case .classification: agrees = (output == .softmax && model.link == .softmax) || (output == .sigmoid && model.link == .sigmoid)
            case .regression: agrees = output.regressionActivation?.name == dense.last?.activation.name
            }
            if !agrees {
                let has = model.task == .classification ? "the output \(model.link)" : "the output activation \(dense.last?.activation.name ?? "none")"
                return refuse("--output-activation", output.rawValue, has)
            }
        }
        if let task = data.task, task != model.task {
            return refuse("--task", task.rawValue, "the task \(model.task.rawValue)")
        }
        if let features = data.features.map(parseNameList), Set(features) != Set(model.inputColumns) {
            return refuse("--features", data.features ?? "", "the input columns \(model.inputColumns.joined(separator: ","))")
        }
        if let categorical = data.categorical.map(parseNameList),
           !Set(categorical).isSubset(of: model.preprocessor.categoricalColumnNames) {
            let has = model.preprocessor.categoricalColumnNames
            return refuse("--categorical", data.categorical ?? "", has.isEmpty ? "no text columns" : "the text columns \(has.joined(separator: ","))")
        }
        if let maxCategories = data.maxCategories {
            return refuse("--max-categories", "\(maxCategories)", "its one-hot categories fixed")
        }
        return nil
    }
}
