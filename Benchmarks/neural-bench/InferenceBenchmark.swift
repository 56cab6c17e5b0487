import Foundation
import Neural

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
        /// Median wall time of one call, µs.
        var latency_us: Double
        var latency_p10_us: Double
        var latency_p90_us: Double
        var samples_per_second: Double
        var gflops: Double
        var calls: Int
    }

    static func run(_ options: Options) {
        ComputeEngine.setThreadCount(options.threads)
        let largest = options.batchSizes.max() ?? 1
        let data = SyntheticWorkload.dataset(samples: max(largest, 1), seed: options.seed)
        let network = SyntheticWorkload.network(seed: options.seed)
        var results: [Result] = []
        for batchSize in options.batchSizes {
            results.append(measure(network: network, data: data, batchSize: batchSize, threads: options.threads))
        }
        if options.json {
            printJSON(results)
        } else {
            print("infer: 784-256-128-10 ReLU, logits, Network.predict(rows:inputs:output:workspace:), \(options.threads) thread(s)")
            for r in results {
                print(String(format: "  batch %6d: median %.1f µs per call [p10 %.1f … p90 %.1f], %.0f samples/s, %.1f GFLOP/s (%d calls)",
                             r.batch_size, r.latency_us, r.latency_p10_us, r.latency_p90_us,
                             r.samples_per_second, r.gflops, r.calls))
            }
        }
    }

    /// Times calls one by one: at least 2,000 calls (batch 1) or 0.5 s of calls, after a warm-up.
    static func measure(network: Network, data: Dataset, batchSize: Int, threads: Int) -> Result {
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
        return Result(batch_size: batchSize, threads: threads, latency_us: middle * 1e6,
                      latency_p10_us: percentile(0.1) * 1e6, latency_p90_us: percentile(0.9) * 1e6,
                      samples_per_second: rate, gflops: rate * SyntheticWorkload.inferenceFlopsPerSample * 1e-9,
                      calls: times.count)
    }
}
