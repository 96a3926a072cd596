/// What a user may do: learn, teach, or administer. Identity assigns it and signs it into access tokens
/// (`role`); every service reads it from there (`Principal.role`).
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Administers users and content; never granted through the public API.
    case admin
    /// Builds courses once approved.
    case instructor
    /// Takes courses.
    case student
}
