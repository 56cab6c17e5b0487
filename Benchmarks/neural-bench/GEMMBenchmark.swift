import Foundation
import Neural

/// GEMM throughput through the one entry point (`gemm`), on the shapes an MLP uses.
enum GEMMBenchmark {
    struct Options {
        var threads = [1, 2]
        var samples = 15
        var json = false
        /// Shapes to time instead of the default list (`--shape 2048x2048x2048`, all AB).
        var shapes: [Shape]?
    }

    struct Shape {
        var m: Int, k: Int, n: Int
        var transposeA = false, transposeB = false
        var label: String {
            let op = transposeA ? "AᵀB" : (transposeB ? "ABᵀ" : "AB")
            return "\(m)×\(k)×\(n) \(op)"
        }
    }

    /// Forward layers of a 784-256-128-10 MLP at batch 128 (and batch 32 and 512), 1024³, and the
    /// two backward products of the first layer: dW = Xᵀ·δ (784×128×256) and δ·Wᵀ (128×256×784).
    static let shapes: [Shape] = [
        Shape(m: 128, k: 784, n: 256), Shape(m: 128, k: 256, n: 128), Shape(m: 128, k: 128, n: 10),
        Shape(m: 32, k: 784, n: 256), Shape(m: 512, k: 784, n: 256), Shape(m: 1024, k: 1024, n: 1024),
        Shape(m: 784, k: 128, n: 256, transposeA: true), Shape(m: 128, k: 256, n: 784, transposeB: true),
    ]

    struct Result: Encodable {
        var m: Int, k: Int, n: Int
        var transpose_a: Bool, transpose_b: Bool
        var threads: Int
        var gflops_median: Double, gflops_min: Double, gflops_max: Double
        var kernel = KernelInUse.name
    }

    static func run(_ options: Options) {
        var results: [Result] = []
        if !options.json {
            print("GEMM, engine \(ComputeEngine.engineDescription), kernel \(KernelInUse.name)")
            print("GFLOP/s: median [min … max] of \(options.samples) samples, each ≥ 20 ms of back-to-back calls")
            print("shape              threads    median      min      max")
        }
        for shape in options.shapes ?? shapes {
            for threads in options.threads {
                ComputeEngine.setThreadCount(threads)
                let result = measure(shape, threads: threads, samples: options.samples)
                results.append(result)
                if !options.json {
                    let label = shape.label.padding(toLength: 18, withPad: " ", startingAt: 0)
                    print("\(label) \(String(format: "%7d  %8.1f %8.1f %8.1f", threads, result.gflops_median, result.gflops_min, result.gflops_max))")
                }
            }
        }
        if options.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            if let data = try? encoder.encode(results) { print(String(decoding: data, as: UTF8.self)) }
        }
    }

    static func measure(_ shape: Shape, threads: Int, samples: Int) -> Result {
        let (m, k, n) = (shape.m, shape.k, shape.n)
        var generator = SeededGenerator(seed: 42)
        let a = (0..<m * k).map { _ in Float(generator.nextUniform(in: -1..<1)) }
        let b = (0..<k * n).map { _ in Float(generator.nextUniform(in: -1..<1)) }
        var c = [Float](repeating: 0, count: m * n)
        let lda = shape.transposeA ? m : k, ldb = shape.transposeB ? k : n
        let flops = 2.0 * Double(m) * Double(n) * Double(k)
        var rates: [Double] = []
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    func call() {
                        gemm(transposeA: shape.transposeA, transposeB: shape.transposeB, m: m, n: n, k: k,
                             alpha: 1, a: pa.baseAddress, lda: lda, b: pb.baseAddress, ldb: ldb,
                             beta: 0, c: pc.baseAddress, ldc: n)
                    }
                    // Warm up (pool threads, caches, packing buffers), then size a sample to ≥ 20 ms.
                    var repeats = 1
                    while true {
                        let start = DispatchTime.now().uptimeNanoseconds
                        for _ in 0..<repeats { call() }
                        let elapsed = DispatchTime.now().uptimeNanoseconds - start
                        if elapsed >= 20_000_000 { break }
                        repeats *= 2
                    }
                    for _ in 0..<samples {
                        let start = DispatchTime.now().uptimeNanoseconds
                        for _ in 0..<repeats { call() }
                        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
                        rates.append(flops * Double(repeats) / seconds * 1e-9)
                    }
                }
            }
        }
        rates.sort()
        return Result(m: m, k: k, n: n, transpose_a: shape.transposeA, transpose_b: shape.transposeB,
                      threads: threads, gflops_median: rates[rates.count / 2],
                      gflops_min: rates.first ?? 0, gflops_max: rates.last ?? 0)
    }
}
