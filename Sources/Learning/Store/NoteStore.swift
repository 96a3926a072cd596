import Crypto
import Foundation
import Postgres
import ServiceKit

/// `notes`: only their author reads or changes them, so every statement names the author.
struct NoteStore: Sendable {
    let pool: PostgresPool
    let ids: UUIDv7Generator

    static let columns: Query = "n.id, n.course_id, n.lesson_id, n.seconds, n.body, n.created_at, n.updated_at"

    static func note(_ row: Row) throws(PostgresError) -> Note {
        Note(
            id: try row.decode(at: 0), courseId: try row.decode(at: 1), lessonId: try row.decode(at: 2),
            seconds: try row.decode(at: 3), body: try row.decode(at: 4), createdAt: try row.decode(at: 5),
            updatedAt: try row.decode(at: 6))
    }

    /// Where a note stands in a course's list: its lesson's place in the curriculum, its second, its id.
    struct Position: Codable, Sendable, Equatable {
        var lesson: Int
        var seconds: Int
        var id: UUID
    }

    /// The author's notes on `course`, in curriculum order of their lessons, then by second, after `position`.
    func list(author: UUID, course: UUID, after position: Position?, limit: Int) async throws -> [(Note, Position)] {
        try await pool.query(
            """
            SELECT \(Self.columns), coalesce(array_position(s.lesson_ids, n.lesson_id), 2147483647) AS place
            FROM notes n JOIN course_snapshots s ON s.course_id = n.course_id
            WHERE n.user_id = \(author) AND n.course_id = \(course)
              AND (\(position?.lesson)::int IS NULL
                OR (coalesce(array_position(s.lesson_ids, n.lesson_id), 2147483647), n.seconds, n.id)
                    > (\(position?.lesson), \(position?.seconds), \(position?.id)))
            ORDER BY place, n.seconds, n.id LIMIT \(limit)
            """
        ).decode { row throws(PostgresError) in
            let note = try Self.note(row)
            return (note, Position(lesson: try row.decode(at: 7), seconds: note.seconds, id: note.id))
        }
    }

    /// Adds a note to `enrollment` unless it holds `maximum` already (then `nil`); the enrollment's row lock
    /// makes the bound hold under concurrent requests.
    func create(enrollment: Enrollment, lesson: UUID, seconds: Int, body: String, maximum: Int) async throws -> Note? {
        try await pool.withTransaction { connection in
            try await connection.execute("SELECT 1 FROM enrollments WHERE id = \(enrollment.id) FOR UPDATE")
            let count = try await connection.query(
                "SELECT count(*)::int8 FROM notes WHERE enrollment_id = \(enrollment.id)")[0].decode(Int.self, at: 0)
            guard count < maximum else { return Note?.none }
            return try await connection.query(
                """
                INSERT INTO notes AS n (id, enrollment_id, user_id, course_id, lesson_id, seconds, body)
                VALUES (\(ids.next()), \(enrollment.id), \(enrollment.userId), \(enrollment.courseId), \(lesson),
                    \(seconds), \(body))
                RETURNING \(Self.columns)
                """
            ).decode(Self.note)[0]
        }
    }

    /// Changes the author's note (`nil` keeps a field); `nil` when they have no such note.
    func update(_ id: UUID, author: UUID, seconds: Int?, body: String?) async throws -> Note? {
        try await pool.query(
            """
            UPDATE notes n SET seconds = coalesce(\(seconds), n.seconds), body = coalesce(\(body), n.body),
                updated_at = now()
            WHERE n.id = \(id) AND n.user_id = \(author) RETURNING \(Self.columns)
            """
        ).decode(Self.note).first
    }

    /// Deletes the author's note; whether there was one.
    func delete(_ id: UUID, author: UUID) async throws -> Bool {
        try await pool.execute("DELETE FROM notes WHERE id = \(id) AND user_id = \(author)") == 1
    }
}
