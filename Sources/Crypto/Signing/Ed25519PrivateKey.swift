import Foundation
import OpenSSLSupport

/// An Ed25519 private key (RFC 8032), for signing. Its `description` never shows key material.
public struct Ed25519PrivateKey: Sendable, CustomStringConvertible {
    let key: PKey
    /// The matching public key.
    public let publicKey: Ed25519PublicKey

    private init(key: PKey) throws {
        self.key = key
        self.publicKey = try Ed25519PublicKey(rawRepresentation: key.raw(isPrivate: false))
    }

    /// Generates a new random key.
    /// - Throws: `CryptoError` if OpenSSL cannot generate one.
    public init() throws {
        try self.init(key: PKey.generateEd25519())
    }

    /// Loads a key from its 32-byte seed (the private key of RFC 8032 §5.1.5).
    /// - Throws: `CryptoError.invalidKey` for a wrong length.
    public init(rawRepresentation: some Collection<UInt8>) throws {
        let raw = Array(rawRepresentation)
        do {
            try self.init(key: PKey.ed25519(raw: raw, isPrivate: true))
        } catch {
            OpenSSL.clearErrors()
            throw CryptoError.invalidKey
        }
    }

    /// Loads a key from unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    /// - Throws: `CryptoError.invalidEncoding` for unreadable PEM, `.invalidKey` for a key of another type.
    public init(pemRepresentation: String) throws {
        try self.init(key: PKey.ed25519(pem: pemRepresentation, isPrivate: true))
    }

    /// The 32-byte seed. Handle it as a secret.
    public var rawRepresentation: [UInt8] {
        get throws { try key.raw(isPrivate: true) }
    }

    /// The key as unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). Handle it as a secret.
    public var pemRepresentation: String {
        get throws { try key.pem(isPrivate: true) }
    }

    /// Signs `message` and returns the 64-byte signature.
    /// - Throws: `CryptoError` if OpenSSL fails (out of memory).
    public func signature(for message: some ContiguousBytes) throws -> [UInt8] {
        try key.sign(message)
    }

    /// A description that names the public key only.
    public var description: String {
        "Ed25519PrivateKey(public: \(Base64URL.encode(publicKey.rawRepresentation)))"
    }
}
