import Contracts
import Foundation
import Postgres
import ServiceKit

/// `course_stats`: the counts learning announces to catalog. Each change is a delta applied under the row's
/// lock, in the transaction of the change that caused it, and announced there as `course.stats` with the
/// next version, so catalog never takes an older count for a newer one.
struct StatsStore: Sendable {
    let outbox: Outbox

    /// Adds `enrollments` to the course's count of enrollments giving access (and `ratings` with their sum),
    /// then announces the new counts.
    func adjust(
        course: UUID, enrollments: Int = 0, ratingSum: Int = 0, ratings: Int = 0, on connection: PostgresConnection
    ) async throws {
        let row = try await connection.query(
            """
            INSERT INTO course_stats AS s (course_id, enrollment_count, rating_sum, rating_count, version)
            VALUES (\(course), greatest(\(enrollments), 0), greatest(\(ratingSum), 0), greatest(\(ratings), 0), 1)
            ON CONFLICT (course_id) DO UPDATE SET
                enrollment_count = greatest(s.enrollment_count + \(enrollments), 0),
                rating_sum = greatest(s.rating_sum + \(ratingSum), 0),
                rating_count = greatest(s.rating_count + \(ratings), 0), version = s.version + 1
            RETURNING enrollment_count, rating_sum, rating_count, version
            """
        ).decode((Int, Int, Int, Int).self)[0]
        let average = row.2 == 0 ? 0 : (Double(row.1) / Double(row.2) * 100).rounded() / 100
        try await outbox.append(
            .courseStats,
            CourseStats(
                courseId: course.lowercased, enrollmentCount: row.0, ratingAverage: average,
                ratingCount: row.2, version: row.3), on: connection)
    }
}
