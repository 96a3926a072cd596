import Foundation
import Postgres
import ServiceKit

extension ReviewStore {
    /// The orders a course's reviews are listed in, each a keyset order an index walks.
    enum Sort: String, Codable, Sendable, CaseIterable {
        /// Newest first.
        case newest
        /// Most helpful first, then newest.
        case helpful
        /// Highest rating first, then newest.
        case rating
    }

    /// Where a review stands in a list: the list (course and order), the value sorted on before the time
    /// (helpful votes or rating; 0 for `newest`), its time and id.
    struct Position: Codable, Sendable, Equatable {
        var course: UUID
        var sort: Sort
        var value: Int
        var time: TimeKey

        init(_ review: Review, sort: Sort) {
            course = review.courseId
            self.sort = sort
            value =
                switch sort {
                case .newest: 0
                case .helpful: review.helpfulCount
                case .rating: review.rating
                }
            time = TimeKey(review.createdAt, review.id)
        }
    }

    /// The published reviews of `course` in `sort`'s order, after `position` (of the same list).
    func list(course: UUID, sort: Sort, after position: Position?, limit: Int) async throws -> [Review] {
        let order: Query
        let after: Query
        switch sort {
        case .newest:
            order = "r.created_at DESC, r.id DESC"
            after = position.map { "(r.created_at, r.id) < (\($0.time.date), \($0.time.id))" } ?? "true"
        case .helpful:
            order = "r.helpful_count DESC, r.created_at DESC, r.id DESC"
            after =
                position.map { "(r.helpful_count, r.created_at, r.id) < (\($0.value), \($0.time.date), \($0.time.id))" }
                ?? "true"
        case .rating:
            order = "r.rating DESC, r.created_at DESC, r.id DESC"
            after =
                position.map { "(r.rating, r.created_at, r.id) < (\($0.value), \($0.time.date), \($0.time.id))" }
                ?? "true"
        }
        return try await pool.query(
            """
            SELECT \(Self.columns) FROM reviews r
            WHERE r.course_id = \(course) AND r.status = 'published' AND \(after)
            ORDER BY \(order) LIMIT \(limit)
            """
        ).decode(Self.review)
    }

    /// The ratings of the published reviews of `course`.
    func summary(course: UUID) async throws -> ReviewSummary {
        let counts = try await pool.query(
            """
            SELECT rating, count(*)::int8 FROM reviews
            WHERE course_id = \(course) AND status = 'published' GROUP BY rating
            """
        ).decode((Int, Int).self)
        return ReviewSummary(countsByRating: Dictionary(uniqueKeysWithValues: counts))
    }
}
