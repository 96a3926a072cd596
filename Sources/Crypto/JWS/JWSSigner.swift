import Foundation

/// Signs a JSON payload as a JWS in compact serialization (RFC 7515 §7.1) with `alg: EdDSA`, the key's `kid` and
/// a `typ` naming what the payload is (`JWT` for access tokens). Access tokens and certificates are signed by it.
public struct JWSSigner: Sendable {
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

    /// Signs `payload` (encoded as compact JSON with sorted keys) and returns `header.payload.signature`.
    /// - Throws: `CryptoError` if signing fails, or an `EncodingError` if the payload cannot be encoded.
    public func sign(_ payload: some Encodable, type: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let header = Base64URL.encode(try encoder.encode(JWTHeader(keyID: keyID, type: type)))
        let body = Base64URL.encode(try encoder.encode(payload))
        let signingInput = "\(header).\(body)"
        let signature = try privateKey.signature(for: Array(signingInput.utf8))
        return "\(signingInput).\(Base64URL.encode(signature))"
    }
}
