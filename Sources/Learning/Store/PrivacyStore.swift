import Foundation
import Postgres
import ServiceKit

/// Erasure of a user (`user.deleted`) and the export of everything learning holds on them. Each table the user
/// has rows in has its own step, so a table added later adds one step.
///
/// Erasure deletes the user's notes, helpful votes, reviews, submissions and certificates (and takes their id off
/// the grades they gave), and moves their enrollments into
/// `erased_enrollments` as anonymous counts (course, status, source, days, progress; no user). Grants and lesson
/// completions go with the enrollments. `course_stats.enrollment_count` is not lowered: it counts enrollments
/// that give access, and erased ones that gave access when they were erased still count, so the person's
/// enrollment stays in the course's numbers; only the ratings of their published reviews leave it.
struct PrivacyStore: Sendable {
    let pool: PostgresPool

    /// Erases `user` in the caller's transaction (the event's). Repeating it changes nothing: every step deletes
    /// what is there, and a user's erasures run one at a time (a transaction-level lock on the user), so
    /// concurrent deliveries of the same or of different events end in the same state.
    static func erase(user: UUID, stats: StatsStore, on connection: PostgresConnection) async throws {
        try await connection.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended('learning.erasure:' || \(user.lowercased), 0))")
        try await eraseNotes(of: user, on: connection)
        try await eraseHelpfulVotes(of: user, on: connection)
        try await eraseReviews(of: user, stats: stats, on: connection)
        try await eraseSubmissions(of: user, on: connection)
        try await eraseGrades(by: user, on: connection)
        try await eraseCertificates(of: user, on: connection)
        try await eraseEnrollments(of: user, on: connection)
    }

    /// Deletes the user's answers to assessments and their grades.
    static func eraseSubmissions(of user: UUID, on connection: PostgresConnection) async throws {
        try await connection.execute("DELETE FROM submissions WHERE user_id = \(user)")
    }

    /// Takes the user's id off the grades they gave as an instructor (the grades stay their students').
    static func eraseGrades(by user: UUID, on connection: PostgresConnection) async throws {
        try await connection.execute("UPDATE submissions SET graded_by = NULL WHERE graded_by = \(user)")
    }

    /// Deletes the user's certificates (their codes no longer verify) and any still waiting to be issued.
    static func eraseCertificates(of user: UUID, on connection: PostgresConnection) async throws {
        try await connection.execute("DELETE FROM certificates WHERE user_id = \(user)")
        try await connection.execute(
            """
            DELETE FROM certificate_requests r USING enrollments e
            WHERE e.id = r.enrollment_id AND e.user_id = \(user)
            """)
    }

    /// Deletes the user's notes.
    static func eraseNotes(of user: UUID, on connection: PostgresConnection) async throws {
        try await connection.execute("DELETE FROM notes WHERE user_id = \(user)")
    }

    /// Deletes the user's helpful votes and takes them off the reviews' counts.
    static func eraseHelpfulVotes(of user: UUID, on connection: PostgresConnection) async throws {
        try await connection.execute(
            """
            WITH gone AS (DELETE FROM review_votes WHERE user_id = \(user) RETURNING review_id)
            UPDATE reviews r SET helpful_count = greatest(r.helpful_count - 1, 0)
            FROM gone WHERE r.id = gone.review_id
            """)
    }

    /// Deletes the user's reviews (and others' votes on them); the ratings of the published ones leave their
    /// courses' counts, announced in `course.stats` (hidden reviews were never counted).
    static func eraseReviews(of user: UUID, stats: StatsStore, on connection: PostgresConnection) async throws {
        let ratings = try await connection.query(
            """
            WITH gone AS (DELETE FROM reviews WHERE user_id = \(user) RETURNING course_id, rating, status)
            SELECT course_id, sum(rating)::int8, count(*)::int8 FROM gone
            WHERE status = 'published' GROUP BY course_id ORDER BY course_id
            """
        ).decode((UUID, Int, Int).self)
        for (course, sum, count) in ratings {
            try await stats.adjust(course: course, ratingSum: -sum, ratings: -count, on: connection)
        }
    }

    /// Moves the user's enrollments into `erased_enrollments` without anything that names them, and deletes
    /// them with their grants and completions.
    static func eraseEnrollments(of user: UUID, on connection: PostgresConnection) async throws {
        try await connection.execute(
            """
            WITH gone AS (
                DELETE FROM enrollments WHERE user_id = \(user)
                RETURNING course_id, status, source, enrolled_at, completed_at, progress_percent
            )
            INSERT INTO erased_enrollments (course_id, status, source, enrolled_on, completed_on, progress_percent)
            SELECT course_id, status, source, (enrolled_at AT TIME ZONE 'UTC')::date,
                (completed_at AT TIME ZONE 'UTC')::date, progress_percent
            FROM gone
            """)
    }
}
