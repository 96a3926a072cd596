import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct MigratorTests {
    /// Writes migration files into a fresh folder and returns it.
    func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, sql) in files {
            try sql.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return url
    }

    let files = [
        "0001_create_courses.up.sql": "CREATE TABLE courses (id int8 PRIMARY KEY, title text NOT NULL);",
        "0001_create_courses.down.sql": "DROP TABLE courses;",
        "0002_add_price.up.sql":
            "ALTER TABLE courses ADD COLUMN price int8 NOT NULL DEFAULT 0;\nCREATE INDEX ON courses (price);",
        "0002_add_price.down.sql": "ALTER TABLE courses DROP COLUMN price;",
    ]

    @Test func upAppliesPendingInOrderAndStatusReportsThem() async throws {
        try await TestSchema.with { pool, schema in
            let migrator = Migrator(pool: pool, schema: schema, migrations: try Migration.load(from: folder(files)))
            #expect(try await migrator.status().allSatisfy { $0.appliedAt == nil })
            #expect(try await migrator.isCurrent() == false)
            #expect(try await migrator.up().map(\.version) == [1, 2])
            #expect(try await migrator.up().isEmpty)
            #expect(try await migrator.isCurrent())
            try await pool.execute("INSERT INTO courses (id, title, price) VALUES (1, 'Swift', 1000)")
            let statuses = try await migrator.status()
            #expect(statuses.map(\.version) == [1, 2])
            #expect(statuses.allSatisfy { $0.appliedAt != nil && !$0.isModified })
        }
    }

    @Test func downRevertsTheNewestFirst() async throws {
        try await TestSchema.with { pool, schema in
            let migrator = Migrator(pool: pool, schema: schema, migrations: try Migration.load(from: folder(files)))
            try await migrator.up()
            #expect(try await migrator.down(1).map(\.version) == [2])
            let columns = try await pool.query(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = \(schema) AND table_name = 'courses' ORDER BY 1"
            )
            #expect(try columns.decode((String).self) == ["id", "title"])
            #expect(try await migrator.down(5).map(\.version) == [1])
            let tables = try await pool.query(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = \(schema) AND table_name = 'courses'"
            )
            #expect(try tables[0].decode(Int.self, at: 0) == 0)
            #expect(try await migrator.up().count == 2)
        }
    }

    @Test func changedAppliedFileIsAnErrorNamingIt() async throws {
        try await TestSchema.with { pool, schema in
            let directory = try folder(files)
            try await Migrator(pool: pool, schema: schema, migrations: try Migration.load(from: directory)).up()
            try "CREATE TABLE courses (id int8 PRIMARY KEY, title text);"
                .write(
                    to: directory.appendingPathComponent("0001_create_courses.up.sql"), atomically: true,
                    encoding: .utf8)
            let changed = Migrator(pool: pool, schema: schema, migrations: try Migration.load(from: directory))
            let error = await #expect(throws: MigrationError.self) { try await changed.up() }
            #expect(error?.description.contains("0001_create_courses.up.sql") == true)
            #expect(try await changed.status().first?.isModified == true)
            #expect(try await changed.isCurrent() == false)
        }
    }

    @Test func failingMigrationLeavesNothingBehind() async throws {
        var broken = files
        broken["0003_broken.up.sql"] = "CREATE TABLE extra (a int); SELECT no_such_function();"
        try await TestSchema.with { pool, schema in
            let migrator = Migrator(pool: pool, schema: schema, migrations: try Migration.load(from: folder(broken)))
            await #expect(throws: PostgresError.self) { try await migrator.up() }
            let statuses = try await migrator.status()
            #expect(statuses.map { $0.appliedAt != nil } == [true, true, false])
            let extra = try await pool.query(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = \(schema) AND table_name = 'extra'"
            )
            #expect(try extra[0].decode(Int.self, at: 0) == 0)
        }
    }

    @Test func racingMigratorsApplyEachMigrationOnce() async throws {
        try await TestSchema.with(
            pool: PoolConfiguration(minConnections: 0, maxConnections: 4, acquireTimeout: .seconds(30))
        ) {
            pool, schema in
            let migrations = try Migration.load(from: folder(files))
            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await Migrator(pool: pool, schema: schema, migrations: migrations).up().count }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(results.reduce(0, +) == 2)
            let recorded = try await pool.query("SELECT count(*) FROM \(identifier: schema).schema_migrations")
            #expect(try recorded[0].decode(Int.self, at: 0) == 2)
        }
    }

    let kitFiles = [
        "0001_things.up.sql": "CREATE TABLE IF NOT EXISTS things (id int8 PRIMARY KEY);",
        "0001_things.down.sql": "DROP TABLE IF EXISTS things;",
    ]

    /// The owner's migrations and those of a `kit` track.
    func ownAndKit() throws -> [Migration] {
        try Migration.load(from: folder(files)) + Migration.load(from: folder(kitFiles), track: "kit")
    }

    func tableExists(_ pool: PostgresPool, _ schema: String, _ table: String) async throws -> Bool {
        let rows = try await pool.query(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = \(schema) AND table_name = \(table)")
        return try rows[0].decode(Int.self, at: 0) == 1
    }

    @Test func aTrackIsAppliedAfterTheOwnersMigrationsAndRecordedApart() async throws {
        try await TestSchema.with { pool, schema in
            let migrator = Migrator(pool: pool, schema: schema, migrations: Array(try ownAndKit().reversed()))
            #expect(
                migrator.migrations.map(\.label) == [
                    "0001_create_courses.up.sql", "0002_add_price.up.sql", "kit/0001_things.up.sql",
                ])
            #expect(try await migrator.up().map(\.label) == migrator.migrations.map(\.label))
            let own = try await pool.query("SELECT version FROM \(identifier: schema).schema_migrations ORDER BY 1")
            #expect(try own.decode(Int.self) == [1, 2])
            let kit = try await pool.query("SELECT version, name FROM \(identifier: schema).kit_migrations")
            #expect(try kit[0].decode((Int, String).self) == (1, "things"))
            let statuses = try await migrator.status()
            #expect(statuses.map(\.track) == [nil, nil, "kit"])
            #expect(statuses.allSatisfy { $0.appliedAt != nil })
            #expect(try await migrator.isCurrent())
            #expect(try await migrator.up().isEmpty)
        }
    }

    @Test func aSchemaMigratedBeforeTheTrackExistedTakesOnlyTheTrack() async throws {
        try await TestSchema.with { pool, schema in
            try await Migrator(pool: pool, schema: schema, migrations: try Migration.load(from: folder(files))).up()
            let migrator = Migrator(pool: pool, schema: schema, migrations: try ownAndKit())
            #expect(try await migrator.isCurrent() == false)
            #expect(try await migrator.up().map(\.label) == ["kit/0001_things.up.sql"])
            // A binary that knows no track (the previous release, during a rolling deploy) is not disturbed.
            let previous = Migrator(pool: pool, schema: schema, migrations: try Migration.load(from: folder(files)))
            #expect(try await previous.isCurrent())
            #expect(try await previous.status().count == 2)
        }
    }

    @Test func downRevertsTheOwnersNewestAndTheTracksWithTheLastOfThem() async throws {
        try await TestSchema.with { pool, schema in
            let migrator = Migrator(pool: pool, schema: schema, migrations: try ownAndKit())
            try await migrator.up()
            #expect(try await migrator.down(1).map(\.label) == ["0002_add_price.up.sql"])
            #expect(try await tableExists(pool, schema, "things"))
            #expect(
                try await migrator.down(1).map(\.label) == ["0001_create_courses.up.sql", "kit/0001_things.up.sql"])
            #expect(try await tableExists(pool, schema, "things") == false)
            #expect(try await migrator.status().allSatisfy { $0.appliedAt == nil })
            #expect(try await migrator.down(1).isEmpty)
            #expect(try await migrator.up().count == 3)
        }
    }

    @Test func aChangedTrackFileIsAnErrorNamingTheTrack() async throws {
        try await TestSchema.with { pool, schema in
            let kit = try folder(kitFiles)
            let own = try Migration.load(from: folder(files))
            try await Migrator(
                pool: pool, schema: schema, migrations: own + (try Migration.load(from: kit, track: "kit"))
            ).up()
            try "CREATE TABLE IF NOT EXISTS things (id int4 PRIMARY KEY);"
                .write(to: kit.appendingPathComponent("0001_things.up.sql"), atomically: true, encoding: .utf8)
            let changed = Migrator(
                pool: pool, schema: schema, migrations: own + (try Migration.load(from: kit, track: "kit")))
            let error = await #expect(throws: MigrationError.self) { try await changed.up() }
            #expect(error?.description.contains("kit/0001_things.up.sql") == true)
            #expect(try await changed.status().last?.isModified == true)
        }
    }

    @Test func trackNamesThatCannotNameATableAreRejected() throws {
        for bad in ["", "schema", "Kit", "kit-tables", "kit.tables"] {
            #expect(throws: MigrationError.self) { try Migration.load(from: folder(kitFiles), track: bad) }
        }
        #expect(try Migration.load(from: folder(kitFiles), track: "service_kit2").first?.track == "service_kit2")
    }

    @Test func badFileNamesAreRejected() throws {
        #expect(throws: MigrationError.self) { try Migration.load(from: folder(["1_short.up.sql": "SELECT 1"])) }
        #expect(throws: MigrationError.self) { try Migration.load(from: folder(["0001_x.sideways.sql": "SELECT 1"])) }
        #expect(throws: MigrationError.self) {
            try Migration.load(from: folder(["0001_a.up.sql": "SELECT 1", "0001_b.up.sql": "SELECT 2"]))
        }
        #expect(throws: MigrationError.self) { try Migration.load(from: folder(["0002_orphan.down.sql": "SELECT 1"])) }
        let loaded = try Migration.load(from: folder(files))
        #expect(loaded.map(\.name) == ["create_courses", "add_price"])
        #expect(loaded.allSatisfy { $0.down != nil })
    }
}
