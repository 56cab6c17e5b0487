// libFuzzer target for the model-file loader (built by Fuzz/build.sh).
//
// The input is a whole file. It goes through SafeTensorsFile(data:), then ModelFile(data:)
// (format version), then the metadata decoders a loader uses (the preprocessing, the optimizer,
// the schedule, the history, a checkpoint's training configuration and state) and the matching
// of tensors to a parameter layout. Every stage may
// throw; a crash, a sanitizer report, a hang or an allocation larger than the input allows is a
// finding.
import Foundation
import Neural

/// A small fixed architecture's layout: a 3 → 2 dense layer.
private let fuzzLayout: ParameterLayout = {
    var layout = ParameterLayout()
    layout.append(name: "layers.0.weight", shape: [3, 2], kind: .weight)
    layout.append(name: "layers.0.bias", shape: [2], kind: .bias)
    return layout
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModel(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)

    do {
        let file = try SafeTensorsFile(data: data, source: "fuzz.safetensors")
        for tensor in file.tensors {
            precondition(tensor.values.count == tensor.shape.reduce(1, *),
                         "tensor \(tensor.name) has \(tensor.values.count) values for shape \(tensor.shape)")
        }
    } catch {
        _ = error.description
    }

    let model: ModelFile
    do {
        model = try ModelFile(data: data, source: "fuzz.safetensors")
    } catch {
        _ = error.description
        return 0
    }
    _ = try? model.parameters(matching: fuzzLayout)
    _ = try? model.parameters(matching: fuzzLayout, prefix: "optimizer.")

    // Every metadata value through every decoder, so a mutated value of any key reaches each.
    for key in model.metadata.keys.sorted() {
        if let preprocessor = try? model.decodeMetadata(Preprocessor.self, forKey: key) {
            exercise(preprocessor)
        }
        _ = try? model.decodeMetadata(AnyOptimizer.self, forKey: key)
        _ = try? model.decodeMetadata(OptimizerState.self, forKey: key)
        _ = try? model.decodeMetadata(AnyLearningRateSchedule.self, forKey: key)
        _ = try? model.decodeMetadata(History.self, forKey: key)
        _ = try? model.decodeMetadata(SeededGenerator.self, forKey: key)
        _ = try? model.decodeMetadata(TrainingConfiguration.self, forKey: key)
        _ = try? model.decodeMetadata(TrainerState.self, forKey: key)
        do {
            _ = try model.decodeMetadata(ParameterLayout.self, forKey: key)
        } catch {
            _ = error.description
        }
    }
    return 0
}

/// Uses a decoded preprocessor as `predict` would: plan the columns of a file that has them
/// all, read a one-row table, and transform it.
private func exercise(_ preprocessor: Preprocessor) {
    func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    let names = preprocessor.inputColumnNames + [preprocessor.targetColumn]
    guard Set(names).count == names.count else { return }
    let values = preprocessor.inputColumns.map { column in
        column.kind == .numeric ? "0" : quoted(preprocessor.oneHotEncoder.categories.first?.first ?? "a")
    } + [quoted(preprocessor.labelEncoder?.classes.first ?? "0")]
    let text = names.map(quoted).joined(separator: ",") + "\n" + values.joined(separator: ",") + "\n"
    do {
        let table = try preprocessor.readTable(csvText: text, name: "fuzz.csv")
        _ = try preprocessor.dataset(of: table)
    } catch {
        _ = String(describing: error)
    }
}
