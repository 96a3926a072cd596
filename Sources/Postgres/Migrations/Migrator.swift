import Foundation

/// Applies and reverts the migrations of one schema, recording each with a checksum, under an advisory lock so
/// that replicas starting together migrate once.
///
/// The schema owner's own migrations (`track` nil) are recorded in `<schema>.schema_migrations`; those of each
/// other track (e.g. the service kit's tables) in `<schema>.<track>_migrations`, so a binary that does not know
/// a track is not disturbed by its records. `up` applies the owner's pending migrations first, then each
/// track's, in the order the tracks first appear in `migrations`: a track's migrations must therefore accept a
/// schema where the owner's migrations already made what they make. `down(n)` reverts the owner's newest `n`;
/// when that leaves none of the owner's applied, it reverts every other track's as well (they exist for the
/// owner), newest first.
public struct Migrator: Sendable {
    /// Where migrations are applied.
    public let pool: PostgresPool
    /// The schema they belong to.
    public let schema: String
    /// The known migrations: the owner's by version, then each track's by version.
    public let migrations: [Migration]

    /// Creates a migrator for `schema` with the given migrations, of the owner and of any tracks.
    public init(pool: PostgresPool, schema: String, migrations: [Migration]) {
        self.pool = pool
        self.schema = schema
        self.migrations = Self.tracks(of: migrations).flatMap { track in
            migrations.filter { $0.track == track }.sorted { $0.version < $1.version }
        }
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
        /// Its track; nil for the owner's own.
        public var track: String? = nil
    }

    /// Applies every pending migration in order, each in its own transaction; returns those applied.
    @discardableResult
    public func up() async throws -> [Migration] {
        try await locked { connection in
            let applied = try await appliedRows(connection)
            try verify(applied, checksums: try await checksums(connection))
            var done: [Migration] = []
            for migration in migrations where applied[Key(migration)] == nil {
                try await connection.withTransaction { connection in
                    try await connection.simpleQuery("SET LOCAL search_path TO \(Query.quoteIdentifier(schema))")
                    try await connection.simpleQuery(migration.up)
                    try await connection.execute(
                        """
                        INSERT INTO \(identifier: schema).\(identifier: Self.table(migration.track))
                            (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(Self.checksumSQL(migration.up)))
                        """)
                }
                done.append(migration)
            }
            return done
        }
    }

    /// Reverts the owner's last `count` applied migrations, newest first, and the other tracks' too when none
    /// of the owner's remain; returns those reverted.
    @discardableResult
    public func down(_ count: Int = 1) async throws -> [Migration] {
        try await locked { connection in
            let applied = try await appliedRows(connection)
            try verify(applied, checksums: try await checksums(connection))
            let own = migrations.filter { $0.track == nil && applied[Key($0)] != nil }
            var targets = Array(own.suffix(count).reversed())
            if targets.count == own.count {
                targets += migrations.filter { $0.track != nil && applied[Key($0)] != nil }.reversed()
            }
            for migration in targets where migration.down == nil {
                throw MigrationError.noDownScript(migration.label)
            }
            for migration in targets {
                try await connection.withTransaction { connection in
                    try await connection.simpleQuery("SET LOCAL search_path TO \(Query.quoteIdentifier(schema))")
                    try await connection.simpleQuery(migration.down!)
                    try await connection.execute(
                        """
                        DELETE FROM \(identifier: schema).\(identifier: Self.table(migration.track))
                        WHERE version = \(migration.version)
                        """)
                }
            }
            return targets
        }
    }

    /// Every known or recorded migration with its state: the owner's, then each track's, by version.
    public func status() async throws -> [Status] {
        try await locked { connection in
            let applied = try await appliedRows(connection)
            let sums = try await checksums(connection)
            var statuses = migrations.map { migration in
                let row = applied[Key(migration)]
                return Status(
                    version: migration.version, name: migration.name, appliedAt: row?.appliedAt,
                    isModified: row.map { $0.checksum != sums[Key(migration)] } ?? false, isMissing: false,
                    track: migration.track)
            }
            let known = Set(migrations.map(Key.init))
            for (key, row) in applied where !known.contains(key) {
                statuses.append(
                    Status(
                        version: key.version, name: row.name, appliedAt: row.appliedAt, isModified: false,
                        isMissing: true, track: key.track))
            }
            let tracks = self.tracks
            return statuses.sorted {
                let (left, right) = (tracks.firstIndex(of: $0.track) ?? 0, tracks.firstIndex(of: $1.track) ?? 0)
                return left != right ? left < right : $0.version < $1.version
            }
        }
    }

