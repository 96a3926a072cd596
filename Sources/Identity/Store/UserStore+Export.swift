import Foundation
import Postgres

extension UserStore {
    /// One refresh token's metadata (never its digest), for the data export.
    struct SessionRecord: Encodable, Sendable {
        var familyId: UUID
        var createdAt: String
        var expiresAt: String
        var revokedAt: String?
    }

    /// The user's refresh tokens, newest first.
    func sessions(userID: UUID) async throws -> [SessionRecord] {
        try await pool.query(
            """
            SELECT family_id, created_at, expires_at, revoked_at FROM refresh_tokens
            WHERE user_id = \(userID) ORDER BY id DESC LIMIT 1000
            """
        ).map { row in
            SessionRecord(
                familyId: try row.decode(at: 0), createdAt: Timestamp.string(try row.decode(Date.self, at: 1)),
                expiresAt: Timestamp.string(try row.decode(Date.self, at: 2)),
                revokedAt: Timestamp.string(try row.decode(Date?.self, at: 3)))
        }
    }

    /// The user's instructor application: status and reason.
    func application(userID: UUID) async throws -> (status: String, reason: String?)? {
        let rows = try await pool.query(
            "SELECT status, reason FROM instructor_applications WHERE user_id = \(userID)")
        guard let row = rows.first else { return nil }
        return (try row.decode(String.self, at: 0), try row.decode(String?.self, at: 1))
    }
}
