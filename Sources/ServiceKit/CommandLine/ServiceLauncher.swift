import Foundation
import HTTP
import IO
import Logging
import Postgres

/// The start of every service executable, the same for each: parse the command (usage and status 2 when it
/// makes no sense, usage and 0 for `--help`), read the configuration (every bad variable named, status 78;
/// `config check` stops there), open the event loops, the pool, the migrator (the service's migrations, then the
/// kit's) and the HTTP client, build the
/// service on them and run the command (a failure is logged, status 1). Whatever the outcome, the client is
/// shut down, the pool closed and every log line written.
public enum ServiceLauncher {
    /// What the command line and the configuration gave: the command and what the kit opens from them.
    struct Start<S: Service> {
        var command: ServiceCommand
        var configuration: ServiceConfiguration
        var settings: S.Settings
    }

    /// The help text of `S`.
    public static func usage<S: Service>(of service: S.Type) -> String {
        ServiceCommand.usage(
            program: S.name, summary: S.summary, extra: S.commands.flatMap(\.help), environment: S.environmentHelp)
    }

    /// Reads the command line and the configuration; an exit status instead when there is nothing to run.
    static func start<S: Service>(_ service: S.Type, arguments: [String], environment: [String: String]) -> Result<
        Start<S>, Exit
    > {
        let usage = usage(of: service)
        let command: ServiceCommand
        do {
            command = try ServiceCommand.parse(arguments, customCommands: Set(S.commands.map(\.name)))
        } catch {
            return .failure(Exit(status: 2, standardError: "\(error)\n\n\(usage)"))
        }
        if command == .help { return .failure(Exit(status: 0, standardOutput: usage)) }
        var reader = ConfigurationReader(environment: environment)
        let configuration = ServiceConfiguration(service: S.name, defaultPort: S.defaultPort, reader: &reader)
        let settings = S.readSettings(&reader)
        do {
            try reader.finish()
        } catch {
            return .failure(Exit(status: 78, standardError: "\(error)\n"))
        }
        if command == .configCheck {
            return .failure(Exit(status: 0, standardOutput: "\(S.name): configuration is valid\n"))
        }
        return .success(Start(command: command, configuration: configuration, settings: settings))
    }

    /// An exit before or after the service ran, with what to print.
    struct Exit: Error {
        var status: Int32
        var standardOutput = ""
        var standardError = ""
    }

    /// Runs the executable of `S`; returns the exit status.
    public static func main<S: Service>(_ service: S.Type, arguments: [String], environment: [String: String]) async
        -> Int32
    {
        let start: Start<S>
        switch Self.start(service, arguments: arguments, environment: environment) {
        case .success(let started): start = started
        case .failure(let exit):
            FileHandle.standardOutput.write(Data(exit.standardOutput.utf8))
            FileHandle.standardError.write(Data(exit.standardError.utf8))
            return exit.status
        }
        let configuration = start.configuration
        let logger = configuration.logger
        // Lines are written in batches by a background thread: the last ones (`stopped`, a failure) go out here.
        defer { logger.flush() }
        let group: EventLoopGroup
        let client: HTTPClient
        do {
            group = try EventLoopGroup()
            client = try HTTPClient(eventLoopGroup: group)
        } catch {
            return failed(S.name, error, logger: logger)
        }
        defer { client.shutdown() }
        let pool = PostgresPool(
            configuration: configuration.postgresConfiguration,
            pool: PoolConfiguration(minConnections: 1, maxConnections: configuration.poolSize), group: group)
        do {
            let migrator = try Migrator.service(
                pool: pool, schema: S.name, directory: URL(fileURLWithPath: S.migrationsDirectory(start.settings)))
            let context = ServiceContext(
                configuration: configuration, settings: start.settings, group: group, pool: pool, migrator: migrator,
                client: client, logger: logger)
            let service = try await S.make(context)
            let output = try await run(start.command, of: service, environment: environment)
            await pool.close()
            FileHandle.standardOutput.write(Data(output.utf8))
            return 0
        } catch {
            await pool.close()
            return failed(S.name, error, logger: logger)
        }
    }

    static func failed(_ name: String, _ error: any Error, logger: Logger) -> Int32 {
        logger.error("failed", ["error": String(describing: error)])
        FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
        return 1
    }

    /// Runs `command` on the built service; returns what to print.
    static func run<S: Service>(_ command: ServiceCommand, of service: S, environment: [String: String]) async throws
        -> String
    {
        switch command {
        case .serve:
            try await serve(service)
            return ""
        case .migrateUp, .migrateDown, .migrateStatus:
            return try await MigrationCommands.run(command, migrator: service.migrator)
        case .seed:
            let created = try await service.seed(environment: environment)
            return (created.isEmpty ? ["seed: nothing to do"] : created).joined(separator: "\n") + "\n"
        case .custom(let name, let arguments):
            guard let custom = S.commands.first(where: { $0.name == name }) else {
                throw CommandLineError("unknown command \"\(name)\"")
            }
            return try await custom.run(service, arguments, environment)
        case .help, .configCheck:
            return ""
        }
    }

    /// Serves until SIGTERM or SIGINT: the pool's gauges, the service's preparation, then the server with the
    /// outbox dispatcher, the retention of the kit's tables and the service's jobs beside it.
    public static func serve<S: Service>(_ service: S) async throws {
        service.metrics.addPoolGauges(service.pool)
        try await service.prepareToServe()
        let dispatcher = OutboxDispatcher(
            configuration: service.configuration, pool: service.pool, client: service.client,
            metrics: service.metrics, logger: service.logger)
        try await ServiceServer(configuration: service.configuration, group: service.context.group).run(
            responder: service.makeRouter().buildResponder(), pool: service.pool, logger: service.logger,
            background: service.backgroundJobs + [
                { await dispatcher.run() }, { await KitRetentionJob(pool: service.pool, logger: service.logger).run() },
            ])
    }
}

extension Service {
    /// Runs the service's executable with `arguments` (without the program name); returns the exit status.
    public static func main(arguments: [String], environment: [String: String]) async -> Int32 {
        await ServiceLauncher.main(Self.self, arguments: arguments, environment: environment)
    }
}
