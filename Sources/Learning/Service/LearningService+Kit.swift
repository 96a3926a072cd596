import Crypto
import Foundation
import HTTP
import Postgres
import ServiceKit

/// The `learning` executable: enrollments, the player, progress. The kit runs its commands; what is learning's
/// own is here: its settings, the verifier of identity's tokens, its routes and events, and its seed.
extension LearningService: Service {
    public static let name = "learning"
    public static let defaultPort: UInt16 = 8083
    public static let summary = "Campus enrollments, the player, progress, assessments and certificates"
    public static let environmentHelp = [
        "LEARNING_DATABASE_URL, LEARNING_PORT (8083), LEARNING_JWKS_URL, LEARNING_CATALOG_URL,",
        "LEARNING_HEARTBEAT_MAX_CREDIT, LEARNING_IDENTITY_URL, LEARNING_SEED_STUDENT_EMAIL, LEARNING_EVENT_SUBSCRIBERS,",
        "LEARNING_SIGNING_KEY_FILE, LEARNING_ASSESSMENT_ATTEMPTS, LEARNING_ASSESSMENT_PASS_PERCENT,",
        "CAMPUS_SERVICE_SECRET,",
        "… (README, Operations)",
    ]

    public static func readSettings(_ reader: inout ConfigurationReader) -> LearningSettings {
        LearningSettings(reader: &reader)
    }

    public static func migrationsDirectory(_ settings: LearningSettings) -> String { settings.migrationsDirectory }

    public static func make(_ context: ServiceContext<LearningSettings>) async throws -> LearningService {
        LearningService(
            context: context, verifier: context.remoteVerifier(jwksURL: context.settings.jwksURL),
            keys: try context.settings.signingKeys.load())
    }

    public var document: OpenAPIDocument { LearningAPI.document }

    public var events: EventConsumer? { LearningEvents(service: self).consumer }

    public func addRoutes(to router: inout Router, guards: ServiceGuards) {
        EnrollmentRoutes(service: self).add(to: &router, authenticated: guards.authenticated)
        PlayerRoutes(service: self).add(
            to: &router, authenticated: guards.authenticated, optionallyAuthenticated: guards.optionallyAuthenticated)
        NoteRoutes(service: self).add(to: &router, authenticated: guards.authenticated)
        ReviewRoutes(service: self).add(
            to: &router, authenticated: guards.authenticated, optionallyAuthenticated: guards.optionallyAuthenticated)
        AssessmentRoutes(service: self).add(to: &router, authenticated: guards.authenticated)
        CertificateRoutes(service: self).add(to: &router, authenticated: guards.authenticated)
        InstructorRoutes(service: self).add(to: &router, authenticated: guards.authenticated)
        InternalEnrollmentRoutes(service: self).add(to: &router, internalOnly: guards.internalOnly)
        InternalPrivacyRoutes(service: self).add(to: &router, internalOnly: guards.internalOnly)
    }

    public var backgroundJobs: [BackgroundJob] {
        let sweep = issuer.job(interval: .seconds(settings.certificateInterval))
        return [{ await sweep.run() }]
    }

    public func seed(environment: [String: String]) async throws -> [String] {
        try await LearningSeed(service: self).run()
    }
}
