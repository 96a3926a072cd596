import Contracts
import Crypto
import Foundation
import HTTP
import ServiceKit
import TestSupport
import Testing

@testable import Learning

@Suite("Instructor views")
struct InstructorTests {
    @Test func onlyTheCoursesInstructorAndAdminsSeeItsStudentsAndStatistics() async throws {
        try await FakeService.with("catalog") { router, internalOnly in
            router.group("/internal/v1/courses", middleware: [internalOnly]) { group in
                group.get(":id") { _, _ in throw ServiceError.notFound }
            }
        } _: { catalog in
            try await LearningHarness.with(settings: { $0.catalogURL = catalog.url }) { h in
                let teacher = UUIDv7Generator().next()
                let course = try await h.publish(LearningHarness.course(instructor: teacher))
                let (student, studentToken) = try await h.enrolledLearner(in: course)
                let owner = try h.token(teacher, role: .instructor)
                let admin = try h.token(UUID(), role: .admin)
                let otherInstructor = try h.token(UUID(), role: .instructor)
                let targets = [
                    "/v1/instructor/students?courseId=\(course.lowercased)",
                    "/v1/instructor/courses/\(course.lowercased)/stats",
                ]
                for target in targets {
                    for token in [owner, admin] {
                        #expect(await h.send(.get, target, token: token).status == 200, "\(target)")
                    }
                    for token in [otherInstructor, studentToken] {
                        let refused = await h.send(.get, target, token: token)
                        #expect(refused.status == 403 && refused.code == "forbidden", "\(target)")
                        #expect(refused.headers["content-type"] == "application/problem+json")
                        #expect(!refused.text.contains(student.lowercased))
                    }
                    #expect(await h.send(.get, target).status == 401)
                }
                let listed = await h.send(.get, targets[0], token: owner)
                #expect(listed.items.map { $0["userId"] as? String } == [student.lowercased])

                // A course neither learning nor catalog knows is not there, for admins too.
                let unknown = UUID().lowercased
                for target in [
                    "/v1/instructor/students?courseId=\(unknown)", "/v1/instructor/courses/\(unknown)/stats",
                ] {
                    for token in [owner, admin] {
                        let missing = await h.send(.get, target, token: token)
                        #expect(missing.status == 404 && missing.code == "notFound", "\(target)")
                    }
                }
                #expect(await h.send(.get, "/v1/instructor/courses/not-an-id/stats", token: owner).status == 404)
            }
        }
    }

    @Test func studentsArePagedNewestFirstFilteredByStatusAndRefuseWhatTheyDoNotTake() async throws {
        try await LearningHarness.with { h in
            let teacher = UUIDv7Generator().next()
            let event = LearningHarness.course(instructor: teacher, lessons: 1)
            let course = try await h.publish(event)
            let elsewhere = try await h.publish(LearningHarness.course(instructor: teacher))
            var enrollments: [String] = []
            var tokens: [String] = []
            for _ in 0..<5 {
                let (_, token) = try await h.enrolledLearner(in: course)
                tokens.append(token)
                enrollments.append(await h.send(.get, "/v1/enrollments", token: token).items[0]["id"] as! String)
            }
            _ = try await h.enrolledLearner(in: elsewhere)
            let admin = try h.token(UUID(), role: .admin)
            #expect(await h.send(.post, "/v1/admin/enrollments/\(enrollments[1])/cancel", token: admin).status == 200)
            let done = await h.send(
                .post, "/v1/learn/\(course.lowercased)/lessons/\(event.lessonIds[0])/complete", token: tokens[3])
            #expect(done["status"] as? String == "completed")

            let owner = try h.token(teacher, role: .instructor)
            let base = "/v1/instructor/students?courseId=\(course.lowercased)"
            #expect(await h.pagedEnrollments(base + "&limit=2", token: owner) == enrollments.reversed())
            let cancelled = await h.send(.get, base + "&status=cancelled", token: owner)
            #expect(cancelled.items.map { $0["enrollmentId"] as? String } == [enrollments[1]])
            let completed = await h.send(.get, base + "&status=completed", token: owner).items
            #expect(completed.map { $0["enrollmentId"] as? String } == [enrollments[3]])
            #expect(completed.first?["progressPercent"] as? Int == 100)
            #expect(completed.first?["completedAt"] is String && completed.first?["startedAt"] is String)
            #expect(completed.first?["lastAccessedAt"] is String && completed.first?["enrolledAt"] is String)

            let refused = [
                base + "&colour=red", base + "&courseId=\(course.lowercased)", "/v1/instructor/students",
                "/v1/instructor/students?courseId=nope", base + "&status=happy", base + "&limit=0",
                base + "&limit=101", base + "&cursor=%00", base + "&status=active&status=active",
            ]
            for target in refused {
                let reply = await h.send(.get, target, token: owner)
                #expect(reply.status == 400, "\(target)")
                #expect(reply.headers["content-type"] == "application/problem+json", "\(target)")
                #expect(!(reply.json["errors"] as? [[String: Any]] ?? []).isEmpty, "\(target)")
            }
        }
    }

