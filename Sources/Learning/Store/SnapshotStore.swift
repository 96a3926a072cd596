import Contracts
import Foundation
import Postgres

/// `course_snapshots`: learning's copy of catalog's courses. A copy only moves to a higher version, so
/// `course.changed` events and lookups in any order leave the newest.
struct SnapshotStore: Sendable {
    let pool: PostgresPool
    /// The curricula decoded lately.
    let cache: OutlineCache

    /// The copy of `courseID`, if learning has one (its curriculum from the cache when that holds its version).
    func find(_ courseID: UUID) async throws -> CourseSnapshot? {
        let held = cache.entry(courseID)
        let rows = try await pool.query(
            """
            SELECT \(EnrollmentRows.snapshotColumns(unlessVersion: held?.version)) FROM course_snapshots s
            WHERE s.course_id = \(courseID)
            """)
        return try rows.first.map { row throws(PostgresError) in
            try EnrollmentRows.snapshot(row, from: 0, held: held, cache: cache)
        }
    }

    /// Stores `snapshot` unless a newer (or the same) version is there; returns whether it was stored.
    @discardableResult
    static func store(_ snapshot: CourseSnapshot, on connection: PostgresConnection) async throws -> Bool {
        let stored = try await connection.execute(
            """
            INSERT INTO course_snapshots AS s (course_id, slug, title, status, is_public, instructor_id,
                instructor_name, price, currency, lesson_ids, assessment_ids, total_duration_seconds, outline, version,
                updated_at)
            VALUES (\(snapshot.courseId), \(snapshot.slug), \(snapshot.title), \(snapshot.status),
                \(snapshot.isPublic), \(snapshot.instructorId), \(snapshot.instructorName), \(snapshot.price),
                \(snapshot.currency), \(snapshot.lessonIds), \(snapshot.assessmentIds), \(snapshot.totalDurationSeconds),
                \(PostgresJSON(snapshot.outline)), \(snapshot.version), \(snapshot.updatedAt))
            ON CONFLICT (course_id) DO UPDATE SET slug = EXCLUDED.slug, title = EXCLUDED.title,
                status = EXCLUDED.status, is_public = EXCLUDED.is_public, instructor_id = EXCLUDED.instructor_id,
                instructor_name = EXCLUDED.instructor_name, price = EXCLUDED.price, currency = EXCLUDED.currency,
                lesson_ids = EXCLUDED.lesson_ids, assessment_ids = EXCLUDED.assessment_ids,
                total_duration_seconds = EXCLUDED.total_duration_seconds,
                outline = EXCLUDED.outline, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
            WHERE s.version < EXCLUDED.version
            """)
        return stored == 1
    }

    /// Keeps the instructor's display name current in every copy of their courses (`user.changed`).
    static func rename(instructor id: UUID, to name: String, on connection: PostgresConnection) async throws {
        try await connection.execute(
            "UPDATE course_snapshots SET instructor_name = \(name) WHERE instructor_id = \(id) AND instructor_name <> \(name)"
        )
    }
}
