/// What a server asks of the application: a body limit per request head, and a response per request.
public protocol Responder: Sendable {
    /// The largest body accepted for a request to `method` and `path`; `nil` keeps the server's default.
    func maxBodyBytes(method: HTTPMethod, path: String) -> Int?

    /// Answers `request`; errors must already be turned into responses.
    func respond(to request: Request) async -> Response
}

extension Responder {
    /// Keeps the server's default limit.
    public func maxBodyBytes(method: HTTPMethod, path: String) -> Int? { nil }
}

/// A responder made from a closure; a thrown error becomes an empty 500.
public struct ClosureResponder: Responder {
    let body: @Sendable (Request) async throws -> Response

    /// Wraps `body`.
    public init(_ body: @escaping @Sendable (Request) async throws -> Response) { self.body = body }

    /// Runs the closure, answering 500 if it throws.
    public func respond(to request: Request) async -> Response {
        do {
            return try await body(request)
        } catch {
            return Response(status: .internalServerError)
        }
    }
}
