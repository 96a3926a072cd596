import HTTP

extension PrometheusMetrics {
    /// Adds `GET /metrics`, the registry in the Prometheus text format.
    public func addRoute(to router: inout Router) {
        router.get("/metrics") { [self] _, _ in
            Response(
                status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                body: .string(render()))
        }
    }
}
