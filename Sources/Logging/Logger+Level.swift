extension Logger {
    /// Severity, lowest first.
    public enum Level: Int, Sendable, Comparable, CustomStringConvertible {
        case debug, info, warning, error

        /// Every level, lowest first.
        public static let all: [Level] = [.debug, .info, .warning, .error]

        /// The level named `name` (`debug`, `info`, `warning`, `error`, in any case), or `nil`.
        public init?(name: String) {
            guard let level = Self.all.first(where: { $0.description == name.lowercased() }) else { return nil }
            self = level
        }

        /// Orders levels by severity.
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        /// The lowercase name written to the `level` field.
        public var description: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .warning: "warning"
            case .error: "error"
            }
        }
    }
}