    @Test func statisticsCountEveryUTCDayOfThePeriodEveryStatusAndThePublishedRatings() async throws {
        try await LearningHarness.with { h in
            let teacher = UUIDv7Generator().next()
            let event = LearningHarness.course(instructor: teacher, lessons: 2)
            let course = try await h.publish(event)
            var learners: [(UUID, String)] = []
            for _ in 0..<5 { learners.append(try await h.enrolledLearner(in: course)) }
            // Today, two days ago (twice), forty days ago; the fifth is cancelled today.
            for (index, daysAgo) in [(1, 2), (2, 2), (3, 40)] {
                try await h.pool.execute(
                    """
                    UPDATE enrollments SET enrolled_at = now() - make_interval(days => \(daysAgo)::int)
                    WHERE user_id = \(learners[index].0)
                    """)
            }
            let admin = try h.token(UUID(), role: .admin)
            let fifth = await h.send(.get, "/v1/enrollments", token: learners[4].1).items[0]["id"] as! String
            _ = await h.send(.post, "/v1/admin/enrollments/\(fifth)/cancel", token: admin)
            for lesson in event.lessonIds {
                _ = await h.send(
                    .post, "/v1/learn/\(course.lowercased)/lessons/\(lesson)/complete", token: learners[0].1)
            }
            _ = await h.send(
                .post, "/v1/learn/\(course.lowercased)/lessons/\(event.lessonIds[0])/complete", token: learners[1].1)
            _ = try await h.wroteReview(course, rating: 5, token: learners[0].1)
            _ = try await h.wroteReview(course, rating: 3, token: learners[1].1)
            let hidden = try await h.wroteReview(course, rating: 1, token: learners[2].1)
            _ = await h.send(.post, "/v1/admin/reviews/\(hidden)/hide", json: ["reason": "spam"], token: admin)

            let owner = try h.token(teacher, role: .instructor)
            let target = "/v1/instructor/courses/\(course.lowercased)/stats"
            let stats = await h.send(.get, target, token: owner)
            #expect(stats.status == 200)
            let days = stats["enrollmentsPerDay"] as? [[String: Any]] ?? []
            let today = try await h.utcDate(daysAgo: 0)
            let twoDaysAgo = try await h.utcDate(daysAgo: 2)
            #expect(stats["days"] as? Int == 30 && days.count == 30)
            #expect(days.first?["date"] as? String == (try await h.utcDate(daysAgo: 29)))
            #expect(days.last?["date"] as? String == today)
            let counts = Dictionary(uniqueKeysWithValues: days.map { ($0["date"] as! String, $0["count"] as! Int) })
            #expect(counts[today] == 2 && counts[twoDaysAgo] == 2)
            #expect(counts.values.reduce(0, +) == 4)
            #expect(Set(days.map { $0["date"] as! String }).count == 30)
            #expect(stats["totalEnrollments"] as? Int == 5)
            let statuses = stats["statusCounts"] as? [String: Int]
            #expect(
                statuses == ["pending": 0, "active": 3, "completed": 1, "cancelled": 1, "refunded": 0],
                "\(stats.text)")
            #expect(stats["completionRate"] as? Double == 0.25)
            // (100 + 50 + 0 + 0) / 4 enrollments giving access.
            #expect(stats["averageProgress"] as? Double == 37.5)
            let rating = stats["rating"] as? [String: Any]
            #expect(rating?["average"] as? Double == 4 && rating?["count"] as? Int == 2)
            #expect(rating?["histogram"] as? [String: Int] == ["1": 0, "2": 0, "3": 1, "4": 0, "5": 1])

            let year = await h.send(.get, target + "?days=365", token: owner)
            let yearDays = year["enrollmentsPerDay"] as? [[String: Any]] ?? []
            #expect(yearDays.count == 365 && yearDays.map { $0["count"] as! Int }.reduce(0, +) == 5)
            let one = await h.send(.get, target + "?days=1", token: owner)
            #expect((one["enrollmentsPerDay"] as? [[String: Any]])?.map { $0["count"] as? Int } == [2])

            for query in ["days=0", "days=366", "days=-1", "days=x", "days=1.5", "days=", "days=7&days=7", "limit=2"] {
                let reply = await h.send(.get, target + "?" + query, token: owner)
                #expect(reply.status == 400, "\(query)")
                #expect(reply.headers["content-type"] == "application/problem+json", "\(query)")
            }
        }
    }

    @Test func aCourseWithoutEnrollmentsHasEveryDayAtZero() async throws {
        try await LearningHarness.with { h in
            let teacher = UUIDv7Generator().next()
            let course = try await h.publish(LearningHarness.course(instructor: teacher))
            let stats = await h.send(
                .get, "/v1/instructor/courses/\(course.lowercased)/stats?days=7",
                token: try h.token(teacher, role: .instructor))
            #expect(stats.status == 200)
            #expect(
                (stats["enrollmentsPerDay"] as? [[String: Any]])?.map { $0["count"] as? Int }
                    == Array(repeating: 0, count: 7))
            #expect(stats["totalEnrollments"] as? Int == 0 && stats["completionRate"] as? Double == 0)
            #expect(stats["averageProgress"] as? Double == 0)
            #expect((stats["rating"] as? [String: Any])?["count"] as? Int == 0)
        }
    }
}

