import Foundation
import Neural
import Testing
@testable import NeuralCommands

@Suite("neural train --parity")
struct ParityFlagTests {
    /// `--parity sklearn` reads the settings as scikit-learn's (docs/PARITY.md): `--loss mse` is
    /// its half squared error, Adam puts ε outside the bias-corrected root, L2 is `alpha/(2n)`,
    /// and with no `--batch-size` the batch is 'auto', min(200, rows) = all 80 training rows.
    @Test func sklearnParityReachesTheSavedConfiguration() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("data.csv", SampleData.regression)
        let result = runNeural(["train", data, "--target", "y", "--parity", "sklearn", "--loss", "mse",
                                "--hidden", "4", "--epochs", "2", "--validation-split", "0", "--quiet",
                                "--model", folder.path("model.safetensors")])
        #expect(result.code == 0, "\(result.error)")
        let configuration = try TrainedModel.load(from: folder.url.appendingPathComponent("model.safetensors")).configuration
        #expect(configuration.parity == .scikitLearn)
        #expect(configuration.batchSize == 80)
        #expect(configuration.loss.kind == .meanSquaredError(halved: true))
        #expect(configuration.regularization.scaling == .perSample)
        guard case .adam(let adam) = configuration.optimizer else {
            Issue.record("expected Adam, got \(configuration.optimizer)")
            return
        }
        #expect(adam.epsilonPlacement == .keras)
    }

    /// `--parity pytorch` reads `--l2` as `weight_decay` (moved into Adam's coupled decay), and
    /// an explicit `--batch-size` wins over the preset's default.
    @Test func pytorchParityMovesL2IntoWeightDecay() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("data.csv", SampleData.regression)
        let result = runNeural(["train", data, "--target", "y", "--parity", "pytorch", "--l2", "0.01",
                                "--batch-size", "10", "--hidden", "4", "--epochs", "2", "--quiet",
                                "--model", folder.path("model.safetensors")])
        #expect(result.code == 0, "\(result.error)")
        let configuration = try TrainedModel.load(from: folder.url.appendingPathComponent("model.safetensors")).configuration
        #expect(configuration.parity == .pytorch)
        #expect(configuration.batchSize == 10)
        #expect(configuration.regularization.l2 == 0)
        guard case .adam(let adam) = configuration.optimizer else {
            Issue.record("expected Adam, got \(configuration.optimizer)")
            return
        }
        // 0.01 parsed as Double and stored as Float then widened: compare at Float precision.
        #expect(abs(adam.weightDecay - 0.01) < 1e-8)
    }

    @Test func unknownParityIsBadUsage() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("data.csv", SampleData.regression)
        let result = runNeural(["train", data, "--target", "y", "--parity", "tensorflow", "--quiet",
                                "--model", folder.path("model.safetensors")])
        #expect(result.code == 2)
        #expect(result.error.contains("tensorflow"))
        #expect(!folder.exists("model.safetensors"))
    }
}
