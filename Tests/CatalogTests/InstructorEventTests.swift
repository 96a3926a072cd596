import Contracts
import Foundation
import Postgres
import ServiceKit
import Testing

@testable import Catalog

@Suite("Catalog consumes identity's user events")
struct InstructorEventTests {
    @Test func userChangedStoresTheDisplayNameAndADuplicateChangesNothing() async throws {
        try await CatalogHarness.with { harness in
            let id = UUID()
            let event = UUID()
            let payload = UserChanged(
                id: id.uuidString.lowercased(), firstName: "Ada", lastName: "Lovelace", imageURL: nil,
                role: "instructor", status: "active", isInstructorApproved: true,
                updatedAt: "2026-11-21T10:00:00.000000Z")
            let first = try await harness.deliver(EventTopic.userChanged, payload, id: event)
            #expect(first.status == 200)
            #expect(first["status"] as? String == "applied")
            let again = try await harness.deliver(EventTopic.userChanged, payload, id: event)
            #expect(again["status"] as? String == "duplicate")
            let rows = try await harness.pool.query("SELECT display_name FROM instructors WHERE id = \(id)")
            #expect(try rows.map { try $0.decode(String.self, at: 0) } == ["Ada Lovelace"])
            let inbox = try await harness.pool.query("SELECT count(*) FROM inbox WHERE event_id = \(event)")
            #expect(try inbox[0].decode(Int.self, at: 0) == 1)
        }
    }

    @Test func anOlderUserChangedArrivingLateIsIgnored() async throws {
        try await CatalogHarness.with { harness in
            let id = try await harness.instructor(first: "New", last: "Name", updatedAt: "2026-11-21T10:00:02.000000Z")
            try await harness.instructor(id, first: "Old", last: "Name", updatedAt: "2026-11-21T10:00:01.000000Z")
            let rows = try await harness.pool.query("SELECT display_name FROM instructors WHERE id = \(id)")
            #expect(try rows[0].decode(String.self, at: 0) == "New Name")
        }
    }

    @Test func eventsWithoutTheServiceCredentialAreRefused() async throws {
        try await CatalogHarness.with { harness in
            let reply = await harness.send(.post, "/internal/v1/events", json: ["id": UUID().uuidString])
            #expect(reply.status == 401)
            let forged = await harness.send(
                .post, "/internal/v1/events", json: [:],
                headers: [
                    "Authorization": ServiceCredential(
                        service: "identity", secret: Array("another-secret-of-at-least-32-chars".utf8)
                    ).authorization()
                ])
            #expect(forged.status == 401)
            let count = try await harness.pool.query("SELECT count(*) FROM inbox")
            #expect(try count[0].decode(Int.self, at: 0) == 0)
        }
    }

    @Test func aUserChangedCarryingAnotherTopicsPayloadFailsAndRecordsNothing() async throws {
        try await CatalogHarness.with { harness in
            let stats = CourseStats(
                courseId: UUID().uuidString.lowercased(), enrollmentCount: 1, ratingAverage: 5, ratingCount: 1,
                version: 1)
            let reply = await harness.deliver(
                topicNamed: EventTopic.userChanged.name, payload: try JSONEncoder().encode(stats))
            #expect(reply.status == 500)
            let count = try await harness.pool.query("SELECT count(*) FROM inbox")
            #expect(try count[0].decode(Int.self, at: 0) == 0)
            let instructors = try await harness.pool.query("SELECT count(*) FROM instructors")
            #expect(try instructors[0].decode(Int.self, at: 0) == 0)
        }
    }

    @Test func aMalformedEventIs400AndRecordsNothing() async throws {
        try await CatalogHarness.with { harness in
            let reply = await harness.send(
                .post, "/internal/v1/events", json: ["topic": "user.changed"],
                headers: ["Authorization": harness.service.configuration.credential.authorization()])
            #expect(reply.status == 400)
            let count = try await harness.pool.query("SELECT count(*) FROM inbox")
            #expect(try count[0].decode(Int.self, at: 0) == 0)
        }
    }
}
