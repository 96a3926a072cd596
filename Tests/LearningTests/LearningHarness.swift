import Contracts
import Crypto
import Foundation
import HTTP
import IO
import Postgres
import ServiceKit
import TestSupport
import Testing

@testable import Learning

/// Learning's router over a fresh, migrated schema (the kit's `ServiceHarness`, whose key stands in for
/// identity's), and the helpers its tests start from: courses made known as catalog's events would.
typealias LearningHarness = ServiceHarness<LearningService>

extension ServiceHarness where S == LearningService {
    /// Runs `body` with a harness on its own schema, dropped afterwards; catalog is at `catalogURL` (none by
    /// default: a lookup fails, as when catalog is down).
    static func with<T>(
        settings adjust: (inout LearningSettings) -> Void = { _ in }, _ body: (LearningHarness) async throws -> T
    ) async throws -> T {
        var settings = LearningSettings()
        settings.catalogURL = "http://127.0.0.1:9"
        adjust(&settings)
        return try await with(settings: settings) { parts in
            LearningService(
                context: parts.context, verifier: parts.verifier, keys: SigningKeys(current: try Ed25519PrivateKey()))
        } _: {
            try await body($0)
        }
    }

    /// A course as `course.changed` carries it: `lessons` lessons in one section (the first a free preview), the
    /// last `quizzes` of them quizzes and the others videos, published and public unless said otherwise.
    static func course(
        _ id: UUID = UUIDv7Generator().next(), instructor: UUID = UUID(), price: Int? = 0, lessons: Int = 3,
        quizzes: Int = 0, status: String = "published", isPublic: Bool = true, version: Int = 1
    ) -> CourseChanged {
        let lessonList = (0..<lessons).map { index in
            let isQuiz = index >= lessons - quizzes
            return InternalLesson(
                id: UUIDv7Generator().next().lowercased, title: "Lesson \(index + 1)", type: isQuiz ? "quiz" : "video",
                durationSeconds: 300, videoUrl: isQuiz ? nil : "https://video.example.com/\(index + 1).mp4",
                isFreePreview: index == 0)
        }
        return CourseChanged(
            id: id.lowercased, slug: "course-\(id.lowercased.prefix(8))", title: "Swift on the Server",
            status: status, isPublic: isPublic, instructorId: instructor.lowercased, instructorName: "Ada Lovelace",
            categoryId: nil, price: price, currency: "USD", lessonIds: lessonList.map(\.id), lessonCount: lessons,
            totalDurationSeconds: 300 * lessons, version: version, updatedAt: "2026-12-01T10:00:00.000Z",
            sections: [InternalSection(id: UUIDv7Generator().next().lowercased, title: "Basics", lessons: lessonList)])
    }

    /// How many enrollments' rows name other completed lessons than `lesson_completions` holds for them (the row's
    /// copy, which the player reads, is kept by every recount): 0 when they agree.
    func completionCopiesThatDisagree() async throws -> Int {
        try await pool.query(
            """
            SELECT count(*)::int8 FROM enrollments e
            WHERE (SELECT coalesce(array_agg(x ORDER BY x), '{}') FROM unnest(e.completed_lesson_ids) AS x)
                IS DISTINCT FROM (SELECT coalesce(array_agg(c.lesson_id ORDER BY c.lesson_id), '{}')
                    FROM lesson_completions c WHERE c.enrollment_id = e.id)
            """)[0].decode(Int.self, at: 0)
    }

    /// Makes `course` known to learning (a `course.changed` event from catalog); returns its id.
    @discardableResult
    func publish(_ course: CourseChanged) async throws -> UUID {
        let reply = try await deliver(.courseChanged, course, from: "catalog")
        #expect(reply.status == 200, "course.changed: \(reply.status) \(reply.text)")
        return UUID(uuidString: course.id)!
    }

    /// Runs `body` with a fake identity whose internal lookup names every user `name` (a 503 while `isDown`
    /// holds `true`).
    static func withIdentity<T>(
        name: (first: String, last: String) = ("Grace", "Hopper"), isDown: Locked<Bool> = Locked(false),
        _ body: (FakeService) async throws -> T
    ) async throws -> T {
        try await FakeService.with("identity") { router, internalOnly in
            router.group("/internal/v1/users", middleware: [internalOnly]) { group in
                group.get(":id") { _, context in
                    if isDown.withLock({ $0 }) { return Response(status: .serviceUnavailable) }
                    let id = context.parameters["id"] ?? ""
                    return try .json(
                        InternalUser(
                            id: id,
                            state: UserChanged(
                                id: id, firstName: name.first, lastName: name.last, imageURL: nil, role: "student",
                                status: "active", isInstructorApproved: false, updatedAt: "2026-12-01T10:00:00.000Z"),
                            isDeleted: false))
                }
            }
        } _: { identity in
            try await body(identity)
        }
    }

    /// Enrolls `student` (their token) in the free `course`; returns the enrollment's id.
    @discardableResult
    func enroll(_ token: String, in course: UUID) async throws -> UUID {
        let reply = await send(.post, "/v1/enrollments", json: ["courseId": course.lowercased], token: token)
        #expect(reply.status == 201, "enroll: \(reply.status) \(reply.text)")
        return try #require(UUID(uuidString: reply.json["id"] as? String ?? ""))
    }

    /// The lesson ids of `course` (an event), in order.
    static func lessons(_ course: CourseChanged) -> [String] { course.lessonIds }

    /// A student's id and token.
    func student() throws -> (UUID, String) {
        let id = UUIDv7Generator().next()
        return (id, try token(id, role: .student))
    }

    /// The `course.stats` events learning wrote for `course`, oldest first.
    func stats(of course: UUID) async throws -> [CourseStats] {
        try await pool.query(
            "SELECT payload::text FROM outbox WHERE topic = 'course.stats' AND payload->>'courseId' = \(course.lowercased) ORDER BY id"
        ).decode(String.self).map { try JSONDecoder().decode(CourseStats.self, from: Data($0.utf8)) }
    }
}
