import CSystem
import Glibc

/// What a non-blocking read produced.
public enum ReadResult: Sendable, Equatable {
    /// This many bytes were read (more than zero).
    case bytes(Int)
    /// Nothing is available now (`EAGAIN`).
    case wouldBlock
    /// The peer closed its writing half.
    case endOfFile
}

/// Socket calls: each retries `EINTR` and throws `IOError` naming the call. Descriptors are non-blocking
/// and close-on-exec.
extension System {
    /// Opens a listening TCP socket bound to `address`, with `SO_REUSEADDR`.
    ///
    /// - Parameter reusePort: sets `SO_REUSEPORT`, so several sockets (one per event loop) share the port
    ///   and the kernel spreads connections over them.
    public static func listen(on address: SocketAddress, backlog: Int32 = 1024, reusePort: Bool = false) throws -> Int32
    {
        let fd = try socket(family: address.family)
        do {
            try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
            if reusePort { try setOption(fd, SOL_SOCKET, SO_REUSEPORT, 1) }
            _ = try address.withSockaddr { pointer, length in
                try retrying("bind") { Glibc.bind(fd, pointer, length) }
            }
            _ = try retrying("listen") { Glibc.listen(fd, backlog) }
            return fd
        } catch {
            close(fd)
            throw error
        }
    }

    /// Opens a non-blocking TCP socket of `family`.
    public static func socket(family: Int32) throws -> Int32 {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        return try retrying("socket") { Glibc.socket(family, type, 0) }
    }

    /// Accepts one pending connection as a non-blocking descriptor; `nil` when none is pending.
    public static func accept(_ fd: Int32) throws -> Int32? {
        while true {
            let result = campus_accept4(fd, nil, nil, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            if result >= 0 { return result }
            let code = Glibc.errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            // The peer gave up before we accepted it: not the listener's problem.
            case ECONNABORTED, EPROTO: continue
            default: throw IOError(call: "accept4", errno: code)
            }
        }
    }

    /// Starts connecting `fd` to `address`; returns `true` if connected at once, `false` if in progress.
    public static func connect(_ fd: Int32, to address: SocketAddress) throws -> Bool {
        try address.withSockaddr { pointer, length in
            while true {
                if Glibc.connect(fd, pointer, length) == 0 { return true }
                let code = Glibc.errno
                if code == EINTR { continue }
                if code == EINPROGRESS { return false }
                throw IOError(call: "connect", errno: code)
            }
        }
    }

    /// The pending error of a socket (`SO_ERROR`), 0 if none; read it after a non-blocking connect.
    public static func pendingError(_ fd: Int32) throws -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try retrying("getsockopt") { getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) }
        return value
    }

    /// Sets an integer socket option.
    public static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) throws {
        var value = value
        _ = try retrying("setsockopt") {
            setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// Disables Nagle's algorithm, so small responses leave at once.
    public static func setNoDelay(_ fd: Int32) throws {
        try setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
    }

    /// The local address a socket is bound to (e.g. to learn an ephemeral port).
    public static func localAddress(_ fd: Int32) throws -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try withUnsafeMutableBytes(of: &storage) { raw in
            try retrying("getsockname") {
                getsockname(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), &length)
            }
        }
        return SocketAddress(storage: storage, length: length)
    }

    /// Reads into `buffer` without blocking.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws -> ReadResult {
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .endOfFile }
            let code = Glibc.errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: throw IOError(call: "read", errno: code)
            }
        }
    }

    /// Writes what the socket accepts now; returns the count written, 0 if it would block.
    public static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws -> Int {
        while true {
            let count = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if count >= 0 { return count }
            let code = Glibc.errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return 0
            default: throw IOError(call: "send", errno: code)
            }
        }
    }

    /// Gathers `vectors` into one write; returns the count written, 0 if it would block.
    public static func writev(_ fd: Int32, _ vectors: UnsafeBufferPointer<iovec>) throws -> Int {
        while true {
            let count = Glibc.writev(fd, vectors.baseAddress, Int32(vectors.count))
            if count >= 0 { return count }
            let code = Glibc.errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return 0
            default: throw IOError(call: "writev", errno: code)
            }
        }
    }

    /// Shuts down the writing half, so the peer reads end of file while unread input can still drain.
    public static func shutdownWrite(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }
}
