import Foundation
import Neural

/// The least time one training step of the synthetic network can take with this engine and
/// optimizer: the step's eight products timed alone, back to back, and Adam's update of every
/// parameter timed alone, on the same threads. A real step adds the elementwise passes (bias,
/// activation and their derivatives, the loss, column sums, the finiteness check) and the
/// synchronisation between them, so `seconds` is a floor the measured step cannot beat; the
/// step's time over it says how much of the step is overhead.
///
/// Products per step for widths w₀ … w_L and B rows (as `Network.computeGradients` runs them):
/// forward `[B, wᵢ]·[wᵢ, wᵢ₊₁]` per layer; backward `[B, wᵢ]ᵀ·[B, wᵢ₊₁]` (the weight gradient) per
/// layer and `[B, wᵢ₊₁]·[wᵢ, wᵢ₊₁]ᵀ` (the previous layer's delta) for every layer but the first.
struct StepFloor: Encodable {
    /// Median wall time of the products of one step, seconds.
    var products_seconds: Double
    /// Median wall time of one Adam update of all parameters, seconds.
    var optimizer_seconds: Double
    var seconds: Double { products_seconds + optimizer_seconds }

    enum CodingKeys: String, CodingKey { case products_seconds, optimizer_seconds }

    static func measure(batchSize: Int, seed: UInt64) -> StepFloor {
        StepFloor(products_seconds: productsSeconds(batchSize: batchSize),
                  optimizer_seconds: optimizerSeconds(seed: seed))
    }

    /// Buffers of small values, so no product meets a NaN, an infinity or a subnormal.
    private static func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
        let pointer = UnsafeMutablePointer<Float>.allocate(capacity: count)
        for index in 0..<count { pointer[index] = Float(index % 17) * 0.01 - 0.08 }
        return pointer
    }

    private static func productsSeconds(batchSize rows: Int) -> Double {
        let widths = [SyntheticWorkload.inputSize] + SyntheticWorkload.hiddenLayers + [SyntheticWorkload.classCount]
        let layers = Array(zip(widths, widths.dropFirst()))
        let activations = widths.map { buffer(rows * $0) }    // Aᵢ [B, wᵢ]
        let deltas = widths.map { buffer(rows * $0) }         // δᵢ [B, wᵢ]
        let weights = layers.map { buffer($0.0 * $0.1) }      // Wᵢ [wᵢ, wᵢ₊₁]
        let gradients = layers.map { buffer($0.0 * $0.1) }    // dWᵢ [wᵢ, wᵢ₊₁]
        defer { (activations + deltas + weights + gradients).forEach { $0.deallocate() } }
        func step() {
            for (index, (input, output)) in layers.enumerated() {
                gemm(transposeA: false, transposeB: false, m: rows, n: output, k: input, alpha: 1,
                     a: activations[index], lda: input, b: weights[index], ldb: output,
                     beta: 0, c: activations[index + 1], ldc: output)
            }
            for (index, (input, output)) in layers.enumerated().reversed() {
                gemm(transposeA: true, transposeB: false, m: input, n: output, k: rows, alpha: 1,
                     a: activations[index], lda: input, b: deltas[index + 1], ldb: output,
                     beta: 0, c: gradients[index], ldc: output)
                if index > 0 {
                    gemm(transposeA: false, transposeB: true, m: rows, n: input, k: output, alpha: 1,
                         a: deltas[index + 1], lda: output, b: weights[index], ldb: output,
                         beta: 0, c: deltas[index], ldc: input)
                }
            }
        }
        return medianSeconds(of: step)
    }

    private static func optimizerSeconds(seed: UInt64) -> Double {
        let network = SyntheticWorkload.network(seed: seed)
        let optimizer = SyntheticWorkload.configuration(batchSize: 1, epochs: 1, seed: seed).optimizer
        var parameters = network.parameters
        var gradients = network.parameters
        for index in gradients.values.indices { gradients.values[index] = Float(index % 13) * 1e-3 - 6e-3 }
        var state = optimizer.makeState(for: parameters)
        return medianSeconds {
            optimizer.update(&parameters, along: gradients, learningRate: 1e-3, state: &state)
        }
    }

    /// The median of 400 timed calls after 0.1 s of warm-up calls.
    private static func medianSeconds(of call: () -> Void) -> Double {
        let warmUpEnd = monotonicSeconds() + 0.1
        repeat { call() } while monotonicSeconds() < warmUpEnd
        var times: [Double] = []
        times.reserveCapacity(400)
        for _ in 0..<400 {
            let start = monotonicSeconds()
            call()
            times.append(monotonicSeconds() - start)
        }
        return median(times)
    }
}
