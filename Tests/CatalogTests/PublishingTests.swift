import Contracts
import Foundation
import Postgres
import Testing

@testable import Catalog

@Suite("Publishing: submit, review, archive and restore through the API")
struct PublishingTests {
    @Test func submittingAnIncompleteCourseIs422ListingWhatIsMissing() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let course = try await h.draft(token)
            _ = try await h.section(course, token)
            let reply = await h.send(.post, "/v1/courses/\(course)/submit", token: token)
            #expect(reply.status == 422)
            #expect(reply.code == "courseIncomplete")
            #expect(CatalogHarness.fields(reply) == ["curriculum", "price", "categoryId"])
            #expect(await h.send(.get, "/v1/courses/\(course)", token: token)["status"] as? String == "draft")
            #expect(try await h.version(course) == 2)
        }
    }

    @Test func aSubmittedCourseWaitsForAnAdminWhoPublishesIt() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let admin = try h.adminToken()
            let course = try await h.readyDraft(token, price: 0)
            let submitted = await h.send(.post, "/v1/courses/\(course)/submit", token: token)
            #expect(submitted["status"] as? String == "under-review")
            #expect(submitted["submittedAt"] is String)
            #expect(await h.send(.get, "/v1/courses/\(course)").status == 404)
            let queue = await h.send(.get, "/v1/admin/courses?status=under-review", token: admin)
            #expect(queue.items.map { $0["id"] as? String } == [course])
            #expect(await h.send(.post, "/v1/courses/\(course)/submit", token: token).code == "invalidTransition")
            #expect(await h.send(.post, "/v1/courses/\(course)/approve", token: token).status == 403)
            let outline = await h.send(.get, "/v1/courses/\(course)", token: token)
            let lesson = try #require(
                ((outline["curriculum"] as? [[String: Any]])?.first?["lessons"] as? [[String: Any]])?.first?["id"]
                    as? String)
            #expect(await h.send(.delete, "/v1/courses/\(course)/lessons/\(lesson)", token: token).status == 204)
            let emptied = await h.send(.post, "/v1/courses/\(course)/approve", token: admin)
            #expect(emptied.code == "courseIncomplete")
            #expect(CatalogHarness.fields(emptied) == ["curriculum"])
            let section = try #require((outline["curriculum"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await h.lesson(course, section: section, token)
            let approved = await h.send(.post, "/v1/courses/\(course)/approve", token: admin)
            #expect(approved["status"] as? String == "published")
            #expect(approved["publishedAt"] is String)
            let anonymous = await h.send(.get, "/v1/courses/\(course)")
            #expect(anonymous.status == 200)
            #expect(anonymous["price"] as? Int == 0)
            #expect(anonymous["reviewNote"] == nil && anonymous["submittedAt"] == nil)
            #expect(try await h.courseChanges(course).last?.status == "published")
        }
    }

    @Test func aRejectedCourseReturnsToDraftWithTheReason() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let admin = try h.adminToken()
            let course = try await h.readyDraft(token)
            _ = await h.send(.post, "/v1/courses/\(course)/submit", token: token)
            let noReason = await h.send(.post, "/v1/courses/\(course)/reject", json: ["reason": " "], token: admin)
            #expect(CatalogHarness.fields(noReason) == ["reason"])
            let long = await h.send(
                .post, "/v1/courses/\(course)/reject", json: ["reason": String(repeating: "r", count: 1001)],
                token: admin)
            #expect(long.status == 400)
            #expect(
                await h.send(.post, "/v1/courses/\(course)/reject", json: ["reason": "No"], token: token).status == 403)
            let rejected = await h.send(
                .post, "/v1/courses/\(course)/reject", json: ["reason": "Add captions"], token: admin)
            #expect(rejected["status"] as? String == "draft")
            #expect(
                await h.send(.get, "/v1/courses/\(course)", token: token)["reviewNote"] as? String == "Add captions")
            let again = await h.send(.post, "/v1/courses/\(course)/submit", token: token)
            #expect(again["status"] as? String == "under-review")
            #expect(again["reviewNote"] == nil)
        }
    }

    @Test func withoutRequiredReviewSubmittingPublishes() async throws {
        try await CatalogHarness.with(settings: { $0.isReviewRequired = false }) { h in
            let (_, token) = try await h.instructorToken()
            let course = try await h.readyDraft(token)
            let reply = await h.send(.post, "/v1/courses/\(course)/submit", token: token)
            #expect(reply["status"] as? String == "published")
            #expect(await h.send(.get, "/v1/courses/\(course)").status == 200)
        }
    }

    @Test func anArchivedCourseIsHiddenAndComesBackAsADraft() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let course = try await h.publishedCourse(token)
            let version = try await h.version(course)
            #expect(
                await h.send(
                    .post, "/v1/courses/\(course)/archive", token: token,
                    headers: ["If-Match": "\"\(version - 1)\""]
                ).status == 412)
            let archived = await h.send(.post, "/v1/courses/\(course)/archive", token: token)
            #expect(archived["status"] as? String == "archived")
            #expect(await h.send(.get, "/v1/courses/\(course)").status == 404)
            #expect(await h.send(.post, "/v1/courses/\(course)/archive", token: token).code == "invalidTransition")
            let restored = await h.send(.post, "/v1/courses/\(course)/restore", token: token)
            #expect(restored["status"] as? String == "draft")
            #expect(await h.send(.post, "/v1/courses/\(course)/restore", token: token).status == 409)
            let (_, other) = try await h.instructorToken(first: "Eve", last: "Other")
            #expect(await h.send(.post, "/v1/courses/\(course)/archive", token: other).status == 404)
        }
    }

    @Test func theReviewQueueIsForAdminsOldestFirstAndPaged() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let admin = try h.adminToken()
            var submitted: [String] = []
            for title in ["A", "B", "C"] {
                let course = try await h.readyDraft(token, title: title)
                #expect(await h.send(.post, "/v1/courses/\(course)/submit", token: token).status == 200)
                submitted.append(course)
            }
            _ = try await h.draft(token, ["title": "Not submitted"])
            let first = await h.send(.get, "/v1/admin/courses?limit=2", token: admin)
            #expect(first.items.map { $0["id"] as? String } == Array(submitted.prefix(2)))
            let cursor = try #require(first["nextCursor"] as? String)
            let second = await h.send(.get, "/v1/admin/courses?limit=2&cursor=\(cursor)", token: admin)
            #expect(second.items.map { $0["id"] as? String } == [submitted[2]])
            #expect(second["nextCursor"] is NSNull)
            #expect(await h.send(.get, "/v1/admin/courses?status=draft", token: admin).items.count == 1)
            #expect(await h.send(.get, "/v1/admin/courses?status=secret", token: admin).status == 400)
            #expect(await h.send(.get, "/v1/admin/courses", token: token).status == 403)
            #expect(await h.send(.get, "/v1/admin/courses?cursor=garbage", token: admin).status == 400)
        }
    }
}
