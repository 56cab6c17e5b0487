#if Serve
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import Neural
import NeuralInference
@testable import NeuralServer

/// The routes in process (HummingbirdTesting's router client), over the fixtures' models.
@Suite struct InferenceRouteTests {
    static func server(token: String? = nil, limits: ServerLimits = ServerLimits()) -> InferenceServer {
        var configuration = ServerConfiguration()
        configuration.token = token
        configuration.limits = limits
        let repository = ModelRepository(models: [ServingFixtures.classifier(), ServingFixtures.regressor()])
        return InferenceServer(repository: repository, configuration: configuration, logger: Logger(label: "test"))
    }

    static func app(_ server: InferenceServer) -> some ApplicationProtocol {
        Application(router: server.makeRouter())
    }

    static func text(_ buffer: ByteBuffer) -> String { String(buffer: buffer) }

    static func json(_ buffer: ByteBuffer) throws -> JSONValue {
        try JSONParser.parse(Array(buffer.readableBytesView))
    }

    @Test func healthAndMetadata() async throws {
        let server = Self.server()
        defer { server.batcher.stop() }
        try await Self.app(server).test(.router) { client in
            try await client.execute(uri: "/v2/health/live", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v2/health/ready", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v2", method: .get) { response in
                let json = try Self.json(response.body)
                #expect(json["name"] == JSONValue.string("neural"))
                #expect(json["extensions"] == .array([JSONValue.string("binary_tensor_data")]))
            }
            try await client.execute(uri: "/v2/models/mixed", method: .get) { response in
                #expect(response.status == .ok)
                let json = try Self.json(response.body)
                guard case .array(let inputs)? = json["inputs"] else { Issue.record("no inputs"); return }
                #expect(inputs.map { $0["name"] } == [JSONValue.string("a"), .string("b"), .string("c")])
                #expect(inputs.map { $0["datatype"] } == [JSONValue.string("FP32"), .string("FP32"), .string("BYTES")])
                guard case .array(let outputs)? = json["outputs"] else { Issue.record("no outputs"); return }
                #expect(outputs.map { $0["name"] } == [JSONValue.string("prediction"), .string("probabilities")])
            }
            try await client.execute(uri: "/v2/models/mixed/versions/1/ready", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v2/models/mixed/versions/2", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v2/models/missing/ready", method: .get) { response in
                #expect(response.status == .notFound)
                let json = try Self.json(response.body)
                #expect(json["error"] == JSONValue.string("No model named \"missing\"; this server has mixed, numeric."))
            }
            try await client.execute(uri: "/v2/nothing", method: .get) { response in
                #expect(response.status == .notFound)
                let json = try Self.json(response.body)
                #expect(json["error"] != nil)
            }
        }
    }

