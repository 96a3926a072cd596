import Crypto
import Foundation
import HTTP
import IO
import Postgres
import ServiceKit

/// The `identity` executable: reads configuration, then serves, migrates, seeds or creates an admin.
public enum IdentityService {
    static let customCommands: Set<String> = ["create-admin"]

    static let usage = ServiceCommand.usage(
        program: "identity", summary: "Campus accounts, sign-up codes, tokens, profiles and admin",
        extra: [
            "create-admin --email E --first-name F --last-name L",
            "                      create an administrator; the password is read from IDENTITY_ADMIN_PASSWORD",
        ],
        environment: [
            "IDENTITY_DATABASE_URL, IDENTITY_PORT (8081), IDENTITY_SIGNING_KEY_FILE, IDENTITY_TOKEN_PEPPER,",
            "IDENTITY_MAIL_TRANSPORT (file|smtp), IDENTITY_MAIL_DIR, IDENTITY_SMTP_*,",
            "IDENTITY_EVENT_SUBSCRIBERS (\"catalog http://127.0.0.1:8102 user.*; …\"), IDENTITY_OUTBOX_*,",
            "CAMPUS_SERVICE_SECRET, … (README, Operations)",
        ])

    /// Runs the command in `arguments` (without the program name); returns the exit status.
    public static func main(arguments: [String], environment: [String: String]) async -> Int32 {
        await ServiceLauncher.main(
            service: "identity", defaultPort: 8081, usage: usage, customCommands: customCommands,
            arguments: arguments, environment: environment, readSettings: { IdentitySettings(reader: &$0) },
            migrationsDirectory: \.migrationsDirectory
        ) { launch in
            let settings = launch.settings
            // Read the block list now: a deployment without its resource bundle stops here, not at a request.
            _ = CommonPasswords.builtIn
            let dependencies = IdentityDependencies(
                configuration: launch.configuration, settings: settings, pool: launch.pool, migrator: launch.migrator,
                keys: try SigningKeys(
                    currentFile: settings.signingKeyFile, retiredFiles: settings.retiredPublicKeyFiles),
                hasher: PasswordHasher(
                    policy: settings.scrypt, maxConcurrentHashes: settings.scryptThreads,
                    maxQueuedWork: settings.scryptMaxQueue, expectedCost: settings.scryptCost),
                logger: launch.logger)
            try await run(launch.command, dependencies: dependencies, group: launch.group, environment: environment)
        }
    }

    static func run(
        _ command: ServiceCommand, dependencies: IdentityDependencies, group: EventLoopGroup,
        environment: [String: String]
    ) async throws {
        let pool = dependencies.pool
        switch command {
        case .serve:
            dependencies.metrics.addPoolGauges(pool)
            dependencies.metrics.addHasherGauges(dependencies.hasher)
            try await measureHashing(dependencies)
            let dispatcher = MailDispatcher(
                store: dependencies.mail, transport: makeTransport(dependencies, group: group),
                from: dependencies.settings.mailFrom, logger: dependencies.logger)
            let retention = RetentionJob(
                pool: pool, gracePeriod: dependencies.settings.deletionGracePeriod, logger: dependencies.logger)
            let client = try HTTPClient(eventLoopGroup: group)
            defer { client.shutdown() }
            let events = OutboxDispatcher(
                configuration: dependencies.configuration, pool: pool, client: client, metrics: dependencies.metrics,
                logger: dependencies.logger)
            try await ServiceServer(configuration: dependencies.configuration, group: group).run(
                responder: makeRouter(dependencies).buildResponder(), pool: pool, logger: dependencies.logger,
                background: [
                    { await dispatcher.run() }, { await retention.run() }, { await events.run() },
                    { await KitRetentionJob(pool: pool, logger: dependencies.logger).run() },
                ])
        case .migrateUp, .migrateDown, .migrateStatus:
            print(try await MigrationCommands.run(command, migrator: dependencies.migrator), terminator: "")
            await pool.close()
        case .seed:
            let commands = AccountCommands(dependencies: dependencies)
            let created = try await commands.seed(
                adminEmail: environment["IDENTITY_SEED_ADMIN_EMAIL"] ?? "admin@campus.localhost",
                password: environment["IDENTITY_SEED_PASSWORD"] ?? "campus-demo-password")
            print(created.isEmpty ? "seed: nothing to do" : created.map { "created \($0)" }.joined(separator: "\n"))
            await pool.close()
        case .custom("create-admin", let arguments):
            var options: [String: String] = [:]
            var index = 0
            while index + 1 < arguments.count, arguments[index].hasPrefix("--") {
                options[String(arguments[index].dropFirst(2))] = arguments[index + 1]
                index += 2
            }
            guard index == arguments.count, let email = options["email"],
                let password = environment["IDENTITY_ADMIN_PASSWORD"]
            else {
                throw CommandFailure(
                    "usage: create-admin --email E [--first-name F] [--last-name L], with IDENTITY_ADMIN_PASSWORD set")
            }
            let id = try await AccountCommands(dependencies: dependencies).createAdmin(
                email: email, password: password, firstName: options["first-name"] ?? "Admin",
                lastName: options["last-name"] ?? "User")
            print("created administrator \(id.uuidString.lowercased())")
            await pool.close()
        default:
            throw CommandFailure("unknown command")
        }
    }

    /// Measures one password hash at the policy cost before serving, unless `IDENTITY_SCRYPT_COST` gave it, so the
    /// hashing queue's bound fits this machine from the first login; logs the outcome.
    static func measureHashing(_ dependencies: IdentityDependencies) async throws {
        let hasher = dependencies.hasher
        let measured = dependencies.settings.scryptCost == nil ? try await hasher.measureCost() : nil
        let cost = hasher.cost ?? .zero
        dependencies.logger.info(
            "password hashing",
            [
                "policy": hasher.policy.description, "threads": hasher.maxConcurrentHashes,
                "costMs": Int(cost / .milliseconds(1)), "measured": measured != nil,
                "maxWaiting": hasher.maxWaitingHashes,
            ])
    }

    static func makeTransport(_ dependencies: IdentityDependencies, group: EventLoopGroup) -> any MailTransport {
        switch dependencies.settings.mailTransport {
        case "smtp": SMTPTransport(settings: dependencies.settings.smtp, loop: group.next())
        default: FileMailTransport(directory: dependencies.settings.mailDirectory, logger: dependencies.logger)
        }
    }
}
