import CLibPQ

/// How to reach a PostgreSQL server and how to set up each session.
public struct PostgresConfiguration: Sendable {
    /// A URL (`postgres://user:pass@host:port/db?sslmode=…`) or a key/value conninfo (`host=… dbname=…`).
    /// libpq reads it, so unix-socket hosts, `sslmode` and every other libpq setting work as documented.
    public var connectionString: String
    /// Reported in `pg_stat_activity`; overrides one given in the connection string.
    public var applicationName: String?
    /// The session's `statement_timeout`; nil keeps the server's.
    public var statementTimeout: Duration?
    /// The session's `search_path`; nil keeps the role's.
    public var searchPath: [String]?
    /// How long opening a connection may take.
    public var connectTimeout: Duration = .seconds(10)

    /// Creates a configuration from a connection string.
    public init(_ connectionString: String, applicationName: String? = nil) {
        self.connectionString = connectionString
        self.applicationName = applicationName
    }

    /// Checks the connection string's syntax without connecting; returns libpq's message if it is invalid.
    public static func validate(_ connectionString: String) -> String? {
        var message: UnsafeMutablePointer<CChar>? = nil
        guard let options = PQconninfoParse(connectionString, &message) else {
            defer { if let message { PQfreemem(message) } }
            return message.map { String(cString: $0).trimmingWhitespace() } ?? "invalid connection string"
        }
        PQconninfoFree(options)
        return nil
    }

    /// The libpq keywords and values, the connection string first (expanded by libpq).
    var parameters: [(String, String)] {
        var parameters = [("dbname", connectionString)]
        if let applicationName { parameters.append(("application_name", applicationName)) }
        var options: [String] = []
        if let statementTimeout {
            options.append("-c statement_timeout=\(statementTimeout.milliseconds)")
        }
        if let searchPath {
            let path = searchPath.map { Query.quoteIdentifier($0) }.joined(separator: ",")
            options.append("-c search_path=" + path.replacingOccurrences(of: " ", with: "\\ "))
        }
        if !options.isEmpty { parameters.append(("options", options.joined(separator: " "))) }
        return parameters
    }
}

extension Duration {
    /// The duration in whole milliseconds (at least 1 when positive).
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        let value = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return value == 0 && attoseconds > 0 ? 1 : value
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        return String(scalars)
    }
}
