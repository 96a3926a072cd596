import Foundation
import Postgres

extension CourseStore {
    /// Recounts the course's lessons and their duration and moves its version on, on the caller's connection
    /// (inside the transaction of the change); returns the course as it is now stored.
    static func recount(_ courseID: UUID, on connection: PostgresConnection) async throws -> Course {
        let rows = try await connection.query(
            """
            UPDATE courses AS c SET
                lesson_count = (SELECT count(*) FROM lessons l WHERE l.course_id = c.id),
                total_duration_seconds = (
                    SELECT COALESCE(sum(l.duration_seconds), 0) FROM lessons l WHERE l.course_id = c.id),
                version = c.version + 1, updated_at = now()
            WHERE c.id = \(courseID)
            RETURNING \(CourseRows.courseColumns)
            """)
        return try rows.decode(CourseRows.course)[0]
    }
}
