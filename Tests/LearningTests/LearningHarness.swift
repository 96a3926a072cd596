import Contracts
import Crypto
import Foundation
import HTTP
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
            LearningService(context: parts.context, verifier: parts.verifier)
        } _: {
            try await body($0)
        }
    }

    /// A course as `course.changed` carries it: `lessons` video lessons in one section (the first a free
    /// preview), published and public unless said otherwise.
    static func course(
        _ id: UUID = UUIDv7Generator().next(), instructor: UUID = UUID(), price: Int? = 0, lessons: Int = 3,
        status: String = "published", isPublic: Bool = true, version: Int = 1
    ) -> CourseChanged {
        let lessonList = (0..<lessons).map { index in
            InternalLesson(
                id: UUIDv7Generator().next().lowercased, title: "Lesson \(index + 1)", type: "video",
                durationSeconds: 300, videoUrl: "https://video.example.com/\(index + 1).mp4",
                isFreePreview: index == 0)
        }
        return CourseChanged(
            id: id.lowercased, slug: "course-\(id.lowercased.prefix(8))", title: "Swift on the Server",
            status: status, isPublic: isPublic, instructorId: instructor.lowercased, instructorName: "Ada Lovelace",
            categoryId: nil, price: price, currency: "USD", lessonIds: lessonList.map(\.id), lessonCount: lessons,
            totalDurationSeconds: 300 * lessons, version: version, updatedAt: "2026-12-01T10:00:00.000Z",
            sections: [InternalSection(id: UUIDv7Generator().next().lowercased, title: "Basics", lessons: lessonList)])
    }

    /// Makes `course` known to learning (a `course.changed` event from catalog); returns its id.
    @discardableResult
    func publish(_ course: CourseChanged) async throws -> UUID {
        let reply = try await deliver(.courseChanged, course, from: "catalog")
        #expect(reply.status == 200, "course.changed: \(reply.status) \(reply.text)")
        return UUID(uuidString: course.id)!
    }

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
