import Foundation
import ServiceKit

/// The catalog service's own settings, read from `CATALOG_…` variables (see README, Operations).
public struct CatalogSettings: Sendable {
    /// The migrations folder (`CATALOG_MIGRATIONS_DIR`, `sql/catalog`).
    public var migrationsDirectory = "sql/catalog"
    /// ISO 4217 codes a course may be priced in (`CATALOG_CURRENCIES`, comma-separated).
    public var currencies: [String] = ["USD", "EUR", "GBP", "BDT", "INR"]
    /// Whether an admin must approve a submitted course (`CATALOG_REVIEW_REQUIRED`, true). When false, a
    /// submitted course that passes the checks is published at once.
    public var isReviewRequired = true
    /// Identity's JWKS, to verify access tokens (`CATALOG_JWKS_URL`).
    public var jwksURL = "http://127.0.0.1:8101/.well-known/jwks.json"
    /// Identity's base URL for internal lookups (`CATALOG_IDENTITY_URL`).
    public var identityURL = "http://127.0.0.1:8101"
    /// The identity account that owns the demo courses of `catalog seed` (`CATALOG_SEED_INSTRUCTOR_EMAIL`).
    public var seedInstructorEmail = "instructor@campus.localhost"
    /// How many seconds search keeps facet counts (`CATALOG_SEARCH_FACET_TTL`, 30; 0 keeps none).
    public var searchFacetSeconds = 30
    /// How many seconds search keeps whole answers of its public routes (`CATALOG_SEARCH_CACHE_TTL`, 5; 0 keeps
    /// none). A successful write through the same replica empties them at once.
    public var searchCacheSeconds = 5

    /// Default settings (development).
    public init() {}

    /// Reads the settings; problems are collected in `reader`.
    public init(reader: inout ConfigurationReader) {
        migrationsDirectory = reader.string("CATALOG_MIGRATIONS_DIR", default: migrationsDirectory)
        let codes = reader.list("CATALOG_CURRENCIES")
        if !codes.isEmpty {
            if let bad = codes.first(where: { $0.range(of: "^[A-Z]{3}$", options: .regularExpression) == nil }) {
                reader.report("CATALOG_CURRENCIES", "\"\(bad)\" is not an ISO 4217 code (three capital letters)")
            }
            currencies = codes
        }
        isReviewRequired = reader.bool("CATALOG_REVIEW_REQUIRED", default: isReviewRequired)
        jwksURL = reader.string("CATALOG_JWKS_URL", default: jwksURL)
        identityURL = reader.string("CATALOG_IDENTITY_URL", default: identityURL)
        seedInstructorEmail = reader.string("CATALOG_SEED_INSTRUCTOR_EMAIL", default: seedInstructorEmail)
        searchFacetSeconds = reader.int("CATALOG_SEARCH_FACET_TTL", default: searchFacetSeconds, range: 0...3600)
        searchCacheSeconds = reader.int("CATALOG_SEARCH_CACHE_TTL", default: searchCacheSeconds, range: 0...300)
    }
}
