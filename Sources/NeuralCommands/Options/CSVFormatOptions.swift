import ArgumentParser
import Foundation
import Neural

/// How a CSV file is read (and, for `predict`, written): `--delimiter`, `--max-record-bytes`.
struct CSVFormatOptions: ParsableArguments {
    @Option(help: "The field separator: one character, or tab (predict writes its output with it too).")
    var delimiter: String = ","

    @Option(help: "The longest record (line) accepted, in bytes; a longer one is an error rather than an unbounded allocation (default 64 MiB).")
    var maxRecordBytes: Int = CSVOptions.defaultMaxRecordBytes

    func validate() throws {
        if delimiterScalar(delimiter) == nil {
            throw ValidationError("--delimiter must be one ASCII character other than a quote or a line break (or \"tab\"), got \"\(delimiter)\".")
        }
        // A record is held in memory whole: at most a quarter of the machine's memory.
        let memory = ProcessInfo.processInfo.physicalMemory / 4
        let limit = memory > UInt64(Int.max) ? Int.max : Int(memory)
        try NumericFlag.integer(maxRecordBytes, flag: "--max-record-bytes", in: 1...max(1, limit))
    }

    /// The reader's options these flags describe.
    func csvOptions() throws -> CSVOptions {
        var options = try NeuralCommands.csvOptions(delimiter: delimiter)
        options.maxRecordBytes = maxRecordBytes
        return options
    }
}
