import Foundation

/// Applies and reverts the migrations of one schema, recording each with a checksum in
/// `<schema>.schema_migrations`, under an advisory lock so that replicas starting together migrate once.
public struct Migrator: Sendable {
    /// Where migrations are applied.
    public let pool: PostgresPool
    /// The schema they belong to.
    public let schema: String
    /// The known migrations, ordered by version.
    public let migrations: [Migration]

    /// Creates a migrator for `schema` with the given migrations.
    public init(pool: PostgresPool, schema: String, migrations: [Migration]) {
        self.pool = pool
        self.schema = schema
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// The state of one migration.
    public struct Status: Sendable, Equatable {
        /// Its version.
        public let version: Int
        /// Its name.
        public let name: String
        /// When it was applied; nil while pending.
        public let appliedAt: Date?
        /// Whether the file changed since it was applied.
        public let isModified: Bool
        /// Whether it is recorded as applied but its file is gone.
        public let isMissing: Bool
    }

    /// Applies every pending migration in order, each in its own transaction; returns those applied.
    @discardableResult
    public func up() async throws -> [Migration] {
        try await locked { connection in
            let applied = try await appliedRows(connection)
            try verify(applied, checksums: try await checksums(connection))
            var done: [Migration] = []
            for migration in migrations where applied[migration.version] == nil {
                try await connection.withTransaction { connection in
                    try await connection.simpleQuery("SET LOCAL search_path TO \(Query.quoteIdentifier(schema))")
                    try await connection.simpleQuery(migration.up)
                    try await connection.execute(
                        """
                        INSERT INTO \(identifier: schema).schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(Self.checksumSQL(migration.up)))
                        """)
                }
                done.append(migration)
            }
            return done
        }
    }

    /// Reverts the last `count` applied migrations, newest first; returns those reverted.
    @discardableResult
    public func down(_ count: Int = 1) async throws -> [Migration] {
        try await locked { connection in
            let applied = try await appliedRows(connection)
            try verify(applied, checksums: try await checksums(connection))
            let targets = migrations.filter { applied[$0.version] != nil }.suffix(count).reversed()
            for migration in targets where migration.down == nil {
                throw MigrationError.noDownScript(migration.fileName)
            }
            for migration in targets {
                try await connection.withTransaction { connection in
                    try await connection.simpleQuery("SET LOCAL search_path TO \(Query.quoteIdentifier(schema))")
                    try await connection.simpleQuery(migration.down!)
                    try await connection.execute(
                        "DELETE FROM \(identifier: schema).schema_migrations WHERE version = \(migration.version)")
                }
            }
            return Array(targets)
        }
    }

    /// Every known or recorded migration with its state.
    public func status() async throws -> [Status] {
        try await locked { connection in
            let applied = try await appliedRows(connection)
            let sums = try await checksums(connection)
            var statuses = migrations.map { migration in
                let row = applied[migration.version]
                return Status(
                    version: migration.version, name: migration.name, appliedAt: row?.appliedAt,
                    isModified: row.map { $0.checksum != sums[migration.version] } ?? false, isMissing: false)
            }
            let known = Set(migrations.map(\.version))
            for (version, row) in applied where !known.contains(version) {
                statuses.append(
                    Status(version: version, name: row.name, appliedAt: row.appliedAt, isModified: false, isMissing: true))
            }
            return statuses.sorted { $0.version < $1.version }
        }
    }

    /// Whether every migration is applied and unchanged (for readiness checks).
    public func isCurrent() async throws -> Bool {
        try await status().allSatisfy { $0.appliedAt != nil && !$0.isModified && !$0.isMissing }
    }

    // MARK: Helpers

    private struct AppliedRow {
        let name: String
        let checksum: String
        let appliedAt: Date
    }

    /// Runs `body` on one connection holding the schema's advisory lock, creating the table first.
    private func locked<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await pool.withConnection { connection in
            let key = "campus.migrations." + schema
            try await connection.execute("SELECT pg_advisory_lock(hashtext(\(key)))")
            do {
                try await connection.simpleQuery(
                    """
                    CREATE TABLE IF NOT EXISTS \(Query.quoteIdentifier(schema)).schema_migrations (
                        version integer PRIMARY KEY,
                        name text NOT NULL,
                        checksum text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """)
                let result = try await body(connection)
                try await connection.execute("SELECT pg_advisory_unlock(hashtext(\(key)))")
                return result
            } catch {
                if connection.isUsable {
                    _ = try? await connection.execute("SELECT pg_advisory_unlock(hashtext(\(key)))")
                }
                throw error
            }
        }
    }

    private func appliedRows(_ connection: PostgresConnection) async throws -> [Int: AppliedRow] {
        let rows = try await connection.query(
            "SELECT version, name, checksum, applied_at FROM \(identifier: schema).schema_migrations")
        var applied: [Int: AppliedRow] = [:]
        for row in rows {
            let (version, name, checksum, appliedAt) = try row.decode((Int, String, String, Date).self)
            applied[version] = AppliedRow(name: name, checksum: checksum, appliedAt: appliedAt)
        }
        return applied
    }

    /// SHA-256 of each migration's up script, computed by the server (no crypto code needed here).
    private func checksums(_ connection: PostgresConnection) async throws -> [Int: String] {
        guard !migrations.isEmpty else { return [:] }
        let rows = try await connection.query(
            """
            SELECT ordinality::int, encode(sha256(convert_to(script, 'UTF8')), 'hex')
            FROM unnest(\(migrations.map(\.up))::text[]) WITH ORDINALITY AS s(script, ordinality)
            """)
        var sums: [Int: String] = [:]
        for row in rows {
            let (position, sum) = try row.decode((Int, String).self)
            sums[migrations[position - 1].version] = sum
        }
        return sums
    }

    private static func checksumSQL(_ script: String) -> Query {
        "encode(sha256(convert_to(\(script), 'UTF8')), 'hex')"
    }

    private func verify(_ applied: [Int: AppliedRow], checksums: [Int: String]) throws {
        for (version, row) in applied {
            guard let migration = migrations.first(where: { $0.version == version }) else {
                throw MigrationError.missingFile(version, row.name)
            }
            if checksums[version] != row.checksum { throw MigrationError.checksumChanged(migration.fileName) }
        }
    }
}
