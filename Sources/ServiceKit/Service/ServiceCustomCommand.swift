/// A command a service adds to the kit's (e.g. identity's `create-admin`): its name, its lines in the help
/// text, and what it does with the built service, its arguments and the environment.
public struct ServiceCustomCommand<S: Service>: Sendable {
    /// The word that selects it.
    public let name: String
    /// Its lines in the help text, first the usage.
    public let help: [String]
    /// Runs it; what it returns is printed. A thrown error is reported and the status is 1.
    public let run: @Sendable (S, [String], [String: String]) async throws -> String

    /// Creates a command.
    public init(
        _ name: String, help: [String], run: @escaping @Sendable (S, [String], [String: String]) async throws -> String
    ) {
        self.name = name
        self.help = help
        self.run = run
    }
}
