import Foundation

/// The server's counters and histograms, served as Prometheus text (exposition format 0.0.4)
/// at `GET /metrics`:
///
/// - `neural_inference_requests_total{model, code}`: inference requests by model and HTTP status
///   (`model=""` for a name no model has, so unknown names cannot grow the label set);
/// - `neural_inference_request_duration_seconds{model}`: a histogram of the time from the request's
///   arrival to its response;
/// - `neural_batch_rows`: a histogram of the rows in each forward pass (dynamic batching);
/// - `neural_model_reloads_total{model, result}`: reloads that succeeded or kept the old model.
public final class ServerMetrics: @unchecked Sendable {
    /// Upper bounds of the latency buckets, in seconds (100 µs to 2.5 s).
    public static let latencyBuckets: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 2.5]
    /// Upper bounds of the batch-size buckets, in rows.
    public static let batchBuckets: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096]

    private struct Histogram {
        var counts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0

        init(buckets: Int) { counts = [UInt64](repeating: 0, count: buckets) }

        mutating func observe(_ value: Double, bounds: [Double]) {
            for (index, bound) in bounds.enumerated() where value <= bound { counts[index] += 1 }
            sum += value
            count += 1
        }
    }

    private struct RequestKey: Hashable, Comparable {
        let model: String
        let code: Int
        static func < (a: RequestKey, b: RequestKey) -> Bool { (a.model, a.code) < (b.model, b.code) }
    }

    private struct ReloadKey: Hashable, Comparable {
        let model: String
        let succeeded: Bool
        static func < (a: ReloadKey, b: ReloadKey) -> Bool { (a.model, a.succeeded ? 1 : 0) < (b.model, b.succeeded ? 1 : 0) }
    }

    private let lock = NSLock()
    private var requests: [RequestKey: UInt64] = [:]
    private var latency: [String: Histogram] = [:]
    private var batches = Histogram(buckets: ServerMetrics.batchBuckets.count)
    private var reloads: [ReloadKey: UInt64] = [:]

    public init() {}

    /// One inference request of `model` ("" when unknown) answered with `code` after `seconds`.
    public func recordRequest(model: String, code: Int, seconds: Double) {
        lock.lock()
        requests[RequestKey(model: model, code: code), default: 0] += 1
        latency[model, default: Histogram(buckets: Self.latencyBuckets.count)].observe(seconds, bounds: Self.latencyBuckets)
        lock.unlock()
    }

    /// One forward pass of `rows` rows.
    public func recordBatch(rows: Int) {
        lock.lock()
        batches.observe(Double(rows), bounds: Self.batchBuckets)
        lock.unlock()
    }

    /// A reload of `model` that succeeded or failed (and kept the old model).
    public func recordReload(model: String, succeeded: Bool) {
        lock.lock()
        reloads[ReloadKey(model: model, succeeded: succeeded), default: 0] += 1
        lock.unlock()
    }

    /// The number of requests recorded for `model` with `code`.
    public func requestCount(model: String, code: Int) -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        return requests[RequestKey(model: model, code: code)] ?? 0
    }

    /// Everything, as Prometheus text.
    public func prometheusText() -> String {
        lock.lock()
        defer { lock.unlock() }
        var text = """
        # HELP neural_inference_requests_total Inference requests by model and HTTP status code.
        # TYPE neural_inference_requests_total counter

        """
        for (key, count) in requests.sorted(by: { $0.key < $1.key }) {
            text += "neural_inference_requests_total{model=\"\(Self.escape(key.model))\",code=\"\(key.code)\"} \(count)\n"
        }
        text += """
        # HELP neural_inference_request_duration_seconds Time from a request's arrival to its response.
        # TYPE neural_inference_request_duration_seconds histogram

        """
        for (model, histogram) in latency.sorted(by: { $0.key < $1.key }) {
            text += Self.histogramLines("neural_inference_request_duration_seconds", label: "model=\"\(Self.escape(model))\",",
                                        histogram, bounds: Self.latencyBuckets)
        }
        text += """
        # HELP neural_batch_rows Rows in each forward pass (requests coalesced by dynamic batching).
        # TYPE neural_batch_rows histogram

        """
        text += Self.histogramLines("neural_batch_rows", label: "", batches, bounds: Self.batchBuckets)
        text += """
        # HELP neural_model_reloads_total Model reloads (SIGHUP or --watch); a failed one keeps the old model.
        # TYPE neural_model_reloads_total counter

        """
        for (key, count) in reloads.sorted(by: { $0.key < $1.key }) {
            text += "neural_model_reloads_total{model=\"\(Self.escape(key.model))\",result=\"\(key.succeeded ? "success" : "failure")\"} \(count)\n"
        }
        return text
    }

    private static func histogramLines(_ name: String, label: String, _ histogram: Histogram, bounds: [Double]) -> String {
        var text = ""
        for (index, bound) in bounds.enumerated() {
            text += "\(name)_bucket{\(label)le=\"\(format(bound))\"} \(histogram.counts[index])\n"
        }
        text += "\(name)_bucket{\(label)le=\"+Inf\"} \(histogram.count)\n"
        let plain = label.isEmpty ? "" : "{\(label.dropLast())}"
        text += "\(name)_sum\(plain) \(histogram.sum)\n"
        text += "\(name)_count\(plain) \(histogram.count)\n"
        return text
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// A label value with `\`, `"` and line feeds escaped.
    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
