/// What a server asks of the application: once a request's head has arrived, the route that answers it.
public protocol Responder: Sendable {
    /// Matches a request to `method` and `path`; the server asks once per request, before reading its body,
    /// and answers with the route it gets.
    func route(method: HTTPMethod, path: String) -> MatchedRoute
}

extension Responder {
    /// Matches `request` and answers it, for callers that hold the whole request (tests, benchmarks).
    public func respond(to request: Request) async -> Response {
        await route(method: request.method, path: request.path).respond(to: request)
    }
}

/// A responder made from a closure; a thrown error becomes an empty 500.
public struct ClosureResponder: Responder {
    private let matched: MatchedRoute

    /// Wraps `body`.
    public init(_ body: @escaping @Sendable (Request) async throws -> Response) {
        matched = MatchedRoute { request in
            do {
                return try await body(request)
            } catch {
                return Response(status: .internalServerError)
            }
        }
    }

    /// The one route, which runs the closure (answering 500 if it throws) with the server's body limit.
    public func route(method: HTTPMethod, path: String) -> MatchedRoute { matched }
}
