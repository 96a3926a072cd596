import Foundation
import Postgres

extension Migrator {
    /// A migrator for a service's schema: the service's own migrations from `directory`, then the kit's.
    public static func service(pool: PostgresPool, schema: String, directory: URL) throws -> Migrator {
        Migrator(
            pool: pool, schema: schema, migrations: try Migration.load(from: directory) + KitMigrations.load())
    }
}