    /// Whether every migration is applied and unchanged (for readiness checks).
    public func isCurrent() async throws -> Bool {
        try await status().allSatisfy { $0.appliedAt != nil && !$0.isModified && !$0.isMissing }
    }

    // MARK: Helpers

    /// A migration's identity: its track and version.
    private struct Key: Hashable {
        let track: String?
        let version: Int

        init(track: String?, version: Int) {
            self.track = track
            self.version = version
        }

        init(_ migration: Migration) {
            self.init(track: migration.track, version: migration.version)
        }
    }

    private struct AppliedRow {
        let name: String
        let checksum: String
        let appliedAt: Date
    }

    /// The owner's track (nil) and every other track of `migrations`, in order.
    private var tracks: [String?] { Self.tracks(of: migrations) }

    private static func tracks(of migrations: [Migration]) -> [String?] {
        var tracks: [String?] = [nil]
        for migration in migrations where !tracks.contains(migration.track) { tracks.append(migration.track) }
        return tracks
    }

    /// The table that records a track's migrations.
    static func table(_ track: String?) -> String {
        (track ?? "schema") + "_migrations"
    }

    /// Runs `body` on one connection holding the schema's advisory lock, creating the tables first.
    private func locked<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        if let bad = tracks.compactMap({ $0 }).first(where: { !Migration.isValidTrack($0) }) {
            throw MigrationError.badTrack(bad)
        }
        return try await pool.withConnection { connection in
            let key = "campus.migrations." + schema
            try await connection.execute("SELECT pg_advisory_lock(hashtext(\(key)))")
            do {
                for track in tracks {
                    try await connection.simpleQuery(
                        """
                        CREATE TABLE IF NOT EXISTS \(Query.quoteIdentifier(schema)).\(Query.quoteIdentifier(Self.table(track))) (
                            version integer PRIMARY KEY,
                            name text NOT NULL,
                            checksum text NOT NULL,
                            applied_at timestamptz NOT NULL DEFAULT now()
                        )
                        """)
                }
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

    private func appliedRows(_ connection: PostgresConnection) async throws -> [Key: AppliedRow] {
        var applied: [Key: AppliedRow] = [:]
        for track in tracks {
            let rows = try await connection.query(
                "SELECT version, name, checksum, applied_at FROM \(identifier: schema).\(identifier: Self.table(track))"
            )
            for row in rows {
                let (version, name, checksum, appliedAt) = try row.decode((Int, String, String, Date).self)
                applied[Key(track: track, version: version)] = AppliedRow(
                    name: name, checksum: checksum, appliedAt: appliedAt)
            }
        }
        return applied
    }

    /// SHA-256 of each migration's up script, computed by the server (no crypto code needed here).
    private func checksums(_ connection: PostgresConnection) async throws -> [Key: String] {
        guard !migrations.isEmpty else { return [:] }
        let rows = try await connection.query(
            """
            SELECT ordinality::int, encode(sha256(convert_to(script, 'UTF8')), 'hex')
            FROM unnest(\(migrations.map(\.up))::text[]) WITH ORDINALITY AS s(script, ordinality)
            """)
        var sums: [Key: String] = [:]
        for row in rows {
            let (position, sum) = try row.decode((Int, String).self)
            sums[Key(migrations[position - 1])] = sum
        }
        return sums
    }

    private static func checksumSQL(_ script: String) -> Query {
        "encode(sha256(convert_to(\(script), 'UTF8')), 'hex')"
    }

    private func verify(_ applied: [Key: AppliedRow], checksums: [Key: String]) throws {
        for (key, row) in applied {
            guard let migration = migrations.first(where: { Key($0) == key }) else {
                throw MigrationError.missingFile(key.version, key.track.map { $0 + "/" + row.name } ?? row.name)
            }
            if checksums[key] != row.checksum { throw MigrationError.checksumChanged(migration.label) }
        }
    }
}
