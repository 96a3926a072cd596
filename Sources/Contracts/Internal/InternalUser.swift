/// `GET /internal/v1/users/{id}` (identity): what other services may know of a user.
public struct InternalUser: Codable, Sendable, Equatable {
    /// The user's id (UUIDv7, lower case).
    public var id: String
    /// The user's public, absolute state, as `user.changed` carries it.
    public var state: UserChanged
    /// Whether the account is deleted.
    public var isDeleted: Bool

    /// Creates the answer.
    public init(id: String, state: UserChanged, isDeleted: Bool) {
        self.id = id
        self.state = state
        self.isDeleted = isDeleted
    }
}
