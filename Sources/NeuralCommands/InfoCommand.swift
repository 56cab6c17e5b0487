import ArgumentParser
import Neural

/// `neural info`: version, GEMM engine, micro-kernel and thread count.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show the version, the compute engine, the micro-kernel and the thread count."
    )

    func run() throws {
        print("neural \(NeuralVersion.string)")
    }
}
