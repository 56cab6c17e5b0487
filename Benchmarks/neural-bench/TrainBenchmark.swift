import AllocationCounter
import Foundation
import Neural

/// One or more epochs of the synthetic workload through the library's `Trainer.fit`, timed.
enum TrainBenchmark {
    struct Options {
        var batchSize = 128
        var threads = 2
        var epochs = 1
        var samples = SyntheticWorkload.defaultSamples
        var seed: UInt64 = 42
        var json = false
        var countAllocations = false
        /// Data-parallel over the ranks of `mpirun` (a build with the MPI trait).
        var distributed = false
    }

    /// What the all-reduces of a distributed run cost, per optimizer step (rank 0's view).
    struct Communication: Encodable {
        var ranks: Int
        /// Wall time inside all-reduce per step (waiting for the slowest rank included).
        var allreduce_ms_per_step: Double
        /// Share of the epoch's time spent inside all-reduce.
        var allreduce_fraction: Double
        /// Bytes each rank hands to all-reduce per step: the gradients and five sums, 4 bytes each.
        var allreduce_bytes_per_step: Int
        /// Bytes a ring all-reduce sends from each rank per step: 2(N − 1)/N of the above.
        var ring_bytes_sent_per_step: Int
        var parameters: Int
    }

    struct Allocations: Encodable {
        /// Whether this platform counts allocations at all (Linux with glibc).
        var supported: Bool
        /// `fit`: epochs after the first, counted from the end of epoch 1 to the end of the run.
        var epochs_counted: Int
        var steps_counted: Int
        var allocations: UInt64
        var bytes: UInt64
        /// `allocations / steps_counted` (the per-epoch bookkeeping, e.g. the history, included).
        var allocations_per_step: Double
        /// `Trainer.step(inputs:targets:)` on batches you gather yourself, after one warm-up step.
        var step_api_steps: Int
        var step_api_allocations: UInt64
        var step_api_bytes: UInt64
    }

    struct Result: Encodable {
        var framework = "neural"
        var batch_size: Int
        var threads: Int
        var samples: Int
        var epochs: Int
        var samples_per_second: Double
        var seconds_per_epoch: Double
        var epoch_seconds: [Double]
        var gflops: Double
        var flops_per_sample: Double
        var final_loss: Double
        var training_accuracy: Double
        var data_generation_seconds: Double
        var data_mb: Double
        var peak_rss_mb: Double
        var kernel: String
        var allocations: Allocations?
        var communication: Communication?
        /// The step's products and optimizer timed alone (`StepFloor`), and the measured step's
        /// time over it (1 = a step with no cost beyond them).
        var step_floor: StepFloor?
        var seconds_per_step: Double
        var fraction_of_step_floor: Double?
    }

