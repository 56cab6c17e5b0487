import Testing
import Neural

/// End-to-end learning with plain full-batch gradient descent applied by hand (optimizers live
/// elsewhere): the network, workspace, loss and link work together.
@Suite struct LearningTests {
    /// XOR, the classic problem a single neuron cannot solve: 2-8-1 with tanh hidden units and
    /// binary cross-entropy on the logit. Fixed seed, so the outcome is the same on every run.
    @Test func learnsXOR() {
        var network = Network(inputSize: 2, hiddenLayers: [8], outputSize: 1, activation: .tanh, seed: 7)
        let inputs = Matrix([[0, 0], [0, 1], [1, 0], [1, 1]])
        let targets = Matrix([[0], [1], [1], [0]])
        let loss = Loss.binaryCrossEntropy
        let workspace = TrainingWorkspace(for: network, batchCapacity: 4)
        let learningRate: Float = 0.5
        let initialLoss = network.evaluateLoss(inputs: inputs, targets: targets, loss: loss)
        var finalLoss = initialLoss
        for _ in 0..<1500 {
            var masks = SeededGenerator(seed: 0)  // no dropout: not used
            finalLoss = network.computeGradients(inputs: inputs, targets: targets, loss: loss, workspace: workspace, generator: &masks)
            network.parameters.values.withUnsafeMutableBufferPointer { theta in
                workspace.gradients.values.withUnsafeBufferPointer { gradient in
                    for index in 0..<theta.count { theta[index] -= learningRate * gradient[index] }
                }
            }
        }
        #expect(finalLoss < 0.1 * initialLoss, "loss \(initialLoss) → \(finalLoss)")
        let probabilities = network.predict(inputs, link: loss.link)
        let predicted = probabilities.storage.map { $0 > 0.5 ? Float(1) : 0 }
        #expect(predicted == targets.storage)
    }

    /// Three Gaussian blobs, softmax + categorical cross-entropy from class indices, with dropout
    /// and L2: training lowers the loss and classifies the training points.
    @Test func learnsThreeClasses() {
        var generator = SeededGenerator(seed: 21)
        let centres: [[Float]] = [[-2, 0], [2, 0], [0, 2.5]]
        let rows = 60
        let inputs = Matrix(rows: rows, columns: 2) { row, column in
            centres[row % 3][column] + Float(generator.nextNormal(mean: 0, standardDeviation: 0.5))
        }
        let targets = Matrix(rows: rows, columns: 1) { row, _ in Float(row % 3) }
        var network = Network(inputSize: 2, hiddenLayers: [16], outputSize: 3, activation: .relu, dropout: 0.1, seed: 3)
        let workspace = TrainingWorkspace(for: network, batchCapacity: 16)
        let loss = Loss.categoricalCrossEntropy
        let initialLoss = network.evaluateLoss(inputs: inputs, targets: targets, loss: loss)
        for _ in 0..<100 {
            // Mini-batches of 16, the last one partial (60 = 3·16 + 12).
            for start in stride(from: 0, to: rows, by: 16) {
                let count = min(16, rows - start)
                _ = inputs.withUnsafeBufferPointer { x in
                    targets.withUnsafeBufferPointer { y in
                        network.computeGradients(
                            inputs: UnsafeBufferPointer(rebasing: x[(start * 2)..<((start + count) * 2)]),
                            targets: UnsafeBufferPointer(rebasing: y[start..<(start + count)]),
                            loss: loss, regularization: .l2(1e-4), workspace: workspace, generator: &generator)
                    }
                }
                network.parameters.values.withUnsafeMutableBufferPointer { theta in
                    workspace.gradients.values.withUnsafeBufferPointer { gradient in
                        for index in 0..<theta.count { theta[index] -= 0.1 * gradient[index] }
                    }
                }
            }
        }
        let finalLoss = network.evaluateLoss(inputs: inputs, targets: targets, loss: loss)
        #expect(finalLoss < 0.25 * initialLoss, "loss \(initialLoss) → \(finalLoss)")
        let probabilities = network.predict(inputs, link: loss.link)
        var correct = 0
        for row in 0..<rows {
            let p = probabilities.row(row)
            let predicted = p.indices.max { p[$0] < p[$1] } ?? -1
            if predicted == row % 3 { correct += 1 }
        }
        // The blobs are 4 standard deviations apart; all but a stray point or two separate.
        #expect(correct >= 57, "\(correct) of \(rows) correct")
    }
}
