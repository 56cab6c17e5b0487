#if Serve
import Foundation
import Hummingbird
import Neural
import NeuralInference

/// The Open Inference Protocol's REST routes (KServe v2 `inference_rest.md`) and `/metrics`.
struct InferenceRoutes: Sendable {
    let repository: ModelRepository
    let metrics: ServerMetrics
    let batcher: DynamicBatcher
    let limits: ServerLimits
    let state: ServerState

    static let headerLengthField: HTTPFields.Element.Name = fieldName("Inference-Header-Content-Length")

    private static func fieldName(_ text: String) -> HTTPFields.Element.Name {
        guard let name = HTTPFields.Element.Name(text) else { preconditionFailure("\(text) is not a valid header name") }
        return name
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/v2/health/live") { _, _ in Self.json(#"{"live":true}"#) }
        router.get("/v2/health/ready") { _, _ in
            state.isDraining ? Self.error(.unavailable("The server is shutting down.")) : Self.json(#"{"ready":true}"#)
        }
        router.get("/v2") { _, _ in
            Self.json(ProtocolJSON.serverMetadata(name: "neural", version: NeuralVersion.string,
                                                  extensions: ["binary_tensor_data"]))
        }
        router.get("/v2/models/:name") { _, context in metadata(context, version: nil) }
        router.get("/v2/models/:name/versions/:version") { _, context in
            metadata(context, version: context.parameters.get("version"))
        }
        router.get("/v2/models/:name/ready") { _, context in modelReady(context, version: nil) }
        router.get("/v2/models/:name/versions/:version/ready") { _, context in
            modelReady(context, version: context.parameters.get("version"))
        }
        router.post("/v2/models/:name/infer") { request, context in
            await infer(request, context, version: nil)
        }
        router.post("/v2/models/:name/versions/:version/infer") { request, context in
            await infer(request, context, version: context.parameters.get("version"))
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: metrics.prometheusText())))
        }
    }

    private func lookUp(_ context: BasicRequestContext, version: String?) throws(InferenceError) -> ServedModel {
        let name = context.parameters.get("name") ?? ""
        guard let model = repository.model(named: name) else {
            throw .notFound("No model named \"\(name)\"; this server has \(repository.names.joined(separator: ", ")).")
        }
        if let version, version != model.version {
            throw .notFound("The model \(name) has no version \"\(version)\"; its only version is \(model.version).")
        }
        return model
    }

    private func metadata(_ context: BasicRequestContext, version: String?) -> Response {
        do throws(InferenceError) {
            let model = try lookUp(context, version: version)
            return Self.json(model.metadataJSON())
        } catch {
            return Self.error(error)
        }
    }

    private func modelReady(_ context: BasicRequestContext, version: String?) -> Response {
        do throws(InferenceError) {
            let model = try lookUp(context, version: version)
            if state.isDraining { throw .unavailable("The server is shutting down.") }
            return Self.json(ProtocolJSON.modelReady(name: model.name))
        } catch {
            return Self.error(error)
        }
    }

    private func infer(_ request: Request, _ context: BasicRequestContext, version: String?) async -> Response {
        let start = ContinuousClock.now
        var label = ""
        let response: Response
        do {
            if state.isDraining { throw InferenceError.unavailable("The server is shutting down.") }
            let model = try lookUp(context, version: version)
            label = model.name
            response = try await answer(request, model: model)
        } catch let error as InferenceError {
            response = Self.error(error)
        } catch {
            response = Self.error(.badRequest("\(error)"))
        }
        let elapsed = ContinuousClock.now - start
        let (seconds, attoseconds) = elapsed.components
        metrics.recordRequest(model: label, code: response.status.code,
                              seconds: Double(seconds) + Double(attoseconds) * 1e-18)
        return response
    }

    /// Bodies longer than this (bytes) are decoded, predicted and encoded on Swift's global
    /// concurrent executor instead of the connection's event loop, whose other connections would
    /// otherwise wait for them (decoding 64 KiB of JSON takes about a millisecond).
    static let eventLoopBodyLimit = 64 << 10

    private func answer(_ request: Request, model: ServedModel) async throws -> Response {
        batcher.announce()
        let body: [UInt8]
        do {
            body = try await collectBody(request)
        } catch {
            batcher.withdraw()
            throw error
        }
        if body.count > Self.eventLoopBodyLimit, #available(macOS 15.0, *) {
            return try await GlobalExecutor.run { try await respond(request, body: body, model: model) }
        }
        return try await respond(request, body: body, model: model)
    }

    /// The response to `body` of an announced request, which is handed to the batcher or, when
    /// it fails before, withdrawn.
    private func respond(_ request: Request, body: [UInt8], model: ServedModel) async throws -> Response {
        var queued = false
        defer { if !queued { batcher.withdraw() } }
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        if contentType.hasPrefix("text/csv") {
            let table = try model.table(csv: body, maxRows: limits.maxRequestRows)
            let features = try model.features(of: table)
            let probabilities = request.uri.queryParameters.get("probabilities").map { ["true", "1", "yes"].contains($0.lowercased()) } ?? false
            if probabilities && model.model.task != .classification {
                throw InferenceError.badRequest("probabilities=true needs a classifier; \(model.name) is a regressor.")
            }
            queued = true
            let prediction = await batcher.predict(model, features: features)
            let csv = try model.encodeCSV(prediction, probabilities: probabilities)
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: csv)))
        }
        var headerLength: Int?
        if let field = request.headers[Self.headerLengthField] {
            guard let value = Int(field.trimmingCharacters(in: .whitespaces)), value >= 0 else {
                throw InferenceError.badRequest("Inference-Header-Content-Length must be a non-negative integer, got \"\(field)\".")
            }
            headerLength = value
        }
        let width = max(model.model.inputColumns.count, 1)
        let decoder = InferenceRequestDecoder(maxElements: limits.maxRequestRows.multipliedReportingOverflow(by: width).overflow
                                              ? Int.max : limits.maxRequestRows * width)
        let inference = try decoder.decode(body, headerLength: headerLength)
        try model.checkOutputs(inference)
        let table = try model.table(for: inference, maxRows: limits.maxRequestRows)
        let features = try model.features(of: table)
        queued = true
        let prediction = await batcher.predict(model, features: features)
        let encoded = try model.encodeResponse(prediction, for: inference)
        var headers: HTTPFields = [:]
        if let jsonLength = encoded.jsonLength {
            headers[.contentType] = "application/octet-stream"
            headers[Self.headerLengthField] = String(jsonLength)
        } else {
            headers[.contentType] = "application/json"
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: encoded.body)))
    }

    /// The body, refused with 413 beyond `maxRequestBytes` (by its Content-Length before reading,
    /// or while reading a chunked body).
    private func collectBody(_ request: Request) async throws -> [UInt8] {
        let limit = limits.maxRequestBytes
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw InferenceError.tooLarge("The request body has \(length) bytes; at most \(limit) are accepted (--max-request-bytes).")
        }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw InferenceError.tooLarge("The request body is longer than \(limit) bytes (--max-request-bytes).")
        }
    }

    static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ bytes: [UInt8]) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `{"error": message}` with the error's status.
    static func error(_ error: InferenceError) -> Response {
        Response(status: HTTPResponse.Status(code: error.status), headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: ProtocolJSON.error(error.message))))
    }
}
#endif
