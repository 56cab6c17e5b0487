// libFuzzer target for the ONNX importer (built by Fuzz/build.sh).
//
// The input is a whole .onnx file. It goes through `DenseStack(onnx:)` (the protobuf decoder and
// the graph importer), and an accepted graph then goes the way `neural import model.onnx` takes
// it: `Network(denseStack:foldingPreprocessing: true)`, `TrainedModel(importing:…)`, a prediction
// on a row of zeros and the model file it would save, read back. An accepted stack is also
// exported and imported again. Every stage may throw; a crash, a sanitizer report, a hang, an
// allocation larger than the input allows, or an accepted stack that contradicts itself (shapes
// that do not chain, an export that does not import, a round trip that predicts differently, a
// folded network with non-finite parameters) is a finding.
//
// A graph that takes CSV columns goes through `TrainedModel(onnxColumnGraph:)` instead: an accepted
// model must save and read back as a model file, predict a row of missing values (or refuse it with
// an error), and export to a column graph that imports to the same preprocessing.
import Foundation
import Neural
import NeuralONNX

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOnnx(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    do {
        if let trained = try TrainedModel(onnxColumnGraph: data) {
            checkColumnModel(trained)
            return 0
        }
    } catch {
        _ = error.description
        return 0
    }
    let stack: DenseStack
    do {
        stack = try DenseStack(onnx: data)
    } catch {
        _ = error.description
        return 0
    }
    do {
        try stack.validate()
    } catch {
        preconditionFailure("the importer returned a stack that does not validate: \(error)")
    }

    let zeros = Matrix(rows: 1, columns: stack.inputSize)
    let predictions = stack.predictions(for: zeros)
    precondition(predictions.rows == 1 && predictions.columns == stack.outputSize,
                 "predictions are \(predictions.rows)×\(predictions.columns) for \(stack.outputSize) outputs")
    exportAndImportAgain(stack, predictions: predictions, zeros: zeros)
    importAsTheCommandLineDoes(stack, zeros: zeros)
    return 0
}

/// An accepted stack exports, and the export imports to a stack of the same shape that predicts
/// the same on the zero row (bit for bit, or NaN where the original gives NaN: export writes the
/// same float32 values and import reads them back unchanged).
private func exportAndImportAgain(_ stack: DenseStack, predictions: Matrix, zeros: Matrix) {
    let exported: Data
    do {
        exported = try stack.onnxModel()
    } catch {
        preconditionFailure("an imported stack does not export: \(error)")
    }
    let again: DenseStack
    do {
        again = try DenseStack(onnx: exported)
    } catch {
        preconditionFailure("the export of an imported stack does not import: \(error)")
    }
    precondition(again.layers.map(\.weight.rows) == stack.layers.map(\.weight.rows)
                 && again.layers.map(\.weight.columns) == stack.layers.map(\.weight.columns),
                 "the round trip changed the layer shapes")
    let repeated = again.predictions(for: zeros)
    for (a, b) in zip(predictions.storage, repeated.storage) {
        precondition(a == b || (a.isNaN && b.isNaN), "the round trip predicts \(b) where the import predicted \(a)")
    }
}

/// `neural import`: the standardisation folded into the first layer, the network wrapped as a
/// trained model with columns x1…xn, one prediction, and the model file it would save.
private func importAsTheCommandLineDoes(_ stack: DenseStack, zeros: Matrix) {
    let network: Network
    do {
        network = try Network(denseStack: stack, foldingPreprocessing: true)
    } catch {
        _ = error.description
        return
    }
    precondition(network.inputSize == stack.inputSize && network.outputSize == stack.outputSize,
                 "the network is \(network.inputSize) → \(network.outputSize), the stack \(stack.inputSize) → \(stack.outputSize)")
    precondition(network.parameters.values.allSatisfy(\.isFinite), "folding the standardisation left non-finite parameters")
    let columns = (1...network.inputSize).map { "x\($0)" }
    let trained: TrainedModel
    do {
        trained = try TrainedModel(importing: network, link: stack.outputLink.link, columns: columns, source: "fuzz.onnx")
    } catch {
        _ = error.description
        return
    }
    let prediction = trained.predict(features: zeros)
    precondition(prediction.count == 1, "one row gave \(prediction.count) predictions")
    do {
        let bytes = try trained.modelFile().safeTensorsFile.encoded()
        _ = try TrainedModel(file: try ModelFile(data: bytes, source: "imported.safetensors"))
    } catch {
        preconditionFailure("the model file of an imported network does not read back: \(error)")
    }
}

/// A model read from a column graph: its model file reads back, a row of missing values predicts
/// or throws, and its own column graph imports to the same preprocessing and network shape.
private func checkColumnModel(_ trained: TrainedModel) {
    do {
        let bytes = try trained.modelFile().safeTensorsFile.encoded()
        _ = try TrainedModel(file: try ModelFile(data: bytes, source: "imported.safetensors"))
    } catch {
        preconditionFailure("the model file of an imported column graph does not read back: \(error)")
    }
    let header = trained.inputColumns.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    let csv = header.joined(separator: ",") + "\n" + [String](repeating: "", count: header.count).joined(separator: ",") + "\n"
    if let table = try? trained.preprocessor.readTable(csvText: csv), let prediction = try? trained.predict(table) {
        precondition(prediction.labels.count == 1, "one row gave \(prediction.labels.count) predictions")
    }
    let again: TrainedModel?
    do {
        again = try TrainedModel(onnxColumnGraph: trained.onnxColumnGraph())
    } catch {
        preconditionFailure("the column graph of an imported column graph does not import: \(error)")
    }
    guard let again else { preconditionFailure("the column graph of a model does not take columns") }
    precondition(again.preprocessor.inputColumns == trained.preprocessor.inputColumns
                 && again.preprocessor.oneHotEncoder == trained.preprocessor.oneHotEncoder
                 && again.preprocessor.standardizer == trained.preprocessor.standardizer
                 && again.preprocessor.labelEncoder == trained.preprocessor.labelEncoder,
                 "the column-graph round trip changed the preprocessing")
    precondition(again.network.layers == trained.network.layers, "the column-graph round trip changed the network")
}
