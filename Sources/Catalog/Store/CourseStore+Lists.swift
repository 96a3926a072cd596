import Foundation
import Postgres
import ServiceKit

extension CourseStore {
    /// A category's published, public courses, newest first, after `key`.
    func published(inCategory categoryID: UUID, after key: TimeKey?, limit: Int) async throws -> [Course] {
        try await pool.query(
            """
            SELECT \(CourseRows.courseColumns) FROM courses c
            WHERE c.category_id = \(categoryID) AND c.status = 'published' AND c.is_public
                AND (\(key?.date)::timestamptz IS NULL OR (c.published_at, c.id) < (\(key?.date), \(key?.id)))
            ORDER BY c.published_at DESC, c.id DESC LIMIT \(limit)
            """
        ).decode(CourseRows.course)
    }

    /// A category's most popular published, public courses: most enrollments, then best rated.
    func popular(inCategory categoryID: UUID, limit: Int) async throws -> [Course] {
        try await pool.query(
            """
            SELECT \(CourseRows.courseColumns) FROM courses c
            WHERE c.category_id = \(categoryID) AND c.status = 'published' AND c.is_public
            ORDER BY c.enrollment_count DESC, c.rating_average DESC, c.rating_count DESC, c.id DESC LIMIT \(limit)
            """
        ).decode(CourseRows.course)
    }

    /// An instructor's own courses in any status (or in `status`), newest first, after `id`.
    func owned(by instructorID: UUID, status: CourseStatus?, before id: UUID?, limit: Int) async throws -> [Course] {
        try await pool.query(
            """
            SELECT \(CourseRows.courseColumns) FROM courses c
            WHERE c.instructor_id = \(instructorID)
                AND (\(status?.rawValue)::text IS NULL OR c.status = \(status?.rawValue))
                AND (\(id)::uuid IS NULL OR c.id < \(id))
            ORDER BY c.id DESC LIMIT \(limit)
            """
        ).decode(CourseRows.course)
    }

    /// How many courses an instructor has in each status.
    func statusCounts(of instructorID: UUID) async throws -> [CourseStatus: Int] {
        let rows = try await pool.query(
            "SELECT status, count(*) FROM courses WHERE instructor_id = \(instructorID) GROUP BY status")
        var counts: [CourseStatus: Int] = [:]
        for row in rows {
            let (status, count) = try row.decode((String, Int).self)
            if let status = CourseStatus(rawValue: status) { counts[status] = count }
        }
        return counts
    }

    /// Courses in `status` for admins, oldest submission (or creation) first, after `key`.
    func queue(status: CourseStatus, after key: TimeKey?, limit: Int) async throws -> [Course] {
        try await pool.query(
            """
            SELECT \(CourseRows.courseColumns) FROM courses c
            WHERE c.status = \(status.rawValue)
                AND (\(key?.date)::timestamptz IS NULL
                    OR (COALESCE(c.submitted_at, c.created_at), c.id) > (\(key?.date), \(key?.id)))
            ORDER BY COALESCE(c.submitted_at, c.created_at), c.id LIMIT \(limit)
            """
        ).decode(CourseRows.course)
    }
}
