import CSystem
import Glibc

/// An IPv4 or IPv6 socket address with a port.
public struct SocketAddress: Sendable, CustomStringConvertible {
    var storage: sockaddr_storage
    var length: socklen_t

    init(storage: sockaddr_storage, length: socklen_t) {
        self.storage = storage
        self.length = length
    }

    /// Parses a numeric IPv4 or IPv6 address (no name lookup); `nil` if `host` is not one.
    public init?(ipAddress host: String, port: UInt16) {
        var storage = sockaddr_storage()
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            withUnsafeMutableBytes(of: &storage) { raw in
                withUnsafeBytes(of: v4) { raw.copyMemory(from: $0) }
            }
            self.init(storage: storage, length: socklen_t(MemoryLayout<sockaddr_in>.size))
            return
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &storage) { raw in
                withUnsafeBytes(of: v6) { raw.copyMemory(from: $0) }
            }
            self.init(storage: storage, length: socklen_t(MemoryLayout<sockaddr_in6>.size))
            return
        }
        return nil
    }

    /// Resolves `host` with `getaddrinfo` (a blocking call: use it off the event loop) into TCP addresses.
    public static func resolve(host: String, port: UInt16) throws -> [SocketAddress] {
        if let numeric = SocketAddress(ipAddress: host, port: port) { return [numeric] }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0 else { throw ResolutionError(host: host, code: status) }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var cursor = list
        while let entry = cursor {
            let family = entry.pointee.ai_family
            if let address = entry.pointee.ai_addr, family == AF_INET || family == AF_INET6 {
                var storage = sockaddr_storage()
                let length = Int(entry.pointee.ai_addrlen)
                withUnsafeMutableBytes(of: &storage) { raw in
                    raw.copyMemory(from: UnsafeRawBufferPointer(start: address, count: length))
                }
                addresses.append(SocketAddress(storage: storage, length: entry.pointee.ai_addrlen))
            }
            cursor = entry.pointee.ai_next
        }
        return addresses
    }

    /// The address family, `AF_INET` or `AF_INET6`.
    public var family: Int32 { Int32(storage.ss_family) }

    /// The port in host byte order.
    public var port: UInt16 {
        withUnsafeBytes(of: storage) { raw in
            family == AF_INET6
                ? UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port)
                : UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port)
        }
    }

    /// The numeric host and port, e.g. `127.0.0.1:8080` or `[::1]:8080`.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let host: String = withUnsafeBytes(of: storage) { raw in
            if family == AF_INET6 {
                var address = raw.load(as: sockaddr_in6.self).sin6_addr
                inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
                return "[" + buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } + "]"
            }
            var address = raw.load(as: sockaddr_in.self).sin_addr
            inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count))
            return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        }
        return "\(host):\(port)"
    }

    func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws -> T) rethrows -> T {
        try withUnsafeBytes(of: storage) { raw in
            try body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }
}

/// A host name that `getaddrinfo` could not resolve.
public struct ResolutionError: Error, CustomStringConvertible, Sendable {
    /// The name that failed.
    public let host: String
    /// The `getaddrinfo` status (`EAI_*`).
    public let code: Int32

    /// The host and the resolver's message.
    public var description: String {
        "cannot resolve \(host): \(String(cString: gai_strerror(code)))"
    }
}
