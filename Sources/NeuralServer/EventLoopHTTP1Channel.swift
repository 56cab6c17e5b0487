#if Serve
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 connections, each handled on its own channel's event loop.
///
/// Hummingbird runs a connection's requests in a task on Swift's global concurrent executor, so
/// each request crosses threads twice: the event loop hands the parsed request to a thread of the
/// concurrency pool, which hands the response back. On two cores those hand-offs, not the work,
/// set the latency at one connection, and their wake-ups set its tail. Here the connection's task
/// prefers the channel's event loop, so a request is parsed, answered and written on one thread.
/// Work that would hold the loop too long for its other connections (a large body or forward
/// pass) leaves it (`InferenceRoutes`, `DynamicBatcher`).
struct EventLoopHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let base: HTTP1Channel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        if #available(macOS 15.0, *) {
            await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
                await base.handle(value: value, logger: logger)
            }
        } else {
            await base.handle(value: value, logger: logger)
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 whose connections are handled on their event loops (`EventLoopHTTP1Channel`).
    static func http1OnEventLoop(configuration: HTTP1Channel.Configuration) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            EventLoopHTTP1Channel(base: HTTP1Channel(responder: responder, configuration: configuration))
        }
    }
}
#endif
