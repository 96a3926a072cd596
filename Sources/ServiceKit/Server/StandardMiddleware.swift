import HTTP

/// The middleware every service puts first, outermost first: request logging (one JSON line per request
/// with its request id), metrics per route, database errors answered as 503, and control characters in the URL
/// refused (400).
public enum StandardMiddleware {
    /// Adds the standard middleware to `router`.
    public static func add(to router: inout Router, metrics: PrometheusMetrics) {
        router.use(RequestLoggingMiddleware())
        router.use(MetricsMiddleware(recorder: metrics))
        router.use(DatabaseErrorMiddleware())
        router.use(URLTextMiddleware())
    }
}
