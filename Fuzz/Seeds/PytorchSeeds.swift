// The PyTorch state_dict seeds of Fuzz/corpus/pytorch (see WriteSeeds.swift): inputs of the form
// the `pytorch` harness reads (architecture line, layer-names line, safetensors bytes) that import.
// `fixture_sequential.seed` wraps Tests/NeuralTests/Fixtures/pytorch_state_dict.safetensors, the
// file the real `safetensors.torch.save_file` wrote, with the architecture it was exported with.
import Foundation
import Neural

enum PytorchSeeds {
    static func write(to folder: URL, fixture: URL) throws {
        // An nn.Sequential with activations and dropout at the odd indices: natural order 0, 2, 10.
        try write(architecture: "3-4-relu-2-gelu-2-softmax", layerNames: "",
                  file: stateDict([("net.0", 3, 4), ("net.2", 4, 2), ("net.10", 2, 2)]),
                  to: folder.appendingPathComponent("neural_sequential_softmax.seed"))
        // Named layers that do not sort in layer order, given with --layer-names.
        try write(architecture: "2-3-leakyrelu-3-elu-1-sigmoid", layerNames: "fc1, fc2,out",
                  file: stateDict([("fc1", 2, 3), ("fc2", 3, 3), ("out", 3, 1)]),
                  to: folder.appendingPathComponent("neural_named_layers.seed"))
        try write(architecture: "4-16-relu-8-tanh-3", layerNames: "", file: try Data(contentsOf: fixture),
                  to: folder.appendingPathComponent("fixture_sequential.seed"))
    }

    private static func write(architecture: String, layerNames: String, file: Data, to url: URL) throws {
        try (Data((architecture + "\n" + layerNames + "\n").utf8) + file).write(to: url)
    }

    /// A state dict of linear layers `(prefix, in, out)`: `prefix.weight` `[out, in]`, `prefix.bias` `[out]`.
    private static func stateDict(_ layers: [(prefix: String, inputs: Int, outputs: Int)]) -> Data {
        var tensors: [SafeTensor] = []
        for (index, layer) in layers.enumerated() {
            let weights = (0..<(layer.inputs * layer.outputs)).map { Float((($0 * 7 + index * 3) % 11) - 5) * 0.2 }
            tensors.append(SafeTensor(name: layer.prefix + ".weight", shape: [layer.outputs, layer.inputs], values: weights))
            tensors.append(SafeTensor(name: layer.prefix + ".bias", shape: [layer.outputs],
                                      values: (0..<layer.outputs).map { Float($0 - index) * 0.1 }))
        }
        return SafeTensorsFile(tensors: tensors).encoded()
    }
}
