/// A command of a service executable: `serve`, `migrate up|down [n]|status`, `seed`, `--help`, or one the
/// service adds (e.g. identity's `create-admin`).
public enum ServiceCommand: Sendable, Equatable {
    /// Run the HTTP server until SIGTERM or SIGINT.
    case serve
    /// Apply pending migrations.
    case migrateUp
    /// Revert the last `n` migrations.
    case migrateDown(Int)
    /// List migrations and whether each is applied.
    case migrateStatus
    /// Load demo data (idempotent).
    case seed
    /// Read the configuration exactly as `serve` does and say whether it is valid, naming every bad variable.
    case configCheck
    /// Print usage.
    case help
    /// A service-specific command with its arguments.
    case custom(name: String, arguments: [String])

    /// Parses the arguments after the program name; no arguments means `serve`.
    /// - Parameter customCommands: names of the service's own commands.
    /// - Throws: `CommandLineError` with usage when the arguments make no sense.
    public static func parse(_ arguments: [String], customCommands: Set<String> = []) throws(CommandLineError)
        -> ServiceCommand
    {
        guard let first = arguments.first else { return .serve }
        let rest = Array(arguments.dropFirst())
        switch first {
        case "serve" where rest.isEmpty: return .serve
        case "seed" where rest.isEmpty: return .seed
        case "config" where rest == ["check"]: return .configCheck
        case "help", "--help", "-h": return .help
        case "migrate":
            switch (rest.first, rest.count) {
            case ("up", 1): return .migrateUp
            case ("status", 1): return .migrateStatus
            case ("down", 1): return .migrateDown(1)
            case ("down", 2):
                guard let count = Int(rest[1]), count > 0 else {
                    throw CommandLineError("migrate down takes a positive number, not \"\(rest[1])\"")
                }
                return .migrateDown(count)
            default: throw CommandLineError("usage: migrate up | migrate down [n] | migrate status")
            }
        default:
            if customCommands.contains(first) { return .custom(name: first, arguments: rest) }
            throw CommandLineError("unknown command \"\(arguments.joined(separator: " "))\"")
        }
    }

    /// The usage text of a service executable.
    /// - Parameter extra: lines describing the service's own commands.
    public static func usage(program: String, summary: String, extra: [String] = [], environment: [String] = [])
        -> String
    {
        var lines = [
            "\(program) — \(summary)", "",
            "usage: \(program) [command]", "",
            "commands:",
            "  serve                 run the HTTP server until SIGTERM/SIGINT (the default)",
            "  migrate up            apply pending migrations",
            "  migrate down [n]      revert the last n migrations (default 1)",
            "  migrate status        list migrations and whether each is applied",
            "  seed                  load demo data (safe to run again)",
            "  config check          read the environment as serve does; name every missing or invalid variable",
        ]
        lines += extra.map { "  " + $0 }
        lines.append("  --help                print this help")
        if !environment.isEmpty {
            lines += ["", "environment:"] + environment.map { "  " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Arguments a service executable does not understand.
public struct CommandLineError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong.
    public let description: String

    /// Creates the error.
    public init(_ description: String) { self.description = description }
}
