// neural-bench: release-built benchmarks of Neural's compute core.
//
//   swift run -c release neural-bench gemm [--threads 1,2] [--samples 15] [--json]
import Foundation
import Neural

let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: neural-bench gemm [--threads 1,2] [--samples N] [--json]

    gemm   GFLOP/s of C ← A·B (and the backward AᵀB, ABᵀ) on MLP shapes and 1024³, per thread
           count: median, min and max over N timed samples. --json prints a JSON array of
           {m, k, n, transpose_a, transpose_b, threads, gflops_median, gflops_min, gflops_max}.
    Environment: NEURAL_BLAS (builtin | openblas | <library path>) selects the engine measured.
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("neural-bench: \(message)\n\n\(usage)\n".utf8))
    exit(2)
}

guard let command = arguments.first else { fail("missing subcommand") }
switch command {
case "gemm":
    var options = GEMMBenchmark.Options()
    var rest = arguments.dropFirst()
    while let argument = rest.popFirst() {
        switch argument {
        case "--json": options.json = true
        case "--threads":
            guard let value = rest.popFirst() else { fail("--threads needs a list such as 1,2") }
            let counts = value.split(separator: ",").map { Int($0) }
            guard !counts.isEmpty, counts.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= 256 }) else {
                fail("--threads '\(value)': expected thread counts from 1 to 256 separated by commas")
            }
            options.threads = counts.compactMap { $0 }
        case "--samples":
            guard let value = rest.popFirst(), let samples = Int(value), samples >= 1 else {
                fail("--samples needs a positive integer")
            }
            options.samples = samples
        case "-h", "--help":
            print(usage)
            exit(0)
        default: fail("unknown option '\(argument)'")
        }
    }
    do {
        try ComputeEngine.configureFromEnvironment()
    } catch {
        FileHandle.standardError.write(Data("neural-bench: \(error.description)\n".utf8))
        exit(2)
    }
    GEMMBenchmark.run(options)
case "-h", "--help", "help":
    print(usage)
default:
    fail("unknown subcommand '\(command)'")
}
