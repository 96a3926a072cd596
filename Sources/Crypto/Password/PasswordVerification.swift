/// The outcome of checking a password against its stored hash.
public enum PasswordVerification: Sendable, Hashable {
    /// The password does not match.
    case invalid
    /// The password matches and the hash meets the current policy.
    case valid
    /// The password matches but the hash is weaker than the current policy: store `PasswordHasher.hash` of it anew.
    case validNeedsRehash

    /// Whether the password matched, whatever the state of its hash.
    public var isValid: Bool { self != .invalid }
}
