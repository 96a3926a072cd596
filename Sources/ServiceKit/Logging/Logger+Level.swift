import HTTP

extension Logger.Level {
    /// Every level, lowest first.
    public static let all: [Logger.Level] = [.debug, .info, .warning, .error]

    /// The level named `name` (`debug`, `info`, `warning`, `error`), or `nil`.
    public init?(name: String) {
        guard let level = Self.all.first(where: { $0.description == name.lowercased() }) else { return nil }
        self = level
    }
}
