import Dispatch
import Foundation
import NeuralInference

/// Whether this build has the HTTP server (the package's `Serve` trait).
public enum ServerBuild {
    #if Serve
    public static let isAvailable = true
    #else
    public static let isAvailable = false
    #endif

    /// What to run to get a build with `neural serve`.
    public static let buildCommand = "swift build -c release --traits Serve"
}

#if Serve
import Logging

extension InferenceServer {
    /// Loads the models (throwing the first file that fails), logs to standard error, serves
    /// until SIGTERM or SIGINT and returns once the requests in flight are answered.
    /// `onListening` gets the URL once the server accepts connections.
    public static func serve(sources: [ModelRepository.Source], configuration: ServerConfiguration,
                             onListening: @escaping @Sendable (String) -> Void) throws {
        let repository = try ModelRepository(sources: sources)
        LoggingSystem.bootstrap { label in ServerLogHandler(label: label, level: .info) }
        let server = InferenceServer(repository: repository, configuration: configuration,
                                     logger: Logger(label: "neural.serve"))
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        Task {
            do {
                try await server.run { port in onListening("http://\(host):\(port)") }
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }
}

/// The error a server task ended with, handed to the blocked caller.
private final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?

    var error: (any Error)? {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
#endif
