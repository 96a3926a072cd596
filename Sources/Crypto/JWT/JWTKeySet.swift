/// A fixed set of verification keys by `kid`: typically the current and the previous signing key during rotation.
public struct JWTKeySet: JWTKeyProvider {
    /// The keys by `kid`.
    public let keys: [String: Ed25519PublicKey]

    /// Creates a set from keys by `kid`.
    public init(_ keys: [String: Ed25519PublicKey]) {
        self.keys = keys
    }

    /// Creates a set from the usable Ed25519 keys of a JWKS (see `JSONWebKeySet.ed25519Keys()`).
    public init(_ keySet: JSONWebKeySet) {
        self.keys = keySet.ed25519Keys()
    }

    /// The key with id `keyID`, if present.
    public func publicKey(forKeyID keyID: String) async -> Ed25519PublicKey? {
        keys[keyID]
    }
}
