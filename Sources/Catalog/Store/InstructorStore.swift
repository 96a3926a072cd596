import Contracts
import Foundation
import Postgres

/// The instructors' display names, kept from identity's events and lookups (a read model; identity owns the
/// truth). Renaming an instructor renames their courses, each announced with `course.changed`.
struct InstructorStore: Sendable {
    let changes: CourseChanges

    /// The stored display name of `id`, unless unknown.
    static func displayName(of id: UUID, on connection: PostgresConnection) async throws -> String? {
        try await connection.query("SELECT display_name FROM instructors WHERE id = \(id)").first?
            .decode(String.self, at: 0)
    }

    /// The stored display name of `id` and whether the account is gone, unless unknown.
    static func entry(of id: UUID, on connection: PostgresConnection) async throws -> (
        displayName: String, isDeleted: Bool
    )? {
        try await connection.query("SELECT display_name, is_deleted FROM instructors WHERE id = \(id)").first?
            .decode((String, Bool).self)
    }

    /// Applies `user.changed` unless a newer state is already stored; renames the user's courses.
    func apply(_ user: UserChanged, on connection: PostgresConnection) async throws {
        guard let id = UUID(uuidString: user.id) else { return }
        let changed = try await connection.query(
            """
            INSERT INTO instructors (id, display_name, image_url, version) VALUES
                (\(id), \(user.displayName), \(user.imageURL), \(user.updatedAt))
            ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, image_url = excluded.image_url,
                version = excluded.version
            WHERE instructors.version < excluded.version AND NOT instructors.is_deleted
            RETURNING id
            """)
        guard !changed.isEmpty else { return }
        try await rename(id, to: user.displayName, on: connection)
    }

    /// Applies `user.deleted`: the name is erased from the read model and from the user's courses.
    func apply(_ user: UserDeleted, on connection: PostgresConnection) async throws {
        guard let id = UUID(uuidString: user.id) else { return }
        try await connection.execute(
            """
            INSERT INTO instructors (id, display_name, version, is_deleted) VALUES
                (\(id), 'Former instructor', \(user.deletedAt), true)
            ON CONFLICT (id) DO UPDATE SET display_name = 'Former instructor', image_url = NULL, is_deleted = true
            """)
        try await rename(id, to: "Former instructor", on: connection)
    }

    /// Stores what identity answered about a user, unless a newer state is already stored; returns the name.
    static func store(_ user: InternalUser, on connection: PostgresConnection) async throws -> String {
        guard let id = UUID(uuidString: user.id) else { return user.state.displayName }
        let name = user.isDeleted ? "Former instructor" : user.state.displayName
        try await connection.execute(
            """
            INSERT INTO instructors (id, display_name, image_url, version, is_deleted) VALUES
                (\(id), \(name), \(user.state.imageURL), \(user.state.updatedAt), \(user.isDeleted))
            ON CONFLICT (id) DO NOTHING
            """)
        return try await displayName(of: id, on: connection) ?? name
    }

    private func rename(_ id: UUID, to name: String, on connection: PostgresConnection) async throws {
        let renamed = try await connection.query(
            """
            UPDATE courses AS c SET instructor_name = \(name), version = c.version + 1, updated_at = now()
            WHERE c.instructor_id = \(id) AND c.instructor_name <> \(name)
            RETURNING \(CourseRows.courseColumns)
            """
        ).decode(CourseRows.course)
        for course in renamed { try await changes.emit(course, on: connection) }
    }
}
