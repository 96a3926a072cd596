import Glibc
import IO

@testable import HTTP

/// A blocking TCP client for sending raw bytes to a server under test and reading its responses.
final class RawConnection {
    let fd: Int32
    private var parser = ResponseParser()
    private(set) var isClosedByPeer = false

    init(port: UInt16, timeoutSeconds: Int = 20) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw IOError(call: "socket", errno: errno) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let address = SocketAddress(ipAddress: "127.0.0.1", port: port)!
        var storage = sockaddr_in()
        storage.sin_family = sa_family_t(AF_INET)
        storage.sin_port = address.port.bigEndian
        storage.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw IOError(call: "connect", errno: errno)
        }
    }

    deinit { Glibc.close(fd) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if count <= 0 { return }
            offset += count
        }
    }

    /// Reads one complete response (head and body), or `nil` if the connection closed or timed out first.
    func readResponse(toHead: Bool = false) -> (head: ResponseParser.Head, body: String)? {
        parser.isResponseToHead = toHead
        var head: ResponseParser.Head?
        while true {
            switch parser.next() {
            case .head(let parsed): head = parsed
            case .end(let body, _): return head.map { ($0, String(decoding: body, as: UTF8.self)) }
            case .failed: return nil
            case .needMoreData:
                if isClosedByPeer { return nil }
                var buffer = [UInt8](repeating: 0, count: 65536)
                let count = recv(fd, &buffer, buffer.count, 0)
                if count <= 0 {
                    isClosedByPeer = true
                    parser.inputClosed()
                } else {
                    buffer[0..<count].withUnsafeBytes { parser.append($0) }
                }
            }
        }
    }

    /// Whether the peer closes the connection (reads return 0 or fail) within the receive timeout.
    func waitForClose() -> Bool {
        if isClosedByPeer { return true }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
        }
    }
}

/// Starts a server on an ephemeral port with `configuration` and `responder`.
func startServer(
    _ configuration: ServerConfiguration = ServerConfiguration(port: 0), responder: some Responder
) throws -> Server {
    var configuration = configuration
    configuration.port = 0
    let server = Server(configuration: configuration, responder: responder, loopCount: 2)
    try server.start()
    return server
}
