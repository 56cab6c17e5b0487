import Testing
@testable import NeuralInference

@Suite struct ServerMetricsTests {
    /// Prometheus text format 0.0.4: HELP and TYPE lines, cumulative buckets ending in +Inf,
    /// _sum and _count; label values escaped.
    @Test func prometheusText() {
        let metrics = ServerMetrics()
        metrics.recordRequest(model: "iris", code: 200, seconds: 0.0003)
        metrics.recordRequest(model: "iris", code: 200, seconds: 0.002)
        metrics.recordRequest(model: "iris", code: 400, seconds: 0.00005)
        metrics.recordRequest(model: "a\"b", code: 404, seconds: 0.1)
        metrics.recordBatch(rows: 3)
        metrics.recordBatch(rows: 100)
        metrics.recordReload(model: "iris", succeeded: false)
        let text = metrics.prometheusText()
        #expect(text.contains("# TYPE neural_inference_requests_total counter\n"))
        #expect(text.contains("neural_inference_requests_total{model=\"iris\",code=\"200\"} 2\n"))
        #expect(text.contains("neural_inference_requests_total{model=\"iris\",code=\"400\"} 1\n"))
        #expect(text.contains("neural_inference_requests_total{model=\"a\\\"b\",code=\"404\"} 1\n"))
        #expect(text.contains("neural_inference_request_duration_seconds_bucket{model=\"iris\",le=\"0.0001\"} 1\n"))
        #expect(text.contains("neural_inference_request_duration_seconds_bucket{model=\"iris\",le=\"0.0005\"} 2\n"))
        #expect(text.contains("neural_inference_request_duration_seconds_bucket{model=\"iris\",le=\"+Inf\"} 3\n"))
        #expect(text.contains("neural_inference_request_duration_seconds_count{model=\"iris\"} 3\n"))
        #expect(text.contains("neural_batch_rows_bucket{le=\"4\"} 1\n"))
        #expect(text.contains("neural_batch_rows_bucket{le=\"128\"} 2\n"))
        #expect(text.contains("neural_batch_rows_sum 103.0\n"))
        #expect(text.contains("neural_batch_rows_count 2\n"))
        #expect(text.contains("neural_model_reloads_total{model=\"iris\",result=\"failure\"} 1\n"))
        #expect(metrics.requestCount(model: "iris", code: 200) == 2)
    }
}
