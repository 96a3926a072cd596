import Foundation
import Postgres
import TestSupport
import Testing

@testable import ServiceKit

// Serialized: the services' migrations are the heaviest schemas of the suite, and the machine has two cores.
@Suite(.serialized) struct KitMigrationTests {
    static let kitTables = ["idempotency_keys", "inbox", "outbox", "outbox_deliveries", "rate_limits"]

    /// What the catalogs say of a schema's tables, with the schema's name taken out: columns (in order, with
    /// type, nullability, default), indexes, constraints and functions.
    struct Shape: Equatable {
        var columns: [String]
        var indexes: [String]
        var constraints: [String]
        var functions: [String]
    }

    static func shape(_ pool: PostgresPool, schema: String, tables: [String]? = nil) async throws -> Shape {
        func read(_ query: Query) async throws -> [String] {
            try await pool.query(query).decode(String.self).map {
                $0.replacingOccurrences(of: schema + ".", with: "").replacingOccurrences(of: schema, with: "<schema>")
            }
        }
        let columns = try await read(
            """
            SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
                || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
                || CASE WHEN a.attgenerated <> '' THEN ' GENERATED' ELSE '' END
            FROM pg_attribute AS a
            JOIN pg_class AS c ON c.oid = a.attrelid
            JOIN pg_namespace AS n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = \(schema) AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
              AND (\(tables)::text[] IS NULL OR c.relname = ANY(\(tables)::text[]))
            ORDER BY c.relname, a.attnum
            """)
        let indexes = try await read(
            """
            SELECT indexdef FROM pg_indexes
            WHERE schemaname = \(schema) AND (\(tables)::text[] IS NULL OR tablename = ANY(\(tables)::text[]))
            ORDER BY indexname
            """)
        let constraints = try await read(
            """
            SELECT c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
            FROM pg_constraint AS k
            JOIN pg_class AS c ON c.oid = k.conrelid
            JOIN pg_namespace AS n ON n.oid = c.relnamespace
            WHERE n.nspname = \(schema) AND (\(tables)::text[] IS NULL OR c.relname = ANY(\(tables)::text[]))
            ORDER BY 1
            """)
        let functions =
            tables == nil
            ? try await read(
                """
                SELECT p.proname || '(' || pg_get_function_arguments(p.oid) || ') ' || pg_get_function_result(p.oid)
                FROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace
                WHERE n.nspname = \(schema) ORDER BY 1
                """) : []
        return Shape(columns: columns, indexes: indexes, constraints: constraints, functions: functions)
    }

    @Test(arguments: ["identity", "catalog"])
    func aSchemaBuiltByTheServicesOwnMigrationsUpgradesToAFreshBuildsShape(service: String) async throws {
        let directory = TestSchema.repositoryRoot.appendingPathComponent("sql/" + service)
        try await TestSchema.with(extensions: true) { pool, schema in
            // The schema as the migrator built it before the kit had migrations.
            try await Migrator(pool: pool, schema: schema, migrations: Migration.load(from: directory)).up()
            let upgrade = try Migrator.service(pool: pool, schema: schema, directory: directory)
            #expect(try await upgrade.isCurrent() == false)
            #expect(try await upgrade.up().map(\.label) == ["servicekit/0001_tables.up.sql"])
            #expect(try await upgrade.isCurrent())
            let upgraded = try await Self.shape(pool, schema: schema)
            #expect(upgraded.columns.contains("outbox.published_at timestamp with time zone"))

            try await TestSchema.with(extensions: true) { freshPool, freshSchema in
                try await Migrator.service(pool: freshPool, schema: freshSchema, directory: directory).up()
                let fresh = try await Self.shape(freshPool, schema: freshSchema)
                #expect(upgraded.columns == fresh.columns)
                #expect(upgraded.indexes == fresh.indexes)
                #expect(upgraded.constraints == fresh.constraints)
                #expect(upgraded.functions == fresh.functions)
            }

            // A new service gets the kit's tables from the kit's migrations alone, in the same shape.
            try await TestSchema.with { kitPool, kitSchema in
                try await TestSchema.applyKitMigrations(kitPool, schema: kitSchema)
                let kitOnly = try await Self.shape(kitPool, schema: kitSchema, tables: Self.kitTables)
                let inService = try await Self.shape(pool, schema: schema, tables: Self.kitTables)
                #expect(!kitOnly.columns.isEmpty)
                #expect(inService == kitOnly)
            }
        }
    }

    @Test func aKitTableOfAnotherShapeStopsTheMigrationNamingWhatIsMissing() async throws {
        try await TestSchema.with { pool, schema in
            try await pool.execute(
                "CREATE TABLE outbox (id uuid PRIMARY KEY, topic text NOT NULL, payload jsonb NOT NULL, sent_at timestamptz)"
            )
            let migrator = Migrator(pool: pool, schema: schema, migrations: try KitMigrations.load())
            let error = await #expect(throws: PostgresError.self) { try await migrator.up() }
            #expect(error?.message.contains("outbox.published_at") == true)
            #expect(error?.message.contains("outbox.created_at") == true)
            #expect(try await migrator.status().allSatisfy { $0.appliedAt == nil })
        }
    }

    @Test func migrateCommandsNameTheKitsMigrationsAfterItsTrack() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("own-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "CREATE TABLE notes (id int8 PRIMARY KEY);"
            .write(to: directory.appendingPathComponent("0001_notes.up.sql"), atomically: true, encoding: .utf8)
        try "DROP TABLE notes;"
            .write(to: directory.appendingPathComponent("0001_notes.down.sql"), atomically: true, encoding: .utf8)
        try await TestSchema.with { pool, schema in
            let migrator = try Migrator.service(pool: pool, schema: schema, directory: directory)
            #expect(
                try await MigrationCommands.run(.migrateStatus, migrator: migrator)
                    == "0001 notes  pending\nservicekit/0001 tables  pending\n")
            #expect(
                try await MigrationCommands.run(.migrateUp, migrator: migrator)
                    == "applied 0001_notes.up.sql\napplied servicekit/0001_tables.up.sql\n")
            #expect(try await MigrationCommands.run(.migrateUp, migrator: migrator) == "\(schema): up to date\n")
            #expect(
                try await MigrationCommands.run(.migrateDown(1), migrator: migrator)
                    == "reverted 0001_notes.up.sql\nreverted servicekit/0001_tables.up.sql\n")
            let left = try await pool.query(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = \(schema) AND table_name = 'outbox'"
            )
            #expect(try left[0].decode(Int.self, at: 0) == 0)
        }
    }
}
