import ArgumentParser
import Neural

/// How a CSV file is read (and, for `predict`, written): `--delimiter`.
struct CSVFormatOptions: ParsableArguments {
    @Option(help: "The field separator: one character, or tab (predict writes its output with it too).")
    var delimiter: String = ","

    func validate() throws {
        if delimiterScalar(delimiter) == nil {
            throw ValidationError("--delimiter must be one ASCII character other than a quote or a line break (or \"tab\"), got \"\(delimiter)\".")
        }
    }

    /// The reader's options these flags describe.
    func csvOptions() throws -> CSVOptions {
        try NeuralCommands.csvOptions(delimiter: delimiter)
    }

}