extension ServiceHarness where S == LearningService {
    /// A new student enrolled in the free `course`: their id and token.
    func enrolledLearner(in course: UUID) async throws -> (UUID, String) {
        let (id, token) = try student()
        let reply = await send(.post, "/v1/enrollments", json: ["courseId": course.lowercased], token: token)
        #expect(reply.status == 201, "\(reply.text)")
        return (id, token)
    }

    /// Publishes the review of the holder of `token`; its id.
    func wroteReview(_ course: UUID, rating: Int, token: String) async throws -> String {
        let reply = await send(
            .post, "/v1/reviews", json: ["courseId": course.lowercased, "rating": rating], token: token)
        #expect(reply.status == 201, "\(reply.text)")
        return try #require(reply["id"] as? String)
    }

    /// The UTC date `daysAgo` days before the database's today, `YYYY-MM-DD`.
    func utcDate(daysAgo: Int) async throws -> String {
        try await pool.query(
            "SELECT to_char((now() AT TIME ZONE 'UTC')::date - \(daysAgo)::int, 'YYYY-MM-DD')"
        )[0].decode(String.self, at: 0)
    }

    /// The enrollment ids of every page of the students list at `target`, following `nextCursor`.
    func pagedEnrollments(_ target: String, token: String) async -> [String] {
        var ids: [String] = []
        var cursor = ""
        repeat {
            let page = await send(.get, target + (cursor.isEmpty ? "" : "&cursor=\(cursor)"), token: token)
            guard page.status == 200 else {
                Issue.record("\(target): \(page.status) \(page.text)")
                return ids
            }
            #expect(page.items.count <= 2)
            ids += page.items.compactMap { $0["enrollmentId"] as? String }
            cursor = page["nextCursor"] as? String ?? ""
        } while !cursor.isEmpty && ids.count < 100
        return ids
    }
}