    static func run(_ options: Options) throws {
        let communicator = try startCommunicator(distributed: options.distributed)
        ComputeEngine.setThreadCount(options.threads)
        let generationStart = monotonicSeconds()
        let data = SyntheticWorkload.dataset(samples: options.samples, seed: options.seed)
        let generationSeconds = monotonicSeconds() - generationStart
        let dataMegabytes = Double(data.count * data.featureCount * MemoryLayout<Float>.size
                                   + data.count * MemoryLayout<Int32>.size) / 1e6

        // Warm-up on a few batches: the worker pool, the packing buffers, the page faults of
        // a workspace. (A fresh trainer is used for the timed run.)
        do {
            let warmRows = min(data.count, 8 * options.batchSize)
            var warmTrainer = try Trainer(network: SyntheticWorkload.network(seed: options.seed),
                                          configuration: SyntheticWorkload.configuration(
                                              batchSize: options.batchSize, epochs: 1, seed: options.seed))
            warmTrainer.communicator = communicator
            try warmTrainer.fit(data.subset(Array(0..<warmRows)))
        }

        let epochs = options.countAllocations ? max(options.epochs, 2) : options.epochs
        var trainer = try Trainer(network: SyntheticWorkload.network(seed: options.seed),
                                  configuration: SyntheticWorkload.configuration(
                                      batchSize: options.batchSize, epochs: epochs, seed: options.seed))
        trainer.communicator = communicator
        let communicationBefore = communicationTotals(communicator)
        var epochEnds: [Double] = []
        epochEnds.reserveCapacity(epochs)
        var counted: (calls: UInt64, bytes: UInt64) = (0, 0)
        let countAllocations = options.countAllocations
        let start = monotonicSeconds()
        let history = try trainer.fit(data) { report in
            epochEnds.append(monotonicSeconds())
            if countAllocations {
                if report.epoch == 1 {
                    ac_start()
                } else if report.epoch == epochs {
                    var bytes: UInt64 = 0
                    let calls = ac_stop(&bytes)
                    counted = (calls, bytes)
                }
            }
            return .proceed
        }
        var previous = start
        var epochSeconds: [Double] = []
        for end in epochEnds {
            epochSeconds.append(end - previous)
            previous = end
        }
        let communicationAfter = communicationTotals(communicator)
        let secondsPerEpoch = median(epochSeconds)
        let samplesPerSecond = Double(data.count) / secondsPerEpoch

        var allocations: Allocations?
        if countAllocations {
            let stepsPerEpoch = (data.count + options.batchSize - 1) / options.batchSize
            let stepsCounted = (epochs - 1) * stepsPerEpoch
            let stepAPI = try countStepAllocations(trainer: &trainer, data: data, batchSize: options.batchSize)
            allocations = Allocations(
                supported: ac_supported() != 0, epochs_counted: epochs - 1, steps_counted: stepsCounted,
                allocations: counted.calls, bytes: counted.bytes,
                allocations_per_step: Double(counted.calls) / Double(max(stepsCounted, 1)),
                step_api_steps: stepAPI.steps, step_api_allocations: stepAPI.allocations,
                step_api_bytes: stepAPI.bytes)
        }

        var result = Result(
            batch_size: options.batchSize, threads: options.threads, samples: data.count, epochs: epochs,
            samples_per_second: samplesPerSecond, seconds_per_epoch: secondsPerEpoch, epoch_seconds: epochSeconds,
            gflops: samplesPerSecond * SyntheticWorkload.trainingFlopsPerSample * 1e-9,
            flops_per_sample: SyntheticWorkload.trainingFlopsPerSample,
            final_loss: history.loss.last ?? .nan, training_accuracy: history.metrics["accuracy"]?.last ?? .nan,
            data_generation_seconds: generationSeconds, data_mb: dataMegabytes,
            peak_rss_mb: peakResidentMegabytes(), kernel: KernelInUse.name, allocations: allocations,
            seconds_per_step: secondsPerEpoch / Double((data.count + options.batchSize - 1) / options.batchSize))
        if !communicator.isDistributed {
            let floor = StepFloor.measure(batchSize: options.batchSize, seed: options.seed)
            result.step_floor = floor
            result.fraction_of_step_floor = floor.seconds / result.seconds_per_step
        }
        if communicator.isDistributed {
            let steps = Double(epochs * ((data.count + options.batchSize - 1) / options.batchSize))
            let seconds = communicationAfter.seconds - communicationBefore.seconds
            let bytes = Int((Double(communicationAfter.bytes - communicationBefore.bytes) / steps).rounded(.down))
            let ranks = communicator.size
            result.communication = Communication(
                ranks: ranks, allreduce_ms_per_step: seconds / steps * 1e3,
                allreduce_fraction: seconds / (previous - start),
                allreduce_bytes_per_step: bytes, ring_bytes_sent_per_step: 2 * (ranks - 1) * bytes / ranks,
                parameters: trainer.network.parameters.values.count)
        }
        finishCommunicator()
        guard communicator.rank == 0 else { return }
        if options.json {
            printJSON(result)
        } else {
            printText(result)
        }
    }

