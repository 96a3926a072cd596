import Foundation
import Testing

@testable import Catalog

@Suite("An instructor's own courses")
struct InstructorCoursesTests {
    @Test func instructorsListTheirOwnCoursesInEveryStatusWithCounts() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let (_, other) = try await h.instructorToken(first: "Eve", last: "Other")
            let draft = try await h.draft(token, ["title": "Draft"])
            let review = try await h.readyDraft(token, title: "Review")
            _ = await h.send(.post, "/v1/courses/\(review)/submit", token: token)
            let published = try await h.publishedCourse(token, title: "Published")
            _ = try await h.draft(other, ["title": "Not mine"])
            let all = await h.send(.get, "/v1/instructor/courses", token: token)
            #expect(all.status == 200)
            #expect(all.items.map { $0["id"] as? String } == [published, review, draft])
            let counts = all["counts"] as? [String: Int]
            #expect(counts == ["total": 3, "draft": 1, "underReview": 1, "published": 1, "archived": 0])
            let drafts = await h.send(.get, "/v1/instructor/courses?status=draft", token: token)
            #expect(drafts.items.map { $0["id"] as? String } == [draft])
            let first = await h.send(.get, "/v1/instructor/courses?limit=2", token: token)
            #expect(first.items.count == 2)
            let cursor = try #require(first["nextCursor"] as? String)
            let rest = await h.send(.get, "/v1/instructor/courses?limit=2&cursor=\(cursor)", token: token)
            #expect(rest.items.map { $0["id"] as? String } == [draft])
            #expect(await h.send(.get, "/v1/instructor/courses?status=lost", token: token).status == 400)
            #expect(
                await h.send(.get, "/v1/instructor/courses", token: try h.token(UUID(), role: .student)).status == 403)
            #expect(await h.send(.get, "/v1/instructor/courses").status == 401)
        }
    }
}
