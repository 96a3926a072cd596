import Contracts
import Foundation
import Postgres

/// Enrollment counts and ratings, kept from learning's `course.stats` events.
enum CourseStatsStore {
    /// Applies `stats` unless the course already holds a version at least as new. The course's own version is
    /// not moved: counts are not authoring, and an editor's `If-Match` must not go stale because of them.
    static func apply(_ stats: CourseStats, on connection: PostgresConnection) async throws {
        guard let id = UUID(uuidString: stats.courseId) else { return }
        let average = min(max(stats.ratingAverage.isFinite ? stats.ratingAverage : 0, 0), 5)
        try await connection.execute(
            """
            UPDATE courses SET enrollment_count = \(max(0, stats.enrollmentCount)),
                rating_average = round(\(average)::numeric, 2), rating_count = \(max(0, stats.ratingCount)),
                stats_version = \(stats.version)
            WHERE id = \(id) AND stats_version < \(stats.version)
            """)
    }
}