    /// Allocations of gathering a batch into reused matrices and `Trainer.step(inputs:targets:)`,
    /// over 20 steps after one warm-up step.
    static func countStepAllocations(trainer: inout Trainer, data: Dataset,
                                     batchSize: Int) throws -> (steps: Int, allocations: UInt64, bytes: UInt64) {
        let steps = 20
        let batches = min(steps + 1, data.count / batchSize)
        guard batches >= 2, let labels = data.classLabels else { return (0, 0, 0) }
        var inputs = Matrix(rows: batchSize, columns: data.featureCount)
        var targets = Matrix(rows: batchSize, columns: 1)
        // The row lists are made before counting starts: only the gathers and steps are counted.
        let batchRows = (0..<batches).map { ArraySlice(($0 * batchSize)..<(($0 + 1) * batchSize)) }
        for (batch, rows) in batchRows.enumerated() {
            data.gatherFeatures(rows: rows, into: &inputs)
            for (position, row) in rows.enumerated() { targets[position, 0] = Float(labels[row]) }
            if batch == 1 { ac_start() }
            _ = try trainer.step(inputs: inputs, targets: targets)
        }
        var bytes: UInt64 = 0
        let calls = ac_stop(&bytes)
        return (batches - 1, calls, bytes)
    }

    static func startCommunicator(distributed: Bool) throws -> any Communicator {
        distributed ? startCommunicatorOrFail() : SingleProcessCommunicator()
    }

    /// MPI's communicator, or a usage error in a build without the MPI trait.
    static func startCommunicatorOrFail() -> any Communicator {
        #if MPI
        return MPICommunicator.start()
        #else
        fail("this needs a build with the MPI trait: swift build -c release --traits MPI")
        #endif
    }

    /// Seconds and bytes of all-reduce so far (zero in one process).
    static func communicationTotals(_ communicator: any Communicator) -> (seconds: Double, bytes: Int) {
        #if MPI
        if let mpi = communicator as? MPICommunicator { return (mpi.allReduceSeconds, mpi.allReduceBytes) }
        #endif
        return (0, 0)
    }

    static func finishCommunicator() {
        #if MPI
        MPICommunicator.finish(code: 0)
        #endif
    }

    static func printText(_ r: Result) {
        print("train: \(r.samples) × \(SyntheticWorkload.inputSize) samples, 784-256-128-10 ReLU, softmax + CCE, Adam 1e-3, shuffled")
        print("batch \(r.batch_size), \(r.threads) thread(s), kernel \(r.kernel), \(r.epochs) epoch(s)")
        let epochs = r.epoch_seconds.map { String(format: "%.3f", $0) }.joined(separator: ", ")
        print(String(format: "  %.0f samples/s, %.3f s per epoch (median of [%@] s), %.1f GFLOP/s at %.0f FLOPs/sample",
                     r.samples_per_second, r.seconds_per_epoch, epochs, r.gflops, r.flops_per_sample))
        print(String(format: "  final training loss %.4f, accuracy %.3f; data generated in %.2f s",
                     r.final_loss, r.training_accuracy, r.data_generation_seconds))
        let bound = 1.3 * r.data_mb + 64
        print(String(format: "  peak RSS %.1f MB; data %.1f MB; target ≤ 1.3 × data + 64 MB = %.1f MB",
                     r.peak_rss_mb, r.data_mb, bound))
        if let floor = r.step_floor, let fraction = r.fraction_of_step_floor {
            print(String(format: "  step floor: products %.1f µs + Adam %.1f µs = %.1f µs alone; a step takes %.1f µs, %.0f %% of it is the floor (%.0f samples/s at the floor)",
                         floor.products_seconds * 1e6, floor.optimizer_seconds * 1e6, floor.seconds * 1e6,
                         r.seconds_per_step * 1e6, 100 * fraction, Double(r.batch_size) / floor.seconds))
        }
        if let c = r.communication {
            print(String(format: "  %d ranks: all-reduce %.3f ms per step (%.1f%% of the time), %d bytes all-reduced and %d sent by each rank per step (ring), %d parameters",
                         c.ranks, c.allreduce_ms_per_step, 100 * c.allreduce_fraction, c.allreduce_bytes_per_step,
                         c.ring_bytes_sent_per_step, c.parameters))
        }
        if let a = r.allocations {
            if !a.supported {
                print("  allocations: not counted on this platform (Linux/glibc only)")
            } else {
                print(String(format: "  allocations in epochs 2…%d (%d steps): %llu (%llu bytes), %.3f per step",
                             r.epochs, a.steps_counted, a.allocations, a.bytes, a.allocations_per_step))
                print("  Trainer.step(inputs:targets:): \(a.step_api_allocations) allocations (\(a.step_api_bytes) bytes) in \(a.step_api_steps) steps")
            }
        }
    }
}
