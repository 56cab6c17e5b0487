#if Serve
import Logging

/// swift-log's `StreamLogHandler` on standard error, with the logger's metadata kept as it is
/// set and rendered only for a message that is written.
///
/// Hummingbird gives every request a logger with its own `hb.request.id`; `StreamLogHandler`
/// renders its metadata into text each time metadata is set, so every request paid for
/// formatting a line that, at the `info` level, is never written (2–4 % of the server's time in
/// profiles at 64 connections). Written lines are the same.
struct ServerLogHandler: LogHandler {
    private var stream: StreamLogHandler
    var metadata: Logger.Metadata = [:]

    init(label: String, level: Logger.Level) {
        stream = StreamLogHandler.standardError(label: label)
        stream.logLevel = level
    }

    var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { stream.metadataProvider }
        set { stream.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        event.metadata = metadata.merging(event.metadata ?? [:]) { _, explicit in explicit }
        stream.log(event: event)
    }
}
#endif
