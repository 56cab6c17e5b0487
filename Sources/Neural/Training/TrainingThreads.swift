/// How many threads a training run uses: one for a tiny problem, the engine's count otherwise.
///
/// The rule depends on the problem's size only (never on timing), so the same command on the
/// same data picks the same count on every run. A problem is tiny when neither the products nor
/// the optimizer update of its training step would be split between threads anyway:
///
/// - its largest product, `2·batch·in·out` FLOPs over the dense layers, is below
///   `productFLOPsLimit` (2 MFLOP: the GEMM gives a product a second thread only from 1 MFLOP
///   per thread), and
/// - it has fewer than `parameterLimit` parameters (32,768: the optimizer updates are split only
///   from 16,384 parameters per thread).
///
/// Such a step runs on one thread already; what a second thread would still cost is the worker
/// pool itself (started for the final metrics on the whole set, then spinning for the next task
/// on a core another process could use). With one thread for the whole run, a tiny run never
/// starts it. The rule changes no number: the kernels give the same bits at any thread count
/// (ARCHITECTURE, "Invariants"), and `.ci/small-data.sh` checks it on scikit-learn's five sets.
/// At the comparison's settings (64 hidden units, batches of 32) every one of those sets is tiny:
/// digits, the largest, has a largest product of 262,144 FLOPs and 4,810 parameters.
public enum TrainingThreads {
    /// Products of at least this many FLOPs may be split between two threads.
    public static let productFLOPsLimit = 2 << 20
    /// Parameter vectors of at least this many floats are updated by two threads.
    public static let parameterLimit = 2 << 14

    /// The FLOPs of the largest product of a training step of `network` on `batchSize` rows
    /// (`2·batch·in·out` for the widest dense layer; the forward, weight-gradient and
    /// input-gradient products of a layer all have that size). A `Double`, so that any batch
    /// size a flag can give is counted without overflow.
    public static func largestProductFLOPs(of network: Network, batchSize: Int) -> Double {
        let widest = network.layers.compactMap(\.dense).map { Double($0.inputSize) * Double($0.outputSize) }.max() ?? 0
        return 2 * Double(max(batchSize, 1)) * widest
    }

    /// Whether a run of `network` on batches of `batchSize` rows is tiny (see the rule above).
    public static func isTiny(_ network: Network, batchSize: Int) -> Bool {
        largestProductFLOPs(of: network, batchSize: batchSize) < Double(productFLOPsLimit)
            && network.parameterCount < parameterLimit
    }

    /// The threads to train `network` on batches of `batchSize` rows with, when `available` are
    /// configured (`ComputeEngine.threadCount`): 1 for a tiny problem, `available` otherwise.
    public static func count(for network: Network, batchSize: Int, available: Int) -> Int {
        isTiny(network, batchSize: batchSize) ? 1 : available
    }
}
