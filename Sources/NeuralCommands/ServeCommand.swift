import ArgumentParser
import Foundation
import Neural
import NeuralInference
import NeuralServer

/// `neural serve MODEL… `: the models behind the Open Inference Protocol (KServe v2 REST).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve models over HTTP with the Open Inference Protocol (KServe v2, Triton's REST API).",
        discussion: """
        Each model is served as /v2/models/<name>, where the name is the file's name without its \
        extension (or --name for a single model). Requests are JSON tensors (one per CSV column, \
        or one FP32 tensor "input" [rows, columns] for all-numeric models), the binary tensor \
        extension (Inference-Header-Content-Length), or CSV (Content-Type: text/csv, answered as \
        neural predict prints it). SIGHUP reloads the models (a file that fails to load keeps the \
        old model); SIGTERM finishes the requests in flight and exits 0. Needs a build with the \
        Serve trait: \(ServerBuild.buildCommand).
        """
    )

    @Argument(help: "Model files written by neural train (or neural import).")
    var models: [String]

    @Option(help: "The name of the model in URLs (one model only; default: the file's name without extension).")
    var name: String?

    @Option(help: "The address to listen on. The default accepts connections from this machine only.")
    var host: String = "127.0.0.1"

    @Option(help: "The TCP port (0: any free port; the URL is printed once listening).")
    var port: Int = 8080

    @Option(help: "A file holding the bearer token that every route but /v2/health/live requires.")
    var tokenFile: String?

    @Option(help: "Milliseconds a request waits for others to share its forward pass.")
    var maxBatchDelay: Double = 1

    @Option(help: "Most rows in one forward pass.")
    var maxBatchRows: Int = 512

    @Option(help: "Largest request body in bytes (413 beyond).")
    var maxRequestBytes: Int = ServerLimits().maxRequestBytes

    @Option(help: "Most rows in one request (413 beyond).")
    var maxRequestRows: Int = ServerLimits().maxRequestRows

    @Option(help: "Largest request head (request line and headers) in bytes.")
    var maxHeaderBytes: Int = ServerLimits().maxHeaderBytes

    @Option(help: "Most open connections; more wait to be accepted.")
    var maxConnections: Int = ServerLimits().maxConnections

    @Option(help: "Seconds after which an idle connection is closed.")
    var idleTimeout: Double = 60

    @Flag(help: "Reload a model when its file changes (checked every --watch-interval seconds).")
    var watch = false

    @Option(help: "Seconds between checks of the model files with --watch.")
    var watchInterval: Double = 1

    func validate() throws {
        if let name {
            guard models.count == 1 else { throw ValidationError("--name names a single model; \(models.count) model files were given.") }
            try Self.checkName(name, flag: "--name")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535, got \(port).") }
        guard maxBatchDelay.isFinite, maxBatchDelay >= 0, maxBatchDelay <= 10_000 else {
            throw ValidationError("--max-batch-delay must be from 0 to 10000 milliseconds, got \(maxBatchDelay).")
        }
        for (flag, value) in [("--max-batch-rows", maxBatchRows), ("--max-request-bytes", maxRequestBytes),
                              ("--max-request-rows", maxRequestRows), ("--max-header-bytes", maxHeaderBytes),
                              ("--max-connections", maxConnections)] where value < 1 {
            throw ValidationError("\(flag) must be at least 1, got \(value).")
        }
        guard maxHeaderBytes >= 256 else { throw ValidationError("--max-header-bytes must be at least 256, got \(maxHeaderBytes).") }
        guard idleTimeout.isFinite, idleTimeout > 0, idleTimeout <= 86_400 else {
            throw ValidationError("--idle-timeout must be more than 0 and at most 86400 seconds, got \(idleTimeout).")
        }
        guard watchInterval.isFinite, watchInterval >= 0.05, watchInterval <= 3600 else {
            throw ValidationError("--watch-interval must be from 0.05 to 3600 seconds, got \(watchInterval).")
        }
    }

    /// A model name as it appears in a URL path segment.
    static func checkName(_ name: String, flag: String) throws {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        guard !name.isEmpty, name != ".", name != "..", name.unicodeScalars.allSatisfy({ allowed.contains($0) }) else {
            throw ValidationError("\(flag) \"\(name)\" is not a usable model name: use letters, digits, '_', '-' and '.' (rename the file or give --name).")
        }
    }

    /// The model files with their names, refusing two models of the same name.
    func sources() throws -> [ModelRepository.Source] {
        var result: [ModelRepository.Source] = []
        for path in models {
            try requireExistingFile(path, role: "model file")
            let modelName = name ?? fileURL(path).deletingPathExtension().lastPathComponent
            do { try Self.checkName(modelName, flag: "The model name") } catch let error as ValidationError {
                throw CommandError.badInput(error.message)
            }
            if let other = result.first(where: { $0.name == modelName }) {
                throw CommandError.badInput("\(other.path) and \(path) would both be served as \"\(modelName)\"; rename one file.")
            }
            result.append(ModelRepository.Source(name: modelName, path: fileURL(path).path))
        }
        return result
    }

    /// The token in --token-file: its first line without surrounding whitespace.
    func token() throws -> String? {
        guard let tokenFile else { return nil }
        try requireExistingFile(tokenFile, role: "token file")
        let text: String
        do {
            text = try String(contentsOf: fileURL(tokenFile), encoding: .utf8)
        } catch {
            throw CommandError.badInput("The token file \"\(tokenFile)\" cannot be read as UTF-8 text: \(error.localizedDescription)")
        }
        let token = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !token.isEmpty else { throw CommandError.badInput("The token file \"\(tokenFile)\" is empty.") }
        guard token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw CommandError.badInput("The token in \"\(tokenFile)\" must be printable ASCII without spaces.")
        }
        return token
    }

    func serverConfiguration() throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.token = try token()
        configuration.batching = DynamicBatcher.Configuration(
            maxDelay: .nanoseconds(Int64(maxBatchDelay * 1_000_000)), maxRows: maxBatchRows)
        configuration.limits.maxRequestBytes = maxRequestBytes
        configuration.limits.maxRequestRows = maxRequestRows
        configuration.limits.maxHeaderBytes = maxHeaderBytes
        configuration.limits.maxConnections = maxConnections
        configuration.limits.idleTimeout = .nanoseconds(Int64(idleTimeout * 1e9))
        configuration.watchInterval = watch ? .nanoseconds(Int64(watchInterval * 1e9)) : nil
        return configuration
    }

    func run() throws {
        guard ServerBuild.isAvailable else {
            throw CommandError.badInput("""
                This neural was built without the server. Build it with the Serve trait and run that binary:
                  \(ServerBuild.buildCommand)
                  .build/release/neural serve \(models.joined(separator: " "))
                """)
        }
        let sources = try sources()
        let configuration = try serverConfiguration()
        #if Serve
        let console = Console.current
        // The server drains its requests on SIGINT and SIGTERM instead of exiting at once.
        TrainingInterruption.shared.leaveSignalsToTheCommand()
        do {
            try InferenceServer.serve(sources: sources, configuration: configuration) { url in
                let names = sources.map(\.name).joined(separator: ", ")
                console.print("neural serve: listening on \(url) (models: \(names))")
            }
        } catch let error as TrainedModelError {
            throw CommandError.badInput("\(error)")
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError.badInput("The server stopped: \(error)")
        }
        #endif
    }
}
