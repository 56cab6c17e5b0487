// Writes the valid seeds of the fuzz corpora with the library itself, so each corpus starts from
// inputs the code under test accepts: model files with real preprocessing, optimizer, schedule,
// history and generator JSON (`corpus/model`), ONNX files this package exports (`corpus/onnx`),
// and PyTorch state_dict inputs (`corpus/pytorch`). Built by `Fuzz/build.sh seeds`, run as
// `Fuzz/.build/write-seeds Fuzz/corpus`.
import Foundation

@main
struct WriteSeeds {
    static func main() throws {
        let corpus = URL(fileURLWithPath: CommandLine.arguments.dropFirst().first ?? "Fuzz/corpus")
        try ModelSeeds.write(to: corpus.appendingPathComponent("model"))
        try OnnxSeeds.write(to: corpus.appendingPathComponent("onnx"))
        try PytorchSeeds.write(to: corpus.appendingPathComponent("pytorch"),
                               fixture: corpus.appendingPathComponent("../../Tests/NeuralTests/Fixtures/pytorch_state_dict.safetensors"))
    }
}
