import Crypto
import Foundation
import HTTP
import IO
import Postgres
import ServiceKit

/// The `catalog` executable: reads configuration, then serves, migrates or seeds.
public enum CatalogService {
    static let usage = ServiceCommand.usage(
        program: "catalog", summary: "Campus categories, courses, curriculum, publishing and search",
        environment: [
            "CATALOG_DATABASE_URL, CATALOG_PORT (8082), CATALOG_JWKS_URL, CATALOG_IDENTITY_URL, CATALOG_CURRENCIES,",
            "CATALOG_REVIEW_REQUIRED, CATALOG_SEED_INSTRUCTOR_EMAIL, CATALOG_EVENT_SUBSCRIBERS, CAMPUS_SERVICE_SECRET,",
            "… (README, Operations)",
        ])

    /// Runs the command in `arguments` (without the program name); returns the exit status.
    public static func main(arguments: [String], environment: [String: String]) async -> Int32 {
        await ServiceLauncher.main(
            service: "catalog", defaultPort: 8082, usage: usage, customCommands: ["explain-search"],
            arguments: arguments, environment: environment, readSettings: { CatalogSettings(reader: &$0) },
            migrationsDirectory: \.migrationsDirectory
        ) { launch in
            let client = try HTTPClient(eventLoopGroup: launch.group)
            defer { client.shutdown() }
            let verifier = JWTVerifier(
                keys: RemoteKeySet.make(url: launch.settings.jwksURL, client: client),
                issuer: launch.configuration.jwtIssuer, audience: launch.configuration.jwtAudience)
            let dependencies = CatalogDependencies(
                configuration: launch.configuration, settings: launch.settings, pool: launch.pool,
                migrator: launch.migrator, verifier: verifier, client: client, logger: launch.logger)
            try await run(launch.command, dependencies: dependencies, group: launch.group)
        }
    }

    static func run(_ command: ServiceCommand, dependencies: CatalogDependencies, group: EventLoopGroup) async throws {
        let pool = dependencies.pool
        switch command {
        case .serve:
            dependencies.metrics.addPoolGauges(pool)
            let events = OutboxDispatcher(
                configuration: dependencies.configuration, pool: pool, client: dependencies.client,
                metrics: dependencies.metrics, logger: dependencies.logger)
            try await ServiceServer(configuration: dependencies.configuration, group: group).run(
                responder: makeRouter(dependencies).buildResponder(), pool: pool, logger: dependencies.logger,
                background: [
                    { await events.run() }, { await KitRetentionJob(pool: pool, logger: dependencies.logger).run() },
                ])
        case .custom(name: "explain-search", _):
            let isClean = try await SearchExplainCommand(pool: pool).run {
                FileHandle.standardOutput.write(Data(($0 + "\n").utf8))
            }
            await pool.close()
            if !isClean { throw CommandLineError("a search query shape scans courses sequentially (see the summary)") }
        case .migrateUp, .migrateDown, .migrateStatus:
            print(try await MigrationCommands.run(command, migrator: dependencies.migrator), terminator: "")
            await pool.close()
        case .seed:
            do {
                let created = try await CatalogSeed(dependencies: dependencies).run()
                print(created.isEmpty ? "seed: nothing to do" : created.joined(separator: "\n"))
            } catch {
                await pool.close()
                throw error
            }
            await pool.close()
        default:
            await pool.close()
            throw CommandLineError("\(command) is not available yet")
        }
    }
}
