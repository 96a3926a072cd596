import Contracts
import Foundation
import Postgres
import Testing

@testable import Catalog

@Suite("Visibility: who sees which course and what of it")
struct VisibilityTests {
    @Test func thePublicSeesOnlyPublishedPublicCoursesAndDraftsStayHidden() async throws {
        try await CatalogHarness.with { h in
            let (_, owner) = try await h.instructorToken()
            let (_, other) = try await h.instructorToken(first: "Eve", last: "Other")
            let draft = try await h.draft(owner, ["title": "Secret draft"])
            for token in [nil, other] {
                #expect(await h.send(.get, "/v1/courses/\(draft)", token: token).status == 404)
                #expect(await h.send(.get, "/v1/courses/secret-draft", token: token).status == 404)
            }
            #expect(await h.send(.get, "/v1/courses/secret-draft", token: owner).status == 200)
            #expect(await h.send(.get, "/v1/courses/\(draft)", token: try h.adminToken()).status == 200)
            let published = try await h.publishedCourse(owner, title: "Open")
            #expect(await h.send(.get, "/v1/courses/open").status == 200)
            #expect(await h.send(.get, "/v1/courses/\(published)", token: other).status == 200)
            let version = try await h.version(published)
            _ = await h.send(
                .patch, "/v1/courses/\(published)", json: ["isPublic": false, "version": version], token: owner)
            #expect(await h.send(.get, "/v1/courses/open").status == 404)
            #expect(await h.send(.get, "/v1/courses/open", token: owner).status == 200)
            #expect(await h.send(.get, "/v1/courses/Not%20a%20slug").status == 404)
            #expect(await h.send(.get, "/v1/courses/\(draft)", token: "not-a-token").status == 401)
        }
    }

    @Test func theOutlineShowsVideosOnlyForFreePreviewsUnlessTheCallerManagesTheCourse() async throws {
        try await CatalogHarness.with { h in
            let (_, owner) = try await h.instructorToken()
            let admin = try h.adminToken()
            let category = try await h.category()
            let course = try await h.draft(owner, ["title": "Videos", "categoryId": category, "price": 100])
            let section = try await h.section(course, owner)
            let preview = try await h.lesson(
                course, section: section, owner, title: "Preview",
                extra: ["videoUrl": "https://v.example/1.mp4", "isFreePreview": true, "content": "Notes"])
            let locked = try await h.lesson(
                course, section: section, owner, title: "Locked", extra: ["videoUrl": "https://v.example/2.mp4"])
            _ = await h.send(.post, "/v1/courses/\(course)/submit", token: owner)
            _ = await h.send(.post, "/v1/courses/\(course)/approve", token: admin)
            func lessons(_ reply: CatalogHarness.Reply) -> [String: [String: Any]] {
                let list = (reply["curriculum"] as? [[String: Any]])?.first?["lessons"] as? [[String: Any]] ?? []
                return Dictionary(uniqueKeysWithValues: list.map { ($0["id"] as? String ?? "", $0) })
            }
            let anonymous = lessons(await h.send(.get, "/v1/courses/\(course)"))
            #expect(anonymous[preview]?["videoUrl"] as? String == "https://v.example/1.mp4")
            #expect(anonymous[locked]?["videoUrl"] == nil)
            #expect(anonymous[locked]?["title"] as? String == "Locked")
            #expect(anonymous[locked]?["type"] as? String == "video")
            #expect(anonymous[locked]?["durationSeconds"] as? Int == 60)
            #expect(anonymous[locked]?["isFreePreview"] as? Bool == false)
            let managed = lessons(await h.send(.get, "/v1/courses/\(course)", token: owner))
            #expect(managed[locked]?["videoUrl"] as? String == "https://v.example/2.mp4")
            let previewLesson = await h.send(.get, "/v1/courses/\(course)/lessons/\(preview)")
            #expect(previewLesson["content"] as? String == "Notes")
            #expect(await h.send(.get, "/v1/courses/\(course)/lessons/\(locked)").status == 403)
            #expect(await h.send(.get, "/v1/courses/\(course)/lessons/\(locked)", token: admin).status == 200)
            #expect(await h.send(.get, "/v1/courses/\(course)/lessons/\(UUID())", token: admin).status == 404)
        }
    }

    @Test func theDetailCarriesTheInstructorRatingAndCounts() async throws {
        try await CatalogHarness.with { h in
            let (id, owner) = try await h.instructorToken(first: "Ada", last: "Lovelace")
            let course = try await h.publishedCourse(owner)
            try await h.deliver(
                EventTopic.courseStats,
                CourseStats(courseId: course, enrollmentCount: 42, ratingAverage: 4.257, ratingCount: 7, version: 3))
            let reply = await h.send(.get, "/v1/courses/\(course)")
            #expect(reply["enrollmentCount"] as? Int == 42)
            #expect(reply["ratingAverage"] as? Double == 4.26)
            #expect(reply["ratingCount"] as? Int == 7)
            #expect(reply["lessonCount"] as? Int == 1)
            #expect(reply["totalDurationSeconds"] as? Int == 60)
            let instructor = reply["instructor"] as? [String: Any]
            #expect(instructor?["id"] as? String == id.uuidString.lowercased())
            #expect(instructor?["name"] as? String == "Ada Lovelace")
        }
    }
}
