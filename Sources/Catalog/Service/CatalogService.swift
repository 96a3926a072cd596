import Crypto
import HTTP
import Logging
import Postgres
import ServiceKit

/// The catalog service: what the kit opened (`context`) and the verifier of identity's tokens, and the stores
/// its routes use, built on them.
public struct CatalogService: Sendable {
    /// What the kit opened: configuration, settings, pool, client, metrics, logger, ids.
    public let context: ServiceContext<CatalogSettings>
    /// Checks access tokens (identity's keys, from its JWKS).
    public let verifier: JWTVerifier

    /// Assembles the service.
    public init(context: ServiceContext<CatalogSettings>, verifier: JWTVerifier) {
        self.context = context
        self.verifier = verifier
    }
}
