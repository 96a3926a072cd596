import HTTP
import Testing

@testable import ServiceKit

@Suite struct MetricsTests {
    @Test func rendersCountsHistogramsAndGauges() {
        let metrics = PrometheusMetrics()
        metrics.record(route: "/v1/me", method: .get, status: 200, duration: .milliseconds(3))
        metrics.record(route: "/v1/me", method: .get, status: 200, duration: .milliseconds(30))
        metrics.addGauge("db_pool_waiting", help: "waiting") { 2 }
        let text = metrics.render()
        #expect(text.contains(#"campus_http_requests_total{route="/v1/me",method="GET",status="200"} 2"#))
        #expect(
            text.contains(
                #"campus_http_request_duration_seconds_bucket{route="/v1/me",method="GET",status="200",le="0.005"} 1"#))
        #expect(
            text.contains(
                #"campus_http_request_duration_seconds_bucket{route="/v1/me",method="GET",status="200",le="+Inf"} 2"#))
        #expect(text.contains("campus_db_pool_waiting 2\n"))
    }

    @Test func metricsRouteServesTheTextFormat() async throws {
        let metrics = PrometheusMetrics()
        var router = Router()
        router.use(MetricsMiddleware(recorder: metrics))
        metrics.addRoute(to: &router)
        router.get("/ping") { _, _ in .text("pong") }
        let responder = router.buildResponder()
        _ = await responder.respond(to: Request(method: .get, target: "/ping"))
        let response = await responder.respond(to: Request(method: .get, target: "/metrics"))
        #expect(response.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(String(decoding: response.body.bytes ?? [], as: UTF8.self).contains(#"route="/ping""#))
    }
}
