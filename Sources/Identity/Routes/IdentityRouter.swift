import HTTP
import ServiceKit

/// Builds the identity service's router; `main` and the tests use the same one.
public func makeRouter(_ dependencies: IdentityDependencies) -> Router {
    var router = Router(logger: dependencies.logger)
    StandardMiddleware.add(to: &router, metrics: dependencies.metrics)
    let authenticated = AuthenticationMiddleware(verifier: dependencies.verifier)
    AuthRoutes(dependencies: dependencies).add(to: &router, authenticated: authenticated)
    MeRoutes(dependencies: dependencies).add(to: &router, authenticated: authenticated)
    UserRoutes(dependencies: dependencies).add(to: &router)
    AdminRoutes(dependencies: dependencies).add(to: &router, authenticated: authenticated)
    OutboxAdminRoutes(pool: dependencies.pool, service: "identity").add(to: &router, authenticated: authenticated)
    InternalRoutes(dependencies: dependencies).add(
        to: &router, internalOnly: InternalOnlyMiddleware(credential: dependencies.configuration.credential))
    HealthRoutes(pool: dependencies.pool, migrator: dependencies.migrator).add(to: &router)
    dependencies.metrics.addRoute(to: &router)
    IdentityAPI.document.addRoute(to: &router)
    return router
}
