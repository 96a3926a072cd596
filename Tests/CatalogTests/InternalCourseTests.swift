import Contracts
import Foundation
import HTTP
import Testing

@testable import Catalog

@Suite("Internal course queries for learning and billing")
struct InternalCourseTests {
    @Test func internalQueriesNeedTheServiceCredential() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let course = try await h.publishedCourse(token)
            #expect(await h.send(.get, "/internal/v1/courses/\(course)").status == 401)
            #expect(await h.send(.get, "/internal/v1/courses/\(course)", token: token).status == 401)
            #expect(await h.send(.post, "/internal/v1/courses/batch", json: ["ids": [course]]).status == 401)
        }
    }

    @Test func aCourseInAnyStatusComesWithLessonIdsAndVideos() async throws {
        try await CatalogHarness.with { h in
            let service: HTTPHeaders = ["Authorization": h.service.configuration.credential.authorization()]
            let (id, token) = try await h.instructorToken()
            let course = try await h.draft(token, ["title": "Draft", "price": 700])
            let section = try await h.section(course, token)
            let lesson = try await h.lesson(
                course, section: section, token, duration: 90, extra: ["videoUrl": "https://v.example/x.mp4"])
            let reply = await h.send(.get, "/internal/v1/courses/\(course)", headers: service)
            #expect(reply.status == 200)
            let wire = try JSONDecoder().decode(InternalCourse.self, from: Data(reply.text.utf8))
            #expect(wire.status == "draft")
            #expect(wire.instructorId == id.uuidString.lowercased())
            #expect(wire.price == 700)
            #expect(wire.lessonIds == [lesson])
            #expect(wire.sections.first?.lessons.first?.videoUrl == "https://v.example/x.mp4")
            #expect(wire.totalDurationSeconds == 90)
            #expect(wire.version == 3)
            #expect(await h.send(.get, "/internal/v1/courses/draft", headers: service).status == 200)
            #expect(await h.send(.get, "/internal/v1/courses/\(UUID())", headers: service).status == 404)
        }
    }

    @Test func aBatchAnswersTheKnownCoursesInTheOrderAsked() async throws {
        try await CatalogHarness.with { h in
            let service: HTTPHeaders = ["Authorization": h.service.configuration.credential.authorization()]
            let (_, token) = try await h.instructorToken()
            let first = try await h.publishedCourse(token, title: "First")
            let second = try await h.draft(token, ["title": "Second"])
            let reply = await h.send(
                .post, "/internal/v1/courses/batch", json: ["ids": [second, UUID().uuidString, first, second]],
                headers: service)
            #expect(reply.status == 200)
            let batch = try JSONDecoder().decode(InternalCourseBatch.self, from: Data(reply.text.utf8))
            #expect(batch.items.map(\.id) == [second, first])
            #expect(batch.items.last?.lessonIds.count == 1)
            let tooMany = await h.send(
                .post, "/internal/v1/courses/batch", json: ["ids": (0...100).map { _ in UUID().uuidString }],
                headers: service)
            #expect(CatalogHarness.fields(tooMany) == ["ids"])
            let malformed = await h.send(.post, "/internal/v1/courses/batch", json: ["ids": ["x"]], headers: service)
            #expect(CatalogHarness.fields(malformed) == ["ids.0"])
        }
    }
}
