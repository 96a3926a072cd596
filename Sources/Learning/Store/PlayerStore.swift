import Foundation
import Postgres

/// What the player shows, read in one round trip: the course's copy (its curriculum from `OutlineCache` when
/// that holds its version), the caller's enrollment in it and the lessons they completed.
struct PlayerStore: Sendable {
    let pool: PostgresPool
    let cache: OutlineCache

    /// The course `courseID`, `user`'s enrollment in it (none for an anonymous caller) and the lessons it
    /// completed; `nil` when learning has no copy of the course.
    func read(course courseID: UUID, user: UUID?) async throws -> (CourseSnapshot, Enrollment?, Set<UUID>)? {
        let held = cache.entry(courseID)
        let rows = try await pool.query(
            """
            SELECT \(EnrollmentRows.snapshotColumns(unlessVersion: held?.version)), \(EnrollmentRows.enrollmentColumns),
                CASE WHEN e.id IS NULL THEN NULL
                    ELSE ARRAY(SELECT c.lesson_id FROM lesson_completions c WHERE c.enrollment_id = e.id) END
            FROM course_snapshots s LEFT JOIN enrollments e ON e.course_id = s.course_id AND e.user_id = \(user)
            WHERE s.course_id = \(courseID)
            """)
        guard let row = rows.first else { return nil }
        let course = try EnrollmentRows.snapshot(row, from: 0, held: held, cache: cache)
        let first = EnrollmentRows.snapshotColumnCount
        guard try row.decode(UUID?.self, at: first) != nil else { return (course, nil, []) }
        let enrollment = try EnrollmentRows.enrollment(row, from: first)
        let completed: [UUID] = try row.decode(at: first + EnrollmentRows.enrollmentColumnCount)
        return (course, enrollment, Set(completed))
    }
}
