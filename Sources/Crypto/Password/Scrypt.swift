import COpenSSL
import OpenSSLSupport
import Foundation

/// The scrypt key derivation function (RFC 7914) through OpenSSL's EVP_KDF API.
///
/// This call is synchronous and, at the default parameters, takes tens to hundreds of milliseconds and 128 MiB:
/// services hash passwords through `PasswordHasher`, which runs it on dedicated threads.
public enum Scrypt {
    /// Derives `length` bytes from `password` and `salt`.
    /// - Throws: `CryptoError` when OpenSSL refuses the parameters or runs out of memory.
    public static func deriveKey(
        password: some ContiguousBytes,
        salt: some ContiguousBytes,
        parameters: ScryptParameters,
        length: Int
    ) throws -> [UInt8] {
        precondition(length > 0, "scrypt output length must be positive")
        var output = [UInt8](repeating: 0, count: length)
        // Allow exactly what the derivation needs plus a little slack; OpenSSL's default cap is 32 MiB.
        let maxMemory = parameters.memoryBytes + 65_536
        let status = OpenSSL.withNonNullBytes(password) { passwordBytes, passwordCount in
            OpenSSL.withNonNullBytes(salt) { saltBytes, saltCount in
                output.withUnsafeMutableBufferPointer { out in
                    campus_scrypt_derive(
                        passwordBytes, passwordCount, saltBytes, saltCount,
                        parameters.n, UInt32(parameters.r), UInt32(parameters.p), maxMemory,
                        out.baseAddress, out.count
                    )
                }
            }
        }
        guard status == 1 else {
            throw CryptoError.library("EVP_KDF_derive(SCRYPT, \(parameters))")
        }
        return output
    }
}
