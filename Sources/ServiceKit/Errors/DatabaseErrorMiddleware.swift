import HTTP
import Postgres

/// Answers database errors that escaped the stores as what they mean to a client: a saturated pool or a
/// server that is down is 503 (retry shortly), not 500. Everything else passes through unchanged.
public struct DatabaseErrorMiddleware: Middleware {
    /// Creates the middleware.
    public init() {}

    /// Calls `next`, translating pool exhaustion and connection failures to `ServiceError.unavailable`.
    public func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as PostgresError where error.isAcquireTimeout || error.isConnectionFailure {
            context.logger.warning("database unavailable", ["error": error.debugDescription])
            throw ServiceError.unavailable
        }
    }
}
