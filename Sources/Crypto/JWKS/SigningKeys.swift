import Foundation

/// A service's Ed25519 signing keys (identity's for access tokens, learning's for certificates): the current one
/// signs, every one (current and retired) is published in the JWKS so what was signed before a rotation still
/// verifies.
public struct SigningKeys: Sendable {
    /// Signs new tokens (its `jws` signs any payload).
    public let signer: JWTSigner
    /// Every public key by id, the current one included.
    public let publicKeys: [String: Ed25519PublicKey]

    /// Creates the set from a current private key and retired public keys.
    public init(current: Ed25519PrivateKey, retired: [Ed25519PublicKey] = []) {
        signer = JWTSigner(privateKey: current, keyID: Self.keyID(for: current.publicKey))
        var keys = [signer.keyID: current.publicKey]
        for key in retired { keys[Self.keyID(for: key)] = key }
        publicKeys = keys
    }

    /// Loads the current key from a PKCS#8 PEM file and retired keys from public-key PEM files.
    public init(currentFile: String, retiredFiles: [String]) throws {
        let current = try Ed25519PrivateKey(pemRepresentation: try String(contentsOfFile: currentFile, encoding: .utf8))
        let retired = try retiredFiles.map {
            try Ed25519PublicKey(pemRepresentation: try String(contentsOfFile: $0, encoding: .utf8))
        }
        self.init(current: current, retired: retired)
    }

    /// A key's id: the start of the SHA-256 of its raw bytes, stable across restarts and replicas.
    public static func keyID(for key: Ed25519PublicKey) -> String {
        String(Base64URL.encode(SHA256.hash(key.rawRepresentation)).prefix(16))
    }

    /// The JWKS document.
    public var keySet: JSONWebKeySet {
        JSONWebKeySet(
            keys: publicKeys.sorted { $0.key < $1.key }.map { JSONWebKey(publicKey: $0.value, keyID: $0.key) })
    }

    /// A key provider for verifying what this service signed.
    public var verificationKeys: JWTKeySet { JWTKeySet(publicKeys) }
}
