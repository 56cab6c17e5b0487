import NeuralInference

/// Everything `neural serve` is started with, other than the models.
public struct ServerConfiguration: Sendable {
    /// The address to listen on (loopback by default: nothing outside the machine can connect).
    public var host: String = "127.0.0.1"
    /// The TCP port (0: any free port, reported once listening).
    public var port: Int = 8080
    /// The bearer token every route but liveness requires (`nil`: no authentication).
    public var token: String?
    public var limits = ServerLimits()
    public var batching = DynamicBatcher.Configuration()
    /// Poll the model files this often and reload those that changed (`nil`: only on SIGHUP).
    public var watchInterval: Duration?

    public init() {}
}

/// The limits that keep a request from outside from taking more than its share. Each has a
/// `neural serve` flag; the defaults are documented in `neural serve --help` and README.md.
public struct ServerLimits: Sendable {
    /// Largest request body, in bytes (413 beyond). `--max-request-bytes`, default 16 MiB.
    public var maxRequestBytes = 16 << 20
    /// Most rows in one request (413 beyond). `--max-request-rows`, default 10 000.
    public var maxRequestRows = 10_000
    /// Largest request head (request line and headers together), in bytes; the connection is
    /// answered 431 and closed beyond. `--max-header-bytes`, default 16 KiB.
    public var maxHeaderBytes = 16 << 10
    /// Most open connections; further ones wait in the listen backlog. `--max-connections`,
    /// default 256.
    public var maxConnections = 256
    /// A connection idle this long is closed. `--idle-timeout`, default 60 s.
    public var idleTimeout: Duration = .seconds(60)

    public init() {}
}
