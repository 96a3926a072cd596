import HTTP

/// Refuses a request without a valid service credential (401); `/internal/*` routes sit behind it.
public struct InternalOnlyMiddleware: Middleware {
    let credential: ServiceCredential

    /// Creates the middleware; tokens are checked with `credential`'s secret.
    public init(credential: ServiceCredential) {
        self.credential = credential
    }

    /// Checks `Authorization: Service <token>`, then calls `next`.
    public func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
        guard let header = request.headers["authorization"], header.count > 8,
            header.prefix(8).lowercased() == "service ",
            credential.verify(header.dropFirst(8).trimmingCharacters(in: .whitespaces)) != nil
        else { throw ServiceError.unauthorized }
        return try await next(request, context)
    }
}
