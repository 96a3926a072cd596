/// A set of passwords too common to allow, compared case-insensitively.
public struct CommonPasswords: Sendable {
    private let entries: Set<String>

    /// The shipped list: 11,611 entries of eight characters or more from zxcvbn's ranked list of 30,000.
    public static let builtIn = CommonPasswords(lines: builtInListText)

    /// Creates a list from newline-separated entries; blank lines are ignored.
    public init(lines: String) {
        entries = Set(lines.split(whereSeparator: \.isNewline).map { $0.lowercased() })
    }

    /// The number of entries.
    public var count: Int { entries.count }

    /// Whether `password`, lower-cased, is on the list.
    public func contains(_ password: String) -> Bool {
        entries.contains(password.lowercased())
    }
}
