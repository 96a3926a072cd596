import Foundation

/// Signs access tokens as JWS compact serialization with `alg: EdDSA`, `typ: JWT` and the key's `kid`.
public struct JWTSigner: Sendable {
    /// The `kid` written into every header; it must match the key's entry in the published JWKS.
    public let keyID: String
    private let privateKey: Ed25519PrivateKey

    /// Creates a signer for `privateKey`, published under `keyID`.
    public init(privateKey: Ed25519PrivateKey, keyID: String) {
        self.privateKey = privateKey
        self.keyID = keyID
    }

    /// The public half, for the JWKS.
    public var publicKey: Ed25519PublicKey { privateKey.publicKey }

    /// The JWKS entry for this signer's key.
    public var jsonWebKey: JSONWebKey { JSONWebKey(publicKey: publicKey, keyID: keyID) }

    /// Signs `claims` and returns the compact token `header.payload.signature`.
    /// - Throws: `CryptoError` if signing fails, or an `EncodingError` if the claims cannot be encoded.
    public func sign(_ claims: JWTClaims) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let header = Base64URL.encode(try encoder.encode(JWTHeader(keyID: keyID)))
        let payload = Base64URL.encode(try encoder.encode(claims))
        let signingInput = "\(header).\(payload)"
        let signature = try privateKey.signature(for: Array(signingInput.utf8))
        return "\(signingInput).\(Base64URL.encode(signature))"
    }
}
