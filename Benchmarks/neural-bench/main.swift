// neural-bench: release-built benchmarks of Neural's compute core.
//
//   swift run -c release neural-bench gemm [--threads 1,2] [--samples 15] [--json]
//   swift run -c release neural-bench train [--batch-size 128] [--threads 2] [--epochs 1] [--json]
//   swift run -c release neural-bench infer [--batch-size 1,10000] [--threads 2] [--json]
import Foundation
import Neural

let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: neural-bench gemm [--threads 1,2] [--samples N] [--shape MxKxN]… [--json]
           neural-bench train [--batch-size 128] [--threads 2] [--epochs 1] [--samples 60000]
                              [--seed 42] [--count-allocations] [--distributed] [--json]
           neural-bench infer [--batch-size 1,10000] [--threads 2] [--seed 42] [--json]
           mpirun -np N neural-bench allreduce [--floats 1,1024,…] [--repeats 50] [--json]

    gemm   GFLOP/s of C ← A·B (and the backward AᵀB, ABᵀ) on MLP shapes and 1024³, per thread
           count: median, min and max over N timed samples. --json prints a JSON array of
           {m, k, n, transpose_a, transpose_b, threads, gflops_median, gflops_min, gflops_max}.
           --shape MxKxN (repeatable) times C ← A·B of that shape instead of the default list.
    train  one epoch (or --epochs) of 60,000 × 784 synthetic samples, 10 classes from a random
           linear teacher, 784-256-128-10 ReLU, softmax + CCE, Adam 1e-3, shuffled, through
           Trainer.fit: samples/s and GFLOP/s at 1,009,468 FLOPs per sample (the median epoch),
           and the peak RSS. --count-allocations trains at least 2 epochs and counts the heap
           allocations after the first (Linux/glibc). --json prints one object with keys
           batch_size, threads, samples_per_second, seconds_per_epoch, gflops (and more).
           --distributed (a build with --traits MPI, under mpirun -np N): data-parallel over
           the N ranks, the batch being the global one; rank 0 reports, adding the all-reduce
           time per step and the bytes each rank all-reduces and sends per step.
    infer  Network.predict into a reused buffer and InferenceWorkspace: median latency per call
           and samples/s per batch size, and the time the same threads take to read the weights
           once (the bound one row cannot beat) with batch 1's fraction of it. --json prints an
           array of objects with keys framework, batch_size, threads, latency_us,
           samples_per_second, weight_read_us, fraction_of_weight_bound (and more).
    allreduce  (a build with --traits MPI, under mpirun) median time of one float32 sum
           all-reduce per message size, by default 1 to 1,048,576 floats including 235,146
           (the parameters of 784-256-128-10); rank 0 reports.
    Environment: NEURAL_BLAS (builtin | openblas | <library path>) selects the engine measured.
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("neural-bench: \(message)\n\n\(usage)\n".utf8))
    exit(2)
}

func positiveInteger(_ value: String?, _ option: String) -> Int {
    guard let value, let number = Int(value), number >= 1 else { fail("\(option) needs a positive integer") }
    return number
}

func configureEngine() {
    do {
        try ComputeEngine.configureFromEnvironment()
    } catch {
        FileHandle.standardError.write(Data("neural-bench: \(error.description)\n".utf8))
        exit(2)
    }
}

func threadCount(_ value: String?) -> Int {
    let count = positiveInteger(value, "--threads")
    guard count <= 256 else { fail("--threads must be at most 256") }
    return count
}

guard let command = arguments.first else { fail("missing subcommand") }
switch command {
case "train":
    var options = TrainBenchmark.Options()
    var rest = arguments.dropFirst()
    while let argument = rest.popFirst() {
        switch argument {
        case "--json": options.json = true
        case "--count-allocations": options.countAllocations = true
        case "--distributed": options.distributed = true
        case "--batch-size": options.batchSize = positiveInteger(rest.popFirst(), argument)
        case "--threads": options.threads = threadCount(rest.popFirst())
        case "--epochs": options.epochs = positiveInteger(rest.popFirst(), argument)
        case "--samples": options.samples = positiveInteger(rest.popFirst(), argument)
        case "--seed": options.seed = UInt64(positiveInteger(rest.popFirst(), argument))
        case "-h", "--help":
            print(usage)
            exit(0)
        default: fail("unknown option '\(argument)'")
        }
    }
    configureEngine()
    do {
        try TrainBenchmark.run(options)
    } catch {
        FileHandle.standardError.write(Data("neural-bench: training failed: \(error)\n".utf8))
        exit(1)
    }
case "allreduce":
    var sizes = AllReduceBenchmark.defaultSizes
    var repeats = 50
    var json = false
    var rest = arguments.dropFirst()
    while let argument = rest.popFirst() {
        switch argument {
        case "--json": json = true
        case "--repeats": repeats = positiveInteger(rest.popFirst(), argument)
        case "--floats":
            sizes = (rest.popFirst() ?? "").split(separator: ",").map { positiveInteger(String($0), argument) }
            if sizes.isEmpty { fail("--floats needs sizes separated by commas") }
        default: fail("unknown option '\(argument)'")
        }
    }
    AllReduceBenchmark.run(sizes: sizes, repeats: repeats, json: json)
case "infer":
    var options = InferenceBenchmark.Options()
    var rest = arguments.dropFirst()
    while let argument = rest.popFirst() {
        switch argument {
        case "--json": options.json = true
        case "--batch-size":
            guard let value = rest.popFirst() else { fail("--batch-size needs a list such as 1,10000") }
            options.batchSizes = value.split(separator: ",").map { positiveInteger(String($0), argument) }
        case "--threads": options.threads = threadCount(rest.popFirst())
        case "--seed": options.seed = UInt64(positiveInteger(rest.popFirst(), argument))
        case "-h", "--help":
            print(usage)
            exit(0)
        default: fail("unknown option '\(argument)'")
        }
    }
    configureEngine()
    InferenceBenchmark.run(options)
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
        case "--shape":
            guard let value = rest.popFirst() else { fail("--shape needs MxKxN, e.g. 2048x2048x2048") }
            let sizes = value.split(separator: "x").compactMap { Int($0) }
            guard sizes.count == 3, sizes.allSatisfy({ $0 >= 1 }) else {
                fail("--shape '\(value)': expected MxKxN with positive sizes, e.g. 2048x2048x2048")
            }
            options.shapes = (options.shapes ?? []) + [GEMMBenchmark.Shape(m: sizes[0], k: sizes[1], n: sizes[2])]
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
