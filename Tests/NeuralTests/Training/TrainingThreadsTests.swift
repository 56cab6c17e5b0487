import Testing
@testable import Neural

/// The size rule that makes a tiny training run single-threaded (`TrainingThreads`). The limits
/// are the kernels' own thresholds: a product is split from 1 MFLOP per thread (`gemm.c`,
/// `NK_MIN_FLOPS_PER_THREAD`), an optimizer update from 16,384 parameters per thread
/// (`nk_vectorize.h`, `NK_OPTIMIZER_MIN_PER_THREAD`), so below twice each nothing is split.
@Suite struct TrainingThreadsTests {
    @Test func digitsAtTheComparisonSettingsIsTiny() {
        // 64 → 64 → 10 (scikit-learn's digits, 64 hidden units) on batches of 32: the widest layer
        // is 64·64, so the largest product is 2·32·4096 = 262,144 FLOPs; 4,810 parameters.
        let network = Network(inputSize: 64, hiddenLayers: [64], outputSize: 10, seed: 0)
        #expect(TrainingThreads.largestProductFLOPs(of: network, batchSize: 32) == 262_144)
        #expect(network.parameterCount == 4_810)
        #expect(TrainingThreads.isTiny(network, batchSize: 32))
        #expect(TrainingThreads.count(for: network, batchSize: 32, available: 2) == 1)
    }

    @Test func theBenchmarkNetworkKeepsItsThreads() {
        // 784-256-128-10 at batch 32: 2·32·784·256 = 12,845,056 FLOPs in the first layer.
        let network = Network(inputSize: 784, hiddenLayers: [256, 128], outputSize: 10, seed: 0)
        #expect(TrainingThreads.largestProductFLOPs(of: network, batchSize: 32) == 12_845_056)
        #expect(!TrainingThreads.isTiny(network, batchSize: 32))
        #expect(TrainingThreads.count(for: network, batchSize: 32, available: 2) == 2)
    }

    @Test func anyBatchSizeIsCountedWithoutOverflow() {
        // A flag may give Int.max rows per batch (the run then batches the whole set).
        let network = Network(inputSize: 64, hiddenLayers: [64], outputSize: 10, seed: 0)
        #expect(TrainingThreads.largestProductFLOPs(of: network, batchSize: Int.max) > 1e22)
        #expect(!TrainingThreads.isTiny(network, batchSize: Int.max))
    }

    @Test func theProductLimitIsExclusive() {
        // 2·b·64·64 reaches 2 << 20 = 2,097,152 FLOPs at b = 256.
        let network = Network(inputSize: 64, hiddenLayers: [64], outputSize: 10, seed: 0)
        #expect(TrainingThreads.isTiny(network, batchSize: 255))
        #expect(!TrainingThreads.isTiny(network, batchSize: 256))
    }

    @Test func theParameterLimitIsExclusive() {
        // One row per batch keeps every product small; the parameters decide. 1,021·32 + 32 +
        // 32 + 1 = 32,737 parameters are below 32,768; 1,022 inputs give 32,769.
        let below = Network(inputSize: 1_021, hiddenLayers: [32], outputSize: 1, seed: 0)
        let above = Network(inputSize: 1_022, hiddenLayers: [32], outputSize: 1, seed: 0)
        #expect(below.parameterCount == 32_737)
        #expect(above.parameterCount == 32_769)
        #expect(TrainingThreads.isTiny(below, batchSize: 1))
        #expect(!TrainingThreads.isTiny(above, batchSize: 1))
    }
}
