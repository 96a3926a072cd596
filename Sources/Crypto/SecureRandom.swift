import COpenSSL
import OpenSSLSupport

/// Cryptographically secure random bytes and tokens from OpenSSL's `RAND_bytes`.
///
/// A failing CSPRNG leaves nothing safe to do, so failure traps instead of throwing: a token, salt or key made
/// from bad randomness is worse than a crash.
public enum SecureRandom {
    /// Returns `count` random bytes.
    public static func bytes(count: Int) -> [UInt8] {
        precondition(count >= 0, "byte count must not be negative")
        var output = [UInt8](repeating: 0, count: count)
        if count == 0 { return output }
        let status = output.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32($0.count)) }
        precondition(status == 1, "RAND_bytes failed: \(OpenSSL.drainErrors())")
        return output
    }

    /// Fills `buffer` with random bytes.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        let status = RAND_bytes(base.assumingMemoryBound(to: UInt8.self), Int32(buffer.count))
        precondition(status == 1, "RAND_bytes failed: \(OpenSSL.drainErrors())")
    }

    /// Returns a random opaque token: `byteCount` random bytes (default 32, i.e. 256 bits) as unpadded base64url.
    public static func token(byteCount: Int = 32) -> String {
        Base64URL.encode(bytes(count: byteCount))
    }
}
