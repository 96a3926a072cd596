import Crypto
import HTTP

/// Makes `POST` routes safe to retry: with an `Idempotency-Key` header (1–255 visible characters) the first
/// response is stored and replayed for the same key and body; another body with the key is 422, a retry
/// while the first request runs is 409. Requests without the header pass through, unless the key is required
/// (money-moving routes), when they are 400.
///
/// Keys are scoped to the caller (the principal, when authentication ran first) and the route.
public struct IdempotencyMiddleware: Middleware {
    let store: IdempotencyStore
    let requiresKey: Bool

    /// Creates the middleware over `store`; with `requiresKey`, a `POST` without the header is refused (400).
    public init(store: IdempotencyStore, requiresKey: Bool = false) {
        self.store = store
        self.requiresKey = requiresKey
    }

    /// Claims the key, runs `next`, and stores its response (5xx responses release the key instead).
    public func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        guard let key = request.headers["idempotency-key"] else {
            if requiresKey {
                throw RequestError.validation([
                    FieldError(field: "Idempotency-Key", message: "is required: send a new key for each payment")
                ])
            }
            return try await next(request, context)
        }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw RequestError.validation([
                FieldError(field: "Idempotency-Key", message: "must be 1-255 visible characters")
            ])
        }
        let caller = context.principal(as: Principal.self)?.userID.uuidString ?? "anonymous"
        let scope = caller + " " + request.method.rawValue + " " + (context.route ?? request.path)
        let hash = SHA256.hash(request.body)
        switch try await store.claim(scope: scope, key: key, requestHash: hash) {
        case .replay(let stored):
            var headers: HTTPHeaders = ["Idempotent-Replayed": "true"]
            if let contentType = stored.contentType { headers.set("Content-Type", contentType) }
            return Response(status: HTTPStatus(code: stored.status), headers: headers, body: .bytes(stored.body))
        case .inFlight:
            throw ServiceError.conflict(
                code: "idempotencyKeyInFlight", detail: "a request with this key is in progress")
        case .mismatch:
            throw ServiceError.unprocessable(
                code: "idempotencyKeyReused", detail: "this key was used with a different request")
        case .claimed:
            break
        }
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            if let error = error as? any HTTPError, error.status.code < 500 {
                let problem = ProblemDetails.response(for: error, requestId: context.requestId)
                try await complete(scope: scope, key: key, problem)
            } else {
                try? await store.release(scope: scope, key: key)
            }
            throw error
        }
        if response.status.code >= 500 || response.body.bytes == nil {
            try? await store.release(scope: scope, key: key)
        } else {
            try await complete(scope: scope, key: key, response)
        }
        return response
    }

    private func complete(scope: String, key: String, _ response: Response) async throws {
        try await store.complete(
            scope: scope, key: key,
            response: IdempotencyStore.StoredResponse(
                status: response.status.code, contentType: response.headers["content-type"],
                body: response.body.bytes ?? []))
    }
}
