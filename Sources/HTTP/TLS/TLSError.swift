import COpenSSL

/// A TLS failure: which step failed and OpenSSL's reason (for logs; the description stays generic).
public struct TLSError: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Kind: Sendable, Equatable {
        case setup, handshake, verification, io
    }

    private let kind: Kind
    /// OpenSSL's explanation, e.g. `certificate verify failed` or the X.509 verification result.
    public let reason: String

    private init(_ kind: Kind, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// Creating the context or session failed (bad CA file, out of memory).
    static func setup(_ step: String) -> TLSError { TLSError(.setup, reason: step + ": " + drainErrors()) }
    /// The handshake failed for a reason other than the certificate.
    static func handshake() -> TLSError { TLSError(.handshake, reason: drainErrors()) }
    /// The peer's certificate was not trusted or not for the host name.
    static func verification(_ reason: String) -> TLSError { TLSError(.verification, reason: reason) }
    /// Reading or writing the encrypted stream failed.
    static func io() -> TLSError { TLSError(.io, reason: drainErrors()) }

    /// Whether the peer's certificate was rejected (unknown CA, wrong host name, expired).
    public var isVerificationFailure: Bool { kind == .verification }

    /// A generic summary; `reason` holds the detail for logs.
    public var description: String {
        switch kind {
        case .setup: "TLS setup failed"
        case .handshake: "TLS handshake failed"
        case .verification: "the server's certificate was not accepted"
        case .io: "TLS read or write failed"
        }
    }

    /// Empties OpenSSL's thread-local error queue into one line.
    static func drainErrors() -> String {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        }
        return messages.isEmpty ? "unknown" : messages.joined(separator: "; ")
    }
}
