import Contracts
import Crypto
import Foundation
import Postgres

/// Users and profiles: all of their SQL.
public struct UserStore: Sendable {
    let pool: PostgresPool
    let ids: UUIDv7Generator

    /// Creates the store.
    public init(pool: PostgresPool, ids: UUIDv7Generator) {
        self.pool = pool
        self.ids = ids
    }

    /// What sign-up creates.
    public struct NewAccount: Sendable {
        /// The e-mail address.
        public var email: String
        /// The scrypt hash.
        public var passwordHash: String
        /// The first name.
        public var firstName: String
        /// The last name.
        public var lastName: String
        /// The role.
        public var role: Role
        /// Whether the address was proven by a code.
        public var isEmailVerified: Bool
    }

    /// The live (not erased) user with this e-mail address, in any case.
    public func find(email: String) async throws -> User? {
        try await pool.query(
            "SELECT \(UserRows.userColumns) FROM users WHERE lower(email) = \(EmailAddress.key(email)) AND erased_at IS NULL"
        ).map(UserRows.user).first
    }

    /// The user with this id, erased ones excluded.
    public func find(id: UUID) async throws -> User? {
        try await pool.query("SELECT \(UserRows.userColumns) FROM users WHERE id = \(id) AND erased_at IS NULL")
            .map(UserRows.user).first
    }

    /// The user with this id, locked for update in the caller's transaction.
    func lock(id: UUID, on connection: PostgresConnection) async throws -> User? {
        try await connection.query(
            "SELECT \(UserRows.userColumns) FROM users WHERE id = \(id) AND erased_at IS NULL FOR UPDATE"
        ).map(UserRows.user).first
    }

    /// Creates a user, an empty profile with the default avatar, and for instructors a pending application,
    /// inside the caller's transaction. Throws `IdentityError.emailTaken` when the address is in use.
    func create(_ account: NewAccount, on connection: PostgresConnection) async throws -> User {
        let id = ids.next()
        let rows = try await Self.mapEmailTaken {
            try await connection.query(
                """
                INSERT INTO users (id, email, password_hash, first_name, last_name, role, image_url, email_verified_at)
                VALUES (\(id), \(account.email), \(account.passwordHash), \(account.firstName), \(account.lastName),
                        \(account.role.rawValue), \(Avatar.defaultPath(for: id)),
                        CASE WHEN \(account.isEmailVerified) THEN now() END)
                RETURNING \(UserRows.userColumns)
                """)
        }
        try await connection.execute("INSERT INTO profiles (user_id) VALUES (\(id))")
        if account.role == .instructor {
            try await connection.execute(
                "INSERT INTO instructor_applications (id, user_id) VALUES (\(ids.next()), \(id))")
        }
        let user = try rows.map(UserRows.user)[0]
        try await UserEvents(ids: ids).userChanged(user, on: connection)
        return user
    }

    /// Runs `body`, turning the unique violation of the e-mail index into `IdentityError.emailTaken`.
    static func mapEmailTaken<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PostgresError {
            if error.sqlState == .uniqueViolation { throw IdentityError.emailTaken }
            throw error
        }
    }

    /// Sets a new password hash and clears any lock, inside the caller's transaction.
    func setPassword(id: UUID, hash: String, on connection: PostgresConnection) async throws {
        try await connection.execute(
            """
            UPDATE users SET password_hash = \(hash), failed_logins = 0, locked_until = NULL,
                updated_at = \(UserRows.nextVersion)
            WHERE id = \(id)
            """)
    }

    /// The user's profile.
    public func profile(userID: UUID) async throws -> Profile? {
        try await pool.query("SELECT \(UserRows.profileColumns) FROM profiles WHERE user_id = \(userID)")
            .map(UserRows.profile).first
    }

    /// Changes names and avatar; returns the user.
    func updateAccount(id: UUID, firstName: String?, lastName: String?, imageURL: String?) async throws -> User? {
        try await pool.withTransaction { connection in
            let rows = try await connection.query(
                """
                UPDATE users SET first_name = COALESCE(\(firstName), first_name),
                    last_name = COALESCE(\(lastName), last_name), image_url = COALESCE(\(imageURL), image_url),
                    updated_at = \(UserRows.nextVersion)
                WHERE id = \(id) AND deleted_at IS NULL
                RETURNING \(UserRows.userColumns)
                """)
            guard let user = try rows.map(UserRows.user).first else { return nil }
            try await UserEvents(ids: ids).userChanged(user, on: connection)
            return user
        }
    }

    /// Replaces the profile and preferences with `profile`.
    func save(_ profile: Profile, userID: UUID) async throws {
        let dateOfBirth = Timestamp.day(profile.dateOfBirth)
        try await pool.execute(
            """
            UPDATE profiles SET gender = \(profile.gender), date_of_birth = \(dateOfBirth)::date,
                about = \(profile.about), phone = \(profile.phone), address = \(profile.address),
                website = \(profile.website), social_links = \(UserRows.json(profile.socialLinks))::jsonb,
                notify_email = \(profile.notifyEmail), notify_course_updates = \(profile.notifyCourseUpdates),
                notify_marketing = \(profile.notifyMarketing), language = \(profile.language),
                timezone = \(profile.timezone), updated_at = now()
            WHERE user_id = \(userID)
            """)
    }

    /// Marks the account deleted and revokes every token; personal data is erased after the grace period.
    func softDelete(id: UUID) async throws {
        try await pool.withTransaction { connection in
            let deleted = try await connection.query(
                """
                UPDATE users SET deleted_at = now(), status = 'inactive', updated_at = \(UserRows.nextVersion)
                WHERE id = \(id)
                RETURNING \(UserRows.userColumns)
                """
            ).map(UserRows.user)
            try await TokenStore.revokeAll(userID: id, on: connection)
            guard let deletedAt = deleted.first?.deletedAt else { return }
            try await UserEvents(ids: ids).userDeleted(id: id, at: deletedAt, on: connection)
        }
    }

    /// The user with this id, erased ones included (they are deleted), for other services.
    func findForServices(id: UUID) async throws -> User? {
        try await pool.query("SELECT \(UserRows.userColumns) FROM users WHERE id = \(id)").map(UserRows.user).first
    }
}
