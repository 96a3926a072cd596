import Glibc
import IO

/// One client connection (plain or TLS) on an event loop; used by one request at a time.
final class ClientConnection: @unchecked Sendable {
    let origin: Origin
    private let fd: Int32
    private let loop: EventLoop
    private let tls: TLSSession?
    private var parser = ResponseParser()
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1024, alignment: 16)
    private var isClosed = false

    private init(origin: Origin, fd: Int32, loop: EventLoop, tls: TLSSession?) {
        self.origin = origin
        self.fd = fd
        self.loop = loop
        self.tls = tls
    }

    deinit {
        if !isClosed { System.close(fd) }
        readBuffer.deallocate()
    }

    /// Connects to `origin`, trying each resolved address, and runs the TLS handshake for https.
    static func connect(
        to origin: Origin, loop: EventLoop, tlsContext: TLSContext?, deadline: UInt64
    ) async throws -> ClientConnection {
        do {
            return try await loop.connectTCP(host: origin.host, port: origin.port, deadline: deadline) { fd in
                var session: TLSSession?
                if origin.isSecure, let tlsContext {
                    let started = try TLSSession(context: tlsContext, fd: fd, loop: loop, host: origin.host)
                    try await started.handshake(deadline: deadline)
                    session = started
                }
                return ClientConnection(origin: origin, fd: fd, loop: loop, tls: session)
            }
        } catch let error as EventLoopError where error == .timedOut {
            throw HTTPClientError.connectTimeout
        }
    }

    /// Whether an idle pooled connection has been closed by the server (or sent something unasked).
    var isStale: Bool {
        var byte: UInt8 = 0
        let result = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return result >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK)
    }

    /// Sends `bytes` and reads one response.
    ///
    /// - Returns: the response and whether the connection may be reused.
    func exchange(
        _ bytes: [UInt8], isHead: Bool, readTimeout: UInt64, deadline: UInt64
    ) async throws -> (ClientResponse, isReusable: Bool) {
        try await write(bytes, deadline: deadline)
        parser.isResponseToHead = isHead
        var head: ResponseParser.Head?
        while true {
            switch parser.next() {
            case .head(let parsed):
                head = parsed
            case .end(let body, _):
                guard let head else { throw HTTPClientError.invalidResponse }
                return (ClientResponse(status: head.status, headers: head.headers, body: body), head.isKeepAlive)
            case .failed(let error):
                throw error == .truncatedMessage ? HTTPClientError.connectionClosed : HTTPClientError.invalidResponse
            case .needMoreData:
                let now = System.monotonicNanoseconds()
                let readDeadline = min(now &+ readTimeout, deadline)
                let count: Int
                do {
                    count = try await read(deadline: readDeadline)
                } catch let error as EventLoopError where error == .timedOut {
                    throw readDeadline == deadline ? HTTPClientError.totalTimeout : HTTPClientError.readTimeout
                }
                if count == 0 {
                    parser.inputClosed()
                    // Closed before the first byte of a response: none will come (the parser would wait forever).
                    if parser.isIdle { throw HTTPClientError.connectionClosed }
                } else {
                    parser.append(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
                }
            }
        }
    }

    private func write(_ bytes: [UInt8], deadline: UInt64) async throws {
        do {
            if let tls { return try await tls.write(bytes, deadline: deadline) }
            var offset = 0
            while offset < bytes.count {
                let written = try bytes.withUnsafeBytes { raw in
                    try System.write(fd, UnsafeRawBufferPointer(rebasing: raw[offset...]))
                }
                if written == 0 {
                    _ = try await loop.wait(for: .writable, on: fd, deadline: deadline)
                }
                offset += written
            }
        } catch let error as EventLoopError where error == .timedOut {
            throw HTTPClientError.totalTimeout
        } catch let error as IOError where error.errno == EPIPE || error.errno == ECONNRESET {
            throw HTTPClientError.connectionClosed
        }
    }

    private func read(deadline: UInt64) async throws -> Int {
        if let tls {
            return try await tls.read(into: readBuffer, deadline: deadline)
        }
        while true {
            let result: ReadResult
            do {
                result = try System.read(fd, into: readBuffer)
            } catch let error as IOError where error.errno == ECONNRESET {
                return 0
            }
            switch result {
            case .bytes(let count): return count
            case .endOfFile: return 0
            case .wouldBlock: _ = try await loop.wait(for: .readable, on: fd, deadline: deadline)
            }
        }
    }

    /// Closes the connection.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        tls?.shutdown()
        loop.deregister(fd)
        System.close(fd)
    }
}
