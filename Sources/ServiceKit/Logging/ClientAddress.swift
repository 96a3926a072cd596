import Foundation
import HTTP
import IO

/// The caller's address as the gateway reports it, for throttling and audit.
///
/// What is trusted, and why: the gateway (deploy/gateway) sets `X-Real-IP` and `X-Forwarded-For` to the address of
/// the TCP peer it accepted, replacing whatever the client sent, and services listen only where the gateway reaches
/// them (`<SERVICE>_HOST` is loopback by default; a network policy in a cluster). So `X-Real-IP` is believed. The
/// HTTP layer does not tell a service who its own peer is, so a client that can reach a service directly can claim
/// any address per request and escape per-address limits; per-account limits, the login lockout and the bounded
/// password-hashing queue do not depend on the address and still hold then.
///
/// `X-Forwarded-For` is read only when `X-Real-IP` is absent, and then its last entry: that is the one the nearest
/// proxy added, while the first is whatever the original client claimed. A value that is not an IP address is
/// ignored. Requests without either (tests, direct benchmarks) share the key `direct`.
public enum ClientAddress {
    /// The address of the client that sent `request`, in its canonical text form, or `direct`.
    public static func of(_ request: Request) -> String {
        if let real = request.headers["x-real-ip"], let address = canonical(real) { return address }
        if let forwarded = request.headers["x-forwarded-for"]?.split(separator: ",").last,
            let address = canonical(String(forwarded))
        {
            return address
        }
        return "direct"
    }

    /// The key one client is throttled under: the address for IPv4, its /64 network for IPv6 (one subscriber is
    /// usually given a whole /64, so counting single addresses there would let them rotate past any limit).
    public static func throttlingKey(_ address: String) -> String {
        guard let parsed = SocketAddress(ipAddress: address, port: 0), parsed.hostBytes.count == 16 else {
            return address
        }
        let bytes = parsed.hostBytes
        let groups = stride(from: 0, to: 8, by: 2).map {
            String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
        }
        return groups.joined(separator: ":") + "::/64"
    }

    /// `text` as a canonical IP address (`::ffff:a.b.c.d` as `a.b.c.d`), or `nil` when it is not one.
    static func canonical(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.utf8.count <= 64, let parsed = SocketAddress(ipAddress: trimmed, port: 0) else { return nil }
        let bytes = parsed.hostBytes
        if bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        let description = parsed.description
        let host = description[..<description.lastIndex(of: ":")!]
        return host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : String(host)
    }
}
