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
    /// Identity's base URL, for `learning seed` to find its demo student (`LEARNING_IDENTITY_URL`).
    public var identityURL = "http://127.0.0.1:8101"
    /// The demo student `learning seed` enrolls (`LEARNING_SEED_STUDENT_EMAIL`); `identity seed` makes them.
    public var seedStudentEmail = "student@campus.localhost"

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
        identityURL = reader.string("LEARNING_IDENTITY_URL", default: identityURL)
        seedStudentEmail = reader.string("LEARNING_SEED_STUDENT_EMAIL", default: seedStudentEmail)
    }
}
