import Crypto
import HTTP
import Postgres
import ServiceKit

/// The learning service: what the kit opened (`context`), the verifier of identity's tokens, the keys that sign
/// certificates, and the stores its routes use, built on them.
public struct LearningService: Sendable {
    /// What the kit opened: configuration, settings, pool, client, metrics, logger, ids.
    public let context: ServiceContext<LearningSettings>
    /// Checks access tokens (identity's keys, from its JWKS).
    public let verifier: JWTVerifier
    /// Signs certificates; published at `/v1/certificates/jwks.json`.
    public let keys: SigningKeys
    /// The curricula decoded lately (`LEARNING_OUTLINE_CACHE` courses).
    let outlines: OutlineCache

    /// Assembles the service.
    public init(context: ServiceContext<LearningSettings>, verifier: JWTVerifier, keys: SigningKeys) {
        self.context = context
        self.verifier = verifier
        self.keys = keys
        outlines = OutlineCache(capacity: context.settings.outlineCacheCourses)
    }

    var stats: StatsStore { StatsStore(outbox: outbox) }
    var enrollments: EnrollmentStore { EnrollmentStore(pool: pool, ids: ids, stats: stats) }
    var progress: ProgressStore { ProgressStore(pool: pool) }
    var notes: NoteStore { NoteStore(pool: pool, ids: ids) }
    var reviews: ReviewStore { ReviewStore(pool: pool, ids: ids, stats: stats) }
    var instructors: InstructorStore { InstructorStore(pool: pool) }
    var privacy: PrivacyStore { PrivacyStore(pool: pool) }
    var assessments: AssessmentStore {
        AssessmentStore(
            pool: pool, ids: ids,
            defaults: .defaults(attempts: settings.assessmentAttempts, passPercent: settings.assessmentPassPercent))
    }
    var certificates: CertificateStore { CertificateStore(pool: pool) }
    var identity: IdentityUsers { IdentityUsers(client: internalClient, identityURL: settings.identityURL) }
    var issuer: CertificateIssuer {
        CertificateIssuer(
            store: certificates, identity: identity, signer: keys.signer.jws, issuer: settings.certificateIssuer,
            ids: ids, logger: logger)
    }
    var player: PlayerStore { PlayerStore(pool: pool, cache: outlines) }
    var snapshots: SnapshotStore { SnapshotStore(pool: pool, cache: outlines) }
    var catalog: CatalogCourses { CatalogCourses(client: internalClient, catalogURL: settings.catalogURL) }
    var courses: CourseLookup { CourseLookup(snapshots: snapshots, catalog: catalog, pool: pool, logger: logger) }
}
