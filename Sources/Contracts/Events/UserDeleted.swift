/// Payload of `user.deleted`: the account is gone; its personal data must be erased.
public struct UserDeleted: Codable, Sendable, Equatable {
    /// The user's id (UUIDv7, lower case).
    public var id: String
    /// When the account was deleted, RFC 3339 UTC.
    public var deletedAt: String

    /// Creates the payload.
    public init(id: String, deletedAt: String) {
        self.id = id
        self.deletedAt = deletedAt
    }
}
