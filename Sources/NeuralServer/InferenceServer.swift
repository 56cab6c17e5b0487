#if Serve
import Dispatch
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import Neural
import NeuralInference
import ServiceLifecycle

/// `neural serve`: the models of a `ModelRepository` behind the Open Inference Protocol's REST
/// API, on Hummingbird.
///
/// - SIGHUP (or a changed file, with a watch interval) reloads the models; a file that fails
///   to load keeps the old model serving, and the reason is logged.
/// - SIGTERM or SIGINT: readiness turns 503, the listener closes, requests in flight finish,
///   then `run` returns.
public final class InferenceServer: Sendable {
    public let repository: ModelRepository
    public let metrics: ServerMetrics
    public let batcher: DynamicBatcher
    public let configuration: ServerConfiguration
    let logger: Logger
    let state = ServerState()

    public init(repository: ModelRepository, configuration: ServerConfiguration, logger: Logger) {
        let metrics = ServerMetrics()
        self.repository = repository
        self.metrics = metrics
        self.configuration = configuration
        self.logger = logger
        self.batcher = DynamicBatcher(configuration: configuration.batching) { rows in metrics.recordBatch(rows: rows) }
    }

    /// The routes, with the JSON error and (with a token) authentication middleware.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(JSONErrorMiddleware())
        if let token = configuration.token {
            router.middlewares.add(BearerTokenMiddleware(token: Array(token.utf8)))
        }
        InferenceRoutes(repository: repository, metrics: metrics, batcher: batcher, limits: configuration.limits,
                        state: state).register(on: router)
        return router
    }

    /// The application with the configured address and limits; `onRunning` gets the port.
    public func makeApplication(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let limits = configuration.limits
        let decoder = HTTP1Channel.Configuration.DecoderConfiguration(
            maxHeaderFieldSize: limits.maxHeaderBytes, maxHeaderListSize: limits.maxHeaderBytes, maxHeaderFieldCount: 1000)
        let (seconds, attoseconds) = limits.idleTimeout.components
        let http = HTTP1Channel.Configuration(
            idleTimeout: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000),
            httpDecoderConfiguration: decoder)
        return Application(
            router: makeRouter(),
            server: .http1OnEventLoop(configuration: http),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "neural",
                availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: logger)),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Reloads every model (or only those whose file changed), logging each outcome.
    public func reload(onlyChanged: Bool) {
        for result in repository.reload(onlyChanged: onlyChanged) {
            metrics.recordReload(model: result.name, succeeded: result.failure == nil)
            if let failure = result.failure {
                logger.error("reload of \(result.name) from \(result.path) failed; the previous model keeps serving: \(failure)")
            } else {
                logger.info("reloaded \(result.name) from \(result.path)")
            }
        }
    }

    /// Serves until SIGTERM or SIGINT, then drains and returns.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let group = ServiceGroup(services: [makeApplication(onRunning: onRunning)], logger: logger)
        let signals = SignalHandlers(server: self, group: group)
        let watcher = configuration.watchInterval.map { interval in
            Task { [self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    if Task.isCancelled { break }
                    reload(onlyChanged: true)
                }
            }
        }
        defer {
            watcher?.cancel()
            signals.cancel()
            batcher.stop()
        }
        try await group.run()
    }

    /// Readiness turns 503 and the service group shuts down gracefully.
    func beginShutdown(_ group: ServiceGroup) {
        state.beginDraining()
        logger.info("shutting down: finishing the requests in flight")
        Task { await group.triggerGracefulShutdown() }
    }
}

/// SIGHUP reloads; SIGTERM and SIGINT shut down gracefully. The signals are ignored by the
/// default disposition while the sources are installed, so they never kill the process.
final class SignalHandlers: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    init(server: InferenceServer, group: ServiceGroup) {
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGHUP, SIGTERM, SIGINT] {
            // The default action is set aside so the signal cannot kill the process; a handler
            // already installed (a dispatch source of the host program's) is left in place, since
            // replacing it with SIG_IGN would discard the signal for every source.
            var current = sigaction()
            let queried = sigaction(number, nil, &current) == 0
            #if canImport(Glibc)
            let handler = current.__sigaction_handler.sa_handler
            #else
            let handler = current.__sigaction_u.__sa_handler
            #endif
            if !queried || handler == nil {
                signal(number, SIG_IGN)
            }
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if number == SIGHUP {
                    server.logger.info("SIGHUP: reloading the models")
                    server.reload(onlyChanged: false)
                } else {
                    server.beginShutdown(group)
                }
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
#endif
