import Contracts
import Foundation
import Postgres
import Testing

@testable import Catalog

@Suite("catalog seed")
struct SeedTests {
    @Test func seedingMakesTheDemoCatalogOnceAndAgainChangesNothing() async throws {
        let id = UUID()
        let user = FakeIdentity.user(id, first: "Ivy", last: "Instructor")
        try await FakeIdentity.with(users: [("instructor@campus.localhost", user)]) { identity in
            try await CatalogHarness.with(settings: { $0.identityURL = identity.url }) { h in
                let created = try await CatalogSeed(service: h.service).run()
                #expect(created.filter { $0.hasPrefix("created category") }.count == 6)
                #expect(created.filter { $0.hasPrefix("created course") }.count == 12)
                let rows = try await h.pool.query(
                    """
                    SELECT count(*), count(*) FILTER (WHERE status = 'published' AND lesson_count > 0
                        AND instructor_id = \(id) AND instructor_name = 'Ivy Instructor' AND category_id IS NOT NULL)
                    FROM courses
                    """)
                let (total, complete) = try rows[0].decode((Int, Int).self)
                #expect(total == 12 && complete == 12)
                #expect(try await h.courseChanges().count == 12)
                let categories = await h.send(.get, "/v1/categories")
                #expect(categories.items.allSatisfy { $0["courseCount"] as? Int == 2 })
                #expect(try await CatalogSeed(service: h.service).run().isEmpty)
                let again = try await h.pool.query("SELECT count(*) FROM courses")
                #expect(try again[0].decode(Int.self, at: 0) == 12)
                let preview = await h.send(.get, "/v1/courses/html-and-css-from-scratch")
                #expect(preview["price"] as? Int == 0)
            }
        }
    }

    @Test func seedingSaysWhatToDoWhenIdentityCannotHelp() async throws {
        try await CatalogHarness.with(settings: { $0.identityURL = "http://127.0.0.1:1" }) { h in
            do {
                _ = try await CatalogSeed(service: h.service).run()
                Issue.record("the seed ran without identity")
            } catch let failure as CatalogSeed.Failure {
                #expect(failure.description.contains("start identity first"))
            }
        }
        try await FakeIdentity.with(users: []) { identity in
            try await CatalogHarness.with(settings: { $0.identityURL = identity.url }) { h in
                do {
                    _ = try await CatalogSeed(service: h.service).run()
                    Issue.record("the seed ran without its instructor")
                } catch let failure as CatalogSeed.Failure {
                    #expect(failure.description.contains("identity seed"))
                }
                let count = try await h.pool.query("SELECT count(*) FROM categories")
                #expect(try count[0].decode(Int.self, at: 0) == 0)
            }
        }
    }
}
