import Foundation
import Postgres
import ServiceKit

/// Lesson completions, the resume point and time spent. Progress is always recounted from the completions and
/// the course's current lessons, never incremented, so a repeated or concurrent completion cannot count twice
/// and a lesson removed from the course stops counting.
struct ProgressStore: Sendable {
    let pool: PostgresPool

    /// What marking a lesson came to.
    enum Mark: Sendable {
        /// Marked; the enrollment recounted.
        case marked(Recounted)
        /// Learning has no copy of the course.
        case noCourse
        /// The user has no enrollment giving access to the course.
        case noAccess
        /// The course has no such lesson.
        case noLesson
    }

    /// Marks `lesson` of `user`'s enrollment in `course` done (`done`; again is harmless) or not, and recounts
    /// the enrollment: one call of `mark_lesson` (sql/learning/0007), one round trip.
    func mark(_ lesson: UUID, done: Bool, user: UUID, course: UUID) async throws -> Mark {
        let rows = try await pool.query(
            """
            SELECT e.outcome, \(EnrollmentRows.enrollmentColumns), e.completes
            FROM mark_lesson(\(user), \(course), \(lesson), \(done)) e
            """)
        switch try rows.first?.decode(String.self, at: 0) {
        case "ok":
            let row = rows[0]
            return .marked(
                Recounted(
                    enrollment: try EnrollmentRows.enrollment(row, from: 1),
                    completedNow: try row.decode(at: 1 + EnrollmentRows.enrollmentColumnCount)))
        case "noCourse": return .noCourse
        case "noLesson": return .noLesson
        default: return .noAccess
        }
    }

    /// A heartbeat of the player: the resume point, and the time since the previous heartbeat credited to the
    /// time spent — at most `maximumCredit`, and never more than the wall time between two heartbeats, so
    /// replayed or concurrent heartbeats add (nearly) nothing.
    func position(_ enrollment: UUID, lesson: UUID, seconds: Int, maximumCredit: Int) async throws -> Enrollment {
        try await pool.query(
            """
            UPDATE enrollments e SET current_lesson_id = \(lesson), position_seconds = \(seconds),
                time_spent_seconds = e.time_spent_seconds + CASE WHEN e.last_heartbeat_at IS NULL THEN 0
                    ELSE least(greatest(floor(extract(epoch FROM clock_timestamp() - e.last_heartbeat_at)), 0),
                        \(maximumCredit))::bigint END,
                last_heartbeat_at = clock_timestamp(), last_accessed_at = now(),
                started_at = coalesce(e.started_at, now()), updated_at = now()
            WHERE e.id = \(enrollment) RETURNING \(EnrollmentRows.enrollmentColumns)
            """
        ).decode(EnrollmentRows.enrollment)[0]
    }

    /// `recount` of one enrollment, which must have its course's snapshot.
    static func recounted(_ enrollment: UUID, on connection: PostgresConnection) async throws -> Recounted {
        guard let recounted = try await recount(enrollment: enrollment, on: connection).first else {
            throw ServiceError.notFound
        }
        return recounted
    }

    /// Recounts the progress of one enrollment, or of every enrollment in `course` (after the course or its
    /// assessments changed), by `recount_progress` (sql/learning/0007, where the rule is): completed lessons
    /// still in the course ÷ its lessons, the final score, and completion once every lesson is done and every
    /// required assessment passed, which requests the certificate.
    @discardableResult
    static func recount(enrollment: UUID? = nil, course: UUID? = nil, on connection: PostgresConnection)
        async throws -> [Recounted]
    {
        try await connection.query(
            """
            SELECT \(EnrollmentRows.enrollmentColumns), e.completes
            FROM recount_progress(\(enrollment)::uuid, \(course)::uuid) e
            """
        ).map { row in
            Recounted(
                enrollment: try EnrollmentRows.enrollment(row),
                completedNow: try row.decode(at: EnrollmentRows.enrollmentColumnCount))
        }
    }
}

/// An enrollment whose progress was recounted, and whether that completed it.
struct Recounted: Sendable {
    var enrollment: Enrollment
    /// Whether the recount completed it (its certificate is due).
    var completedNow: Bool
}
