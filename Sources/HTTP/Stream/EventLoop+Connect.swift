import IO

extension EventLoop {
    /// Opens a TCP connection to `host:port` by `deadline`, trying each resolved address in turn, and hands the
    /// connected socket to `setUp` (which may run a TLS handshake); returns what `setUp` makes of it.
    ///
    /// A socket that fails to connect or to be set up is closed and the next address is tried. A timeout or a
    /// TLS failure ends the attempt at once: another address would not be faster, nor hold another certificate.
    ///
    /// - Throws: `EventLoopError.timedOut` when `deadline` passes, a `TLSError` from `setUp`, else the last
    ///   address's error.
    func connectTCP<Connection>(
        host: String, port: UInt16, deadline: UInt64, setUp: (Int32) async throws -> Connection
    ) async throws -> Connection {
        var lastError: any Error = EventLoopError.timedOut
        for address in try SocketAddress.resolve(host: host, port: port) {
            let fd = try System.socket(family: address.family)
            do {
                try System.setNoDelay(fd)
                if try !System.connect(fd, to: address) {
                    _ = try await wait(for: .writable, on: fd, deadline: deadline)
                    let error = try System.pendingError(fd)
                    if error != 0 { throw IOError(call: "connect", errno: error) }
                }
                return try await setUp(fd)
            } catch {
                deregister(fd)
                System.close(fd)
                if let error = error as? EventLoopError, error == .timedOut { throw error }
                if error is TLSError { throw error }
                lastError = error
            }
        }
        throw lastError
    }
}
