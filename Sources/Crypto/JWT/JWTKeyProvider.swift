/// Where a `JWTVerifier` finds the public key named by a token's `kid`.
public protocol JWTKeyProvider: Sendable {
    /// The Ed25519 public key with id `keyID`, or `nil` when none is known.
    func publicKey(forKeyID keyID: String) async -> Ed25519PublicKey?
}
