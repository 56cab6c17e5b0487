import Foundation
import Neural
import NeuralKernels

/// `Network.predict` (pointer form, reused `InferenceWorkspace`) on the 784-256-128-10 network:
/// the latency of one sample and the throughput of large batches. Outputs are the logits (the
/// identity link), as the peers' forward passes return them.
enum InferenceBenchmark {
    struct Options {
        var batchSizes = [1, 10_000]
        var threads = 2
        var seed: UInt64 = 42
        var json = false
    }

    struct Result: Encodable {
        var framework = "neural"
        var batch_size: Int
        var threads: Int
        /// The weight-traffic bound: bytes of parameters one forward pass reads, the median time
        /// the same threads take to read them once (`nk_read_floats`), and that time over the
        /// median latency (1 = a forward pass as fast as reading its weights).
        var weight_bytes: Int
        var weight_read_us: Double
        var fraction_of_weight_bound: Double
        /// Median wall time of one call, µs.
        var latency_us: Double
        var latency_p10_us: Double
        var latency_p90_us: Double
        var samples_per_second: Double
        var gflops: Double
        var calls: Int
        var kernel = KernelInUse.name
    }

    static func run(_ options: Options) {
        ComputeEngine.setThreadCount(options.threads)
        let largest = options.batchSizes.max() ?? 1
        let data = SyntheticWorkload.dataset(samples: max(largest, 1), seed: options.seed)
        let network = SyntheticWorkload.network(seed: options.seed)
        let weightRead = weightReadSeconds(network)
        var results: [Result] = []
        for batchSize in options.batchSizes {
            results.append(measure(network: network, data: data, batchSize: batchSize, threads: options.threads,
                                   weightReadSeconds: weightRead))
        }
        if options.json {
            printJSON(results)
        } else {
            print("infer: 784-256-128-10 ReLU, logits, Network.predict(rows:inputs:output:workspace:), \(options.threads) thread(s), kernel \(KernelInUse.name)")
            for r in results {
                print(String(format: "  batch %6d: median %.1f µs per call [p10 %.1f … p90 %.1f], %.0f samples/s, %.1f GFLOP/s (%d calls)",
                             r.batch_size, r.latency_us, r.latency_p10_us, r.latency_p90_us,
                             r.samples_per_second, r.gflops, r.calls))
            }
            if let first = results.first(where: { $0.batch_size == 1 }) {
                print(String(format: "  weights %.2f MB, read once by %d thread(s) in %.1f µs (median): batch 1 is %.0f %% of that bound",
                             Double(first.weight_bytes) / 1e6, options.threads, first.weight_read_us,
                             100 * first.fraction_of_weight_bound))
            }
        }
    }

    /// The median time to read every parameter of `network` once with the process's threads,
    /// after the same warm-up as the predictions: the weights are then where repeated predictions
    /// find them (in the caches when they fit), so this is what one forward pass cannot beat.
    static func weightReadSeconds(_ network: Network) -> Double {
        var times: [Double] = []
        var sink: Float = 0
        network.parameters.values.withUnsafeBufferPointer { weights in
            let count = Int64(weights.count)
            let warmUpEnd = monotonicSeconds() + 0.1
            repeat { sink += nk_read_floats(count, weights.baseAddress) } while monotonicSeconds() < warmUpEnd
            for _ in 0..<2_000 {
                let start = DispatchTime.now().uptimeNanoseconds
                sink += nk_read_floats(count, weights.baseAddress)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
            }
        }
        // The sum is used, so the reads cannot be left out.
        if sink.isNaN { FileHandle.standardError.write(Data("neural-bench: the weights hold a NaN\n".utf8)) }
        return median(times.sorted())
    }

    /// Times calls one by one: at least 2,000 calls (batch 1) or 0.5 s of calls, after a warm-up.
    static func measure(network: Network, data: Dataset, batchSize: Int, threads: Int,
                        weightReadSeconds: Double) -> Result {
        let workspace = InferenceWorkspace()
        var output = [Float](repeating: 0, count: batchSize * network.outputSize)
        var times: [Double] = []
        data.features.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                func call() {
                    network.predict(rows: batchSize, inputs: x.baseAddress, output: y.baseAddress, workspace: workspace)
                }
                let warmUpEnd = monotonicSeconds() + 0.1
                repeat { call() } while monotonicSeconds() < warmUpEnd
                let minimumCalls = batchSize == 1 ? 2_000 : 10
                let end = monotonicSeconds() + 0.5
                times.reserveCapacity(100_000)
                while times.count < minimumCalls || (monotonicSeconds() < end && times.count < 100_000) {
                    let start = DispatchTime.now().uptimeNanoseconds
                    call()
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
                }
            }
        }
        times.sort()
        let middle = median(times)
        func percentile(_ p: Double) -> Double { times[min(times.count - 1, Int(p * Double(times.count)))] }
        let rate = Double(batchSize) / middle
        let weightBytes = network.parameters.values.count * MemoryLayout<Float>.size
        return Result(batch_size: batchSize, threads: threads, weight_bytes: weightBytes,
                      weight_read_us: weightReadSeconds * 1e6,
                      fraction_of_weight_bound: weightReadSeconds / middle, latency_us: middle * 1e6,
                      latency_p10_us: percentile(0.1) * 1e6, latency_p90_us: percentile(0.9) * 1e6,
                      samples_per_second: rate, gflops: rate * SyntheticWorkload.inferenceFlopsPerSample * 1e-9,
                      calls: times.count)
    }
}
