import Crypto
import HTTP

/// The middleware a service's routes are put behind: a required or optional access token (one cache of
/// verified tokens for both, so a token verified on a public read is not verified again on a write) and the
/// service credential of `/internal` routes.
public struct ServiceGuards: Sendable {
    /// Requires a valid access token (401 otherwise).
    public let authenticated: AuthenticationMiddleware
    /// Reads an access token when one is sent (a bad one is still 401), and lets anonymous requests through.
    public let optionallyAuthenticated: AuthenticationMiddleware
    /// Requires the service credential of `/internal` routes (401 otherwise).
    public let internalOnly: InternalOnlyMiddleware

    /// Creates the guards on `verifier` and the shared service `credential`.
    public init(verifier: JWTVerifier, credential: ServiceCredential) {
        let tokens = VerifiedTokenCache()
        authenticated = AuthenticationMiddleware(verifier: verifier, cache: tokens)
        optionallyAuthenticated = AuthenticationMiddleware(verifier: verifier, isRequired: false, cache: tokens)
        internalOnly = InternalOnlyMiddleware(credential: credential)
    }
}
