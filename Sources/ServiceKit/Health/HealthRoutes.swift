import HTTP
import Postgres

/// `GET /healthz` (the process answers) and `GET /readyz` (the database answers and every migration of the
/// service's schema is applied), for the gateway's and the orchestrator's probes.
public struct HealthRoutes: Sendable {
    let pool: PostgresPool
    let migrator: Migrator

    /// Creates the routes; `migrator` knows the schema's migrations.
    public init(pool: PostgresPool, migrator: Migrator) {
        self.pool = pool
        self.migrator = migrator
    }

    /// Adds both routes to `router`.
    public func add(to router: inout Router) {
        router.get("/healthz") { _, _ in .text("ok") }
        router.get("/readyz") { _, context in
            do {
                _ = try await pool.query("SELECT 1")
                guard try await migrator.isCurrent() else {
                    return Response.text("migrations pending", status: .serviceUnavailable)
                }
                return Response.text("ready")
            } catch {
                context.logger.warning("not ready", ["error": String(describing: error)])
                return Response.text("database unreachable", status: .serviceUnavailable)
            }
        }
    }
}
