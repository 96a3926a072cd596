import HTTP

/// The caller's address as the gateway reports it, for throttling and audit.
///
/// The gateway sets `X-Real-IP`; requests that did not come through it (tests, direct benchmarks) share the
/// key `direct`. Services are only reachable through the gateway in deployment, so the header is trusted.
public enum ClientAddress {
    /// The address of the client that sent `request`.
    public static func of(_ request: Request) -> String {
        if let real = request.headers["x-real-ip"], !real.isEmpty, real.utf8.count <= 64 { return real }
        if let forwarded = request.headers["x-forwarded-for"]?.split(separator: ",").first {
            let first = forwarded.trimmingCharacters(in: .whitespaces)
            if !first.isEmpty, first.utf8.count <= 64 { return first }
        }
        return "direct"
    }
}
