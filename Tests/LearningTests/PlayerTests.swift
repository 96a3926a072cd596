import Contracts
import Crypto
import Foundation
import HTTP
import ServiceKit
import TestSupport
import Testing

@testable import Learning

@Suite("The player and progress")
struct PlayerTests {
    static func lessons(_ reply: LearningHarness.Reply) -> [[String: Any]] {
        (reply["sections"] as? [[String: Any]] ?? []).flatMap { $0["lessons"] as? [[String: Any]] ?? [] }
    }

    @Test func withoutAnEnrollmentOnlyFreePreviewsCarryVideos() async throws {
        try await LearningHarness.with { h in
            let instructor = UUIDv7Generator().next()
            let event = LearningHarness.course(instructor: instructor)
            let course = try await h.publish(event)
            for token in [nil, try h.student().1] {
                let reply = await h.send(.get, "/v1/learn/\(course)", token: token)
                #expect(reply.status == 200 && reply["accessLevel"] as? String == "preview")
                let lessons = Self.lessons(reply)
                #expect(lessons.map { $0["videoUrl"] != nil } == [true, false, false])
                #expect(lessons.map { $0["isLocked"] as? Bool } == [false, true, true])
                let locked = await h.send(.get, "/v1/learn/\(course)/lessons/\(event.lessonIds[1])", token: token)
                #expect(locked.status == 403 && locked.code == "lessonLocked")
                #expect(
                    await h.send(.get, "/v1/learn/\(course)/lessons/\(event.lessonIds[0])", token: token).status == 200)
            }
            for token in [try h.token(instructor, role: .instructor), try h.token(UUID(), role: .admin)] {
                let reply = await h.send(.get, "/v1/learn/\(course)", token: token)
                #expect(reply["accessLevel"] as? String == "full")
                #expect(Self.lessons(reply).allSatisfy { $0["videoUrl"] != nil })
            }
            #expect(await h.send(.get, "/v1/learn/\(course)", token: "not.a.token").status == 401)
            #expect(await h.send(.get, "/v1/learn/\(UUID())/lessons/\(event.lessonIds[0])").status == 503)
        }
    }

    @Test func aDraftIsOnlyThereForItsInstructorAndAdmins() async throws {
        try await LearningHarness.with { h in
            let instructor = UUIDv7Generator().next()
            let course = try await h.publish(LearningHarness.course(instructor: instructor, status: "draft"))
            #expect(await h.send(.get, "/v1/learn/\(course)", token: try h.student().1).status == 404)
            #expect(await h.send(.get, "/v1/learn/\(course)").status == 404)
            #expect(
                await h.send(.get, "/v1/learn/\(course)", token: try h.token(instructor, role: .instructor)).status
                    == 200)
        }
    }

    @Test func completionsCountOnceEvenTwentyAtATimeAndAllOfThemComplete() async throws {
        try await LearningHarness.with { h in
            let event = LearningHarness.course()
            let course = try await h.publish(event)
            let (_, token) = try h.student()
            _ = await h.send(.post, "/v1/enrollments", json: ["courseId": course.lowercased], token: token)
            let path = "/v1/learn/\(course)/lessons/\(event.lessonIds[0])/complete"
            let percents = await withTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask { await h.send(.post, path, token: token)["progressPercent"] as? Int ?? -1 }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(percents == Array(repeating: 33, count: 20))
            var last = await h.send(.post, "/v1/learn/\(course)/lessons/\(event.lessonIds[1])/complete", token: token)
            #expect(last["progressPercent"] as? Int == 66 && last["status"] as? String == "active")
            last = await h.send(.post, "/v1/learn/\(course)/lessons/\(event.lessonIds[2])/complete", token: token)
            #expect(last["progressPercent"] as? Int == 100 && last["status"] as? String == "completed")
            #expect(last["completedAt"] as? String != nil && last["startedAt"] as? String != nil)
            let undone = await h.send(
                .delete, "/v1/learn/\(course)/lessons/\(event.lessonIds[2])/complete", token: token)
            #expect(undone["progressPercent"] as? Int == 66 && undone["status"] as? String == "completed")
            let player = await h.send(.get, "/v1/learn/\(course)", token: token)
            #expect(Self.lessons(player).map { $0["isCompleted"] as? Bool } == [true, true, false])
            #expect(try await h.completionCopiesThatDisagree() == 0)
        }
    }

    @Test func twentyDifferentLessonsCompletedAtOnceAllCountAndCompleteTheEnrollmentOnce() async throws {
        try await LearningHarness.with { h in
            let event = LearningHarness.course(lessons: 20)
            let course = try await h.publish(event)
            let (_, token) = try h.student()
            try await h.enroll(token, in: course)
            let replies = await withTaskGroup(of: LearningHarness.Reply.self) { group in
                for lesson in event.lessonIds {
                    group.addTask {
                        await h.send(.post, "/v1/learn/\(course)/lessons/\(lesson)/complete", token: token)
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0.status == 200 })
            // Each mark locks the enrollment before it counts: the last one counted sees all twenty.
            #expect(Set(replies.compactMap { $0["progressPercent"] as? Int }).count == 20)
            #expect(replies.filter { $0["status"] as? String == "completed" }.count == 1)
            let mine = await h.send(.get, "/v1/enrollments", token: token)
            #expect(mine.items.first?["progressPercent"] as? Int == 100)
            let requests = try await h.pool.query("SELECT count(*)::int8 FROM certificate_requests")[0]
                .decode(Int.self, at: 0)
            #expect(requests == 1)
            let player = await h.send(.get, "/v1/learn/\(course)", token: token)
            #expect(Self.lessons(player).allSatisfy { $0["isCompleted"] as? Bool == true })
            #expect(try await h.completionCopiesThatDisagree() == 0)
        }
    }

    @Test func thePlayerNeverShowsAnOlderCurriculumOrNameThanTheStoredOne() async throws {
        try await LearningHarness.with { h in
            var event = LearningHarness.course(lessons: 2)
            let course = try await h.publish(event)
            let first = await h.send(.get, "/v1/learn/\(course)")
            #expect(Self.lessons(first).count == 2)
            // A new version (from any replica: the row is what counts) shows at once, its outline read again.
            var sections = event.sections!
            sections[0].lessons.append(
                InternalLesson(
                    id: UUIDv7Generator().next().lowercased, title: "Added", type: "video", durationSeconds: 60,
                    videoUrl: nil, isFreePreview: false))
            event.sections = sections
            event.lessonIds = sections[0].lessons.map(\.id)
            event.version = 2
            try await h.publish(event)
            let second = await h.send(.get, "/v1/learn/\(course)")
            #expect(Self.lessons(second).map { $0["title"] as? String } == ["Lesson 1", "Lesson 2", "Added"])
            #expect(second["lessonCount"] as? Int == 3)
            // A rename does not change the version; the name is read from the row every time.
            let renamed = try await h.deliver(
                .userChanged,
                UserChanged(
                    id: event.instructorId, firstName: "Grace", lastName: "Hopper", imageURL: nil, role: "instructor",
                    status: "active", isInstructorApproved: true, updatedAt: "2026-12-02T10:00:00.000Z"))
            #expect(renamed.status == 200)
            let third = await h.send(.get, "/v1/learn/\(course)")
            #expect((third["instructor"] as? [String: Any])?["name"] as? String == "Grace Hopper")
            #expect(Self.lessons(third).count == 3)
        }
    }

    @Test func thePlayersAnswerFromPartsIsByteForByteTheWholeEncoding() throws {
        var event = LearningHarness.course(lessons: 6, quizzes: 2)
        var sections = event.sections!
        sections[0].title = "Basics: \"quotes\", \\ and \u{1F600}"
        sections[0].lessons[1].title = "Tab\there & <b>"
        sections.append(InternalSection(id: UUID().lowercased, title: "Empty", lessons: []))
        sections.append(
            InternalSection(id: UUID().lowercased, title: "More", lessons: Array(sections[0].lessons.suffix(3))))
        sections[0].lessons.removeLast(3)
        event.sections = sections
        let course = try #require(CourseSnapshot(event))
        let page = try PlayerPage(outline: course.outline)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let enrollment = Enrollment(
            id: UUID(), userId: UUID(), courseId: course.courseId, status: .active, source: .free, paymentId: nil,
            enrolledAt: now, startedAt: now, completedAt: nil, expiresAt: nil, lastAccessedAt: now,
            progressPercent: 33, timeSpentSeconds: 120, currentLessonId: UUID(text: event.lessonIds[1]),
            positionSeconds: 42, updatedAt: now, finalScore: 80)
        for completed in [Set<UUID>(), Set(event.lessonIds.prefix(3).compactMap { UUID(text: $0) })] {
            for level in AccessLevel.allCases {
                for held in [nil, enrollment] {
                    let whole = try JSONWriter().encode(
                        PlayerRoutes.response(course, enrollment: held, level: level, completed: completed))
                    let head = PlayerRoutes.response(
                        course, enrollment: held, level: level, completed: completed, withLessons: false)
                    let parts = try page.render(head, level: level, completed: completed)
                    #expect(
                        parts == whole,
                        "\(level) \(completed.count): \(String(decoding: parts, as: UTF8.self))")
                }
            }
        }
    }

    @Test func idsAreWrittenAndReadInTheirTextualFormWithoutFoundationsScanner() {
        for _ in 0..<200 {
            let id = UUID()
            #expect(id.lowercased == id.uuidString.lowercased())
            #expect(UUID(text: id.uuidString) == id && UUID(text: id.lowercased) == id)
        }
        for bad in [
            "", "x", String(repeating: "a", count: 36), "0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7",
            "0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7bb",
            "0193a5b2x7c3d-7e4f-8a1b-2c3d4e5f6a7b", "0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7g",
            "0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7\u{0}",
        ] {
            #expect(UUID(text: bad) == nil, "\(bad)")
        }
        #expect(
            UUID(text: "0193A5B2-7C3D-7E4F-8A1B-2C3D4E5F6A7B")?.lowercased == "0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7b")
    }

    @Test func progressFollowsTheCurrentCurriculumWhenTheCourseChanges() async throws {
        try await LearningHarness.with { h in
            var event = LearningHarness.course(lessons: 4)
            let course = try await h.publish(event)
            let (student, token) = try h.student()
            _ = await h.send(.post, "/v1/enrollments", json: ["courseId": course.lowercased], token: token)
            for lesson in event.lessonIds.prefix(2) {
                _ = await h.send(.post, "/v1/learn/\(course)/lessons/\(lesson)/complete", token: token)
            }
            // The instructor removes a done lesson and an open one: 1 of 2 left is done.
            var sections = event.sections!
            sections[0].lessons = [sections[0].lessons[0], sections[0].lessons[3]]
            event.sections = sections
            event.lessonIds = sections[0].lessons.map(\.id)
            event.version = 2
            try await h.publish(event)
            #expect(try await h.service.enrollments.find(user: student, course: course)?.progressPercent == 50)
            // An older version arriving late changes nothing.
            var stale = LearningHarness.course(course, lessons: 9)
            stale.version = 1
            try await h.publish(stale)
            #expect(try await h.service.enrollments.find(user: student, course: course)?.progressPercent == 50)
            let removed = await h.send(
                .post, "/v1/learn/\(course)/lessons/\(LearningHarness.course().lessonIds[0])/complete", token: token)
            #expect(removed.status == 404)
            #expect(try await h.completionCopiesThatDisagree() == 0)
        }
    }

    @Test func progressNeedsAnEnrollmentGivingAccess() async throws {
        try await LearningHarness.with { h in
            let event = LearningHarness.course()
            let course = try await h.publish(event)
            let (_, token) = try h.student()
            let path = "/v1/learn/\(course)/lessons/\(event.lessonIds[0])/complete"
            let refused = await h.send(.post, path, token: token)
            #expect(refused.status == 403 && refused.code == "noAccess")
            #expect(await h.send(.post, path).status == 401)
            #expect(
                await h.send(
                    .put, "/v1/learn/\(course)/position", json: ["lessonId": event.lessonIds[0], "seconds": 3],
                    token: token
                )
                .status == 403)
        }
    }

    @Test func heartbeatsCreditAtMostTheWallTimeBetweenThemEvenTwentyAtOnce() async throws {
        try await LearningHarness.with(settings: { $0.heartbeatMaximumCredit = 60 }) { h in
            let event = LearningHarness.course()
            let course = try await h.publish(event)
            let (student, token) = try h.student()
            _ = await h.send(.post, "/v1/enrollments", json: ["courseId": course.lowercased], token: token)
            let lesson = event.lessonIds[1]
            let body: [String: Any] = ["lessonId": lesson, "seconds": 95]
            let start = Date()
            _ = await withTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        await h.send(
                            .put, "/v1/learn/\(course)/position", json: ["lessonId": lesson, "seconds": 95],
                            token: token
                        ).status
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let elapsed = Date().timeIntervalSince(start)
            var enrollment = try await h.service.enrollments.find(user: student, course: course)!
            #expect(Double(enrollment.timeSpentSeconds) <= elapsed + 1)
            #expect(enrollment.positionSeconds == 95 && enrollment.currentLessonId?.lowercased == event.lessonIds[1])
            // A heartbeat a day later credits the most one may, not a day.
            try await h.pool.execute(
                "UPDATE enrollments SET last_heartbeat_at = now() - interval '1 day', time_spent_seconds = 0 WHERE user_id = \(student)"
            )
            _ = await h.send(.put, "/v1/learn/\(course)/position", json: body, token: token)
            enrollment = try await h.service.enrollments.find(user: student, course: course)!
            #expect(enrollment.timeSpentSeconds == 60)
            let bad = await h.send(
                .put, "/v1/learn/\(course)/position", json: ["lessonId": event.lessonIds[1], "seconds": -1],
                token: token)
            #expect(bad.status == 400)
        }
    }
}

@Suite("Learning's OpenAPI document")
struct LearningAPITests {
    @Test func theDocumentListsExactlyTheRoutesAndItsExamplesAreValid() async throws {
        try await LearningHarness.with { h in
            await h.checkDocument()
        }
    }
}
