import Contracts
import Foundation
import Postgres
import Testing
import TestSupport

@testable import ServiceKit

@Suite struct OutboxPayloadTests {
    struct Payload: Codable, Sendable {
        var id: UUID
        var ids: [UUID]
        var at: Date
        var path: String
    }

    @Test func payloadsCarryIdsInLowerCaseAndDatesAsRFC3339() async throws {
        let pool = PoolConfiguration(minConnections: 0, maxConnections: 2, acquireTimeout: .seconds(30))
        try await TestSchema.with(pool: pool) { pool, schema in
            try await TestSchema.applyKitMigrations(pool, schema: schema)
            let payload = Payload(
                id: UUID(uuidString: "0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B")!,
                ids: [UUID(uuidString: "ABCDEFAB-CDEF-ABCD-EFAB-CDEFABCDEFAB")!],
                at: Date(timeIntervalSince1970: 1_795_000_000), path: "a/b")
            let id = try await pool.withTransaction {
                try await Outbox().append(EventTopic<Payload>("test.ids"), payload, on: $0)
            }
            let text = try await pool.query("SELECT payload::text FROM outbox WHERE id = \(id)").decode(String.self)
            #expect(
                text == [
                    #"{"at": "2026-11-18T11:06:40Z", "id": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "#
                        + #""ids": ["abcdefab-cdef-abcd-efab-cdefabcdefab"], "path": "a/b"}"#
                ])
        }
    }
}
