import Contracts

/// Whether an account may be used.
public enum AccountStatus: String, Sendable, Codable, CaseIterable {
    /// In use.
    case active
    /// Closed by the user or an admin without prejudice.
    case inactive
    /// Blocked by an admin; its sessions are revoked.
    case suspended
}

/// The kind of account a visitor may sign up for (`admin` is not one).
public enum AccountType: String, Sendable, CaseIterable {
    /// A learner.
    case student
    /// A teacher, who starts unapproved.
    case instructor

    /// Matches `text` case-insensitively; `nil` for anything else, `admin` included.
    public init?(matching text: String) {
        guard let type = Self.allCases.first(where: { $0.rawValue == text.lowercased() }) else { return nil }
        self = type
    }

    /// The role the account gets.
    public var role: Role { self == .student ? .student : .instructor }
}
