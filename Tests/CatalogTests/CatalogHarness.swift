import Contracts
import Crypto
import Foundation
import HTTP
import IO
import Logging
import Postgres
import ServiceKit
import TestSupport
import Testing

@testable import Catalog

/// Catalog's router over a fresh, migrated schema (the kit's `ServiceHarness`, whose key stands in for
/// identity's), and the helpers its tests start from.
typealias CatalogHarness = ServiceHarness<CatalogService>

extension ServiceHarness where S == CatalogService {
    static var root: URL { TestSchema.repositoryRoot }

    /// The document every answer is held to (its answers do not depend on the accepted currencies).
    static var document: OpenAPIDocument { CatalogAPI.document(currencies: CatalogSettings().currencies) }

    /// Runs `body` with a harness on its own schema, dropped afterwards.
    static func with<T>(
        settings adjust: (inout CatalogSettings) -> Void = { _ in }, _ body: (CatalogHarness) async throws -> T
    ) async throws -> T {
        var settings = CatalogSettings()
        // Tests change courses with SQL behind the service's back; the suite of the cache turns it on.
        settings.searchCacheSeconds = 0
        adjust(&settings)
        return try await with(settings: settings, extensions: true) { parts in
            CatalogService(context: parts.context, verifier: parts.verifier)
        } _: {
            try await body($0)
        }
    }

    /// Makes `id` known to catalog as an instructor named `first last` (a `user.changed` event).
    @discardableResult
    func instructor(
        _ id: UUID = UUIDv7Generator().next(), first: String = "Ada", last: String = "Lovelace",
        updatedAt: String = "2026-11-21T10:00:00.000000Z"
    ) async throws -> UUID {
        try await deliver(
            EventTopic.userChanged,
            UserChanged(
                id: id.uuidString.lowercased(), firstName: first, lastName: last, imageURL: nil, role: "instructor",
                status: "active", isInstructorApproved: true, updatedAt: updatedAt))
        return id
    }
}
