import Crypto
import Foundation
import Postgres
import ServiceKit

/// `reviews`: one per student and course. Every change of a published review's rating (writing one, changing
/// its rating, deleting it, an admin hiding or restoring it) adjusts the course's ratings in `course_stats` in
/// the same transaction, under the review's row lock, so the announced counts are those of the published reviews.
struct ReviewStore: Sendable {
    let pool: PostgresPool
    let ids: UUIDv7Generator
    let stats: StatsStore

    static let columns: Query = """
        r.id, r.user_id, r.course_id, r.rating, r.comment, r.helpful_count, r.status, r.hidden_reason, \
        r.created_at, r.updated_at
        """

    static func review(_ row: Row) throws(PostgresError) -> Review {
        Review(
            id: try row.decode(at: 0), userId: try row.decode(at: 1), courseId: try row.decode(at: 2),
            rating: try row.decode(at: 3), comment: try row.decode(at: 4), helpfulCount: try row.decode(at: 5),
            status: try row.decode(at: 6), hiddenReason: try row.decode(at: 7), createdAt: try row.decode(at: 8),
            updatedAt: try row.decode(at: 9))
    }

    /// The review with `id`.
    func find(_ id: UUID) async throws -> Review? {
        try await pool.query("SELECT \(Self.columns) FROM reviews r WHERE r.id = \(id)").decode(Self.review).first
    }

    /// Publishes the student's review of the course of `enrollment`; `nil` when they reviewed it already (the
    /// unique (user, course) key decides among concurrent requests).
    func create(enrollment: Enrollment, rating: Int, comment: String) async throws -> Review? {
        try await pool.withTransaction { connection in
            guard
                let review = try await connection.query(
                    """
                    INSERT INTO reviews AS r (id, user_id, course_id, enrollment_id, rating, comment)
                    VALUES (\(ids.next()), \(enrollment.userId), \(enrollment.courseId), \(enrollment.id), \(rating),
                        \(comment))
                    ON CONFLICT (user_id, course_id) DO NOTHING
                    RETURNING \(Self.columns)
                    """
                ).decode(Self.review).first
            else { return Review?.none }
            try await stats.adjust(course: review.courseId, ratingSum: review.rating, ratings: 1, on: connection)
            return review
        }
    }

    /// Changes the author's review (`nil` keeps a field); `nil` when they have no such review.
    func update(_ id: UUID, author: UUID, rating: Int?, comment: String?) async throws -> Review? {
        try await pool.withTransaction { connection in
            guard let before = try await Self.locked(id, author: author, on: connection) else { return Review?.none }
            let after = try await connection.query(
                """
                UPDATE reviews r SET rating = coalesce(\(rating), r.rating), comment = coalesce(\(comment), r.comment),
                    updated_at = now()
                WHERE r.id = \(id) RETURNING \(Self.columns)
                """
            ).decode(Self.review)[0]
            if after.isPublished && after.rating != before.rating {
                try await stats.adjust(course: after.courseId, ratingSum: after.rating - before.rating, on: connection)
            }
            return after
        }
    }

    /// Deletes the author's review (and its votes); whether there was one.
    func delete(_ id: UUID, author: UUID) async throws -> Bool {
        try await pool.withTransaction { connection in
            guard
                let (course, rating, status) = try await connection.query(
                    """
                    DELETE FROM reviews WHERE id = \(id) AND user_id = \(author) RETURNING course_id, rating, status
                    """
                ).decode((UUID, Int, String).self).first
            else { return false }
            if status == Review.Status.published.rawValue {
                try await stats.adjust(course: course, ratingSum: -rating, ratings: -1, on: connection)
            }
            return true
        }
    }

    /// Hides a review with `reason`, or publishes it again (`reason` `nil`); `nil` when there is no such review.
    /// Hiding a hidden review changes only its reason; publishing a published one changes nothing.
    func moderate(_ id: UUID, status: Review.Status, reason: String?) async throws -> Review? {
        try await pool.withTransaction { connection in
            guard let before = try await Self.locked(id, author: nil, on: connection) else { return Review?.none }
            if before.status == status && (status == .published || before.hiddenReason == reason) { return before }
            let after = try await connection.query(
                """
                UPDATE reviews r SET status = \(status.rawValue), hidden_reason = \(reason)
                WHERE r.id = \(id) RETURNING \(Self.columns)
                """
            ).decode(Self.review)[0]
            if before.status != after.status {
                let sign = after.isPublished ? 1 : -1
                try await stats.adjust(
                    course: after.courseId, ratingSum: sign * after.rating, ratings: sign, on: connection)
            }
            return after
        }
    }

    /// The review with `id` (the author's, when `author` is given), locked for the rest of the transaction.
    static func locked(_ id: UUID, author: UUID?, on connection: PostgresConnection) async throws -> Review? {
        try await connection.query(
            """
            SELECT \(columns) FROM reviews r
            WHERE r.id = \(id) AND (\(author)::uuid IS NULL OR r.user_id = \(author)) FOR UPDATE
            """
        ).decode(review).first
    }
}
