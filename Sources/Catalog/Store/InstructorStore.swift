import Contracts
import Foundation
import Postgres

/// The instructors' display names, kept from identity's events (a read model; identity owns the truth).
enum InstructorStore {
    /// Applies `user.changed` unless a newer state is already stored; renames the user's courses.
    static func apply(_ user: UserChanged, on connection: PostgresConnection) async throws {
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
        try await connection.execute(
            """
            UPDATE courses SET instructor_name = \(user.displayName), version = version + 1, updated_at = now()
            WHERE instructor_id = \(id) AND instructor_name <> \(user.displayName)
            """)
    }

    /// Applies `user.deleted`: the name is erased from the read model and from the user's courses.
    static func apply(_ user: UserDeleted, on connection: PostgresConnection) async throws {
        guard let id = UUID(uuidString: user.id) else { return }
        try await connection.execute(
            """
            INSERT INTO instructors (id, display_name, version, is_deleted) VALUES
                (\(id), 'Former instructor', \(user.deletedAt), true)
            ON CONFLICT (id) DO UPDATE SET display_name = 'Former instructor', image_url = NULL, is_deleted = true
            """)
        try await connection.execute(
            """
            UPDATE courses SET instructor_name = 'Former instructor', version = version + 1, updated_at = now()
            WHERE instructor_id = \(id) AND instructor_name <> 'Former instructor'
            """)
    }
}
