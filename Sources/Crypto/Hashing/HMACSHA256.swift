import COpenSSL
import OpenSSLSupport
import Foundation

/// HMAC with SHA-256 (RFC 2104, test vectors in RFC 4231).
public enum HMACSHA256 {
    /// The tag length in bytes.
    public static let byteCount = 32

    /// Returns the 32-byte HMAC-SHA256 tag of `message` under `key`.
    public static func authenticationCode(for message: some ContiguousBytes, key: some ContiguousBytes) -> [UInt8] {
        var tag = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        let result = OpenSSL.withNonNullBytes(key) { keyBytes, keyCount in
            OpenSSL.withNonNullBytes(message) { messageBytes, messageCount in
                tag.withUnsafeMutableBufferPointer { output in
                    HMAC(
                        EVP_sha256(), keyBytes, Int32(keyCount), messageBytes, messageCount, output.baseAddress, &length
                    )
                }
            }
        }
        // HMAC with a built-in digest only fails when memory runs out.
        precondition(result != nil && length == UInt32(byteCount), "HMAC failed: \(OpenSSL.drainErrors())")
        return tag
    }

    /// Whether `tag` is the HMAC-SHA256 of `message` under `key`, compared in constant time.
    public static func isValid(
        _ tag: some ContiguousBytes,
        for message: some ContiguousBytes,
        key: some ContiguousBytes
    ) -> Bool {
        ConstantTime.equals(authenticationCode(for: message, key: key), tag)
    }
}
