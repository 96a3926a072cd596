import Foundation
import HTTP
import IO
import Logging
import Postgres

/// What a service executable has once its command line and configuration were read: the command, the
/// settings, event loops, the database pool of the service's schema and its migrator.
public struct ServiceLaunch<Settings: Sendable>: Sendable {
    /// The command to run.
    public let command: ServiceCommand
    /// The shared settings.
    public let configuration: ServiceConfiguration
    /// The service's own settings.
    public let settings: Settings
    /// The event loops of the server, the pool and the HTTP client.
    public let group: EventLoopGroup
    /// The pool of the service's schema.
    public let pool: PostgresPool
    /// The migrations of the service's schema.
    public let migrator: Migrator
    /// The service's logger.
    public var logger: Logger { configuration.logger }
}

/// The start of every service executable, the same for each: parse the command (usage and status 2 when it
/// makes no sense, usage and 0 for `--help`), read the configuration (every bad variable named, status 78),
/// open the pool and load the migrations, then run the service's own part (a failure is logged, status 1).
public enum ServiceLauncher {
    /// Runs a service executable; returns the exit status.
    /// - Parameters:
    ///   - service: the service's name: its schema and the prefix of its variables.
    ///   - migrationsDirectory: where the service's migrations are, from its settings.
    ///   - readSettings: reads the service's own settings, reporting problems in the reader.
    ///   - run: the service's part.
    public static func main<Settings: Sendable>(
        service: String, defaultPort: UInt16, usage: String, customCommands: Set<String> = [],
        arguments: [String], environment: [String: String],
        readSettings: (inout ConfigurationReader) -> Settings, migrationsDirectory: (Settings) -> String,
        run: (ServiceLaunch<Settings>) async throws -> Void
    ) async -> Int32 {
        let command: ServiceCommand
        do {
            command = try ServiceCommand.parse(arguments, customCommands: customCommands)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n\n\(usage)".utf8))
            return 2
        }
        if command == .help {
            FileHandle.standardOutput.write(Data(usage.utf8))
            return 0
        }
        var reader = ConfigurationReader(environment: environment)
        let configuration = ServiceConfiguration(service: service, defaultPort: defaultPort, reader: &reader)
        let settings = readSettings(&reader)
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
                pool: pool, schema: service,
                migrations: try Migration.load(from: URL(fileURLWithPath: migrationsDirectory(settings))))
            try await run(
                ServiceLaunch(
                    command: command, configuration: configuration, settings: settings, group: group, pool: pool,
                    migrator: migrator))
            return 0
        } catch {
            logger.error("failed", ["error": String(describing: error)])
            FileHandle.standardError.write(Data("\(service): \(error)\n".utf8))
            return 1
        }
    }
}
