import Contracts
import Foundation
import HTTP
import Postgres
import ServiceKit
import TestSupport
import Testing

@testable import Identity
import Time

// Serialized: each test migrates a schema of its own, and the whole suite shares two cores.
@Suite(.serialized) struct EventAndInternalTests {
    /// The payloads of `topic` in the outbox, oldest first.
    func events<Payload>(_ topic: EventTopic<Payload>, in h: IdentityHarness) async throws -> [Data] {
        let rows: [String] = try await h.pool.query(
            "SELECT payload::text FROM outbox WHERE topic = \(topic.name) ORDER BY created_at, id"
        ).decode(String.self)
        return rows.map { Data($0.utf8) }
    }

    @Test func theEventsMigrationKeepsEventsAndGoesDownAndUpAgain() async throws {
        try await IdentityHarness.with { h in
            try await h.signUp("mig@example.com")
            #expect(try await h.service.migrator.down(1).map(\.version) == [2])
            let dispatched: [Bool] = try await h.pool.query(
                "SELECT dispatched_at IS NOT NULL FROM outbox WHERE topic = 'user.changed'"
            ).decode(Bool.self)
            #expect(dispatched == [false])
            try await h.pool.execute("UPDATE outbox SET dispatched_at = now()")
            try await h.pool.execute(
                "INSERT INTO outbox (id, topic, payload) VALUES (\(UUID()), 'user.changed', '{}'::jsonb)")
            #expect(try await h.service.migrator.up().map(\.version) == [2])
            let published: [Bool] = try await h.pool.query(
                "SELECT published_at IS NOT NULL FROM outbox ORDER BY published_at NULLS LAST"
            ).decode(Bool.self)
            #expect(published == [true, false])
            #expect(try await h.service.migrator.isCurrent())
        }
    }

