/// A request the server refuses, with the HTTP status it answers and a message that names what
/// is wrong and where (the tensor, the row and the column). The body is `{"error": message}`.
public struct InferenceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The HTTP status code: 400 bad request, 404 unknown model or route, 413 too large,
    /// 503 not ready.
    public let status: Int
    public let message: String

    public init(status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }

    /// 400: the request is malformed or does not fit the model.
    public static func badRequest(_ message: String) -> InferenceError { InferenceError(status: 400, message) }
    /// 404: no model of that name (or version).
    public static func notFound(_ message: String) -> InferenceError { InferenceError(status: 404, message) }
    /// 413: over a size limit.
    public static func tooLarge(_ message: String) -> InferenceError { InferenceError(status: 413, message) }
    /// 503: the server is not ready (starting or draining).
    public static func unavailable(_ message: String) -> InferenceError { InferenceError(status: 503, message) }
}
