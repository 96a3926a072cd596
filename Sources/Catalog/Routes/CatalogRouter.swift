import HTTP
import ServiceKit

/// Builds the catalog service's router; `main` and the tests use the same one.
public func makeRouter(_ dependencies: CatalogDependencies) -> Router {
    var router = Router(logger: dependencies.logger)
    StandardMiddleware.add(to: &router, metrics: dependencies.metrics)
    let search = CourseSearchRoutes(dependencies: dependencies)
    router.use(search.cache.invalidation)
    // One cache for both, so a token verified on a public read is not verified again on a write.
    let tokens = VerifiedTokenCache()
    let authenticated = AuthenticationMiddleware(verifier: dependencies.verifier, cache: tokens)
    let optionallyAuthenticated = AuthenticationMiddleware(
        verifier: dependencies.verifier, isRequired: false, cache: tokens)
    let internalOnly = InternalOnlyMiddleware(credential: dependencies.configuration.credential)
    CategoryRoutes(dependencies: dependencies).add(to: &router, authenticated: authenticated)
    CourseRoutes(dependencies: dependencies).add(
        to: &router, authenticated: authenticated, optionallyAuthenticated: optionallyAuthenticated)
    CurriculumRoutes(dependencies: dependencies).add(to: &router, authenticated: authenticated)
    PublishingRoutes(dependencies: dependencies).add(to: &router, authenticated: authenticated)
    InstructorCourseRoutes(dependencies: dependencies).add(to: &router, authenticated: authenticated)
    InternalCourseRoutes(dependencies: dependencies).add(to: &router, internalOnly: internalOnly)
    CatalogEvents(dependencies: dependencies).consumer.add(to: &router, internalOnly: internalOnly)
    search.add(to: &router)
    OutboxAdminRoutes(pool: dependencies.pool, service: "catalog").add(to: &router, authenticated: authenticated)
    HealthRoutes(pool: dependencies.pool, migrator: dependencies.migrator).add(to: &router)
    dependencies.metrics.addRoute(to: &router)
    CatalogAPI.document(currencies: dependencies.settings.currencies).addRoute(to: &router)
    return router
}
