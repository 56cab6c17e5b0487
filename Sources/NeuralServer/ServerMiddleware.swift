#if Serve
import Foundation
import Hummingbird
import NeuralInference

/// Requires `Authorization: Bearer <token>` on every route but liveness
/// (`/v2/health/live`, which a supervisor polls without credentials). The token is compared in
/// constant time: every byte of the longer of the two is examined whatever the first difference.
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let token: [UInt8]

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path == "/v2/health/live" { return try await next(request, context) }
        let presented = request.headers[.authorization].flatMap(Self.bearerToken) ?? []
        guard Self.constantTimeEqual(presented, token) else {
            var response = InferenceRoutes.error(InferenceError(status: 401, "This server requires \"Authorization: Bearer <token>\" with the token it was started with."))
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        return try await next(request, context)
    }

    /// The token of a `Bearer` credential (the scheme is case-insensitive).
    static func bearerToken(_ field: String) -> [UInt8]? {
        let parts = field.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return Array(parts[1].trimmingCharacters(in: .whitespaces).utf8)
    }

    /// Whether `a` and `b` are equal, in time that depends only on their lengths.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt64(a.count ^ b.count)
        let length = max(a.count, b.count)
        for index in 0..<length {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= UInt64(x ^ y)
        }
        return difference == 0
    }
}

/// Every error the router or a handler throws (an unknown route, a wrong method, a malformed
/// request line) answers `{"error": …}` with its status, like the protocol's own errors.
struct JSONErrorMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as InferenceError {
            return InferenceRoutes.error(error)
        } catch let error as any HTTPResponseError {
            let message = error.status == .notFound
                ? "No route \(request.method) \(request.uri.path); see /v2 and /v2/models/{name}."
                : "\(error.status.code) \(error.status.reasonPhrase)"
            return InferenceRoutes.error(InferenceError(status: error.status.code, message))
        }
    }
}

/// Whether the server has begun to shut down (readiness then answers 503).
final class ServerState: @unchecked Sendable {
    private let lock = NSLock()
    private var draining = false

    var isDraining: Bool {
        lock.lock()
        defer { lock.unlock() }
        return draining
    }

    func beginDraining() {
        lock.lock()
        draining = true
        lock.unlock()
    }
}
#endif
