#if MPI
import CMPI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `Communicator` over Open MPI's `MPI_COMM_WORLD` (built with the `MPI` package trait).
///
/// Start the program with `mpirun -np N program …`; each process calls `MPICommunicator.start()`
/// once, uses the communicator it returns, and calls `finish()` before exiting. Errors keep
/// MPI's default handler, `MPI_ERRORS_ARE_FATAL`: when a rank dies or a link breaks, the job is
/// aborted on every rank, so no rank can wait forever for a peer that is gone.
///
/// The communicator counts what its all-reduces cost (`allReduceSeconds`, `allReduceBytes`,
/// `allReduceCalls`), for benchmarks. Only the thread that started MPI calls it
/// (`MPI_THREAD_FUNNELED`).
public final class MPICommunicator: Communicator {
    public let rank: Int
    public let size: Int
    /// Wall time spent inside all-reduce calls since `start()`.
    public private(set) var allReduceSeconds = 0.0
    /// Bytes each rank contributed to all-reduce calls since `start()`.
    public private(set) var allReduceBytes = 0
    /// All-reduce calls since `start()`.
    public private(set) var allReduceCalls = 0

    nonisolated(unsafe) private static var started: MPICommunicator?
    /// A copy of `MPI_COMM_WORLD` for the barrier at exit alone, so that it can never be matched
    /// with a collective another rank is still waiting in.
    nonisolated(unsafe) private static var exitCommunicator: MPI_Comm?

    private init(rank: Int, size: Int) {
        self.rank = rank
        self.size = size
    }

    /// Initialises MPI (once per process) and returns the communicator of all the job's ranks.
    /// A program not started by `mpirun` is a job of one rank.
    public static func start() -> MPICommunicator {
        if let started { return started }
        var provided: Int32 = 0
        check(MPI_Init_thread(nil, nil, cmpi_thread_funneled(), &provided), "MPI_Init_thread")
        check(MPI_Comm_set_errhandler(cmpi_comm_world(), cmpi_errors_are_fatal()), "MPI_Comm_set_errhandler")
        var rank: Int32 = 0
        var size: Int32 = 0
        check(MPI_Comm_rank(cmpi_comm_world(), &rank), "MPI_Comm_rank")
        check(MPI_Comm_size(cmpi_comm_world(), &size), "MPI_Comm_size")
        var exitCommunicator = cmpi_comm_null()
        check(MPI_Comm_dup(cmpi_comm_world(), &exitCommunicator), "MPI_Comm_dup")
        Self.exitCommunicator = exitCommunicator
        let communicator = MPICommunicator(rank: Int(rank), size: Int(size))
        started = communicator
        return communicator
    }

    /// Ends MPI for this process, which exits with `code`. Harmless when MPI was never started
    /// or has already finished.
    ///
    /// Every rank meets the others at a barrier of its own before `MPI_Finalize`. A rank that
    /// succeeded waits there as long as it takes (another rank may still be writing the model).
    /// A rank that failed waits at most `failureGrace`: its error may be one only it found, on
    /// a path where the others went on into a collective they will never leave; then it ends
    /// the whole job with `MPI_Abort(code)` instead of leaving them waiting for ever. An error
    /// every rank found together (an agreed one) meets at the barrier at once and ends normally.
    public static func finish(code: Int32 = 0, failureGrace: Duration = .seconds(10)) {
        guard let started else { return }
        var finalized: Int32 = 0
        MPI_Finalized(&finalized)
        guard finalized == 0 else { return }
        if started.size > 1, let exitCommunicator {
            var request: MPI_Request?
            check(MPI_Ibarrier(exitCommunicator, &request), "MPI_Ibarrier")
            let deadline = ContinuousClock.now + failureGrace
            var done: Int32 = 0
            while true {
                check(MPI_Test(&request, &done, cmpi_status_ignore()), "MPI_Test")
                if done != 0 { break }
                if code != 0 && ContinuousClock.now >= deadline { started.abort(code: code) }
                usleep(1_000)
            }
        }
        MPI_Finalize()
    }

