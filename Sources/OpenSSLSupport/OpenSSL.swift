import COpenSSL
import Foundation

/// The calls every OpenSSL wrapper of the package shares: reading the error queue and passing byte buffers.
///
/// Package-only, like the OpenSSL handles themselves: `Crypto` and `HTTP` use it, nothing outside sees it.
package enum OpenSSL {
    /// Empties this thread's OpenSSL error queue and returns its entries as one line (`fallback` if it was
    /// empty), for an error's log detail.
    package static func drainErrors(whenEmpty fallback: String = "no OpenSSL error queued") -> String {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.isEmpty ? fallback : messages.joined(separator: "; ")
    }

    /// Discards queued OpenSSL errors, before a call whose failure is read afterwards or after a failure that
    /// is an expected answer (a bad signature).
    package static func clearErrors() {
        ERR_clear_error()
    }

    /// Calls `body` with a read-only view of `bytes`, never a null base address (OpenSSL rejects null with
    /// a non-zero length and some calls reject it even for empty input).
    package static func withNonNullBytes<R>(
        _ bytes: some ContiguousBytes,
        _ body: (UnsafePointer<UInt8>, Int) throws -> R
    ) rethrows -> R {
        try bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress, raw.count > 0 {
                return try body(base.assumingMemoryBound(to: UInt8.self), raw.count)
            }
            var zero: UInt8 = 0
            return try withUnsafePointer(to: &zero) { try body($0, 0) }
        }
    }
}
