/// The rest of the chain after a middleware.
public typealias Next = @Sendable (Request, RequestContext) async throws -> Response

/// A route handler.
public typealias Handler = @Sendable (Request, RequestContext) async throws -> Response

/// Code that runs around handlers: inspect or change the request and context, call `next`, then inspect
/// or change the response.
public protocol Middleware: Sendable {
    /// Handles `request`, usually by calling `next`.
    func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response
}

/// A middleware made from a closure.
public struct ClosureMiddleware: Middleware {
    let body: @Sendable (Request, RequestContext, Next) async throws -> Response

    /// Wraps `body`.
    public init(_ body: @escaping @Sendable (Request, RequestContext, Next) async throws -> Response) {
        self.body = body
    }

    /// Runs the closure.
    public func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
        try await body(request, context, next)
    }
}

extension Array where Element == any Middleware {
    /// `handler` wrapped by these middleware, the first one outermost.
    func wrapping(_ handler: @escaping Handler) -> Handler {
        reversed().reduce(handler) { next, middleware in
            { request, context in try await middleware.handle(request, context: context, next: next) }
        }
    }
}
