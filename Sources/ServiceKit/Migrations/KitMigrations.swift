import Foundation
import Postgres

/// The migrations of the kit's own tables (rate limits, idempotency keys, outbox, deliveries, inbox), applied in
/// every service's schema after the service's own and recorded in `<schema>.servicekit_migrations`
/// (`sql/servicekit/README.md`). They are a resource of this module, so they travel with the executables in
/// `Campus_ServiceKit.resources` and are found through `Bundle.module`, from the repository as from a deployment.
public enum KitMigrations {
    /// The track the kit's migrations are recorded under.
    public static let track = "servicekit"

    /// The folder of the kit's migration files.
    public static var directory: URL {
        guard let url = Bundle.module.url(forResource: track, withExtension: nil) else {
            preconditionFailure("the folder \(track) is missing from the ServiceKit resource bundle")
        }
        return url
    }

    /// Reads the kit's migrations.
    public static func load() throws -> [Migration] {
        try Migration.load(from: directory, track: track)
    }
}