    /// Ends the whole job at once with `code` on every rank (`MPI_Abort`), for a failure only
    /// this rank knows about and that would otherwise leave the others waiting.
    public func abort(code: Int32) -> Never {
        MPI_Abort(cmpi_comm_world(), code)
        // MPI_Abort does not return; should it, the process still must not go on.
        fatalError("MPI_Abort returned")
    }

    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) {
        reduce(values.baseAddress, count: values.count, elementSize: MemoryLayout<Float>.stride, type: cmpi_float())
    }

    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) {
        reduce(values.baseAddress, count: values.count, elementSize: MemoryLayout<Double>.stride, type: cmpi_double())
    }

    /// Sums in place, in pieces of at most `Int32.max` elements (MPI counts are `int`).
    private func reduce(_ base: UnsafeMutableRawPointer?, count: Int, elementSize: Int, type: MPI_Datatype?) {
        guard let base, count > 0 else { return }
        let started = ContinuousClock.now
        var offset = 0
        while offset < count {
            let piece = min(count - offset, Int(Int32.max))
            Self.check(MPI_Allreduce(cmpi_in_place(), base + offset * elementSize, Int32(piece), type,
                                     cmpi_sum(), cmpi_comm_world()), "MPI_Allreduce")
            offset += piece
        }
        let elapsed = ContinuousClock.now - started
        allReduceSeconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        allReduceBytes += count * elementSize
        allReduceCalls += 1
    }

    public func broadcast(_ bytes: UnsafeMutableRawBufferPointer, from root: Int) {
        precondition((0..<size).contains(root), "broadcast from rank \(root) of \(size)")
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var offset = 0
        while offset < bytes.count {
            let piece = min(bytes.count - offset, Int(Int32.max))
            Self.check(MPI_Bcast(base + offset, Int32(piece), cmpi_byte(), Int32(root), cmpi_comm_world()), "MPI_Bcast")
            offset += piece
        }
    }

    public func allGather(_ bytes: [UInt8]) -> [[UInt8]] {
        var lengths = [Int64](repeating: 0, count: size)
        var ownLength = Int64(bytes.count)
        Self.check(MPI_Allgather(&ownLength, 1, cmpi_int64(), &lengths, 1, cmpi_int64(), cmpi_comm_world()),
                   "MPI_Allgather")
        let total = lengths.reduce(0, +)
        precondition(total <= Int64(Int32.max), "allGather of \(total) bytes; at most \(Int32.max) are supported")
        let counts = lengths.map { Int32($0) }
        var displacements = [Int32](repeating: 0, count: size)
        for index in 1..<max(size, 1) { displacements[index] = displacements[index - 1] + counts[index - 1] }
        var gathered = [UInt8](repeating: 0, count: Int(total))
        bytes.withUnsafeBufferPointer { own in
            gathered.withUnsafeMutableBufferPointer { all in
                Self.check(MPI_Allgatherv(own.baseAddress, Int32(own.count), cmpi_byte(), all.baseAddress,
                                          counts, displacements, cmpi_byte(), cmpi_comm_world()), "MPI_Allgatherv")
            }
        }
        return (0..<size).map { index in
            let start = Int(displacements[index])
            return Array(gathered[start..<(start + Int(counts[index]))])
        }
    }

    public func barrier() {
        Self.check(MPI_Barrier(cmpi_comm_world()), "MPI_Barrier")
    }

    /// With `MPI_ERRORS_ARE_FATAL` an MPI call that fails does not return; a failure that does
    /// come back (before the handler is set) ends the job.
    private static func check(_ code: Int32, _ call: String) {
        guard code == cmpi_success() else {
            MPI_Abort(cmpi_comm_world(), 1)
            fatalError("\(call) failed with MPI error \(code)")
        }
    }
}
#endif
