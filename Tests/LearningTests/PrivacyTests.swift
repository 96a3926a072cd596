import Contracts
import Crypto
import Foundation
import HTTP
import Postgres
import ServiceKit
import TestSupport
import Testing

@testable import Learning

@Suite("Erasure and export")
struct PrivacyTests {
    /// Two courses of one instructor, and what a student (the one to be erased) and another student did there.
    struct World {
        var course: UUID
        var other: UUID
        var lessons: [String]
        var victim: UUID
        var victimToken: String
        var neighbour: UUID
        var neighbourToken: String
        /// The victim's published review of `course`, and their hidden one of `other`.
        var victimReview: String
        var hiddenReview: String
        /// The neighbour's review of `course`, which the victim voted helpful.
        var neighbourReview: String
        var neighbourNote: String
    }

    /// Builds the `World`: the victim enrolled in both courses (one paid through a payment event), a lesson done,
    /// two notes, a published 5-star and a hidden 1-star review, a helpful vote on the neighbour's 3-star review
    /// (who votes theirs helpful back and keeps a note of their own).
    static func world(_ h: LearningHarness) async throws -> World {
        let teacher = UUIDv7Generator().next()
        let event = LearningHarness.course(instructor: teacher)
        let course = try await h.publish(event)
        let other = try await h.publish(LearningHarness.course(instructor: teacher, price: 4900))
        let (victim, victimToken) = try await h.enrolledLearner(in: course)
        let paid = PaymentChanged(
            paymentId: UUIDv7Generator().next().lowercased, userId: victim.lowercased, status: "completed",
            items: [PaymentChangedItem(courseId: other.lowercased, isRefunded: false)], expiresAt: nil, version: 1,
            updatedAt: "2026-12-01T10:00:00Z")
        #expect(try await h.deliver(.paymentCompleted, paid, from: "billing").status == 200)
        let (neighbour, neighbourToken) = try await h.enrolledLearner(in: course)
        let done = await h.send(
            .post, "/v1/learn/\(course.lowercased)/lessons/\(event.lessonIds[0])/complete", token: victimToken)
        #expect(done.status == 200)
        for (token, body) in [(victimToken, "mine"), (victimToken, "also mine"), (neighbourToken, "theirs")] {
            let note = await h.send(
                .post, "/v1/learn/\(course.lowercased)/notes",
                json: ["lessonId": event.lessonIds[0], "seconds": 10, "body": body], token: token)
            #expect(note.status == 201)
        }
        let neighbourNote =
            await h.send(.get, "/v1/learn/\(course.lowercased)/notes", token: neighbourToken)
            .items[0]["id"] as! String
        let victimReview = try await h.wroteReview(course, rating: 5, token: victimToken)
        let hiddenReview = try await h.wroteReview(other, rating: 1, token: victimToken)
        let admin = try h.token(UUID(), role: .admin)
        let hidden = await h.send(
            .post, "/v1/admin/reviews/\(hiddenReview)/hide", json: ["reason": "spam"], token: admin)
        #expect(hidden.status == 200)
        let neighbourReview = try await h.wroteReview(course, rating: 3, token: neighbourToken)
        #expect(await h.send(.post, "/v1/reviews/\(neighbourReview)/helpful", token: victimToken).status == 200)
        #expect(await h.send(.post, "/v1/reviews/\(victimReview)/helpful", token: neighbourToken).status == 200)
        // An answer of each (the neighbour's graded by the victim, as if they taught too) and the victim's certificate.
        try await h.pool.execute(
            """
            INSERT INTO submissions (id, enrollment_id, course_id, lesson_id, user_id, attempt, answer_text, score,
                max_score, passed, feedback, graded_by, graded_at)
            SELECT gen_random_uuid(), e.id, e.course_id, \(UUID(uuidString: event.lessonIds[1])!), e.user_id,
                1, CASE WHEN e.user_id = \(victim) THEN 'my answer' ELSE 'their answer' END,
                7, 10, true, 'fine', CASE WHEN e.user_id = \(neighbour) THEN \(victim) END, now()
            FROM enrollments e WHERE e.course_id = \(course)
            """)
        try await h.pool.execute(
            """
            INSERT INTO certificates (id, code, enrollment_id, user_id, course_id, holder_name, course_title,
                instructor_name, completed_at, token)
            SELECT \(UUIDv7Generator().next()), 'ABCD-EFGH-IJKL-MNOP-QRST-UVWX', e.id, e.user_id, e.course_id,
                'Victim Person', 'Swift on the Server', 'Ada Lovelace', now(), 'signed'
            FROM enrollments e WHERE e.user_id = \(victim) AND e.course_id = \(course)
            """)
        return World(
            course: course, other: other, lessons: event.lessonIds, victim: victim, victimToken: victimToken,
            neighbour: neighbour, neighbourToken: neighbourToken, victimReview: victimReview,
            hiddenReview: hiddenReview, neighbourReview: neighbourReview, neighbourNote: neighbourNote)
    }

