import IO
import Logging

/// Writes one JSON line per request: time, level, service, requestId, method, route, status, ms.
public struct RequestLoggingMiddleware: Middleware {
    /// Creates the middleware; lines go to the context's logger.
    public init() {}

    /// Calls `next` and logs the outcome (5xx at `error`, 4xx at `warning`, the rest at `info`).
    public func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
        let response = try await next(request, context)
        let status = response.status.code
        let level: Logger.Level = status >= 500 ? .error : (status >= 400 ? .warning : .info)
        let logger = context.logger
        guard level >= logger.minimumLevel else { return response }
        let elapsed = Double(System.monotonicNanoseconds() &- context.startedAt) / 1_000_000
        logger.log(
            level, "",
            sortedFields: [
                "method": .string(request.method.rawValue), "ms": .double((elapsed * 1000).rounded() / 1000),
                "route": .string(context.route ?? "unmatched"), "status": .int(status),
            ])
        return response
    }
}

/// Receives one observation per request, for metrics.
public protocol MetricsRecorder: Sendable {
    /// Records a finished request.
    func record(route: String, method: HTTPMethod, status: Int, duration: Duration)
}

/// Reports every request to a `MetricsRecorder`, labelled by route pattern (never the raw path).
public struct MetricsMiddleware: Middleware {
    let recorder: any MetricsRecorder

    /// Creates the middleware reporting to `recorder`.
    public init(recorder: any MetricsRecorder) { self.recorder = recorder }

    /// Calls `next` and records route, method, status and duration.
    public func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
        let response = try await next(request, context)
        let nanoseconds = System.monotonicNanoseconds() &- context.startedAt
        recorder.record(
            route: context.route ?? "unmatched", method: request.method, status: response.status.code,
            duration: .nanoseconds(Int64(clamping: nanoseconds)))
        return response
    }
}
