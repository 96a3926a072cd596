import Contracts
import Crypto
import Foundation
import HTTP
import IO
import Postgres
import ServiceKit
import TestSupport
import Testing

@testable import Billing

/// Billing's router over a fresh, migrated schema (the kit's `ServiceHarness`, whose key stands in for identity's).
typealias BillingHarness = ServiceHarness<BillingService>

extension ServiceHarness where S == BillingService {
    /// Runs `body` with a harness on its own schema, dropped afterwards. Catalog and learning are at `127.0.0.1:9`
    /// unless the settings say otherwise (a call fails, as when they are down).
    static func with<T>(
        settings adjust: (inout BillingSettings) -> Void = { _ in }, _ body: (BillingHarness) async throws -> T
    ) async throws -> T {
        var settings = BillingSettings()
        settings.catalogURL = "http://127.0.0.1:9"
        settings.learningURL = "http://127.0.0.1:9"
        adjust(&settings)
        return try await with(settings: settings) { parts in
            BillingService(
                context: parts.context, verifier: parts.verifier,
                providerClient: try BillingService.providerClient(settings, group: TestSchema.group))
        } _: {
            try await body($0)
        }
    }
}

@Suite("Billing's OpenAPI document")
struct BillingAPITests {
    @Test func theDocumentListsExactlyTheRoutesAndItsExamplesAreValid() async throws {
        try await BillingHarness.with { h in
            await h.checkDocument()
        }
    }
}
