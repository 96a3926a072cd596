import Foundation
import Postgres

/// What the instructor of a course (or an admin) reads of its enrollments: the students, and the counts of
/// `CourseActivity`, which include the anonymous rows of erased accounts (`erased_enrollments`).
struct InstructorStore: Sendable {
    let pool: PostgresPool

    /// The course's enrollments, newest first, after `id`, optionally of one status.
    func students(course: UUID, status: EnrollmentStatus?, after id: UUID?, limit: Int) async throws -> [Enrollment] {
        try await pool.query(
            """
            SELECT \(EnrollmentRows.enrollmentColumns) FROM enrollments e
            WHERE e.course_id = \(course) AND (\(status?.rawValue)::text IS NULL OR e.status = \(status?.rawValue))
              AND (\(id)::uuid IS NULL OR e.id < \(id))
            ORDER BY e.id DESC LIMIT \(limit)
            """
        ).decode(EnrollmentRows.enrollment)
    }

    /// The course's enrollments of the last `days` UTC days (today included) and its counts, in one snapshot.
    func activity(course: UUID, days: Int) async throws -> CourseActivity {
        try await pool.withTransaction { connection in
            try await connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            let perDay = try await connection.query(
                """
                WITH period AS (
                    SELECT generate_series(today - (\(days)::int - 1), today, interval '1 day')::date AS day
                    FROM (SELECT (now() AT TIME ZONE 'UTC')::date AS today) t
                ), enrolled AS (
                    SELECT (enrolled_at AT TIME ZONE 'UTC')::date AS day FROM enrollments WHERE course_id = \(course)
                    UNION ALL
                    SELECT enrolled_on FROM erased_enrollments WHERE course_id = \(course)
                )
                SELECT to_char(p.day, 'YYYY-MM-DD'), count(e.day)::int8
                FROM period p LEFT JOIN enrolled e ON e.day = p.day
                GROUP BY p.day ORDER BY p.day
                """
            ).decode((String, Int).self)
            let counts = try await connection.query(
                """
                SELECT status, count(*)::int8, coalesce(sum(progress_percent), 0)::int8,
                    count(*) FILTER (WHERE erased)::int8
                FROM (
                    SELECT status, progress_percent, false AS erased FROM enrollments WHERE course_id = \(course)
                    UNION ALL
                    SELECT status, progress_percent, true FROM erased_enrollments WHERE course_id = \(course)
                ) a
                GROUP BY status
                """
            ).decode((String, Int, Int, Int).self)
            var activity = CourseActivity(
                days: perDay.map { CourseActivity.Day(date: $0.0, count: $0.1) }, countsByStatus: [:],
                erasedCount: 0, progressSumWithAccess: 0)
            for (text, count, progress, erased) in counts {
                guard let status = EnrollmentStatus(rawValue: text) else { continue }
                activity.countsByStatus[status] = count
                activity.erasedCount += erased
                if status.givesAccess { activity.progressSumWithAccess += progress }
            }
            return activity
        }
    }
}
