import ArgumentParser
import Foundation
import Neural

/// `neural info`: version, GEMM engine, micro-kernel and thread count.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show the version, the compute engine, the micro-kernel and the thread count.",
        discussion: """
            NEURAL_BLAS selects the GEMM engine: builtin (default), openblas, accelerate (macOS) \
            or a path to an OpenBLAS/FlexiBLAS library. NEURAL_THREADS sets the thread count \
            (default: the number of CPUs).
            """
    )

    @OptionGroup var jsonOption: JSONOption

    func run() throws {
        do {
            try ComputeEngine.configureFromEnvironment()
        } catch {
            // A configuration error: say what is wrong and exit with status 2.
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        let status = ComputeEngine.current
        let kernels = ComputeEngine.availableKernels.map(\.name)
        if jsonOption.json {
            let object: [String: Any] = [
                "version": NeuralVersion.string,
                "engine": status.engine.rawValue,
                "engine_description": status.engineDescription,
                "kernel": status.kernel.name,
                "available_kernels": kernels,
                "threads": status.threadCount,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("neural \(NeuralVersion.string)")
            print("GEMM engine:   \(status.engineDescription)")
            print("micro-kernel:  \(status.kernel.name) (this CPU can run: \(kernels.joined(separator: ", ")))")
            print("threads:       \(status.threadCount)")
        }
    }
}
