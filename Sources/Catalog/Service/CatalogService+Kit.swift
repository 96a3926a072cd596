import Crypto
import Foundation
import HTTP
import IO
import Postgres
import ServiceKit

/// The `catalog` executable: categories, courses, curriculum, publishing and search. The kit runs its commands;
/// what is catalog's own is here: its settings, the verifier of identity's tokens, its routes and events, its
/// seed and `explain-search`.
extension CatalogService: Service {
    public static let name = "catalog"
    public static let defaultPort: UInt16 = 8082
    public static let summary = "Campus categories, courses, curriculum, publishing and search"
    public static let environmentHelp = [
        "CATALOG_DATABASE_URL, CATALOG_PORT (8082), CATALOG_JWKS_URL, CATALOG_IDENTITY_URL, CATALOG_CURRENCIES,",
        "CATALOG_REVIEW_REQUIRED, CATALOG_SEED_INSTRUCTOR_EMAIL, CATALOG_EVENT_SUBSCRIBERS, CAMPUS_SERVICE_SECRET,",
        "… (README, Operations)",
    ]
    public static let commands = [
        ServiceCustomCommand<CatalogService>(
            "explain-search",
            help: ["explain-search        plan every search query shape; fails if one scans courses sequentially"]
        ) { service, _, _ in
            let isClean = try await SearchExplainCommand(pool: service.pool).run {
                FileHandle.standardOutput.write(Data(($0 + "\n").utf8))
            }
            if !isClean { throw CommandLineError("a search query shape scans courses sequentially (see the summary)") }
            return ""
        }
    ]

    public static func readSettings(_ reader: inout ConfigurationReader) -> CatalogSettings {
        CatalogSettings(reader: &reader)
    }

    public static func migrationsDirectory(_ settings: CatalogSettings) -> String { settings.migrationsDirectory }

    public static func make(_ context: ServiceContext<CatalogSettings>) async throws -> CatalogService {
        CatalogService(context: context, verifier: context.remoteVerifier(jwksURL: context.settings.jwksURL))
    }

    public var document: OpenAPIDocument { CatalogAPI.document(currencies: settings.currencies) }

    public var events: EventConsumer? { CatalogEvents(service: self).consumer }

    public func addRoutes(to router: inout Router, guards: ServiceGuards) {
        let search = CourseSearchRoutes(service: self)
        router.use(search.cache.invalidation)
        CategoryRoutes(service: self).add(to: &router, authenticated: guards.authenticated)
        CourseRoutes(service: self).add(
            to: &router, authenticated: guards.authenticated, optionallyAuthenticated: guards.optionallyAuthenticated)
        CurriculumRoutes(service: self).add(to: &router, authenticated: guards.authenticated)
        PublishingRoutes(service: self).add(to: &router, authenticated: guards.authenticated)
        InstructorCourseRoutes(service: self).add(to: &router, authenticated: guards.authenticated)
        InternalCourseRoutes(service: self).add(to: &router, internalOnly: guards.internalOnly)
        search.add(to: &router)
    }

    public func seed(environment: [String: String]) async throws -> [String] {
        try await CatalogSeed(service: self).run()
    }
}
