import COpenSSL
import Foundation
import OpenSSLSupport

/// MD5 (RFC 1321), for the protocols that still sign with it (SSLCommerz's IPN `verify_sign`).
///
/// MD5 is broken for collision resistance: never choose it for anything new.
public enum MD5 {
    /// The digest length in bytes.
    public static let byteCount = 16

    /// Returns the MD5 digest of `data`.
    public static func hash(_ data: some ContiguousBytes) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        let status = OpenSSL.withNonNullBytes(data) { input, count in
            digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input, count, output.baseAddress, &length, EVP_md5(), nil)
            }
        }
        // EVP_Digest with a built-in digest only fails when memory runs out (or a FIPS-only provider refuses MD5).
        precondition(status == 1 && length == UInt32(byteCount), "EVP_Digest failed: \(OpenSSL.drainErrors())")
        return digest
    }

    /// Returns the MD5 digest of the UTF-8 bytes of `text`.
    public static func hash(_ text: String) -> [UInt8] {
        hash(Array(text.utf8))
    }
}
