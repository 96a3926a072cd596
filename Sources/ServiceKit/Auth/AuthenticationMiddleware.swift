import Crypto
import HTTP

/// Verifies `Authorization: Bearer <JWT>` and puts the caller's `Principal` in the request context.
///
/// A missing header is 401 when `isRequired`, else the request goes on without a principal; a header that is
/// present but invalid (bad signature, expired, unknown key) is always 401.
public struct AuthenticationMiddleware: Middleware {
    let verifier: JWTVerifier
    let isRequired: Bool
    let cache: VerifiedTokenCache

    /// Creates the middleware.
    /// - Parameters:
    ///   - verifier: checks tokens against identity's keys (a `RefreshingJWTKeySet` in other services).
    ///   - isRequired: whether requests without a token are refused.
    ///   - cache: tokens already verified, so a token's signature is checked once, not on every request.
    public init(verifier: JWTVerifier, isRequired: Bool = true, cache: VerifiedTokenCache = VerifiedTokenCache()) {
        self.verifier = verifier
        self.isRequired = isRequired
        self.cache = cache
    }

    /// Authenticates, then calls `next`.
    public func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
        guard let header = request.headers["authorization"] else {
            if isRequired { throw ServiceError.unauthorized }
            return try await next(request, context)
        }
        guard let token = Self.bearerToken(in: header) else { throw ServiceError.invalidToken }
        let claims: JWTClaims
        if let cached = cache.claims(for: token) {
            claims = cached
        } else {
            do {
                claims = try await verifier.verify(token)
            } catch {
                throw ServiceError.invalidToken
            }
            cache.insert(token, claims: claims)
        }
        guard let principal = Principal(claims: claims) else { throw ServiceError.invalidToken }
        var context = context
        context.principal = principal
        return try await next(request, context)
    }

    /// The token of an `Authorization: Bearer <token>` header (the scheme in any case, spaces and tabs around the
    /// token ignored), read as bytes; `nil` for another scheme or no token.
    static func bearerToken(in header: String) -> String? {
        let bytes = header.utf8
        let scheme = Array("bearer ".utf8)
        guard bytes.count > scheme.count else { return nil }
        var index = bytes.startIndex
        for expected in scheme {
            let byte = bytes[index]
            guard byte == expected || (expected != UInt8(ascii: " ") && byte == expected - 32) else { return nil }
            index = bytes.index(after: index)
        }
        var end = bytes.endIndex
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        while index < end, isBlank(bytes[index]) { index = bytes.index(after: index) }
        while end > index, isBlank(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        guard index < end else { return nil }
        return String(Substring(bytes[index..<end]))
    }
}
