import Foundation
import OpenSSLSupport

/// An Ed25519 public key (RFC 8032), for verifying signatures.
public struct Ed25519PublicKey: Sendable, Hashable {
    let key: PKey
    /// The raw 32-byte encoding of the public point (RFC 8032 §5.1.5), as used in JWKS `x`.
    public let rawRepresentation: [UInt8]

    init(key: PKey) throws {
        self.key = key
        self.rawRepresentation = try key.raw(isPrivate: false)
    }

    /// Loads a public key from its raw 32 bytes.
    /// - Throws: `CryptoError.invalidKey` for a wrong length or bytes OpenSSL rejects.
    public init(rawRepresentation: some Collection<UInt8>) throws {
        let raw = Array(rawRepresentation)
        do {
            try self.init(key: PKey.ed25519(raw: raw, isPrivate: false))
        } catch {
            OpenSSL.clearErrors()
            throw CryptoError.invalidKey
        }
    }

    /// Loads a public key from PEM (`-----BEGIN PUBLIC KEY-----`, SubjectPublicKeyInfo).
    /// - Throws: `CryptoError.invalidEncoding` for unreadable PEM, `.invalidKey` for a key of another type.
    public init(pemRepresentation: String) throws {
        try self.init(key: PKey.ed25519(pem: pemRepresentation, isPrivate: false))
    }

    /// The key as PEM (`-----BEGIN PUBLIC KEY-----`).
    public var pemRepresentation: String {
        get throws { try key.pem(isPrivate: false) }
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` by this key.
    public func isValidSignature(_ signature: some ContiguousBytes, for message: some ContiguousBytes) -> Bool {
        key.isValidSignature(signature, for: message)
    }

    /// Keys are equal when their raw encodings are.
    public static func == (lhs: Ed25519PublicKey, rhs: Ed25519PublicKey) -> Bool {
        lhs.rawRepresentation == rhs.rawRepresentation
    }

    /// Hashes the raw encoding.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(rawRepresentation)
    }
}
