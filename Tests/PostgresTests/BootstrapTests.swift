import Foundation
import Postgres
import TestSupport
import Testing

/// `sql/bootstrap.sql` gives each service a schema of its own and nothing else.
@Suite struct BootstrapTests {
    @Test func eachServiceRoleOwnsItsSchemaAndCannotTouchAnother() async throws {
        let database = "campus_bootstrap_\(UUID().uuidString.prefix(8).lowercased())"
        let script = TestSchema.repositoryRoot.appendingPathComponent("deploy/dev/bootstrap.sh").path
        for _ in 0..<2 {
            let (status, output) = try Subprocess.status(of: ["bash", script, TestSchema.databaseURL, database])
            #expect(status == 0, "\(output)")
        }
        let admin = PostgresPool(
            configuration: PostgresConfiguration(TestSchema.databaseURL),
            pool: PoolConfiguration(minConnections: 0, maxConnections: 1), group: TestSchema.group)

        func pool(_ role: String) throws -> PostgresPool {
            var components = URLComponents(string: TestSchema.databaseURL)!
            components.user = role
            components.password = "\(role)-dev-password"
            components.path = "/" + database
            return PostgresPool(
                configuration: PostgresConfiguration(components.string!),
                pool: PoolConfiguration(minConnections: 0, maxConnections: 1), group: TestSchema.group)
        }
        let identity = try pool("identity")
        let catalog = try pool("catalog")
        let reporting = try pool("reporting")

        try await catalog.execute("CREATE TABLE courses (id int8)")
        try await identity.execute("CREATE TABLE users (id int8)")
        let path = try await identity.query("SHOW search_path")[0].decode(String.self, at: 0)
        #expect(path == "identity, extensions")
        let similarity = try await catalog.query("SELECT similarity('postgres', 'postgre')::float8")[0]
            .decode(Double.self, at: 0)
        #expect(similarity > 0.5)
        let owner = try await identity.query(
            "SELECT schemaname FROM pg_tables WHERE tablename = 'users'")[0].decode(String.self, at: 0)
        #expect(owner == "identity")

        let read = await #expect(throws: PostgresError.self) {
            try await identity.query("SELECT * FROM catalog.courses")
        }
        #expect(read?.sqlState == .insufficientPrivilege)
        let write = await #expect(throws: PostgresError.self) {
            try await identity.execute("CREATE TABLE catalog.x (a int)")
        }
        #expect(write?.sqlState == .insufficientPrivilege)
        let publicSchema = await #expect(throws: PostgresError.self) {
            try await identity.execute("CREATE TABLE public.x (a int)")
        }
        #expect(publicSchema?.sqlState == .insufficientPrivilege)

        let reportingAdmin = try pool("postgres")
        try await reportingAdmin.execute(
            "CREATE VIEW reporting.course_count AS SELECT count(*) AS n FROM catalog.courses")
        let count = try await reporting.query("SELECT n FROM reporting.course_count")[0].decode(Int.self, at: 0)
        #expect(count == 0)
        let reportingWrite = await #expect(throws: PostgresError.self) {
            try await reporting.execute("CREATE TABLE reporting.y (a int)")
        }
        #expect(reportingWrite != nil)
        let reportingRaw = await #expect(throws: PostgresError.self) {
            try await reporting.query("SELECT * FROM catalog.courses")
        }
        #expect(reportingRaw?.sqlState == .insufficientPrivilege)

        for pool in [identity, catalog, reporting, reportingAdmin] { await pool.close() }
        try await admin.execute("DROP DATABASE \(identifier: database) WITH (FORCE)")
        await admin.close()
    }
}
