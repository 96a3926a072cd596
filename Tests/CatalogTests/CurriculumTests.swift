import Contracts
import Foundation
import Postgres
import Testing

@testable import Catalog

@Suite("Curriculum: sections, lessons, materials and reordering")
struct CurriculumTests {
    /// The course's outline as its owner sees it: section ids, each with its lesson ids.
    func outline(_ h: CatalogHarness, _ course: String, _ token: String) async -> [(String, [String])] {
        let reply = await h.send(.get, "/v1/courses/\(course)", token: token)
        let sections = reply["curriculum"] as? [[String: Any]] ?? []
        return sections.map { section in
            let lessons = section["lessons"] as? [[String: Any]] ?? []
            return (section["id"] as? String ?? "", lessons.map { $0["id"] as? String ?? "" })
        }
    }

    @Test func lessonCountAndDurationFollowEveryChange() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let course = try await h.draft(token)
            let first = try await h.section(course, token, title: "One")
            let second = try await h.section(course, token, title: "Two")
            let a = try await h.lesson(course, section: first, token, duration: 60)
            _ = try await h.lesson(course, section: first, token, duration: 120)
            _ = try await h.lesson(course, section: second, token, duration: 300)
            var reply = await h.send(.get, "/v1/courses/\(course)", token: token)
            #expect(reply["lessonCount"] as? Int == 3)
            #expect(reply["totalDurationSeconds"] as? Int == 480)
            let patched = await h.send(
                .patch, "/v1/courses/\(course)/lessons/\(a)", json: ["durationSeconds": 600], token: token)
            #expect(patched.status == 200)
            #expect(patched["title"] as? String == "Hello")
            reply = await h.send(.get, "/v1/courses/\(course)", token: token)
            #expect(reply["totalDurationSeconds"] as? Int == 1020)
            #expect(await h.send(.delete, "/v1/courses/\(course)/lessons/\(a)", token: token).status == 204)
            reply = await h.send(.get, "/v1/courses/\(course)", token: token)
            #expect(reply["lessonCount"] as? Int == 2)
            #expect(reply["totalDurationSeconds"] as? Int == 420)
            let positions = (reply["curriculum"] as? [[String: Any]])?.first?["lessons"] as? [[String: Any]]
            #expect(positions?.map { $0["position"] as? Int } == [0])
            #expect(await h.send(.delete, "/v1/courses/\(course)/sections/\(first)", token: token).status == 204)
            reply = await h.send(.get, "/v1/courses/\(course)", token: token)
            #expect(reply["lessonCount"] as? Int == 1)
            #expect(reply["totalDurationSeconds"] as? Int == 300)
            #expect((reply["curriculum"] as? [[String: Any]])?.map { $0["position"] as? Int } == [0])
            let stored = try await h.pool.query(
                "SELECT lesson_count, total_duration_seconds FROM courses WHERE id = \(UUID(uuidString: course)!)")
            let (lessonCount, duration) = try stored[0].decode((Int, Int).self)
            #expect(lessonCount == 1 && duration == 300)
        }
    }

    @Test func concurrentWritesQueueBehindTheCourseAndKeepPositionsDense() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let course = try await h.draft(token)
            let statuses = await withTaskGroup(of: Int.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        await h.send(
                            .post, "/v1/courses/\(course)/sections", json: ["title": "S\(index)"], token: token
                        )
                        .status
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 201, count: 8))
            let reply = await h.send(.get, "/v1/courses/\(course)", token: token)
            #expect((reply["curriculum"] as? [[String: Any]])?.map { $0["position"] as? Int } == Array(0..<8))
            #expect(try await h.version(course) == 9)
            #expect(try await h.courseChanges(course).map(\.version) == Array(1...9))
        }
    }

    @Test func everyCurriculumWriteBumpsTheVersionAndAnnouncesTheLessons() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let course = try await h.draft(token)
            let section = await h.send(.post, "/v1/courses/\(course)/sections", json: ["title": "S"], token: token)
            #expect(section.headers["ETag"] == "\"2\"")
            let sectionID = try #require(section["id"] as? String)
            let lesson = try await h.lesson(course, section: sectionID, token)
            #expect(try await h.version(course) == 3)
            let renamed = await h.send(
                .patch, "/v1/courses/\(course)/sections/\(sectionID)", json: ["title": "Renamed"], token: token,
                headers: ["If-Match": "\"3\""])
            #expect(renamed["title"] as? String == "Renamed")
            #expect(renamed.headers["ETag"] == "\"4\"")
            let stale = await h.send(
                .patch, "/v1/courses/\(course)/sections/\(sectionID)", json: ["title": "Lost"], token: token,
                headers: ["If-Match": "\"3\""])
            #expect(stale.status == 412)
            let changes = try await h.courseChanges(course)
            #expect(changes.map(\.version) == [1, 2, 3, 4])
            #expect(changes.last?.lessonIds == [lesson])
            #expect(changes.last?.lessonCount == 1)
        }
    }

    @Test func aReorderMovesLessonsBetweenSectionsAtOnce() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let course = try await h.draft(token)
            let s1 = try await h.section(course, token)
            let s2 = try await h.section(course, token)
            let a = try await h.lesson(course, section: s1, token, title: "A")
            let b = try await h.lesson(course, section: s1, token, title: "B")
            let c = try await h.lesson(course, section: s2, token, title: "C")
            let reply = await h.send(
                .put, "/v1/courses/\(course)/curriculum/order",
                json: ["sections": [["id": s2, "lessons": [c, a]], ["id": s1, "lessons": [b]]]], token: token)
            #expect(reply.status == 200)
            let order = await outline(h, course, token)
            #expect(order.map(\.0) == [s2, s1])
            #expect(order.map(\.1) == [[c, a], [b]])
            #expect(try await h.courseChanges(course).last?.lessonIds == [c, a, b])
            let emptied = await h.send(
                .put, "/v1/courses/\(course)/curriculum/order",
                json: ["sections": [["id": s1, "lessons": [b, c, a]], ["id": s2, "lessons": []]]], token: token)
            #expect(emptied.status == 200)
            #expect(await outline(h, course, token).map(\.1) == [[b, c, a], []])
        }
    }

    @Test func aReorderThatMissesOrInventsItemsChangesNothing() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let course = try await h.draft(token)
            let s1 = try await h.section(course, token)
            let s2 = try await h.section(course, token)
            let a = try await h.lesson(course, section: s1, token)
            let b = try await h.lesson(course, section: s2, token)
            let before = try await h.version(course)
            let path = "/v1/courses/\(course)/curriculum/order"
            let missing = await h.send(.put, path, json: ["sections": [["id": s2, "lessons": [b, a]]]], token: token)
            #expect(missing.status == 409)
            #expect(missing.code == "curriculumMismatch")
            let invented = await h.send(
                .put, path,
                json: ["sections": [["id": s1, "lessons": [a, UUID().uuidString]], ["id": s2, "lessons": [b]]]],
                token: token)
            #expect(invented.code == "curriculumMismatch")
            let lessonDropped = await h.send(
                .put, path, json: ["sections": [["id": s1, "lessons": [a]], ["id": s2, "lessons": []]]], token: token)
            #expect(lessonDropped.code == "curriculumMismatch")
            let duplicate = await h.send(
                .put, path, json: ["sections": [["id": s1, "lessons": [a, a]], ["id": s2, "lessons": [b]]]],
                token: token)
            #expect(duplicate.status == 400)
            #expect(CatalogHarness.fields(duplicate) == ["sections.0.lessons.1"])
            let malformed = await h.send(
                .put, path, json: ["sections": [["id": "x", "lessons": [a]], ["id": s2, "lessons": [b]]]], token: token)
            #expect(CatalogHarness.fields(malformed) == ["sections.0.id"])
            #expect(await outline(h, course, token).map(\.1) == [[a], [b]])
            #expect(try await h.version(course) == before)
        }
    }

    @Test func onlyTheOwnerAndAdminsChangeTheCurriculum() async throws {
        try await CatalogHarness.with { h in
            let (_, owner) = try await h.instructorToken()
            let (_, other) = try await h.instructorToken(first: "Eve", last: "Other")
            let draft = try await h.draft(owner)
            let published = try await h.publishedCourse(owner, title: "Published")
            #expect(
                await h.send(.post, "/v1/courses/\(draft)/sections", json: ["title": "S"], token: other).status == 404)
            #expect(
                await h.send(.post, "/v1/courses/\(published)/sections", json: ["title": "S"], token: other).status
                    == 403)
            #expect(await h.send(.post, "/v1/courses/\(published)/sections", json: ["title": "S"]).status == 401)
            let admin = await h.send(
                .post, "/v1/courses/\(published)/sections", json: ["title": "S"], token: try h.adminToken())
            #expect(admin.status == 201)
            let foreignSection = try await h.section(draft, owner)
            let wrongCourse = await h.send(
                .post, "/v1/courses/\(published)/sections/\(foreignSection)/lessons",
                json: ["title": "L", "type": "text"], token: owner)
            #expect(wrongCourse.status == 404)
        }
    }

    @Test func badLessonInputListsEveryField() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let course = try await h.draft(token)
            let section = try await h.section(course, token)
            let path = "/v1/courses/\(course)/sections/\(section)/lessons"
            let bad = await h.send(
                .post, path,
                json: ["title": "", "type": "podcast", "durationSeconds": 90_000, "videoUrl": "ftp://x/y.mp4"],
                token: token)
            #expect(Set(CatalogHarness.fields(bad)) == ["title", "type", "durationSeconds", "videoUrl"])
            #expect(
                Set(CatalogHarness.fields(await h.send(.post, path, json: [:], token: token))) == ["title", "type"])
            #expect(await h.send(.post, "/v1/courses/\(course)/sections", json: [:], token: token).status == 400)
            #expect(try await h.version(course) == 2)
        }
    }

    @Test func materialsBelongToALessonAndOnlyManagersSeeThem() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let course = try await h.publishedCourse(token)
            let outlineReply = await h.send(.get, "/v1/courses/\(course)", token: token)
            let lesson = try #require(
                ((outlineReply["curriculum"] as? [[String: Any]])?.first?["lessons"] as? [[String: Any]])?.first?["id"]
                    as? String)
            let added = await h.send(
                .post, "/v1/courses/\(course)/lessons/\(lesson)/materials",
                json: ["title": "Slides", "url": "https://files.example/slides.pdf", "kind": "pdf"], token: token)
            #expect(added.status == 201)
            let material = try #require(added["id"] as? String)
            let bad = await h.send(
                .post, "/v1/courses/\(course)/lessons/\(lesson)/materials",
                json: ["title": "", "url": "file:///etc/passwd", "kind": "zip"], token: token)
            #expect(Set(CatalogHarness.fields(bad)) == ["title", "url", "kind"])
            func materials(_ reply: CatalogHarness.Reply) -> [[String: Any]]? {
                ((reply["curriculum"] as? [[String: Any]])?.first?["lessons"] as? [[String: Any]])?.first?["materials"]
                    as? [[String: Any]]
            }
            #expect(materials(await h.send(.get, "/v1/courses/\(course)", token: token))?.count == 1)
            #expect(materials(await h.send(.get, "/v1/courses/\(course)")) == nil)
            let lessonReply = await h.send(.get, "/v1/courses/\(course)/lessons/\(lesson)", token: token)
            #expect((lessonReply["materials"] as? [[String: Any]])?.first?["kind"] as? String == "pdf")
            let other = try await h.draft(token, ["title": "Other"])
            #expect(await h.send(.delete, "/v1/courses/\(other)/materials/\(material)", token: token).status == 404)
            #expect(await h.send(.delete, "/v1/courses/\(course)/materials/\(material)", token: token).status == 204)
            #expect(materials(await h.send(.get, "/v1/courses/\(course)", token: token))?.count == 0)
        }
    }
}
