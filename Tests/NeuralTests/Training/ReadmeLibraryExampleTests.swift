import Testing
import Neural

/// The library example in README.md ("Using the library"), kept here verbatim so it cannot rot.
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
        let probabilities = trainer.network.predict(x, link: configuration.loss.link)
        let classes = Decoding.argmax(probabilities).map(\.classIndex)   // [0, 1, 1, 0]
        // --- README example end ---
        #expect(classes == [0, 1, 1, 0])
        #expect(history.loss.last! < 0.05)
    }
}
