import OpenSSLSupport

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
    static func setup(_ step: String) -> TLSError { TLSError(.setup, reason: step + ": " + queuedReason()) }
    /// The handshake failed for a reason other than the certificate.
    static func handshake() -> TLSError { TLSError(.handshake, reason: queuedReason()) }
    /// The peer's certificate was not trusted or not for the host name.
    static func verification(_ reason: String) -> TLSError { TLSError(.verification, reason: reason) }
    /// Reading or writing the encrypted stream failed.
    static func io() -> TLSError { TLSError(.io, reason: queuedReason()) }

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

    /// OpenSSL's queued errors as one line, emptying the queue.
    private static func queuedReason() -> String { OpenSSL.drainErrors(whenEmpty: "unknown") }
}
