import Foundation
import Testing
@testable import NeuralCommands

/// `neural train` failures during or just before training: a clear message, the right exit code,
/// and no model file written.
@Suite struct TrainingFailureTests {
    /// A learning rate of 10¹⁵ makes the loss overflow in the first epoch (SampleData.regression
    /// has values of order 1; the first step moves the weights by ~10¹⁵).
    @Test func nonFiniteLossStopsNamesEpochAndBatchAndWritesNoModel() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("linear.csv", SampleData.regression)
        let result = runNeural(["train", data, "--target", "y", "--quiet", "--model", folder.path("m.safetensors"),
                                "--optimizer", "sgd", "--learning-rate", "1e15", "--epochs", "5"])
        #expect(result.code == 1, "\(result.error)")
        #expect(result.error.hasPrefix("error: The training loss became "), "\(result.error)")
        #expect(result.error.contains(" in epoch 1, batch "))
        #expect(result.error.contains("training stopped and the weights from before that batch were kept."))
        #expect(try folder.contents() == ["linear.csv"])
    }

    /// The same with a classifier: diverged logits make the cross-entropy NaN, which is reported
    /// like any non-finite loss (it used to trip the check for bad class indices and crash).
    @Test func nonFiniteCrossEntropyStopsCleanly() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("shapes.csv", SampleData.classification)
        let result = runNeural(["train", data, "--target", "label", "--quiet", "--model", folder.path("m.safetensors"),
                                "--optimizer", "sgd", "--learning-rate", "1e30", "--hidden", "8", "--epochs", "5"])
        #expect(result.code == 1, "\(result.error)")
        #expect(result.error.hasPrefix("error: The training loss became "), "\(result.error)")
        #expect(result.error.hasSuffix("No model was written.\n"))
        #expect(try folder.contents() == ["shapes.csv"])
    }

    /// `--max-gradient-norm` stops at the first step whose gradient norm exceeds it; 1e-6 is
    /// below any first gradient of an untrained network on these data.
    @Test func gradientNormAboveTheLimitStopsAndWritesNoModel() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("linear.csv", SampleData.regression)
        let result = runNeural(["train", data, "--target", "y", "--quiet", "--model", folder.path("m.safetensors"),
                                "--max-gradient-norm", "1e-6"])
        #expect(result.code == 1, "\(result.error)")
        #expect(result.error.hasPrefix("error: The gradient norm reached "), "\(result.error)")
        #expect(result.error.contains("(limit 1e-06) in epoch 1, batch 1; training stopped."))
        #expect(try folder.contents() == ["linear.csv"])
    }

    /// `--clip-norm` clips instead: the same data train to a model.
    @Test func clippingTrains() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("linear.csv", SampleData.regression)
        let result = runNeural(["train", data, "--target", "y", "--quiet", "--model", folder.path("m.safetensors"),
                                "--clip-norm", "0.5", "--epochs", "3"])
        #expect(result.code == 0, "\(result.error)")
        #expect(folder.exists("m.safetensors"))
    }

    /// Hidden layers of 3037000500 units: 3037000500² parameters overflow 64 bits, refused before
    /// anything is allocated (machine-independent; a network merely larger than the memory gets
    /// the same message with its byte count).
    @Test func aNetworkLargerThanMemoryIsRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try folder.write("linear.csv", SampleData.regression)
        let result = runNeural(["train", data, "--target", "y", "--quiet", "--model", folder.path("m.safetensors"),
                                "--hidden", "3037000500,3037000500", "--batch-size", "1000000000"])
        #expect(result.code == 2)
        #expect(result.error.hasPrefix("error: A network 5 → 3037000500 → 3037000500 → 1 needs more than 2^63 bytes for its parameters, gradients and optimizer state, more than the "), "\(result.error)")
        #expect(result.error.hasSuffix(" bytes of memory available; use smaller --hidden layers.\n"))
        #expect(try folder.contents() == ["linear.csv"])
    }
}
