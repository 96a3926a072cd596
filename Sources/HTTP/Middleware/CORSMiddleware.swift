/// Cross-origin resource sharing: answers preflight requests and marks responses for allowed origins.
public struct CORSMiddleware: Middleware {
    /// Which origins may call.
    public enum AllowedOrigins: Sendable {
        /// Any origin (`*`; never combined with credentials).
        case any
        /// Exactly these origins, e.g. `https://app.example.com`.
        case list(Set<String>)
    }

    let origins: AllowedOrigins
    let methods: String
    let headers: String
    let exposedHeaders: String?
    let allowsCredentials: Bool
    let maxAgeSeconds: Int

    /// Creates the middleware.
    public init(
        origins: AllowedOrigins, methods: [HTTPMethod] = [.get, .head, .post, .put, .patch, .delete],
        headers: [String] = ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"],
        exposedHeaders: [String] = ["X-Request-Id"], allowsCredentials: Bool = false, maxAgeSeconds: Int = 600
    ) {
        self.origins = origins
        self.methods = methods.map(\.rawValue).joined(separator: ", ")
        self.headers = headers.joined(separator: ", ")
        self.exposedHeaders = exposedHeaders.isEmpty ? nil : exposedHeaders.joined(separator: ", ")
        self.allowsCredentials = allowsCredentials
        self.maxAgeSeconds = maxAgeSeconds
    }

    /// Answers preflights itself; otherwise calls `next` and adds the CORS fields for allowed origins.
    public func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
        guard let origin = request.headers["origin"] else { return try await next(request, context) }
        let allowedOrigin = allowOriginValue(for: origin)
        if request.method == .options, request.headers.contains("access-control-request-method") {
            var response = Response(status: .noContent)
            response.headers.add("Vary", "Origin")
            guard let allowedOrigin else { return response }
            response.headers.add("Access-Control-Allow-Origin", allowedOrigin)
            response.headers.add("Access-Control-Allow-Methods", methods)
            response.headers.add("Access-Control-Allow-Headers", headers)
            response.headers.add("Access-Control-Max-Age", String(maxAgeSeconds))
            if allowsCredentials { response.headers.add("Access-Control-Allow-Credentials", "true") }
            return response
        }
        var response = try await next(request, context)
        response.headers.add("Vary", "Origin")
        if let allowedOrigin {
            response.headers.add("Access-Control-Allow-Origin", allowedOrigin)
            if let exposedHeaders { response.headers.add("Access-Control-Expose-Headers", exposedHeaders) }
            if allowsCredentials { response.headers.add("Access-Control-Allow-Credentials", "true") }
        }
        return response
    }

    private func allowOriginValue(for origin: String) -> String? {
        switch origins {
        case .any: allowsCredentials ? origin : "*"
        case .list(let allowed): allowed.contains(origin) ? origin : nil
        }
    }
}
