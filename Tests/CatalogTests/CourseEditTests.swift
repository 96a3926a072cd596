import Contracts
import Foundation
import Postgres
import Testing

@testable import Catalog

@Suite("Courses: optimistic concurrency, ownership and deletion")
struct CourseEditTests {
    @Test func aChangeMustNameTheCurrentVersion() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let course = try await h.draft(token)
            let missing = await h.send(.patch, "/v1/courses/\(course)", json: ["title": "New"], token: token)
            #expect(missing.status == 428)
            #expect(missing.code == "versionRequired")
            let first = await h.send(
                .patch, "/v1/courses/\(course)", json: ["title": "New"], token: token, headers: ["If-Match": "\"1\""])
            #expect(first.status == 200)
            #expect(first.headers["ETag"] == "\"2\"")
            #expect(first["title"] as? String == "New")
            let stale = await h.send(
                .patch, "/v1/courses/\(course)", json: ["title": "Lost"], token: token, headers: ["If-Match": "\"1\""])
            #expect(stale.status == 412)
            #expect(stale.code == "staleVersion")
            let byBody = await h.send(
                .patch, "/v1/courses/\(course)", json: ["title": "Third", "version": 2], token: token)
            #expect(byBody.headers["ETag"] == "\"3\"")
            let malformed = await h.send(
                .patch, "/v1/courses/\(course)", json: ["title": "X"], token: token, headers: ["If-Match": "W/\"3\""])
            #expect(malformed.status == 400)
            let disagreeing = await h.send(
                .patch, "/v1/courses/\(course)", json: ["title": "X", "version": 2], token: token,
                headers: ["If-Match": "\"3\""])
            // Two versions named, at least one not current: the precondition fails.
            #expect(disagreeing.status == 412)
            #expect(disagreeing["code"] as? String == "versionMismatch")
            let current = await h.send(.get, "/v1/courses/\(course)", token: token)
            #expect(current["title"] as? String == "Third")
            #expect(current.headers["ETag"] == "\"3\"")
        }
    }

    @Test func nullClearsAFieldAndAbsentFieldsStay() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let course = try await h.draft(
                token, ["title": "T", "price": 500, "originalPrice": 900, "coverUrl": "https://img.example/c.png"])
            let reply = await h.send(
                .patch, "/v1/courses/\(course)", json: ["price": NSNull(), "originalPrice": 0, "version": 1],
                token: token)
            #expect(reply.status == 200)
            #expect(reply["price"] == nil)
            #expect(reply["originalPrice"] as? Int == 0)
            #expect(reply["coverUrl"] as? String == "https://img.example/c.png")
            #expect(reply["title"] as? String == "T")
            let bad = await h.send(
                .patch, "/v1/courses/\(course)", json: ["title": NSNull(), "version": 2, "level": "hard"], token: token)
            #expect(bad.status == 400)
            #expect(try await h.version(course) == 2)
        }
    }

    @Test func othersCannotChangeACourseAndCannotSeeADraft() async throws {
        try await CatalogHarness.with { h in
            let (_, owner) = try await h.instructorToken()
            let (_, other) = try await h.instructorToken(first: "Eve", last: "Other")
            let draft = try await h.draft(owner)
            let published = try await h.publishedCourse(owner, title: "Published")
            let version = try await h.version(published)
            let json: [String: Any] = ["title": "Mine now", "version": version]
            #expect(
                await h.send(.patch, "/v1/courses/\(draft)", json: ["title": "X", "version": 1], token: other).status
                    == 404)
            #expect(await h.send(.patch, "/v1/courses/\(published)", json: json, token: other).status == 403)
            #expect(await h.send(.delete, "/v1/courses/\(draft)", token: other).status == 404)
            #expect(
                await h.send(.patch, "/v1/courses/\(published)", json: json, token: try h.adminToken()).status == 200)
            #expect(await h.send(.patch, "/v1/courses/\(UUID())", json: json, token: owner).status == 404)
        }
    }

    @Test func onlyANeverPublishedDraftWithoutEnrollmentsCanBeDeleted() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let draft = try await h.readyDraft(token)
            #expect(
                await h.send(.delete, "/v1/courses/\(draft)", token: token, headers: ["If-Match": "\"1\""]).status
                    == 412)
            #expect(await h.send(.delete, "/v1/courses/\(draft)", token: token).status == 204)
            #expect(await h.send(.get, "/v1/courses/\(draft)", token: token).status == 404)
            let lessons = try await h.pool.query("SELECT count(*) FROM lessons")
            #expect(try lessons[0].decode(Int.self, at: 0) == 0)
            let last = try #require(try await h.courseChanges(draft).last)
            #expect(last.status == "deleted")
            let published = try await h.publishedCourse(token)
            let refused = await h.send(.delete, "/v1/courses/\(published)", token: token)
            #expect(refused.status == 409)
            #expect(refused.code == "courseNotDeletable")
            #expect(await h.send(.post, "/v1/courses/\(published)/archive", token: token).status == 200)
            #expect(await h.send(.post, "/v1/courses/\(published)/restore", token: token).status == 200)
            #expect(await h.send(.delete, "/v1/courses/\(published)", token: token).status == 409)
            let enrolled = try await h.draft(token, ["title": "Enrolled"])
            try await h.deliver(
                EventTopic.courseStats,
                CourseStats(courseId: enrolled, enrollmentCount: 1, ratingAverage: 0, ratingCount: 0, version: 1))
            #expect(await h.send(.delete, "/v1/courses/\(enrolled)", token: token).status == 409)
        }
    }
}
