import Crypto
import Foundation

/// The credential of service-to-service calls (`/internal/*`): `Authorization: Service <token>`, where the
/// token is `<service>.<expiry, unix seconds>.<base64url HMAC-SHA256 of "<service>.<expiry>">` under the secret
/// every service shares (`CAMPUS_SERVICE_SECRET`). A token names its caller and lives a few minutes, so one
/// that leaks into a log is soon useless; the secret itself never travels.
public struct ServiceCredential: Sendable {
    /// The calling service's name, carried in the tokens it makes.
    public let service: String
    private let secret: [UInt8]
    private let lifetime: TimeInterval

    /// Creates a credential for `service`.
    /// - Parameter lifetime: how long a token made by `token(now:)` is accepted.
    public init(service: String, secret: [UInt8], lifetime: Duration = .seconds(300)) {
        self.service = service
        self.secret = secret
        self.lifetime = TimeInterval(lifetime.components.seconds)
    }

    /// A fresh token.
    public func token(now: Date = Date()) -> String {
        let claim = "\(service).\(Int(now.timeIntervalSince1970 + lifetime))"
        return claim + "." + Base64URL.encode(HMACSHA256.authenticationCode(for: Array(claim.utf8), key: secret))
    }

    /// The `Authorization` value of a fresh token.
    public func authorization(now: Date = Date()) -> String { "Service " + token(now: now) }

    /// The calling service's name if `token` is valid and unexpired at `now`, else `nil`.
    public func verify(_ token: some StringProtocol, now: Date = Date()) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, token.utf8.count <= 256, let expiry = Int(parts[1]),
            TimeInterval(expiry) > now.timeIntervalSince1970,
            TimeInterval(expiry) <= now.timeIntervalSince1970 + lifetime + 60,
            let mac = try? Base64URL.decode(parts[2])
        else { return nil }
        let claim = Array("\(parts[0]).\(parts[1])".utf8)
        guard ConstantTime.equals(HMACSHA256.authenticationCode(for: claim, key: secret), mac) else { return nil }
        return String(parts[0])
    }
}
