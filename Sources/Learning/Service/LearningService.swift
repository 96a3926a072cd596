import Crypto
import HTTP
import Postgres
import ServiceKit

/// The learning service: what the kit opened (`context`) and the verifier of identity's tokens, and the stores
/// its routes use, built on them.
public struct LearningService: Sendable {
    /// What the kit opened: configuration, settings, pool, client, metrics, logger, ids.
    public let context: ServiceContext<LearningSettings>
    /// Checks access tokens (identity's keys, from its JWKS).
    public let verifier: JWTVerifier

    /// Assembles the service.
    public init(context: ServiceContext<LearningSettings>, verifier: JWTVerifier) {
        self.context = context
        self.verifier = verifier
    }

    var stats: StatsStore { StatsStore(outbox: outbox) }
    var enrollments: EnrollmentStore { EnrollmentStore(pool: pool, ids: ids, stats: stats) }
    var progress: ProgressStore { ProgressStore(pool: pool) }
    var notes: NoteStore { NoteStore(pool: pool, ids: ids) }
    var reviews: ReviewStore { ReviewStore(pool: pool, ids: ids, stats: stats) }
    var instructors: InstructorStore { InstructorStore(pool: pool) }
    var privacy: PrivacyStore { PrivacyStore(pool: pool) }
    var snapshots: SnapshotStore { SnapshotStore(pool: pool) }
    var catalog: CatalogCourses { CatalogCourses(client: internalClient, catalogURL: settings.catalogURL) }
    var courses: CourseLookup { CourseLookup(snapshots: snapshots, catalog: catalog, pool: pool, logger: logger) }
}
