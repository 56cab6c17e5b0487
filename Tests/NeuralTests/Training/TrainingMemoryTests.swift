import Testing
@testable import Neural

/// A batch whose buffers would not fit in memory is a clear error before anything is allocated.
@Suite struct TrainingMemoryTests {
    /// 3 → 1000 (relu) → 2: per row 3 inputs + 1 target column + 4·1000 + 4·2 scalars (output,
    /// pre-activation, mask, delta per layer, an upper bound) = 4012 Floats = 16048 bytes.
    @Test func bufferBytesAreCountedPerRow() {
        let network = Network(inputSize: 3, hiddenLayers: [1000], outputSize: 2, activation: .relu, seed: 1)
        #expect(Trainer.trainingBufferBytes(for: network, batchCapacity: 10, targetColumns: 1) == 160_480)
        #expect(Trainer.trainingBufferBytes(for: network, batchCapacity: Int.max / 2, targetColumns: 1) == nil)
    }

    @Test func aBatchLargerThanMemoryIsRefusedWithTheBytesNeeded() {
        let network = Network(inputSize: 3, hiddenLayers: [1000], outputSize: 2, activation: .relu, seed: 1)
        #expect(throws: TrainingError.batchTooLarge(rows: 1000, bytes: 16_048_000, available: 1_000_000)) {
            try Trainer.checkMemory(for: network, batchCapacity: 1000, targetColumns: 1, available: 1_000_000)
        }
        #expect(TrainingError.batchTooLarge(rows: 1000, bytes: 16_048_000, available: 1_000_000).description
            == "A batch of 1000 rows needs 16048000 bytes of training buffers for this network, more than the 1000000 bytes of memory available; nothing was allocated. Use a smaller batch size or a smaller network.")
    }

    /// A batch size far above the number of rows needs buffers for the rows only: training with
    /// a batch of 10⁹ on 4 rows allocates 4 rows' worth and trains exactly like a batch of 4.
    @Test func aBatchLargerThanTheDataNeedsOnlyTheData() throws {
        let data = TrainerTests.xor()
        let network = Network(inputSize: 2, hiddenLayers: [8], outputSize: 2, activation: .tanh, seed: 3)
        var huge = TrainingConfiguration(loss: .categoricalCrossEntropy)
        huge.epochs = 5
        huge.batchSize = 1_000_000_000
        var exact = huge
        exact.batchSize = 4
        var a = try Trainer(network: network, configuration: huge)
        try a.fit(data)
        var b = try Trainer(network: network, configuration: exact)
        try b.fit(data)
        #expect(a.network.parameters.values.map(\.bitPattern) == b.network.parameters.values.map(\.bitPattern))
    }
}
