import Contracts
import Foundation
import Postgres
import Testing

@testable import Catalog

@Suite("Course events: course.changed out, course.stats and renames in")
struct CourseEventTests {
    @Test func everyChangeAnnouncesTheCoursesAbsoluteStateAndAFailedOneNothing() async throws {
        try await CatalogHarness.with { h in
            let (id, token) = try await h.instructorToken()
            let course = try await h.readyDraft(token, price: 2500)
            _ = await h.send(.patch, "/v1/courses/\(course)", json: ["title": "Renamed", "version": 3], token: token)
            #expect(
                await h.send(.patch, "/v1/courses/\(course)", json: ["title": "X", "version": 3], token: token).status
                    == 412)
            _ = await h.send(.post, "/v1/courses/\(course)/submit", token: token)
            let changes = try await h.courseChanges(course)
            #expect(changes.map(\.version) == [1, 2, 3, 4, 5])
            let last = try #require(changes.last)
            #expect(last.title == "Renamed")
            #expect(last.status == "under-review")
            #expect(last.instructorId == id.uuidString.lowercased())
            #expect(last.instructorName == "Ada Lovelace")
            #expect(last.price == 2500)
            #expect(last.currency == "USD")
            #expect(last.lessonCount == 1)
            #expect(last.lessonIds.count == 1)
            #expect(last.categoryId != nil)
            #expect(last.isPublic)
            let stored = try await h.pool.query(
                "SELECT version, updated_at FROM courses WHERE id = \(UUID(uuidString: course)!)")
            #expect(try stored[0].decode(Int.self, at: 0) == last.version)
        }
    }

    @Test func renamingAnInstructorRenamesTheirCoursesAndAnnouncesThem() async throws {
        try await CatalogHarness.with { h in
            let (id, token) = try await h.instructorToken(first: "Ada", last: "Lovelace")
            let course = try await h.publishedCourse(token)
            let before = try await h.version(course)
            try await h.instructor(id, first: "Ada", last: "King", updatedAt: "2026-11-21T11:00:00.000000Z")
            let reply = await h.send(.get, "/v1/courses/\(course)")
            #expect((reply["instructor"] as? [String: Any])?["name"] as? String == "Ada King")
            let last = try #require(try await h.courseChanges(course).last)
            #expect(last.instructorName == "Ada King")
            #expect(last.version == before + 1)
            try await h.deliver(
                EventTopic.userDeleted, UserDeleted(id: id.uuidString.lowercased(), deletedAt: "2026-11-22T00:00:00Z"))
            #expect(try await h.courseChanges(course).last?.instructorName == "Former instructor")
        }
    }

    @Test func courseStatsApplyOnlyWhenNewerAndLeaveTheVersionAlone() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let course = try await h.publishedCourse(token)
            let version = try await h.version(course)
            let newer = CourseStats(
                courseId: course, enrollmentCount: 10, ratingAverage: 4.5, ratingCount: 4, version: 5)
            #expect(try await h.deliver(EventTopic.courseStats, newer)["status"] as? String == "applied")
            let older = CourseStats(courseId: course, enrollmentCount: 3, ratingAverage: 2, ratingCount: 1, version: 4)
            try await h.deliver(EventTopic.courseStats, older)
            let reply = await h.send(.get, "/v1/courses/\(course)")
            #expect(reply["enrollmentCount"] as? Int == 10)
            #expect(reply["ratingAverage"] as? Double == 4.5)
            #expect(try await h.version(course) == version)
            let outOfRange = CourseStats(
                courseId: course, enrollmentCount: -5, ratingAverage: 9, ratingCount: 1, version: 6)
            try await h.deliver(EventTopic.courseStats, outOfRange)
            let clamped = await h.send(.get, "/v1/courses/\(course)")
            #expect(clamped["enrollmentCount"] as? Int == 0)
            #expect(clamped["ratingAverage"] as? Double == 5)
        }
    }
}