    static func deleted(_ user: UUID) -> UserDeleted {
        UserDeleted(id: user.lowercased, deletedAt: "2026-12-07T10:00:00.000000Z")
    }

    @Test func userDeletedErasesNotesVotesAndReviewsAndKeepsEnrollmentsOnlyAsCounts() async throws {
        try await LearningHarness.with { h in
            let w = try await Self.world(h)
            let eventsBefore = try await h.stats(of: w.course).count
            let otherEventsBefore = try await h.stats(of: w.other).count
            #expect(try await h.deliver(.userDeleted, Self.deleted(w.victim)).status == 200)

            for table in ["enrollments", "notes", "reviews", "review_votes", "submissions", "certificates"] {
                #expect(try await h.rows(in: table, of: w.victim) == 0, "\(table)")
            }
            #expect(
                try await h.scalar(
                    """
                    SELECT count(*)::int8 FROM enrollment_grants g
                    WHERE NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.id = g.enrollment_id)
                    """) == 0)
            #expect(try await h.scalar("SELECT count(*)::int8 FROM lesson_completions") == 0)
            // The neighbour keeps everything, less the victim's vote on their review.
            #expect(try await h.rows(in: "enrollments", of: w.neighbour) == 1)
            #expect(try await h.rows(in: "notes", of: w.neighbour) == 1)
            #expect(try await h.rows(in: "reviews", of: w.neighbour) == 1)
            #expect(try await h.rows(in: "review_votes", of: w.neighbour) == 0)
            #expect(try await h.service.reviews.find(UUID(uuidString: w.neighbourReview)!)?.helpfulCount == 0)
            #expect(try await h.rows(in: "submissions", of: w.neighbour) == 1)
            #expect(try await h.scalar("SELECT count(*)::int8 FROM submissions WHERE graded_by IS NOT NULL") == 0)
            #expect(try await h.scalar("SELECT count(*)::int8 FROM submissions WHERE graded_at IS NOT NULL") == 1)

            // What is left of the victim's enrollments names no one.
            let columns = try await h.pool.query(
                """
                SELECT column_name::text FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'erased_enrollments' ORDER BY column_name
                """
            ).decode(String.self)
            #expect(!columns.contains { $0.contains("user") || $0 == "id" || $0.contains("payment") })
            let erased = try await h.pool.query(
                "SELECT course_id, status, source, progress_percent FROM erased_enrollments ORDER BY source"
            ).decode((UUID, String, String, Int).self)
            #expect(erased.map(\.0) == [w.course, w.other])
            #expect(erased.map(\.2) == ["free", "purchase"] && erased.map(\.1) == ["active", "active"])
            #expect(erased[0].3 == 33)

            // The course keeps the enrollment in its count, and loses the rating; the hidden one never counted.
            let stats = try await h.stats(of: w.course)
            #expect(stats.count == eventsBefore + 1)
            #expect(stats.last?.enrollmentCount == 2 && stats.last?.ratingCount == 1 && stats.last?.ratingAverage == 3)
            #expect(stats.map(\.version) == Array(1...stats.count))
            #expect(try await h.courseStats(w.course) == CourseCounts(enrollments: 2, ratingSum: 3, ratings: 1))
            #expect(try await h.stats(of: w.other).count == otherEventsBefore)
            #expect(try await h.courseStats(w.other) == CourseCounts(enrollments: 1, ratingSum: 0, ratings: 0))
            for course in [w.course, w.other] {
                #expect(try await h.countedEnrollments(course) == h.courseStats(course)?.enrollments)
            }
            let reviews = await h.send(.get, "/v1/reviews?courseId=\(w.course.lowercased)")
            #expect(reviews.items.map { $0["id"] as? String } == [w.neighbourReview])

            // The instructor still counts the enrollment, and no longer lists the person.
            let admin = try h.token(UUID(), role: .admin)
            let course = await h.send(.get, "/v1/instructor/courses/\(w.course.lowercased)/stats", token: admin)
            #expect(course["totalEnrollments"] as? Int == 2 && course["erasedEnrollments"] as? Int == 1)
            #expect((course["statusCounts"] as? [String: Int])?["active"] == 2)
            #expect(course["averageProgress"] as? Double == 16.5)
            let perDay = course["enrollmentsPerDay"] as? [[String: Any]] ?? []
            #expect(perDay.last?["count"] as? Int == 2)
            let students = await h.send(.get, "/v1/instructor/students?courseId=\(w.course.lowercased)", token: admin)
            #expect(students.items.map { $0["userId"] as? String } == [w.neighbour.lowercased])
        }
    }

    @Test func userDeletedTwiceOrFortyTimesAtOnceEndsInTheSameState() async throws {
        try await LearningHarness.with { h in
            let w = try await Self.world(h)
            let versionBefore = try await h.stats(of: w.course).last?.version ?? 0
            let same = UUIDv7Generator().next()
            let statuses = await withTaskGroup(of: Int.self) { group in
                for n in 0..<40 {
                    group.addTask {
                        (try? await h.deliver(
                            .userDeleted, Self.deleted(w.victim), id: n < 20 ? same : UUIDv7Generator().next()))?
                            .status ?? 0
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 40))
            let state = try await h.privacyState()
            #expect(state.erased == 2 && state.enrollments == 1 && state.reviews == 1 && state.votes == 0)
            #expect(state.notes == 1 && state.helpful == 0)
            #expect(try await h.courseStats(w.course) == CourseCounts(enrollments: 2, ratingSum: 3, ratings: 1))
            let stats = try await h.stats(of: w.course)
            #expect(stats.last?.version == versionBefore + 1 && stats.map(\.version) == Array(1...stats.count))

            #expect(try await h.deliver(.userDeleted, Self.deleted(w.victim)).status == 200)
            #expect(try await h.deliver(.userDeleted, Self.deleted(w.victim), id: same).status == 200)
            #expect(try await h.privacyState() == state)
            #expect(try await h.stats(of: w.course).count == stats.count)

            let malformed = try await h.deliver(.userDeleted, UserDeleted(id: "nobody", deletedAt: "2026-12-07"))
            #expect(malformed.status == 400)
        }
    }

    @Test func theExportHoldsEverythingOfTheUserAndNothingOfAnother() async throws {
        try await LearningHarness.with { h in
            let w = try await Self.world(h)
            let credential: HTTPHeaders = ["Authorization": h.service.configuration.credential.authorization()]
            let path = "/internal/v1/users/\(w.victim.lowercased)/export"
            let reply = await h.send(.get, path, headers: credential)
            #expect(reply.status == 200)
            let export = try JSONDecoder().decode(LearningExport.self, from: Data(reply.text.utf8))
            #expect(export.userId == w.victim.lowercased)
            #expect(Set(export.enrollments.map(\.courseId)) == [w.course.lowercased, w.other.lowercased])
            let free = try #require(export.enrollments.first { $0.courseId == w.course.lowercased })
            #expect(free.completedLessons.map(\.lessonId) == [w.lessons[0]] && free.progressPercent == 33)
            #expect(free.grants.map(\.source) == ["free"] && free.grants[0].paymentId == nil)
            let paid = try #require(export.enrollments.first { $0.courseId == w.other.lowercased })
            #expect(paid.grants.map(\.source) == ["purchase"] && paid.grants[0].paymentId == paid.paymentId)
            #expect(paid.paymentId != nil && paid.completedLessons.isEmpty)
            #expect(export.notes.map(\.body) == ["mine", "also mine"])
            #expect(Set(export.reviews.map(\.id)) == [w.victimReview, w.hiddenReview])
            #expect(export.reviews.first { $0.id == w.hiddenReview }?.hiddenReason == "spam")
            #expect(export.reviews.first { $0.id == w.victimReview }?.helpfulCount == 1)
            #expect(export.helpfulVotes.map(\.reviewId) == [w.neighbourReview])
            #expect(export.submissions.map(\.answerText) == ["my answer"] && export.submissions[0].score == 7)
            #expect(export.certificates.map(\.holderName) == ["Victim Person"])
            #expect(export.certificates[0].code == "ABCD-EFGH-IJKL-MNOP-QRST-UVWX")
            #expect(!reply.text.contains(w.neighbour.lowercased) && !reply.text.contains(w.neighbourNote))
            #expect(!reply.text.contains("theirs") && !reply.text.contains("their answer"))

            #expect(await h.send(.get, path).status == 401)
            #expect(await h.send(.get, path, token: w.victimToken).status == 401)
            #expect(await h.send(.get, "/internal/v1/users/nope/export", headers: credential).status == 404)
            let stranger = await h.send(.get, "/internal/v1/users/\(UUID().lowercased)/export", headers: credential)
            #expect(stranger.status == 200 && stranger.text.contains(#""enrollments":[]"#))

            _ = try await h.deliver(.userDeleted, Self.deleted(w.victim))
            let after = try JSONDecoder().decode(
                LearningExport.self, from: Data(await h.send(.get, path, headers: credential).text.utf8))
            #expect(after.enrollments.isEmpty && after.notes.isEmpty && after.reviews.isEmpty)
            #expect(after.helpfulVotes.isEmpty && after.submissions.isEmpty && after.certificates.isEmpty)
        }
    }
}

