import Contracts
import Crypto
import Foundation
import HTTP
import ServiceKit
import TestSupport
import Testing

@testable import Learning

@Suite("Notes")
struct NoteTests {
    @Test func notesAreListedInCurriculumOrderThenBySecondAndOnlyTheirAuthorSeesThem() async throws {
        try await LearningHarness.with { h in
            let event = LearningHarness.course()
            let course = try await h.publish(event)
            let (_, token) = try h.student()
            let (_, other) = try h.student()
            for student in [token, other] {
                _ = await h.send(.post, "/v1/enrollments", json: ["courseId": course.lowercased], token: student)
            }
            let written: [(Int, Int, String)] = [(2, 10, "c"), (0, 50, "b"), (0, 5, "a"), (1, 0, "d")]
            var ids: [String: String] = [:]
            for (lesson, seconds, body) in written {
                let reply = await h.send(
                    .post, "/v1/learn/\(course)/notes",
                    json: ["lessonId": event.lessonIds[lesson], "seconds": seconds, "body": body], token: token)
                #expect(reply.status == 201)
                ids[body] = reply["id"] as? String
            }
            var bodies: [String] = []
            var cursor = ""
            repeat {
                let page = await h.send(.get, "/v1/learn/\(course)/notes?limit=3&cursor=\(cursor)", token: token)
                bodies += page.items.compactMap { $0["body"] as? String }
                cursor = page["nextCursor"] as? String ?? ""
            } while !cursor.isEmpty
            #expect(bodies == ["a", "b", "d", "c"])
            #expect(await h.send(.get, "/v1/learn/\(course)/notes", token: other).items.isEmpty)
            let note = ids["a"]!
            #expect(
                await h.send(.patch, "/v1/learn/\(course)/notes/\(note)", json: ["body": "x"], token: other).status
                    == 404)
            #expect(await h.send(.delete, "/v1/learn/\(course)/notes/\(note)", token: other).status == 404)
            let changed = await h.send(
                .patch, "/v1/learn/\(course)/notes/\(note)", json: ["body": "  e  "], token: token)
            #expect(changed.status == 200 && changed["body"] as? String == "e")
            #expect(await h.send(.delete, "/v1/learn/\(course)/notes/\(note)", token: token).status == 204)
            #expect(await h.send(.delete, "/v1/learn/\(course)/notes/\(note)", token: token).status == 404)
        }
    }

    @Test func writingNeedsAccessALessonOfTheCourseAndAValidBody() async throws {
        try await LearningHarness.with { h in
            let event = LearningHarness.course()
            let course = try await h.publish(event)
            let (_, token) = try h.student()
            let json: [String: Any] = ["lessonId": event.lessonIds[0], "seconds": 1, "body": "hi"]
            let refused = await h.send(.post, "/v1/learn/\(course)/notes", json: json, token: token)
            #expect(refused.status == 403 && refused.code == "noAccess")
            _ = await h.send(.post, "/v1/enrollments", json: ["courseId": course.lowercased], token: token)
            let bad: [[String: Any]] = [
                ["lessonId": UUID().lowercased, "seconds": 1, "body": "hi"],
                ["lessonId": event.lessonIds[0], "seconds": -1, "body": "hi"],
                ["lessonId": event.lessonIds[0], "seconds": 1, "body": "   "],
                ["lessonId": event.lessonIds[0], "seconds": 1, "body": String(repeating: "é", count: 2_001)],
                ["lessonId": event.lessonIds[0], "seconds": 1, "body": "nul\u{0}"],
                ["lessonId": event.lessonIds[0], "seconds": 1, "body": "hi", "userId": UUID().uuidString],
            ]
            for body in bad {
                #expect(
                    await h.send(.post, "/v1/learn/\(course)/notes", json: body, token: token).status == 400, "\(body)")
            }
            let long =
                ["lessonId": event.lessonIds[0], "seconds": 1, "body": String(repeating: "é", count: 2_000)]
                as [String: Any]
            #expect(await h.send(.post, "/v1/learn/\(course)/notes", json: long, token: token).status == 201)
            let lines = ["lessonId": event.lessonIds[0], "seconds": 1, "body": "one\ntwo"] as [String: Any]
            #expect(await h.send(.post, "/v1/learn/\(course)/notes", json: lines, token: token).status == 201)
        }
    }

    @Test func theBoundOnNotesHoldsUnderTwentyConcurrentWrites() async throws {
        try await LearningHarness.with(settings: { $0.notesPerCourse = 5 }) { h in
            let event = LearningHarness.course()
            let course = try await h.publish(event)
            let (_, token) = try h.student()
            _ = await h.send(.post, "/v1/enrollments", json: ["courseId": course.lowercased], token: token)
            let lesson = event.lessonIds[0]
            let statuses = await withTaskGroup(of: Int.self) { group in
                for n in 0..<20 {
                    group.addTask {
                        await h.send(
                            .post, "/v1/learn/\(course)/notes",
                            json: ["lessonId": lesson, "seconds": n, "body": "n\(n)"],
                            token: token
                        ).status
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 5)
            #expect(statuses.filter { $0 == 409 }.count == 15)
            let rows = try await h.pool.query("SELECT count(*)::int8 FROM notes")[0].decode(Int.self, at: 0)
            #expect(rows == 5)
        }
    }
}
