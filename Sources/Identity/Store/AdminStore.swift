import Contracts
import Crypto
import Foundation
import Postgres

/// Admin reads and changes of users, instructor applications and the audit log; every change is audited
/// in the same transaction.
public struct AdminStore: Sendable {
    let pool: PostgresPool
    let ids: UUIDv7Generator

    /// Creates the store.
    public init(pool: PostgresPool, ids: UUIDv7Generator) {
        self.pool = pool
        self.ids = ids
    }

    /// Filters of the user list.
    struct UserFilter: Sendable {
        var role: Role?
        var status: AccountStatus?
        var isApproved: Bool?
        var search: String?
    }

    /// Users matching `filter`, by id (creation order), after `afterID`.
    func listUsers(_ filter: UserFilter, after afterID: UUID?, limit: Int) async throws -> [User] {
        let pattern = filter.search.map { "%" + $0.lowercased().replacingOccurrences(of: "%", with: "\\%") + "%" }
        return try await pool.query(
            """
            SELECT \(UserRows.userColumns) FROM users
            WHERE erased_at IS NULL
              AND (\(filter.role?.rawValue)::text IS NULL OR role = \(filter.role?.rawValue))
              AND (\(filter.status?.rawValue)::text IS NULL OR status = \(filter.status?.rawValue))
              AND (\(filter.isApproved)::bool IS NULL OR is_instructor_approved = \(filter.isApproved))
              AND (\(pattern)::text IS NULL OR lower(email) LIKE \(pattern)
                   OR lower(first_name || ' ' || last_name) LIKE \(pattern))
              AND (\(afterID)::uuid IS NULL OR id > \(afterID))
            ORDER BY id LIMIT \(limit)
            """
        ).map(UserRows.user)
    }

    /// Changes a user's role; returns the user, or `nil` if there is none.
    func setRole(_ role: Role, of userID: UUID, by actor: UUID) async throws -> User? {
        try await change(userID, by: actor, action: "user.role", details: ["role": role.rawValue]) { connection in
            try await connection.query(
                """
                UPDATE users SET role = \(role.rawValue), updated_at = \(UserRows.nextVersion)
                WHERE id = \(userID) AND erased_at IS NULL
                RETURNING \(UserRows.userColumns)
                """)
        }
    }

    /// Changes a user's status; suspending or deactivating revokes every session.
    func setStatus(_ status: AccountStatus, reason: String?, of userID: UUID, by actor: UUID) async throws -> User? {
        try await change(
            userID, by: actor, action: "user.status", details: ["status": status.rawValue, "reason": reason ?? ""]
        ) { connection in
            if status != .active { try await TokenStore.revokeAll(userID: userID, on: connection) }
            return try await connection.query(
                """
                UPDATE users SET status = \(status.rawValue), updated_at = \(UserRows.nextVersion)
                WHERE id = \(userID) AND erased_at IS NULL
                RETURNING \(UserRows.userColumns)
                """)
        }
    }

    /// Approves or rejects a pending instructor application with a reason.
    func decideApplication(of userID: UUID, approve: Bool, reason: String, by actor: UUID) async throws -> User? {
        let action = approve ? "instructor.approve" : "instructor.reject"
        return try await change(userID, by: actor, action: action, details: ["reason": reason]) { connection in
            let decided = try await connection.query(
                """
                SELECT status FROM instructor_applications WHERE user_id = \(userID) FOR UPDATE
                """)
            guard let status = try decided.first?.decode(String.self, at: 0) else {
                throw IdentityError.notAnInstructor
            }
            guard status == "pending" else { throw IdentityError.applicationDecided }
            try await connection.execute(
                """
                UPDATE instructor_applications SET status = \(approve ? "approved" : "rejected"), reason = \(reason),
                    decided_by = \(actor), decided_at = now()
                WHERE user_id = \(userID)
                """)
            return try await connection.query(
                """
                UPDATE users SET is_instructor_approved = \(approve), updated_at = \(UserRows.nextVersion)
                WHERE id = \(userID)
                RETURNING \(UserRows.userColumns)
                """)
        }
    }

    private func change(
        _ userID: UUID, by actor: UUID, action: String, details: [String: String],
        _ body: @Sendable (PostgresConnection) async throws -> Rows
    ) async throws -> User? {
        try await pool.withTransaction { connection in
            guard let user = try await body(connection).map(UserRows.user).first else { return nil }
            try await audit(actor: actor, action: action, target: userID, details: details, on: connection)
            try await UserEvents(ids: ids).userChanged(user, on: connection)
            return user
        }
    }

    /// Writes one audit entry inside the caller's transaction.
    func audit(
        actor: UUID?, action: String, target: UUID?, details: [String: String], on connection: PostgresConnection
    )
        async throws
    {
        try await connection.execute(
            """
            INSERT INTO audit_log (id, actor_id, action, target_user_id, details)
            VALUES (\(ids.next()), \(actor), \(action), \(target), \(UserRows.json(details))::jsonb)
            """)
    }

    /// An audit entry.
    struct AuditEntry: Sendable, Codable {
        var id: UUID
        var actorId: UUID?
        var action: String
        var targetUserId: UUID?
        var details: [String: String]
        var createdAt: String
    }

    /// Audit entries, newest first, before `beforeID`; optionally about one user.
    func auditLog(target: UUID?, before beforeID: UUID?, limit: Int) async throws -> [AuditEntry] {
        try await pool.query(
            """
            SELECT id, actor_id, action, target_user_id, details::text, created_at FROM audit_log
            WHERE (\(target)::uuid IS NULL OR target_user_id = \(target))
              AND (\(beforeID)::uuid IS NULL OR id < \(beforeID))
            ORDER BY id DESC LIMIT \(limit)
            """
        ).map { row in
            let details = try row.decode(String.self, at: 4)
            return AuditEntry(
                id: try row.decode(at: 0), actorId: try row.decode(at: 1), action: try row.decode(at: 2),
                targetUserId: try row.decode(at: 3),
                details: (try? JSONDecoder().decode([String: String].self, from: Data(details.utf8))) ?? [:],
                createdAt: Timestamp.string(try row.decode(Date.self, at: 5)))
        }
    }

    /// Instructor applications with `status`, oldest first, after `afterID`.
    func applications(status: String, after afterID: UUID?, limit: Int) async throws -> [ApplicationEntry] {
        try await pool.query(
            """
            SELECT a.id, a.user_id, u.email, u.first_name, u.last_name, a.status, a.reason, a.created_at
            FROM instructor_applications a JOIN users u ON u.id = a.user_id
            WHERE a.status = \(status) AND u.erased_at IS NULL AND (\(afterID)::uuid IS NULL OR a.id > \(afterID))
            ORDER BY a.id LIMIT \(limit)
            """
        ).map { row in
            ApplicationEntry(
                id: try row.decode(at: 0), userId: try row.decode(at: 1), email: try row.decode(at: 2),
                firstName: try row.decode(at: 3), lastName: try row.decode(at: 4), status: try row.decode(at: 5),
                reason: try row.decode(at: 6), createdAt: Timestamp.string(try row.decode(Date.self, at: 7)))
        }
    }

    /// An instructor application with its applicant.
    struct ApplicationEntry: Sendable, Codable {
        var id: UUID
        var userId: UUID
        var email: String
        var firstName: String
        var lastName: String
        var status: String
        var reason: String?
        var createdAt: String
    }
}