/// A course's row of `course_stats`.
struct CourseCounts: Equatable {
    var enrollments: Int
    var ratingSum: Int
    var ratings: Int
}

/// How many rows the erasure tests look at, in every table they touch.
struct PrivacyState: Equatable {
    var enrollments: Int
    var erased: Int
    var grants: Int
    var completions: Int
    var notes: Int
    var reviews: Int
    var votes: Int
    /// The sum of every review's helpful count.
    var helpful: Int
    var stats: String
}

extension ServiceHarness where S == LearningService {
    /// The single number `sql` answers.
    func scalar(_ sql: Query) async throws -> Int {
        try await pool.query(sql)[0].decode(Int.self, at: 0)
    }

    /// How many rows of `table` belong to `user`.
    func rows(in table: String, of user: UUID) async throws -> Int {
        try await scalar("SELECT count(*)::int8 FROM \(identifier: table) WHERE user_id = \(user)")
    }

    /// The course's row of `course_stats`.
    func courseStats(_ course: UUID) async throws -> CourseCounts? {
        try await pool.query(
            "SELECT enrollment_count, rating_sum, rating_count FROM course_stats WHERE course_id = \(course)"
        ).decode((Int, Int, Int).self).first.map { CourseCounts(enrollments: $0.0, ratingSum: $0.1, ratings: $0.2) }
    }

