import Foundation
import Postgres

/// What the player shows, read in one round trip: the course's copy (its curriculum from `OutlineCache` when
/// that holds its version), the caller's enrollment in it and the lessons they completed (kept on the enrollment's row by every recount).
struct PlayerStore: Sendable {
    let pool: PostgresPool
    let cache: OutlineCache

    /// What the player shows of one course to one caller.
    struct View: Sendable {
        var course: CourseSnapshot
        /// The caller's enrollment (none for an anonymous caller).
        var enrollment: Enrollment?
        /// The lessons the enrollment completed.
        var completed: Set<UUID>
        /// The answer's parts for this version of the course.
        var page: PlayerPage?
    }

    /// The course `courseID`, `user`'s enrollment in it and the lessons it completed; `nil` when learning has no
    /// copy of the course.
    func read(course courseID: UUID, user: UUID?) async throws -> View? {
        let held = cache.entry(courseID)
        let rows = try await pool.query(
            """
            SELECT \(EnrollmentRows.snapshotColumns(unlessVersion: held?.version)), \(EnrollmentRows.enrollmentColumns),
                e.completed_lesson_ids
            FROM course_snapshots s LEFT JOIN enrollments e ON e.course_id = s.course_id AND e.user_id = \(user)
            WHERE s.course_id = \(courseID)
            """)
        guard let row = rows.first else { return nil }
        let (course, curriculum) = try EnrollmentRows.snapshot(row, from: 0, held: held, cache: cache)
        let first = EnrollmentRows.snapshotColumnCount
        guard try row.decode(UUID?.self, at: first) != nil else {
            return View(course: course, enrollment: nil, completed: [], page: curriculum.page)
        }
        let enrollment = try EnrollmentRows.enrollment(row, from: first)
        let completed: [UUID] = try row.decode(at: first + EnrollmentRows.enrollmentColumnCount)
        return View(course: course, enrollment: enrollment, completed: Set(completed), page: curriculum.page)
    }
}
