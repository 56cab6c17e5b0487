import Foundation
import Testing
import Neural

/// The library example in README.md ("Using the library"), kept here verbatim so it cannot rot
/// (only the model file goes to a fresh temporary path instead of the working folder).
@Suite struct ReadmeLibraryExampleTests {
    @Test func libraryExampleRuns() throws {
        // --- README example start ---
        // XOR: four points, two classes.
        let x = Matrix([[0, 0], [0, 1], [1, 0], [1, 1]])
        let data = Dataset(features: x, targets: .classes([0, 1, 1, 0], classCount: 2))

        // 2 inputs → 8 tanh units → 2 logits; softmax + cross-entropy is the loss's job.
        let network = Network(inputSize: 2, hiddenLayers: [8], outputSize: 2, activation: .tanh, seed: 1)

        var configuration = TrainingConfiguration(loss: .categoricalCrossEntropy)
        configuration.optimizer = .adam(Adam())
        configuration.learningRate = 0.05
        configuration.epochs = 300
        configuration.batchSize = 4

        var trainer = try Trainer(network: network, configuration: configuration)
        let history = try trainer.fit(data)
        let probabilities = trainer.predict(x)              // softmax of the logits, [4, 2]
        let classes = Decoding.classIndices(probabilities)  // [0, 1, 1, 0]

        let url = FileManager.default.temporaryDirectory.appending(path: "xor-\(UUID().uuidString).safetensors")
        try trainer.network.save(to: url)                  // safetensors; Python can read it too
        let reloaded = try Network(contentsOf: url)
        // --- README example end ---
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(classes == [0, 1, 1, 0])
        #expect(reloaded.parameters == trainer.network.parameters)
        #expect(history.loss.last! < 0.05)
    }
}