    /// The enrollments of `course` that `course_stats.enrollment_count` counts: those giving access, the erased
    /// ones in the status they had.
    func countedEnrollments(_ course: UUID) async throws -> Int {
        try await scalar(
            """
            SELECT (SELECT count(*) FROM enrollments WHERE course_id = \(course) AND status IN ('active', 'completed'))
                + (SELECT count(*) FROM erased_enrollments
                    WHERE course_id = \(course) AND status IN ('active', 'completed'))
            """)
    }

    /// Every count the erasure changes.
    func privacyState() async throws -> PrivacyState {
        let row = try await pool.query(
            """
            SELECT (SELECT count(*) FROM enrollments), (SELECT count(*) FROM erased_enrollments),
                (SELECT count(*) FROM enrollment_grants), (SELECT count(*) FROM lesson_completions),
                (SELECT count(*) FROM notes), (SELECT count(*) FROM reviews), (SELECT count(*) FROM review_votes),
                (SELECT coalesce(sum(helpful_count), 0)::int8 FROM reviews),
                (SELECT string_agg(concat_ws(',', course_id, enrollment_count, rating_sum, rating_count, version),
                    ';' ORDER BY course_id) FROM course_stats)
            """
        ).decode((Int, Int, Int, Int, Int, Int, Int, Int, String).self)[0]
        return PrivacyState(
            enrollments: row.0, erased: row.1, grants: row.2, completions: row.3, notes: row.4, reviews: row.5,
            votes: row.6, helpful: row.7, stats: row.8)
    }
}
