import Contracts
import Foundation
import Postgres

/// Column lists and row decoders of the learning stores (column order matters to the decoders).
enum EnrollmentRows {
    static let enrollmentColumns: Query = """
        e.id, e.user_id, e.course_id, e.status, e.source, e.payment_id, e.enrolled_at, e.started_at, e.completed_at,
        e.expires_at, e.last_accessed_at, e.progress_percent, e.time_spent_seconds, e.current_lesson_id,
        e.position_seconds, e.updated_at, e.final_score
        """

    /// The number of `enrollmentColumns`.
    static let enrollmentColumnCount = 17

    static func enrollment(_ row: Row) throws(PostgresError) -> Enrollment { try enrollment(row, from: 0) }

    /// The enrollment in `enrollmentColumns` starting at column `first`.
    static func enrollment(_ row: Row, from first: Int) throws(PostgresError) -> Enrollment {
        Enrollment(
            id: try row.decode(at: first), userId: try row.decode(at: first + 1),
            courseId: try row.decode(at: first + 2), status: try row.decode(EnrollmentStatus.self, at: first + 3),
            source: try row.decode(EnrollmentSource.self, at: first + 4), paymentId: try row.decode(at: first + 5),
            enrolledAt: try row.decode(at: first + 6), startedAt: try row.decode(at: first + 7),
            completedAt: try row.decode(at: first + 8), expiresAt: try row.decode(at: first + 9),
            lastAccessedAt: try row.decode(at: first + 10), progressPercent: try row.decode(at: first + 11),
            timeSpentSeconds: try row.decode(at: first + 12), currentLessonId: try row.decode(at: first + 13),
            positionSeconds: try row.decode(at: first + 14), updatedAt: try row.decode(at: first + 15),
            finalScore: try row.decode(at: first + 16))
    }

    static let grantColumns: Query = "g.source, g.reference, g.status, g.version, g.expires_at"

    static func grant(_ row: Row) throws(PostgresError) -> EnrollmentGrant {
        EnrollmentGrant(
            source: try row.decode(EnrollmentSource.self, at: 0), reference: try row.decode(at: 1),
            status: try row.decode(EnrollmentGrant.Status.self, at: 2), version: try row.decode(at: 3),
            expiresAt: try row.decode(at: 4))
    }

    static let snapshotColumns: Query = """
        s.course_id, s.slug, s.title, s.status, s.is_public, s.instructor_id, s.instructor_name, s.price, s.currency,
        s.lesson_ids, s.total_duration_seconds, s.outline, s.version, s.updated_at
        """

    /// The snapshot in `snapshotColumns` starting at column `first`.
    static func snapshot(_ row: Row, from first: Int) throws(PostgresError) -> CourseSnapshot {
        CourseSnapshot(
            courseId: try row.decode(at: first), slug: try row.decode(at: first + 1),
            title: try row.decode(at: first + 2), status: try row.decode(at: first + 3),
            isPublic: try row.decode(at: first + 4), instructorId: try row.decode(at: first + 5),
            instructorName: try row.decode(at: first + 6), price: try row.decode(at: first + 7),
            currency: try row.decode(at: first + 8), lessonIds: try row.decode(at: first + 9),
            totalDurationSeconds: try row.decode(at: first + 10),
            outline: try row.decode(PostgresJSON<[InternalSection]>.self, at: first + 11).value,
            version: try row.decode(at: first + 12), updatedAt: try row.decode(at: first + 13))
    }

    static func snapshot(_ row: Row) throws(PostgresError) -> CourseSnapshot { try snapshot(row, from: 0) }

    /// The number of `snapshotColumns`.
    static let snapshotColumnCount = 14

    /// `snapshotColumns`, but the lesson ids and the outline only when the row's version is not `version` (the
    /// one `OutlineCache` holds).
    static func snapshotColumns(unlessVersion version: Int?) -> Query {
        """
        s.course_id, s.slug, s.title, s.status, s.is_public, s.instructor_id, s.instructor_name, s.price, s.currency,
        CASE WHEN s.version = \(version) THEN NULL ELSE s.lesson_ids END, s.total_duration_seconds,
        CASE WHEN s.version = \(version) THEN NULL ELSE s.outline END, s.version, s.updated_at
        """
    }

    /// The snapshot in `snapshotColumns(unlessVersion:)` starting at column `first`: its curriculum from the row
    /// when it came, else from `held` (of the version asked about); the cache learns a curriculum that came.
    static func snapshot(_ row: Row, from first: Int, held: OutlineCache.Entry?, cache: OutlineCache)
        throws(PostgresError) -> CourseSnapshot
    {
        let courseID: UUID = try row.decode(at: first)
        let version: Int = try row.decode(at: first + 12)
        let curriculum: OutlineCache.Entry
        if let lessonIds: [UUID] = try row.decode(at: first + 9),
            let outline = try row.decode(PostgresJSON<[InternalSection]>?.self, at: first + 11)
        {
            curriculum = OutlineCache.Entry(version: version, lessonIds: lessonIds, outline: outline.value)
            cache.store(curriculum, for: courseID)
        } else if let held, held.version == version {
            curriculum = held
        } else {
            throw PostgresError.decoding(column: "outline", "came neither from the row nor from the cache")
        }
        return CourseSnapshot(
            courseId: courseID, slug: try row.decode(at: first + 1), title: try row.decode(at: first + 2),
            status: try row.decode(at: first + 3), isPublic: try row.decode(at: first + 4),
            instructorId: try row.decode(at: first + 5), instructorName: try row.decode(at: first + 6),
            price: try row.decode(at: first + 7), currency: try row.decode(at: first + 8),
            lessonIds: curriculum.lessonIds, totalDurationSeconds: try row.decode(at: first + 10),
            outline: curriculum.outline, version: version, updatedAt: try row.decode(at: first + 13))
    }
}
