/// Signs access tokens: a JWS of the claims with `typ: JWT` (see `JWSSigner`).
public struct JWTSigner: Sendable {
    /// The signer of the JWS.
    public let jws: JWSSigner

    /// Creates a signer for `privateKey`, published under `keyID`.
    public init(privateKey: Ed25519PrivateKey, keyID: String) {
        jws = JWSSigner(privateKey: privateKey, keyID: keyID)
    }

    /// The `kid` written into every header; it must match the key's entry in the published JWKS.
    public var keyID: String { jws.keyID }

    /// The public half, for the JWKS.
    public var publicKey: Ed25519PublicKey { jws.publicKey }

    /// The JWKS entry for this signer's key.
    public var jsonWebKey: JSONWebKey { jws.jsonWebKey }

    /// Signs `claims` and returns the compact token `header.payload.signature`.
    /// - Throws: `CryptoError` if signing fails, or an `EncodingError` if the claims cannot be encoded.
    public func sign(_ claims: JWTClaims) throws -> String {
        try jws.sign(claims, type: "JWT")
    }
}
