import Glibc
import IO

/// A client TCP connection on an event loop for line protocols such as SMTP: plain at first, upgradable to
/// TLS in place (`STARTTLS`). Used by one task at a time.
public final class TCPStream: @unchecked Sendable {
    private let fd: Int32
    private let loop: EventLoop
    private let host: String
    private var tls: TLSSession?
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1024, alignment: 16)
    private var isClosed = false

    private init(fd: Int32, loop: EventLoop, host: String, tls: TLSSession?) {
        self.fd = fd
        self.loop = loop
        self.host = host
        self.tls = tls
    }

    deinit {
        close()
        readBuffer.deallocate()
    }

    /// Whether the stream is encrypted.
    public var isSecure: Bool { tls != nil }

    /// Connects to `host:port`, trying each resolved address; with `tls` the handshake runs at once.
    public static func connect(
        host: String, port: UInt16, loop: EventLoop, timeout: Duration, tls: TLSConfiguration? = nil
    ) async throws -> TCPStream {
        let deadline = System.monotonicNanoseconds() &+ timeout.nanoseconds
        return try await loop.connectTCP(host: host, port: port, deadline: deadline) { fd in
            var session: TLSSession?
            if let tls { session = try await handshake(tls, fd: fd, loop: loop, host: host, timeout: timeout) }
            return TCPStream(fd: fd, loop: loop, host: host, tls: session)
        }
    }

    /// Runs a TLS handshake on the open connection and encrypts everything after it.
    public func startTLS(_ configuration: TLSConfiguration, timeout: Duration) async throws {
        tls = try await Self.handshake(configuration, fd: fd, loop: loop, host: host, timeout: timeout)
    }

    /// A TLS session on `fd` after a handshake that had `timeout` from now.
    private static func handshake(
        _ configuration: TLSConfiguration, fd: Int32, loop: EventLoop, host: String, timeout: Duration
    ) async throws -> TLSSession {
        let deadline = System.monotonicNanoseconds() &+ timeout.nanoseconds
        let session = try TLSSession(
            context: try TLSContext(configuration: configuration), fd: fd, loop: loop, host: host)
        try await session.handshake(deadline: deadline)
        return session
    }

    /// Sends all of `bytes`.
    public func write(_ bytes: [UInt8], timeout: Duration) async throws {
        let deadline = System.monotonicNanoseconds() &+ timeout.nanoseconds
        if let tls { return try await tls.write(bytes, deadline: deadline) }
        var offset = 0
        while offset < bytes.count {
            let written = try bytes.withUnsafeBytes { raw in
                try System.write(fd, UnsafeRawBufferPointer(rebasing: raw[offset...]))
            }
            if written == 0 { _ = try await loop.wait(for: .writable, on: fd, deadline: deadline) }
            offset += written
        }
    }

    /// Reads what has arrived (waiting for at least one byte); empty at end of stream.
    public func read(timeout: Duration) async throws -> [UInt8] {
        let deadline = System.monotonicNanoseconds() &+ timeout.nanoseconds
        if let tls {
            let count = try await tls.read(into: readBuffer, deadline: deadline)
            return Array(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
        }
        while true {
            switch try System.read(fd, into: readBuffer) {
            case .bytes(let count): return Array(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
            case .endOfFile: return []
            case .wouldBlock: _ = try await loop.wait(for: .readable, on: fd, deadline: deadline)
            }
        }
    }

    /// Closes the connection (after a TLS close-notify when encrypted).
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        tls?.shutdown()
        loop.deregister(fd)
        System.close(fd)
    }
}
