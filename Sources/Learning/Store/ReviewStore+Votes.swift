import Foundation
import Postgres

extension ReviewStore {
    /// Records (`isHelpful`) or withdraws `voter`'s helpful vote on a published review, counting it once per
    /// voter; the review, or `nil` when there is no such published review. Throws `ownReview` for the author.
    func vote(_ id: UUID, voter: UUID, isHelpful: Bool) async throws -> Review? {
        try await pool.withTransaction { connection in
            // The review's lock orders concurrent votes; the vote's key makes a repeated one change nothing.
            guard
                let review = try await connection.query(
                    "SELECT \(Self.columns) FROM reviews r WHERE r.id = \(id) AND r.status = 'published' FOR UPDATE"
                ).decode(Self.review).first
            else { return Review?.none }
            guard review.userId != voter else { throw LearningError.ownReview }
            let changed =
                isHelpful
                ? try await connection.execute(
                    """
                    INSERT INTO review_votes (review_id, user_id) VALUES (\(id), \(voter))
                    ON CONFLICT (review_id, user_id) DO NOTHING
                    """)
                : try await connection.execute(
                    "DELETE FROM review_votes WHERE review_id = \(id) AND user_id = \(voter)")
            guard changed == 1 else { return review }
            return try await connection.query(
                """
                UPDATE reviews r SET helpful_count = r.helpful_count + \(isHelpful ? 1 : -1)
                WHERE r.id = \(id) RETURNING \(Self.columns)
                """
            ).decode(Self.review)[0]
        }
    }
}
