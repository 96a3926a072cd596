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
        let command: ServiceCommand
        do {
            command = try ServiceCommand.parse(arguments, customCommands: ["explain-search"])
        } catch {
            FileHandle.standardError.write(Data("\(error)\n\n\(usage)".utf8))
            return 2
        }
        if command == .help {
            FileHandle.standardOutput.write(Data(usage.utf8))
            return 0
        }
        var reader = ConfigurationReader(environment: environment)
        let configuration = ServiceConfiguration(service: "catalog", defaultPort: 8082, reader: &reader)
        let settings = CatalogSettings(reader: &reader)
        do {
            try reader.finish()
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return 78
        }
        let logger = configuration.logger
        do {
            let group = try EventLoopGroup()
            let pool = PostgresPool(
                configuration: configuration.postgresConfiguration,
                pool: PoolConfiguration(minConnections: 1, maxConnections: configuration.poolSize), group: group)
            let migrator = Migrator(
                pool: pool, schema: "catalog",
                migrations: try Migration.load(from: URL(fileURLWithPath: settings.migrationsDirectory)))
            let client = try HTTPClient(eventLoopGroup: group)
            let verifier = JWTVerifier(
                keys: RemoteKeySet.make(url: settings.jwksURL, client: client), issuer: configuration.jwtIssuer,
                audience: configuration.jwtAudience)
            let dependencies = CatalogDependencies(
                configuration: configuration, settings: settings, pool: pool, migrator: migrator, verifier: verifier,
                client: client, logger: logger)
            try await run(command, dependencies: dependencies, group: group)
            client.shutdown()
            return 0
        } catch {
            logger.error("failed", ["error": String(describing: error)])
            FileHandle.standardError.write(Data("catalog: \(error)\n".utf8))
            return 1
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
                background: [{ await events.run() }])
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
