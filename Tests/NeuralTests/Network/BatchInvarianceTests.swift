import Testing
import Neural

/// A sample's prediction does not depend on the batch it is predicted in: one row alone (the
/// GEMM's row path, B read in place), a few rows (B read in place) and a large batch (B packed)
/// accumulate every output in the same order, so the bits are equal.
@Suite struct BatchInvarianceTests {
    @Test(arguments: [1, 3, 200])
    func aRowPredictedAloneEqualsTheSameRowInABatch(batch: Int) {
        // Widths that are multiples of every kernel's tile (16) and one that is not (37), a
        // 784-deep first layer (two K blocks) and a narrow output.
        let network = Network(inputSize: 784, hiddenLayers: [64, 37], outputSize: 10, activation: .relu, seed: 7)
        var generator = SeededGenerator(seed: 11)
        let inputs = Matrix(rows: batch, columns: 784, element: { _, _ in Float(generator.nextUniform() * 2 - 1) })
        let together = network.predict(inputs)
        for row in 0..<batch {
            let alone = network.predict(Matrix(rows: 1, columns: 784, element: { _, column in inputs[row, column] }))
            #expect(alone.storage == Array(together.storage[(row * 10)..<(row * 10 + 10)]),
                    "row \(row) of a batch of \(batch)")
        }
    }
}
