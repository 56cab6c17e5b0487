import ArgumentParser
import Foundation
import Neural
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--distributed` of `neural train`: data-parallel training across the processes `mpirun`
/// starts, in a build with the `MPI` package trait.
struct DistributedOptions: ParsableArguments {
    @Flag(help: "Train data-parallel across the processes mpirun starts: each takes its share of every batch and the gradients are all-reduced (needs a build with --traits MPI).")
    var distributed = false

    @Flag(help: "With --distributed: each process reads and holds only its share of the data file's rows, found by byte ranges. Statistics, classes and the validation and test split are computed across the processes and equal one process's, but each epoch shuffles and batches every share on its own, so the batches differ from one process's. Needs a regular file (not standard input or a pipe).")
    var shard = false

    static let notBuilt = """
        --distributed needs a build with MPI support: install Open MPI (Debian: apt-get install openmpi-bin \
        libopenmpi-dev), build with `swift build -c release --traits MPI`, and start it with \
        `mpirun -np N .build/release/neural train … --distributed`.
        """

    func validate() throws {
        #if !MPI
        if distributed { throw ValidationError(Self.notBuilt) }
        #endif
        if shard && !distributed {
            throw ValidationError("--shard splits the rows among the processes of a distributed run; add --distributed (and start it with mpirun).")
        }
    }

    /// Refuses input that cannot be split by byte ranges (`--shard`): standard input, a pipe or
    /// any other stream reaches one process only, and has no byte offsets to seek to.
    static func checkShardable(_ argument: String) throws {
        let stream = "cannot be split by byte ranges, which --shard needs (every process reads its own part of the file); save it to a file first, or drop --shard."
        guard argument != "-" else { throw CommandError.badInput("Standard input (-) \(stream)") }
        var info = stat()
        guard stat(fileURL(argument).path, &info) == 0 else { return }  // InputFile names a missing file.
        if info.st_mode & S_IFMT != S_IFREG, info.st_mode & S_IFMT != S_IFDIR {
            throw CommandError.badInput("The data file \"\(argument)\" is a pipe or another stream, which \(stream)")
        }
    }

    /// The processes training together: MPI's job with `--distributed`, else this process alone.
    func communicator() -> any Communicator {
        #if MPI
        if distributed { return MPICommunicator.start() }
        #endif
        return SingleProcessCommunicator()
    }

    /// Ends MPI if this process started it; called once before the executable exits with
    /// `code` (a failing rank that the others do not meet at the exit ends the job, see
    /// `MPICommunicator.finish(code:failureGrace:)`).
    static func finish(code: Int32) {
        #if MPI
        MPICommunicator.finish(code: code)
        #endif
    }
}

/// The start-up check of a distributed run: every rank must have the same settings and read
/// the same data. Each rank hashes both; the hashes are all-gathered and a rank that differs
/// from rank 0 is named.
enum DistributedAgreement {
    /// Throws `CommandError.badInput` naming the first rank whose settings or data differ from
    /// rank 0's (on every rank, so all of them stop). `settings` is evaluated only in a
    /// distributed run (describing the settings reflects over them, a tenth of a small run's start).
    static func check(_ communicator: any Communicator, settings: @autoclosure () throws -> String, data url: URL) throws {
        guard communicator.isDistributed else { return }
        let own = [fnv1a(Array(try settings().utf8)), try fileHash(url)]
        let bytes = own.flatMap { value in (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }
        let all = communicator.allGather(bytes + Array(url.path.utf8))
        for (rank, gathered) in all.enumerated() where gathered.prefix(16) != all[0].prefix(16) {
            // Every rank finds the same difference; rank 0 says it for all.
            guard communicator.rank == 0 else { throw CommandError(.badInput, "") }
            if gathered.prefix(8) != all[0].prefix(8) {
                throw CommandError.badInput("Rank \(rank) was started with different training settings from rank 0; every process of a distributed run must get the same flags.")
            }
            let path = String(decoding: gathered.dropFirst(16), as: UTF8.self)
            throw CommandError.badInput("Rank \(rank) reads a data file (\(path)) that differs from rank 0's (\(url.path)); every process of a distributed run must read the same data.")
        }
    }

    /// After training: the hash of `weights`, once every rank has found the same; throws a
    /// training failure naming the first rank whose weights differ from rank 0's.
    static func checkWeights(_ communicator: any Communicator, _ weights: [Float]) throws -> UInt64 {
        let hash = weights.withUnsafeBytes { fnv1a($0) }
        let all = communicator.allGather((0..<8).map { UInt8(truncatingIfNeeded: hash >> (8 * UInt64($0))) })
        if let rank = all.indices.first(where: { all[$0] != all[0] }) {
            throw CommandError(.trainingFailed, "After training, rank \(rank)'s weights differ from rank 0's; no model was written.")
        }
        return hash
    }

    /// FNV-1a (64-bit) of the file's bytes, read in pieces of 1 MiB.
    static func fileHash(_ url: URL) throws -> UInt64 {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw CommandError.badInput("Cannot read the data file \(url.path): \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        while true {
            let piece: Data?
            do { piece = try handle.read(upToCount: 1 << 20) } catch {
                throw CommandError.badInput("Cannot read the data file \(url.path): \(error.localizedDescription)")
            }
            guard let piece, !piece.isEmpty else { return hash }
            hash = fnv1a(piece, startingAt: hash)
        }
    }

    static func fnv1a<Bytes: Sequence<UInt8>>(_ bytes: Bytes, startingAt start: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
        var hash = start
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}

extension ParsableCommand {
    /// Runs `body` so that rank 0 alone of a distributed run prints: once the ranks agree on
    /// settings and data, they succeed or fail alike, so the others stay silent and exit with
    /// the same code.
    func speakingForAll(_ communicator: any Communicator, _ body: () throws -> Void) throws {
        guard communicator.rank != 0 else { return try body() }
        let silent = Console(errorIsTerminal: false, output: { _ in }, error: { _ in })
        do {
            try Console.$current.withValue(silent) { try body() }
        } catch let error as CommandError {
            throw CommandError(error.kind, "")
        } catch {
            throw CommandError(.trainingFailed, "")
        }
    }
}
