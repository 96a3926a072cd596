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

    private init(fd: Int32, loop: EventLoop, host: String) {
        self.fd = fd
        self.loop = loop
        self.host = host
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
        var lastError: any Error = EventLoopError.timedOut
        for address in try SocketAddress.resolve(host: host, port: port) {
            let fd = try System.socket(family: address.family)
            do {
                try System.setNoDelay(fd)
                if try !System.connect(fd, to: address) {
                    _ = try await loop.wait(for: .writable, on: fd, deadline: deadline)
                    let error = try System.pendingError(fd)
                    if error != 0 { throw IOError(call: "connect", errno: error) }
                }
                let stream = TCPStream(fd: fd, loop: loop, host: host)
                if let tls { try await stream.startTLS(tls, timeout: timeout) }
                return stream
            } catch {
                loop.deregister(fd)
                System.close(fd)
                if error is TLSError { throw error }
                lastError = error
            }
        }
        throw lastError
    }

    /// Runs a TLS handshake on the open connection and encrypts everything after it.
    public func startTLS(_ configuration: TLSConfiguration, timeout: Duration) async throws {
        let deadline = System.monotonicNanoseconds() &+ timeout.nanoseconds
        let session = try TLSSession(
            context: try TLSContext(configuration: configuration), fd: fd, loop: loop, host: host)
        try await session.handshake(deadline: deadline)
        tls = session
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