    @Test func inferJSONBinaryAndCSV() async throws {
        let server = Self.server()
        defer { server.batcher.stop() }
        let served = ServingFixtures.classifier()
        let expected = try ServingFixtures.expected(served, csv: ServingFixtures.mixedCSV)
        try await Self.app(server).test(.router) { client in
            try await client.execute(uri: "/v2/models/mixed/infer", method: .post,
                                     body: ByteBuffer(string: ServingFixtures.mixedJSON)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let json = try Self.json(response.body)
                #expect(json["id"] == JSONValue.string("r-1"))
                guard case .array(let outputs)? = json["outputs"] else { Issue.record("no outputs"); return }
                #expect(outputs[0]["data"] == JSONValue.array(expected.labels.map { JSONValue.string($0) }))
            }
            let (body, headerLength) = ServingFixtures.mixedBinary()
            let name = try #require(HTTPFields.Element.Name("Inference-Header-Content-Length"))
            try await client.execute(uri: "/v2/models/mixed/versions/1/infer", method: .post,
                                     headers: [name: String(headerLength)], body: ByteBuffer(bytes: body)) { response in
                #expect(response.status == .ok)
                let length = try #require(response.headers[name].flatMap { Int($0) })
                let bytes = Array(response.body.readableBytesView)
                let header = try JSONParser.parse(Array(bytes[0..<length]))
                guard case .array(let outputs)? = header["outputs"] else { Issue.record("no outputs"); return }
                #expect(outputs[0]["parameters"]?["binary_data_size"] != nil)
                let labels = ServingFixtures.bytesElements(expected.labels)
                #expect(Array(bytes[length..<(length + labels.count)]) == labels)
                #expect(Array(bytes[(length + labels.count)...]) == ServingFixtures.littleEndian(expected.probabilities?.storage ?? []))
            }
            try await client.execute(uri: "/v2/models/mixed/infer?probabilities=true", method: .post,
                                     headers: [.contentType: "text/csv"], body: ByteBuffer(string: ServingFixtures.mixedCSV)) { response in
                #expect(response.status == .ok)
                #expect(Self.text(response.body)
                        == ModelPrediction.csvHeader(classNames: ["u", "v", "w"], probabilities: true) + expected.csvLines(probabilities: true))
            }
            try await client.execute(uri: "/v2/models/numeric/infer", method: .post, headers: [.contentType: "text/csv"],
                                     body: ByteBuffer(string: ServingFixtures.numericCSV)) { response in
                let numeric = try ServingFixtures.expected(ServingFixtures.regressor(), csv: ServingFixtures.numericCSV)
                #expect(Self.text(response.body) == "prediction\n" + numeric.csvLines(probabilities: false))
            }
        }
    }

    @Test func errorsHaveTheProtocolsStatuses() async throws {
        var limits = ServerLimits()
        limits.maxRequestBytes = 2000
        limits.maxRequestRows = 4
        let server = Self.server(limits: limits)
        defer { server.batcher.stop() }
        try await Self.app(server).test(.router) { client in
            try await client.execute(uri: "/v2/models/mixed/infer", method: .post, body: ByteBuffer(string: "{\"inputs\": [")) { response in
                #expect(response.status == .badRequest)
                #expect(Self.text(response.body).hasPrefix("{\"error\":\"The request body is not valid JSON"))
            }
            try await client.execute(uri: "/v2/models/mixed/infer", method: .post,
                                     body: ByteBuffer(string: ServingFixtures.mixedJSON.replacingOccurrences(of: "\"q\",\"p\",\"q\"", with: "\"q\",\"zz\",\"q\""))) { response in
                #expect(response.status == .badRequest)
                #expect(Self.text(response.body).contains("The input \\\"c\\\", row 2: the category \\\"zz\\\""))
            }
            try await client.execute(uri: "/v2/models/nope/infer", method: .post, body: ByteBuffer(string: "{}")) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/v2/models/mixed/infer", method: .post, headers: [.contentType: "text/csv"],
                                     body: ByteBuffer(string: ServingFixtures.mixedCSV + "1,1,p\n")) { response in
                #expect(response.status == .contentTooLarge)
                #expect(Self.text(response.body).contains("more than 4 rows"))
            }
            try await client.execute(uri: "/v2/models/mixed/infer", method: .post,
                                     body: ByteBuffer(string: String(repeating: " ", count: 2001))) { response in
                #expect(response.status == .contentTooLarge)
                #expect(Self.text(response.body).contains("--max-request-bytes"))
            }
            try await client.execute(uri: "/v2/models/numeric/infer?probabilities=true", method: .post,
                                     headers: [.contentType: "text/csv"], body: ByteBuffer(string: ServingFixtures.numericCSV)) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = Self.text(response.body)
                #expect(text.contains("neural_inference_requests_total{model=\"mixed\",code=\"400\"} 2\n"))
                #expect(text.contains("neural_inference_requests_total{model=\"mixed\",code=\"413\"} 2\n"))
                #expect(text.contains("neural_inference_requests_total{model=\"\",code=\"404\"} 1\n"))
                #expect(text.contains("neural_inference_requests_total{model=\"numeric\",code=\"400\"} 1\n"))
            }
        }
    }

    /// Every route but liveness needs the bearer token; a wrong, missing or longer token is 401.
    @Test func bearerToken() async throws {
        let server = Self.server(token: "s3cret")
        defer { server.batcher.stop() }
        try await Self.app(server).test(.router) { client in
            try await client.execute(uri: "/v2/health/live", method: .get) { #expect($0.status == .ok) }
            for header in [nil, "Bearer wrong!", "Bearer s3cret2", "Basic s3cret", "Bearer s3cre"] {
                let headers: HTTPFields = header.map { [.authorization: $0] } ?? [:]
                try await client.execute(uri: "/v2/health/ready", method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized, "\(header ?? "none")")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                }
            }
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v2/health/ready", method: .get, headers: [.authorization: "bearer s3cret"]) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/v2/models/mixed/infer", method: .post, headers: [.authorization: "Bearer s3cret"],
                                     body: ByteBuffer(string: ServingFixtures.mixedJSON)) { #expect($0.status == .ok) }
        }
        #expect(BearerTokenMiddleware.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
        #expect(!BearerTokenMiddleware.constantTimeEqual(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!BearerTokenMiddleware.constantTimeEqual([], Array("a".utf8)))
    }

    /// While draining, readiness and inference answer 503 and liveness 200.
    @Test func drainingIsNotReady() async throws {
        let server = Self.server()
        defer { server.batcher.stop() }
        server.state.beginDraining()
        try await Self.app(server).test(.router) { client in
            try await client.execute(uri: "/v2/health/live", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v2/health/ready", method: .get) { #expect($0.status == .serviceUnavailable) }
            try await client.execute(uri: "/v2/models/mixed/infer", method: .post, body: ByteBuffer(string: ServingFixtures.mixedJSON)) {
                #expect($0.status == .serviceUnavailable)
            }
        }
    }

    /// Over a real socket, where a connection's requests are handled on its event loop: a small
    /// CSV body and one over `eventLoopBodyLimit` (decoded and predicted off the loop) get what
    /// `neural predict` prints, one after the other on the same connection.
    @Test func liveServerAnswersSmallAndLargeBodies() async throws {
        let server = Self.server()
        defer { server.batcher.stop() }
        let served = ServingFixtures.classifier()
        let rows = ServingFixtures.mixedCSV.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n"
        let copies = InferenceRoutes.eventLoopBodyLimit / rows.utf8.count + 1
        let large = "a,b,c\n" + String(repeating: rows, count: copies)
        try await server.makeApplication().test(.live) { client in
            for csv in [ServingFixtures.mixedCSV, large, ServingFixtures.mixedCSV] {
                let expected = try ServingFixtures.expected(served, csv: csv)
                try await client.execute(uri: "/v2/models/mixed/infer", method: .post, headers: [.contentType: "text/csv"],
                                         body: ByteBuffer(string: csv)) { response in
                    #expect(response.status == .ok)
                    #expect(Self.text(response.body)
                            == ModelPrediction.csvHeader(classNames: ["u", "v", "w"], probabilities: false) + expected.csvLines(probabilities: false))
                }
            }
        }
    }

    /// Over a real socket: a head larger than --max-header-bytes is refused (431) and the
    /// connection limit and idle timeout are the application's.
    @Test func headerLimitOnALiveServer() async throws {
        var limits = ServerLimits()
        limits.maxHeaderBytes = 1024
        let server = Self.server(limits: limits)
        defer { server.batcher.stop() }
        try await server.makeApplication().test(.live) { client in
            try await client.execute(uri: "/v2/health/live", method: .get) { #expect($0.status == .ok) }
            let big = String(repeating: "x", count: 2048)
            let name = try #require(HTTPFields.Element.Name("X-Padding"))
            let status = try? await client.execute(uri: "/v2/health/live", method: .get, headers: [name: big]) { $0.status }
            #expect(status != .ok)
        }
    }
}
#endif