    @Test func aProfileChangeWritesUserChangedWithTheTypedPayload() async throws {
        try await IdentityHarness.with { h in
            let id = try await h.signUp("ev@example.com", type: "instructor")
            let token = await h.logIn("ev@example.com").access
            let patched = await h.send(
                .patch, "/v1/me", json: ["firstName": "Augusta", "image": "https://cdn.example.com/a.png"],
                token: token)
            #expect(patched.status == 200)
            let payloads = try await events(EventTopic.userChanged, in: h)
            #expect(payloads.count == 2)
            let signedUp = try JSONDecoder().decode(UserChanged.self, from: payloads[0])
            let changed = try JSONDecoder().decode(UserChanged.self, from: payloads[1])
            #expect(changed.id == id && changed.firstName == "Augusta" && changed.lastName == "Hopper")
            #expect(changed.imageURL == "https://cdn.example.com/a.png")
            #expect(signedUp.imageURL == "/v1/users/\(id)/avatar.svg")
            #expect(changed.role == "instructor" && changed.status == "active" && changed.isInstructorApproved == false)
            let object = try JSONSerialization.jsonObject(with: payloads[1]) as? [String: Any]
            #expect(object?["isInstructorApproved"] as? Bool == false)
            #expect(object?["isInstructorApproved"] is String == false)
            let updated: [Date] = try await h.pool.query(
                "SELECT updated_at FROM users WHERE id = \(UUID(uuidString: id)!)"
            ).decode(Date.self)
            #expect(changed.updatedAt == RFC3339.string(updated[0]))
            #expect(
                changed.updatedAt.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$"#, options: .regularExpression)
                    != nil)
            #expect(signedUp.updatedAt < changed.updatedAt)
        }
    }

    @Test func eachChangeOfAUserHasALaterVersionEvenInOneTransaction() async throws {
        try await IdentityHarness.with { h in
            let id = UUID(uuidString: try await h.signUp("ver@example.com"))!
            let versions: [Date] = try await h.pool.withTransaction { connection in
                var versions: [Date] = []
                for name in ["One", "Two"] {
                    let rows: [Date] = try await connection.query(
                        """
                        UPDATE users SET first_name = \(name), updated_at = \(UserRows.nextVersion) WHERE id = \(id)
                        RETURNING updated_at
                        """
                    ).decode(Date.self)
                    versions += rows
                }
                return versions
            }
            #expect(versions.count == 2 && RFC3339.string(versions[0]) < RFC3339.string(versions[1]))
        }
    }

    @Test func seededInstructorsAreAnnouncedAsApproved() async throws {
        try await IdentityHarness.with { h in
            _ = try await AccountCommands(service: h.service).seed(
                adminEmail: "admin@example.com", password: IdentityHarness.password)
            let changes = try await events(EventTopic.userChanged, in: h).map {
                try JSONDecoder().decode(UserChanged.self, from: $0)
            }
            let instructor = changes.filter { $0.role == "instructor" }
            #expect(instructor.count == 2)
            #expect(instructor.map(\.isInstructorApproved) == [false, true])
            #expect(instructor[0].updatedAt < instructor[1].updatedAt)
        }
    }

    @Test func deletingTheAccountWritesUserDeleted() async throws {
        try await IdentityHarness.with { h in
            let id = try await h.signUp("gone@example.com")
            let token = await h.logIn("gone@example.com").access
            #expect(
                await h.send(.delete, "/v1/me", json: ["password": IdentityHarness.password], token: token).status
                    == 204)
            let payloads = try await events(EventTopic.userDeleted, in: h)
            #expect(payloads.count == 1)
            let deleted = try JSONDecoder().decode(UserDeleted.self, from: payloads[0])
            let deletedAt: [Date] = try await h.pool.query(
                "SELECT deleted_at FROM users WHERE id = \(UUID(uuidString: id)!)"
            ).decode(Date.self)
            #expect(deleted == UserDeleted(id: id, deletedAt: RFC3339.string(deletedAt[0])))
        }
    }

    @Test func internalUsersNeedTheServiceCredential() async throws {
        try await IdentityHarness.with { h in
            let id = try await h.signUp("in@example.com")
            let credential = h.service.configuration.credential
            #expect(await h.send(.get, "/internal/v1/users/\(id)").status == 401)
            #expect(
                await h.send(.get, "/internal/v1/users/\(id)", headers: ["Authorization": "Service nope"]).status == 401
            )
            let stranger = ServiceCredential(
                service: "catalog", secret: Array("a secret identity does not share with anyone".utf8))
            #expect(
                await h.send(.get, "/internal/v1/users/\(id)", headers: ["Authorization": stranger.authorization()])
                    .status == 401)
            let bearer = await h.logIn("in@example.com").access
            #expect(await h.send(.get, "/internal/v1/users/\(id)", token: bearer).status == 401)
            let service: HTTPHeaders = ["Authorization": credential.authorization()]
            let found = await h.send(.get, "/internal/v1/users/\(id)", headers: service)
            #expect(found.status == 200)
            let user = try JSONDecoder().decode(InternalUser.self, from: Data(found.text.utf8))
            #expect(user.id == id && user.isDeleted == false)
            #expect(user.state.firstName == "Grace" && user.state.role == "student" && user.state.status == "active")
            let byEmail = await h.send(.get, "/internal/v1/users?email=IN%40example.com", headers: service)
            #expect(try JSONDecoder().decode(InternalUser.self, from: Data(byEmail.text.utf8)) == user)
            #expect(await h.send(.get, "/internal/v1/users/\(UUID())", headers: service).status == 404)
            #expect(await h.send(.get, "/internal/v1/users/not-an-id", headers: service).status == 404)
            #expect(await h.send(.get, "/internal/v1/users?email=nobody%40example.com", headers: service).status == 404)
            #expect(await h.send(.get, "/internal/v1/users", headers: service).status == 400)
            #expect(
                await h.send(.delete, "/v1/me", json: ["password": IdentityHarness.password], token: bearer).status
                    == 204)
            let deleted = await h.send(.get, "/internal/v1/users/\(id)", headers: service)
            #expect(try JSONDecoder().decode(InternalUser.self, from: Data(deleted.text.utf8)).isDeleted)
        }
    }

    @Test func adminOutboxListAndReplayNeedTheAdminRole() async throws {
        try await IdentityHarness.with { h in
            try await h.signUp("out@example.com")
            let admin = try await h.adminToken()
            let student = await h.logIn("out@example.com").access
            var settings = OutboxSettings()
            settings.maxAttempts = 1
            let client = try HTTPClient(eventLoopGroup: TestSchema.group)
            defer { client.shutdown() }
            // Nothing listens on port 1: every delivery fails, and with one attempt allowed it is dead at once.
            let dispatcher = OutboxDispatcher(
                service: "identity", pool: h.pool,
                client: InternalClient(client: client, credential: h.service.configuration.credential),
                subscriptions: [
                    EventSubscription(subscriber: "catalog", baseURL: "http://127.0.0.1:1", topicPatterns: ["user.*"])
                ], settings: settings, logger: h.service.logger)
            let report = try await dispatcher.runOnce()
            #expect(report.published == 2 && report.dead == 2)
            #expect(await h.send(.get, "/v1/admin/identity/events").status == 401)
            #expect(await h.send(.get, "/v1/admin/identity/events", token: student).status == 403)
            let dead = await h.send(.get, "/v1/admin/identity/events?status=dead&topic=user.changed", token: admin)
            #expect(dead.status == 200)
            let items = dead["items"] as? [[String: Any]] ?? []
            #expect(items.count == 2 && items.allSatisfy { $0["subscriber"] as? String == "catalog" })
            let eventID = try #require(items.last?["eventId"] as? String)
            let replay = "/v1/admin/identity/events/\(eventID)/replay"
            #expect(await h.send(.post, replay, token: student).status == 403)
            #expect(await h.send(.post, replay).status == 401)
            let replayed = await h.send(.post, replay + "?subscriber=catalog", token: admin)
            #expect(replayed.status == 200 && replayed["replayed"] as? Int == 1)
            let pending = await h.send(.get, "/v1/admin/identity/events?status=pending", token: admin)
            let pendingItems = pending["items"] as? [[String: Any]] ?? []
            #expect(pendingItems.map { $0["eventId"] as? String } == [eventID])
            #expect(pendingItems.first?["attempts"] as? Int == 0)
            #expect(await h.send(.post, "/v1/admin/identity/events/\(UUID())/replay", token: admin).status == 404)
        }
    }
}
