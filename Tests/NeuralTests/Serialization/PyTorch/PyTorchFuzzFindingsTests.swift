import Foundation
import Testing
@testable import Neural

/// The inputs behind the findings of the `fuzz-pytorch` target (Fuzz/README.md, docs/ERRORS.md,
/// "Fuzzing runs").
@Suite struct PyTorchFuzzFindingsTests {
    /// The state dict of the seed `neural_named_layers.seed`: layers `fc1` 2→3, `fc2` 3→3, `out` 3→1.
    private static let namedLayers = SafeTensorsFile(tensors: [
        SafeTensor(name: "fc1.weight", shape: [3, 2], values: [0.5, -1, 0.25, 2, -0.5, 1]),
        SafeTensor(name: "fc1.bias", shape: [3], values: [0, 0.1, -0.1]),
        SafeTensor(name: "fc2.weight", shape: [3, 3], values: [1, 0, 0, 0, 1, 0, 0, 0, 1]),
        SafeTensor(name: "fc2.bias", shape: [3], values: [0, 0, 0]),
        SafeTensor(name: "out.weight", shape: [1, 3], values: [1, -1, 0.5]),
        SafeTensor(name: "out.bias", shape: [1], values: [0.2]),
    ])

    /// Finding: the sizes of the architecture string were allocated before any tensor was compared
    /// with them. The fuzzer's input was this state dict with `--layer-names fc1,fc2,out` and the
    /// architecture `2-32147483647-3-elu-1-sigmoid` (one size mutated): 2·32147483647 + … floats,
    /// 770 GB. Now every tensor is checked first, so the allocation is never larger than the file.
    /// A size whose product with its neighbour overflows 64 bits is refused the same way.
    @Test(arguments: [
        ("2-32147483647-3-elu-1-sigmoid", [32147483647, 2]),
        ("2-4611686018427387904-3-1", [4611686018427387904, 2]),
    ])
    func architectureSizesAreComparedWithTheTensorsBeforeAllocating(_ architecture: String, _ expected: [Int]) {
        #expect(throws: PyTorchImportError.shapeMismatch(name: "fc1.weight", expected: expected, found: [3, 2])) {
            try Network(pytorchStateDict: Self.namedLayers, architecture: architecture, prefixes: ["fc1", "fc2", "out"])
        }
    }

    @Test func theSeedImports() throws {
        let network = try Network(pytorchStateDict: Self.namedLayers, architecture: "2-3-leakyrelu-3-elu-1-sigmoid",
                                  prefixes: ["fc1", "fc2", "out"])
        #expect(network.inputSize == 2 && network.outputSize == 1 && network.parameterCount == 25)
    }
}
