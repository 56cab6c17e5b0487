import Foundation
import Neural

/// The cost of one all-reduce (sum of float32) by message size, across the ranks of `mpirun`:
/// the numbers a latency–bandwidth model of data-parallel training is fitted to.
enum AllReduceBenchmark {
    struct Row: Encodable {
        var ranks: Int
        var floats: Int
        var bytes: Int
        var median_us: Double
        var min_us: Double
        /// bytes / median time: the payload's algorithmic bandwidth.
        var payload_gbit_per_s: Double
    }

    static let defaultSizes = [1, 1_024, 16_384, 65_536, 235_146, 1_048_576]

    static func run(sizes: [Int], repeats: Int, json: Bool) {
        let communicator = TrainBenchmark.startCommunicatorOrFail()
        var rows: [Row] = []
        for size in sizes {
            var values = [Float](repeating: 1, count: size)
            var times: [Double] = []
            for index in 0..<(repeats + 5) {
                communicator.barrier()
                let start = monotonicSeconds()
                communicator.allReduceSum(&values)
                if index >= 5 { times.append(monotonicSeconds() - start) }
            }
            // Every rank's median would differ a little; rank 0's is reported.
            let median = median(times)
            rows.append(Row(ranks: communicator.size, floats: size, bytes: 4 * size, median_us: median * 1e6,
                            min_us: (times.min() ?? 0) * 1e6,
                            payload_gbit_per_s: Double(4 * size) * 8 / median / 1e9))
        }
        TrainBenchmark.finishCommunicator()
        guard communicator.rank == 0 else { return }
        if json {
            printJSON(rows)
        } else {
            print("all-reduce (sum, float32) across \(communicator.size) ranks, median of \(repeats) after 5 warm-up calls")
            for row in rows {
                print(String(format: "  %9d floats (%10d bytes): median %9.1f µs, min %9.1f µs, %.2f Gbit/s payload",
                             row.floats, row.bytes, row.median_us, row.min_us, row.payload_gbit_per_s))
            }
        }
    }
}
