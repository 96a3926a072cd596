import COpenSSL
import IO
import OpenSSLSupport

/// One client TLS session over a non-blocking socket; OpenSSL's want-read/want-write become waits on the
/// event loop. Used by one task at a time.
final class TLSSession: @unchecked Sendable {
    private let handle: OpenSSLHandle
    private let fd: Int32
    private let loop: EventLoop
    private let context: TLSContext

    /// Creates a session for `host` on the connected socket `fd` (SNI and host-name check included).
    init(context: TLSContext, fd: Int32, loop: EventLoop, host: String) throws {
        guard let ssl = SSL_new(context.context) else { throw TLSError.setup("SSL_new") }
        handle = OpenSSLHandle(taking: ssl, free: SSL_free)
        self.fd = fd
        self.loop = loop
        self.context = context
        // Partial writes let a large body go out as the socket drains; the buffer may move between retries.
        _ = campus_SSL_set_mode(ssl, Int(SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))
        guard SSL_set_fd(ssl, fd) == 1 else { throw TLSError.setup("SSL_set_fd") }
        let isAddress = SocketAddress(ipAddress: host, port: 0) != nil
        if !isAddress, campus_SSL_set_tlsext_host_name(ssl, host) != 1 {
            throw TLSError.setup("SSL_set_tlsext_host_name")
        }
        if context.configuration.verifiesPeer {
            let status: Int32
            if isAddress {
                status = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host)
            } else {
                status = SSL_set1_host(ssl, host)
            }
            guard status == 1 else { throw TLSError.setup("SSL_set1_host") }
        }
    }

    /// The `SSL`, valid while this session is alive.
    private var ssl: OpaquePointer { handle.pointer }

    /// Runs the handshake, failing with a verification error if the certificate is not accepted.
    func handshake(deadline: UInt64) async throws {
        while true {
            OpenSSL.clearErrors()
            let result = SSL_connect(ssl)
            if result == 1 { return }
            let error = SSL_get_error(ssl, result)
            switch error {
            case SSL_ERROR_WANT_READ: _ = try await loop.wait(for: .readable, on: fd, deadline: deadline)
            case SSL_ERROR_WANT_WRITE: _ = try await loop.wait(for: .writable, on: fd, deadline: deadline)
            default:
                let verify = SSL_get_verify_result(ssl)
                if verify != X509_V_OK {
                    throw TLSError.verification(String(cString: X509_verify_cert_error_string(verify)))
                }
                throw TLSError.handshake()
            }
        }
    }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8], deadline: UInt64) async throws {
        var offset = 0
        while offset < bytes.count {
            OpenSSL.clearErrors()
            var written = 0
            let result = bytes.withUnsafeBytes { raw in
                SSL_write_ex(ssl, raw.baseAddress! + offset, raw.count - offset, &written)
            }
            if result == 1 {
                offset += written
                continue
            }
            switch SSL_get_error(ssl, result) {
            case SSL_ERROR_WANT_READ: _ = try await loop.wait(for: .readable, on: fd, deadline: deadline)
            case SSL_ERROR_WANT_WRITE: _ = try await loop.wait(for: .writable, on: fd, deadline: deadline)
            default: throw TLSError.io()
            }
        }
    }

    /// Reads decrypted bytes into `buffer`; returns 0 at the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer, deadline: UInt64) async throws -> Int {
        while true {
            OpenSSL.clearErrors()
            var count = 0
            let result = SSL_read_ex(ssl, buffer.baseAddress, buffer.count, &count)
            if result == 1 { return count }
            switch SSL_get_error(ssl, result) {
            case SSL_ERROR_ZERO_RETURN: return 0
            case SSL_ERROR_WANT_READ: _ = try await loop.wait(for: .readable, on: fd, deadline: deadline)
            case SSL_ERROR_WANT_WRITE: _ = try await loop.wait(for: .writable, on: fd, deadline: deadline)
            case SSL_ERROR_SYSCALL where ERR_peek_error() == 0:
                // The peer closed without close_notify; treat as end of stream (framing catches truncation).
                return 0
            default: throw TLSError.io()
            }
        }
    }

    /// Sends close_notify without waiting for the peer's.
    func shutdown() {
        _ = SSL_shutdown(ssl)
    }
}
