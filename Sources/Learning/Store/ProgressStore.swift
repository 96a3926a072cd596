import Foundation
import Postgres
import ServiceKit

/// Lesson completions, the resume point and time spent. Progress is always recounted from the completions and
/// the course's current lessons, never incremented, so a repeated or concurrent completion cannot count twice
/// and a lesson removed from the course stops counting.
struct ProgressStore: Sendable {
    let pool: PostgresPool

    /// Marks `lesson` of `enrollment` done (again is harmless); returns the enrollment.
    func complete(_ lesson: UUID, of enrollment: UUID) async throws -> Recounted {
        try await pool.withTransaction { connection in
            try await connection.execute(
                """
                INSERT INTO lesson_completions (enrollment_id, lesson_id) VALUES (\(enrollment), \(lesson))
                ON CONFLICT DO NOTHING
                """)
            try await Self.touch(enrollment, lesson: lesson, on: connection)
            return try await Self.recounted(enrollment, on: connection)
        }
    }

    /// Marks `lesson` of `enrollment` not done; returns the enrollment.
    func undo(_ lesson: UUID, of enrollment: UUID) async throws -> Recounted {
        try await pool.withTransaction { connection in
            try await connection.execute(
                "DELETE FROM lesson_completions WHERE enrollment_id = \(enrollment) AND lesson_id = \(lesson)")
            try await Self.touch(enrollment, lesson: lesson, on: connection)
            return try await Self.recounted(enrollment, on: connection)
        }
    }

    /// The lessons of `enrollment` done, in no order.
    func completed(_ enrollment: UUID) async throws -> Set<UUID> {
        Set(
            try await pool.query("SELECT lesson_id FROM lesson_completions WHERE enrollment_id = \(enrollment)")
                .decode(UUID.self))
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

    /// Records that `lesson` of `enrollment` was opened now.
    static func touch(_ enrollment: UUID, lesson: UUID, on connection: PostgresConnection) async throws {
        try await connection.execute(
            """
            UPDATE enrollments SET current_lesson_id = \(lesson), last_accessed_at = now(),
                started_at = coalesce(started_at, now())
            WHERE id = \(enrollment)
            """)
    }

    /// Recounts the progress of one enrollment, or of every enrollment in `course` (after the course or its
    /// assessments changed): completed lessons still in the course ÷ the course's lessons, and the final score
    /// (points of the best graded attempt at each of its assessments ÷ their maximum). Reaching 100% with every
    /// required assessment passed completes an enrollment that gives access, and asks for its certificate; a
    /// completed one stays completed if lessons are added later.
    @discardableResult
    static func recount(enrollment: UUID? = nil, course: UUID? = nil, on connection: PostgresConnection)
        async throws -> [Recounted]
    {
        try await connection.query(
            """
            WITH counted AS (
                SELECT e.id, CASE WHEN cardinality(s.lesson_ids) = 0 THEN 0
                    ELSE (count(c.lesson_id) * 100 / cardinality(s.lesson_ids))::int END AS percent,
                    NOT EXISTS (
                        SELECT 1 FROM unnest(s.assessment_ids) AS a (lesson_id)
                        LEFT JOIN assessment_rules r ON r.course_id = e.course_id AND r.lesson_id = a.lesson_id
                        WHERE coalesce(r.is_required, true) AND NOT EXISTS (
                            SELECT 1 FROM submissions x
                            WHERE x.enrollment_id = e.id AND x.lesson_id = a.lesson_id AND x.passed)
                    ) AS assessed,
                    (SELECT round(100.0 * sum(best.score) / sum(best.max_score))::int FROM (
                        SELECT DISTINCT ON (x.lesson_id) x.score, x.max_score FROM submissions x
                        WHERE x.enrollment_id = e.id AND x.graded_at IS NOT NULL
                          AND x.lesson_id = ANY (s.assessment_ids)
                        ORDER BY x.lesson_id, x.score::numeric / x.max_score DESC) AS best) AS final_score
                FROM enrollments e
                JOIN course_snapshots s ON s.course_id = e.course_id
                LEFT JOIN lesson_completions c ON c.enrollment_id = e.id AND c.lesson_id = ANY (s.lesson_ids)
                WHERE (\(enrollment)::uuid IS NULL OR e.id = \(enrollment))
                  AND (\(course)::uuid IS NULL OR e.course_id = \(course))
                GROUP BY e.id, s.lesson_ids, s.assessment_ids
            ), changed AS (
                SELECT counted.*, counted.percent = 100 AND counted.assessed AND e.status = 'active' AS completes
                FROM counted JOIN enrollments e ON e.id = counted.id
            ), updated AS (
                UPDATE enrollments e SET progress_percent = changed.percent, final_score = changed.final_score,
                    completed_at = CASE WHEN changed.completes AND e.completed_at IS NULL THEN now()
                        ELSE e.completed_at END,
                    status = CASE WHEN changed.completes THEN 'completed' ELSE e.status END,
                    updated_at = now()
                FROM changed WHERE e.id = changed.id
                RETURNING \(EnrollmentRows.enrollmentColumns), changed.completes
            ), requested AS (
                INSERT INTO certificate_requests (enrollment_id) SELECT id FROM updated WHERE completes
                ON CONFLICT DO NOTHING
            )
            SELECT \(EnrollmentRows.enrollmentColumns), e.completes FROM updated e
            """
        ).map { row in
            Recounted(enrollment: try EnrollmentRows.enrollment(row), completedNow: try row.decode(at: 17))
        }
    }
}

/// An enrollment whose progress was recounted, and whether that completed it.
struct Recounted: Sendable {
    var enrollment: Enrollment
    /// Whether the recount completed it (its certificate is due).
    var completedNow: Bool
}
