import Crypto
import Foundation
import HTTP
import IO
import Postgres
import ServiceKit

/// The `identity` executable: accounts, sign-up codes, tokens, profiles and admin. The kit runs its commands;
/// what is identity's own is here: its settings, keys and hasher, its routes, its jobs (mail, retention), its
/// seed and `create-admin`.
extension IdentityService: Service {
    public static let name = "identity"
    public static let defaultPort: UInt16 = 8081
    public static let summary = "Campus accounts, sign-up codes, tokens, profiles and admin"
    public static let environmentHelp = [
        "IDENTITY_DATABASE_URL, IDENTITY_PORT (8081), IDENTITY_SIGNING_KEY_FILE, IDENTITY_TOKEN_PEPPER,",
        "IDENTITY_MAIL_TRANSPORT (file|smtp), IDENTITY_MAIL_DIR, IDENTITY_SMTP_*,",
        "IDENTITY_EVENT_SUBSCRIBERS (\"catalog http://127.0.0.1:8102 user.*; …\"), IDENTITY_OUTBOX_*,",
        "IDENTITY_LEARNING_URL (learning, for the data export),",
        "CAMPUS_SERVICE_SECRET, … (README, Operations)",
    ]
    public static let commands = [
        ServiceCustomCommand<IdentityService>(
            "create-admin",
            help: [
                "create-admin --email E --first-name F --last-name L",
                "                      create an administrator; the password is read from IDENTITY_ADMIN_PASSWORD",
            ]
        ) { service, arguments, environment in
            try await AccountCommands(service: service).createAdmin(arguments: arguments, environment: environment)
        }
    ]

    public static func readSettings(_ reader: inout ConfigurationReader) -> IdentitySettings {
        IdentitySettings(reader: &reader)
    }

    public static func migrationsDirectory(_ settings: IdentitySettings) -> String { settings.migrationsDirectory }

    public static func make(_ context: ServiceContext<IdentitySettings>) async throws -> IdentityService {
        let settings = context.settings
        // Read the block list now: a deployment without its resource bundle stops here, not at a request.
        _ = CommonPasswords.builtIn
        return IdentityService(
            context: context,
            keys: try settings.signingKeys.load(),
            hasher: PasswordHasher(
                policy: settings.scrypt, maxConcurrentHashes: settings.scryptThreads,
                maxQueuedWork: settings.scryptMaxQueue, expectedCost: settings.scryptCost))
    }

    public var document: OpenAPIDocument { IdentityAPI.document }

    public func addRoutes(to router: inout Router, guards: ServiceGuards) {
        AuthRoutes(service: self).add(to: &router, authenticated: guards.authenticated)
        MeRoutes(service: self).add(to: &router, authenticated: guards.authenticated)
        UserRoutes(service: self).add(to: &router)
        AdminRoutes(service: self).add(to: &router, authenticated: guards.authenticated)
        InternalRoutes(service: self).add(to: &router, internalOnly: guards.internalOnly)
    }

    public var backgroundJobs: [BackgroundJob] {
        let dispatcher = MailDispatcher(
            store: mail, transport: makeTransport(), from: settings.mailFrom, logger: logger)
        let retention = RetentionJob(pool: pool, gracePeriod: settings.deletionGracePeriod, logger: logger)
        return [{ await dispatcher.run() }, { await retention.run() }]
    }

    /// Adds the hasher's gauges and measures one password hash at the policy cost, unless
    /// `IDENTITY_SCRYPT_COST` gave it, so the hashing queue's bound fits this machine from the first login.
    public func prepareToServe() async throws {
        metrics.addHasherGauges(hasher)
        let measured = settings.scryptCost == nil ? try await hasher.measureCost() : nil
        let cost = hasher.cost ?? .zero
        logger.info(
            "password hashing",
            [
                "policy": hasher.policy.description, "threads": hasher.maxConcurrentHashes,
                "costMs": Int(cost / .milliseconds(1)), "measured": measured != nil,
                "maxWaiting": hasher.maxWaitingHashes,
            ])
    }

    public func seed(environment: [String: String]) async throws -> [String] {
        try await AccountCommands(service: self).seed(
            adminEmail: environment["IDENTITY_SEED_ADMIN_EMAIL"] ?? "admin@campus.localhost",
            password: environment["IDENTITY_SEED_PASSWORD"] ?? "campus-demo-password"
        ).map { "created \($0)" }
    }

    func makeTransport() -> any MailTransport {
        switch settings.mailTransport {
        case "smtp": SMTPTransport(settings: settings.smtp, loop: context.group.next())
        default: FileMailTransport(directory: settings.mailDirectory, logger: logger)
        }
    }
}
