import Foundation
import ServiceKit

/// The learning service's own settings, read from `LEARNING_…` variables (see README, Operations).
public struct LearningSettings: Sendable {
    /// The migrations folder (`LEARNING_MIGRATIONS_DIR`, `sql/learning`).
    public var migrationsDirectory = "sql/learning"
    /// Identity's JWKS, to verify access tokens (`LEARNING_JWKS_URL`).
    public var jwksURL = "http://127.0.0.1:8101/.well-known/jwks.json"
    /// Catalog's base URL for its internal course lookup (`LEARNING_CATALOG_URL`).
    public var catalogURL = "http://127.0.0.1:8102"
    /// The most time one player heartbeat credits, in seconds (`LEARNING_HEARTBEAT_MAX_CREDIT`, 120): a
    /// heartbeat credits the time since the previous one, up to this.
    public var heartbeatMaximumCredit = 120
    /// The most notes a student may keep on one course (`LEARNING_NOTES_PER_COURSE`, 500).
    public var notesPerCourse = 500
    /// Identity's base URL, for certificate holders' names and for `learning seed` to find its demo student
    /// (`LEARNING_IDENTITY_URL`).
    public var identityURL = "http://127.0.0.1:8101"
    /// The demo student `learning seed` enrolls (`LEARNING_SEED_STUDENT_EMAIL`); `identity seed` makes them.
    public var seedStudentEmail = "student@campus.localhost"

    /// The most submissions a student may make to one assessment unless its instructor says otherwise
    /// (`LEARNING_ASSESSMENT_ATTEMPTS`, 3).
    public var assessmentAttempts = 3
    /// The share of the maximum score that passes an assessment unless its instructor says otherwise, percent
    /// (`LEARNING_ASSESSMENT_PASS_PERCENT`, 60).
    public var assessmentPassPercent = 60
    /// The certificates' signing keys: the private key, PEM (`LEARNING_SIGNING_KEY_FILE`,
    /// `.local/keys/learning-ed25519.pem`), and retired public keys still published
    /// (`LEARNING_RETIRED_PUBLIC_KEY_FILES`), served at `/v1/certificates/jwks.json`.
    public var signingKeys = SigningKeyFiles(current: ".local/keys/learning-ed25519.pem")
    /// The `iss` of certificate tokens (`LEARNING_CERTIFICATE_ISSUER`, `campus`).
    public var certificateIssuer = "campus"
    /// How often completed enrollments without a certificate are looked for, in seconds
    /// (`LEARNING_CERTIFICATE_INTERVAL`, 10): certificates are issued at completion, and by this sweep when that
    /// failed (identity unreachable, a crash between the two).
    public var certificateInterval = 10

    /// How many courses' decoded curricula are kept in memory (`LEARNING_OUTLINE_CACHE`, 2,000); each read still
    /// asks PostgreSQL for the course's version, so none is served stale.
    public var outlineCacheCourses = 2_000

    /// Default settings (development).
    public init() {}

    /// Reads the settings; problems are collected in `reader`.
    public init(reader: inout ConfigurationReader) {
        migrationsDirectory = reader.string("LEARNING_MIGRATIONS_DIR", default: migrationsDirectory)
        jwksURL = reader.string("LEARNING_JWKS_URL", default: jwksURL)
        catalogURL = reader.string("LEARNING_CATALOG_URL", default: catalogURL)
        heartbeatMaximumCredit = reader.int(
            "LEARNING_HEARTBEAT_MAX_CREDIT", default: heartbeatMaximumCredit, range: 1...3600)
        notesPerCourse = reader.int("LEARNING_NOTES_PER_COURSE", default: notesPerCourse, range: 1...100_000)
        assessmentAttempts = reader.int("LEARNING_ASSESSMENT_ATTEMPTS", default: assessmentAttempts, range: 1...100)
        assessmentPassPercent = reader.int(
            "LEARNING_ASSESSMENT_PASS_PERCENT", default: assessmentPassPercent, range: 0...100)
        signingKeys = reader.signingKeyFiles("LEARNING", default: signingKeys.current)
        certificateIssuer = reader.string("LEARNING_CERTIFICATE_ISSUER", default: certificateIssuer)
        certificateInterval = reader.int(
            "LEARNING_CERTIFICATE_INTERVAL", default: certificateInterval, range: 1...86_400)
        outlineCacheCourses = reader.int("LEARNING_OUTLINE_CACHE", default: outlineCacheCourses, range: 1...1_000_000)
        identityURL = reader.string("LEARNING_IDENTITY_URL", default: identityURL)
        seedStudentEmail = reader.string("LEARNING_SEED_STUDENT_EMAIL", default: seedStudentEmail)
    }
}
