import COpenSSL
import OpenSSLSupport
import Foundation

/// Owns one OpenSSL `EVP_PKEY` for the life of a key value. Never leaves the module.
///
/// An `EVP_PKEY` that is no longer modified may be used for signing and verifying from several threads at once
/// (each operation makes its own context), which is what makes the `@unchecked Sendable` sound.
final class PKey: @unchecked Sendable {
    private let handle: OpenSSLHandle

    init(taking pointer: OpaquePointer) {
        handle = OpenSSLHandle(taking: pointer, free: EVP_PKEY_free)
    }

    /// The `EVP_PKEY`, valid while this key is alive.
    var pointer: OpaquePointer { handle.pointer }

    /// Loads an Ed25519 key from its raw 32 bytes: the seed when `isPrivate`, the public point otherwise.
    static func ed25519(raw: [UInt8], isPrivate: Bool) throws -> PKey {
        guard raw.count == 32 else { throw CryptoError.invalidKey }
        let key = raw.withUnsafeBufferPointer { bytes in
            isPrivate
                ? EVP_PKEY_new_raw_private_key_ex(nil, "ED25519", nil, bytes.baseAddress, bytes.count)
                : EVP_PKEY_new_raw_public_key_ex(nil, "ED25519", nil, bytes.baseAddress, bytes.count)
        }
        guard let key else { throw CryptoError.library("EVP_PKEY_new_raw_key(ED25519)") }
        return PKey(taking: key)
    }

    /// Generates a new Ed25519 key pair.
    static func generateEd25519() throws -> PKey {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "ED25519", nil) else {
            throw CryptoError.library("EVP_PKEY_CTX_new_from_name(ED25519)")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else { throw CryptoError.library("EVP_PKEY_keygen_init") }
        var key: OpaquePointer?
        guard EVP_PKEY_generate(context, &key) == 1, let key else {
            throw CryptoError.library("EVP_PKEY_generate")
        }
        return PKey(taking: key)
    }

    /// Reads a PEM private key (PKCS#8) or public key (SubjectPublicKeyInfo) and checks it is Ed25519.
    static func ed25519(pem: String, isPrivate: Bool) throws -> PKey {
        let bytes = Array(pem.utf8)
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else { throw CryptoError.invalidEncoding }
        let loaded: OpaquePointer? = bytes.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            return isPrivate ? PEM_read_bio_PrivateKey(bio, nil, nil, nil) : PEM_read_bio_PUBKEY(bio, nil, nil, nil)
        }
        guard let loaded else {
            OpenSSL.clearErrors()
            throw CryptoError.invalidEncoding
        }
        let key = PKey(taking: loaded)
        guard EVP_PKEY_is_a(loaded, "ED25519") == 1 else { throw CryptoError.invalidKey }
        return key
    }

    /// Writes the key as PEM: PKCS#8 `PRIVATE KEY` (unencrypted) or SubjectPublicKeyInfo `PUBLIC KEY`.
    func pem(isPrivate: Bool) throws -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw CryptoError.library("BIO_new") }
        defer { BIO_free(bio) }
        let status =
            isPrivate
            ? PEM_write_bio_PrivateKey(bio, pointer, nil, nil, 0, nil, nil)
            : PEM_write_bio_PUBKEY(bio, pointer)
        guard status == 1 else {
            throw CryptoError.library(isPrivate ? "PEM_write_bio_PrivateKey" : "PEM_write_bio_PUBKEY")
        }
        var data: UnsafeMutablePointer<CChar>?
        let count = campus_bio_mem_data(bio, &data)
        guard count > 0, let data else { throw CryptoError.library("BIO_get_mem_data") }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self)
    }

    /// The raw 32-byte public key or private seed.
    func raw(isPrivate: Bool) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        var length = output.count
        let status = output.withUnsafeMutableBufferPointer { buffer in
            isPrivate
                ? EVP_PKEY_get_raw_private_key(pointer, buffer.baseAddress, &length)
                : EVP_PKEY_get_raw_public_key(pointer, buffer.baseAddress, &length)
        }
        guard status == 1, length == 32 else { throw CryptoError.library("EVP_PKEY_get_raw_key") }
        return output
    }

    /// Signs `message` with Ed25519 (PureEdDSA: one-shot `EVP_DigestSign` with no digest).
    func sign(_ message: some ContiguousBytes) throws -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw CryptoError.library("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, nil, nil, pointer) == 1 else {
            throw CryptoError.library("EVP_DigestSignInit")
        }
        var signature = [UInt8](repeating: 0, count: 64)
        var length = signature.count
        let status = OpenSSL.withNonNullBytes(message) { bytes, count in
            signature.withUnsafeMutableBufferPointer { EVP_DigestSign(context, $0.baseAddress, &length, bytes, count) }
        }
        guard status == 1, length == 64 else { throw CryptoError.library("EVP_DigestSign") }
        return signature
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` by this key.
    func isValidSignature(_ signature: some ContiguousBytes, for message: some ContiguousBytes) -> Bool {
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, nil, nil, pointer) == 1 else {
            OpenSSL.clearErrors()
            return false
        }
        let status = OpenSSL.withNonNullBytes(signature) { signatureBytes, signatureCount in
            OpenSSL.withNonNullBytes(message) { messageBytes, messageCount in
                EVP_DigestVerify(context, signatureBytes, signatureCount, messageBytes, messageCount)
            }
        }
        if status != 1 { OpenSSL.clearErrors() }
        return status == 1
    }
}
